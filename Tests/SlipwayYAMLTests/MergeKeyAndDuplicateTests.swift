import SlipwayCore
import SlipwayYAML
import XCTest

/// Merge keys and duplicate keys follow Psych's `revive_hash` (gitlab-semantics.md §2).
final class MergeKeyAndDuplicateTests: XCTestCase {
  func testMergeOverridesEarlierKeysAndLaterKeysOverrideMerge() throws {
    let root = try XCTUnwrap(
      loadRoot(
        """
        .base: &base
          a: from-base
          b: from-base
          c: from-base
        job:
          a: written-before
          <<: *base
          b: written-after
        """))
    let job = try XCTUnwrap(root["job"])
    XCTAssertEqual(job.keys, ["a", "b", "c"])
    XCTAssertEqual(job["a"]?.string, "from-base")
    XCTAssertEqual(job["b"]?.string, "written-after")
    XCTAssertEqual(job["c"]?.string, "from-base")
    // Provenance: the merged value keeps the line it was written on.
    XCTAssertEqual(job["c"]?.mark.line, 4)
  }

  func testMergeListGivesEarlierEntriesPriority() throws {
    let root = try XCTUnwrap(
      loadRoot(
        """
        one: &one {x: 1, y: 1}
        two: &two {x: 2, z: 2}
        job:
          <<: [*one, *two]
        """))
    let job = try XCTUnwrap(root["job"])
    XCTAssertEqual(job["x"]?.scalarValue, .int(1))
    XCTAssertEqual(job["y"]?.scalarValue, .int(1))
    XCTAssertEqual(job["z"]?.scalarValue, .int(2))
  }

  func testNonMappingMergeValueStaysALiteralKey() throws {
    let root = try XCTUnwrap(loadRoot("job:\n  <<: just-a-string\n"))
    XCTAssertEqual(root["job"]?.keys, ["<<"])
    XCTAssertEqual(root["job"]?["<<"]?.string, "just-a-string")
    let tagged = try XCTUnwrap(loadRoot("a: &a {x: 1}\njob:\n  !!str <<: *a\n"))
    XCTAssertEqual(tagged["job"]?.keys, ["<<"])
  }

  func testDuplicateKeysLastWinsAtFirstPositionWithWarning() throws {
    let loaded = try YAMLLoader.loadDocuments(
      Array("a: 1\nb: 2\na: 3\n".utf8), file: SourceFile(path: "dup.yml"))
    let root = try XCTUnwrap(loaded.documents.first?.root)
    XCTAssertEqual(root.keys, ["a", "b"])
    XCTAssertEqual(root["a"]?.scalarValue, .int(3))
    XCTAssertEqual(loaded.warnings.count, 1)
    let warning = try XCTUnwrap(loaded.warnings.first)
    XCTAssertEqual(warning.code, "YAML005")
    XCTAssertEqual(warning.severity, .warning)
    XCTAssertEqual(warning.location, SourceLocation(file: "dup.yml", line: 3, column: 1))
    XCTAssertEqual(warning.notes.first?.location?.line, 1)
  }

  func testAliasesCopyAnchoredValues() throws {
    let root = try XCTUnwrap(loadRoot("rules: &r\n  - if: $X\nother:\n  rules: *r\n"))
    XCTAssertEqual(root["other"]?["rules"]?.sequence?.count, 1)
    // The alias copies the anchored node, mark included (the anchor's line).
    XCTAssertEqual(root["other"]?["rules"]?.mark.line, 1)
  }

  func testQuotedAndSymbolKeysAreTheSameKeyAsGitLabSymbolizes() throws {
    let loaded = try YAMLLoader.loadDocuments(Array("script: a\n\"script\": b\n".utf8), file: SourceFile(path: "k.yml"))
    XCTAssertEqual(loaded.documents.first?.root?.keys, ["script"])
    XCTAssertEqual(loaded.warnings.count, 1)
  }
}

final class MergeOverrideIsNotADuplicateTests: XCTestCase {
  /// `<<: *t` then `variables:` overrides the merged key on purpose: no duplicate-key warning.
  func testKeyWrittenAfterAMergeIsNotADuplicate() throws {
    let text = ".t: &t\n  variables: {A: '1'}\njob:\n  <<: *t\n  variables: {B: '2'}\n"
    let loaded = try YAMLLoader.loadDocuments(Array(text.utf8), file: SourceFile(path: "m.yml"))
    XCTAssertEqual(loaded.warnings.count, 0)
    XCTAssertEqual(loaded.documents.first?.root?["job"]?["variables"]?.keys, ["B"])
  }
}
