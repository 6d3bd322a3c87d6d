import SlipwayCore
import SlipwayYAML
import XCTest

final class PositionsAndTagsTests: XCTestCase {
  func testEveryNodeHasLineAndColumn() throws {
    let root = try XCTUnwrap(
      loadRoot(
        """
        build:
          stage: build
          script:
            - echo "héllo"
            - make
        """))
    let build = try XCTUnwrap(root["build"])
    XCTAssertEqual(build.mark.line, 2)
    XCTAssertEqual(build.mark.column, 3)
    let script = try XCTUnwrap(build["script"]?.sequence)
    XCTAssertEqual(script[1].mark.line, 5)
    XCTAssertEqual(script[1].mark.column, 7)
    let key = try XCTUnwrap(root.mapping?.first?.key)
    XCTAssertEqual(key.mark.location, SourceLocation(file: "test.yml", line: 1, column: 1))
  }

  func testColumnsCountCharactersNotBytes() throws {
    let root = try XCTUnwrap(loadRoot("é: [ä, b]"))
    let items = try XCTUnwrap(root["é"]?.sequence)
    XCTAssertEqual(items[1].mark.column, 8)
  }

  func testReferenceTagIsKept() throws {
    let root = try XCTUnwrap(loadRoot("job:\n  script: !reference [.setup, script]\n"))
    let ref = try XCTUnwrap(root["job"]?["script"])
    XCTAssertEqual(ref.tag, "!reference")
    XCTAssertEqual(ref.sequence?.compactMap(\.string), [".setup", "script"])
    XCTAssertEqual(ref.mark.line, 2)
    XCTAssertEqual(ref.mark.column, 11)
  }

  func testScalarStylesAndStrTag() throws {
    let root = try XCTUnwrap(loadRoot("a: 'x'\nb: \"y\"\nc: |\n  z\nd: >\n  w\ne: !!str 12\nf: plain\n"))
    XCTAssertEqual(root["a"]?.scalar?.style, .singleQuoted)
    XCTAssertEqual(root["b"]?.scalar?.style, .doubleQuoted)
    XCTAssertEqual(root["c"]?.scalar?.style, .literal)
    XCTAssertEqual(root["d"]?.scalar?.style, .folded)
    XCTAssertEqual(root["e"]?.scalarValue, .string("12"))
    XCTAssertEqual(root["f"]?.scalar?.style, .plain)
  }

  func testEmptyDocumentHasNoRoot() throws {
    XCTAssertNil(loadRoot("# only a comment\n"))
  }
}
