import XCTest

@testable import SlipwayYAML

/// Nodes are copied by the hundred thousand (merges, extends, normalisation): their size is a
/// performance property, kept on purpose (boxed symbol names, numbered tags, 12-byte marks).
final class NodeLayoutTests: XCTestCase {
  func testNodesStayCompact() {
    XCTAssertLessThanOrEqual(MemoryLayout<YAMLNode>.stride, 48)
    XCTAssertLessThanOrEqual(MemoryLayout<YAMLPair>.stride, 96)
  }

  func testTagsRoundTripThroughTheirNumbers() {
    let mark = Mark(file: SourceFile(path: "t.yml"), line: 1, column: 1)
    let reference = YAMLNode(.scalar(.string("x")), tag: "!reference", mark: mark)
    XCTAssertEqual(reference.tag, "!reference")
    XCTAssertTrue(reference.isReferenceTag)
    let custom = YAMLNode(.scalar(.string("x")), tag: "!!str", mark: mark)
    XCTAssertEqual(custom.tag, "!!str")
    XCTAssertFalse(custom.isReferenceTag)
    XCTAssertEqual(YAMLNode(.scalar(.string("x")), tag: "!!str", mark: mark).tag, "!!str")
    XCTAssertNil(YAMLNode(.scalar(.string("x")), mark: mark).tag)
    let parent = YAMLNode(.sequence([custom]), mark: mark)
    XCTAssertTrue(parent.hasTaggedDescendant)
  }

  func testSymbolsKeepTheirNames() {
    let symbol = YAMLScalar(text: ":deploy", style: .plain, value: .symbol("deploy"))
    XCTAssertEqual(symbol.value, .symbol("deploy"))
    XCTAssertTrue(symbol.isStringOrSymbol)
    XCTAssertTrue(symbol.isName("deploy"))
  }
}
