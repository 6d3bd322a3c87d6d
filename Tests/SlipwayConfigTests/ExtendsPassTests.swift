import XCTest

@testable import SlipwayConfig

/// `extends` as GitLab's `Config::Extendable` (gitlab-semantics.md §4).
final class ExtendsPassTests: XCTestCase {
  func testParentsMergeLeftToRightThenTheJobWins() throws {
    let result = compile([
      ".gitlab-ci.yml": """
      .a:
        image: a
        variables: {A: a, SHARED: a}
        script: [a]
      .b:
        image: b
        variables: {B: b, SHARED: b}
      job:
        extends: [.a, .b]
        variables: {SHARED: job}
      """
    ])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    let job = try XCTUnwrap(result.merged?["job"])
    XCTAssertEqual(job["image"]?.string, "b")
    XCTAssertEqual(job["variables"]?["A"]?.string, "a")
    XCTAssertEqual(job["variables"]?["B"]?.string, "b")
    XCTAssertEqual(job["variables"]?["SHARED"]?.string, "job")
    XCTAssertEqual(job["script"]?.sequence?.count, 1)
    // GitLab keeps the `extends:` key in the merged job.
    XCTAssertNotNil(job["extends"])
    // Provenance: inherited values still point at the parent's lines.
    XCTAssertEqual(job["variables"]?["A"]?.mark.line, 3)
  }

  func testArraysReplaceAndNullDeletesButEmptyHashKeeps() throws {
    let result = compile([
      ".gitlab-ci.yml": """
      .base:
        script: [one, two]
        tags: [docker]
        only: {refs: [main]}
        cache: {key: k}
      job:
        extends: .base
        script: [three]
        tags: null
        only: {}
      """
    ])
    let job = try XCTUnwrap(result.merged?["job"])
    XCTAssertEqual(job["script"]?.sequence?.compactMap(\.string), ["three"])
    XCTAssertEqual(job["tags"]?.isNull, true)
    XCTAssertEqual(job["only"]?["refs"]?.sequence?.count, 1)
    XCTAssertEqual(job["cache"]?["key"]?.string, "k")
  }

  func testUnknownAndInvalidBasesWithGitLabMessages() {
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "rspec:\n  extends: something\n  script: x\n"]).errorMessages,
      ["rspec: unknown keys in `extends` (something)"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": ".b: [1]\njob:\n  extends: [.b]\n  script: x\n"]).errorMessages,
      ["job: invalid base hashes in `extends` (.b)"])
  }

  func testCircularDependenciesIncludingSelf() {
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "job:\n  extends: job\n  script: x\n"]).errorMessages,
      ["job: circular dependency detected in `extends`"])
    let loop = compile([".gitlab-ci.yml": ".a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: x\n"])
    XCTAssertTrue(loop.errorMessages.contains(".a: circular dependency detected in `extends`"), "\(loop.errorMessages)")
  }

  /// `ancestors.count > 10` fails: eleven hops from the job pass, twelve fail, naming the deep entry.
  func testNestingLimitMatchesGitLabsCheck() {
    func chain(_ hops: Int) -> String {
      var text = "job:\n  extends: .t1\n  script: x\n"
      for i in 1...hops {
        text += ".t\(i):\n  variables: {V\(i): '\(i)'}\n"
        if i < hops { text += "  extends: .t\(i + 1)\n" }
      }
      return text
    }
    XCTAssertEqual(compile([".gitlab-ci.yml": chain(11)]).errorMessages, [])
    XCTAssertEqual(compile([".gitlab-ci.yml": chain(12)]).errorMessages, [".t11: nesting too deep in `extends`"])
  }

  func testErrorIsLocatedAtTheExtendsValue() throws {
    let result = compile([".gitlab-ci.yml": "job:\n  script: x\n  extends: .nope\n"])
    let error = try XCTUnwrap(result.errors.first)
    XCTAssertEqual(error.location?.line, 3)
    XCTAssertEqual(error.location?.column, 12)
    XCTAssertEqual(error.code, "EXT001")
  }
}
