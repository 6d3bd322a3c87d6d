import SlipwayCore
import SlipwayYAML
import XCTest

final class DocumentsAndLimitsTests: XCTestCase {
  func testSpecHeaderDocumentThenBody() throws {
    let text = "spec:\n  inputs:\n    stage:\n      default: test\n---\njob:\n  script: echo\n"
    let loaded = try YAMLLoader.loadDocuments(Array(text.utf8), file: SourceFile(path: "t.yml"))
    XCTAssertEqual(loaded.documents.count, 2)
    XCTAssertNotNil(loaded.documents[0].root?["spec"])
    let body = try XCTUnwrap(loaded.documents[1].root)
    XCTAssertEqual(loaded.documents[1].startLine, 6)
    XCTAssertEqual(body["job"]?.mark.line, 7)
  }

  func testLeadingDividerIsNotADocument() throws {
    let loaded = try YAMLLoader.loadDocuments(Array("---\njob:\n  script: x\n".utf8), file: SourceFile(path: "t.yml"))
    XCTAssertEqual(loaded.documents.count, 1)
    XCTAssertEqual(loaded.documents[0].root?["job"]?.mark.line, 3)
  }

  func testAnchorsDoNotCrossTheDivider() {
    let error = loadError("spec:\n  x: &a 1\n---\njob: *a\n")
    XCTAssertEqual(error?.kind, .syntax)
    XCTAssertEqual(error?.location?.line, 4)
  }

  func testSyntaxErrorUsesPsychWordingAndPointsAtTheProblem() throws {
    let error = try XCTUnwrap(loadError("job:\n  script: [a, b\n  stage: test\n"))
    XCTAssertEqual(error.kind, .syntax)
    XCTAssertEqual(error.code, "YAML001")
    XCTAssertTrue(error.message.hasPrefix("(<unknown>): did not find expected ',' or ']' while parsing a flow sequence at line 2 column 11"), error.message)
    XCTAssertEqual(error.location?.line, 3)
  }

  func testBlockMappingErrorCitesContextLikeGitLab() throws {
    let error = try XCTUnwrap(loadError("job:\n  script: x\n stage: y\n"))
    XCTAssertEqual(
      error.message,
      "(<unknown>): did not find expected key while parsing a block mapping at line 1 column 1")
    XCTAssertEqual(error.location, SourceLocation(file: "test.yml", line: 3, column: 2))
  }

  func testRawSizeLimitIsCheckedBeforeParsing() throws {
    var big = Array("key: '".utf8)
    big += [UInt8](repeating: 0x61, count: 3 * 1024 * 1024)
    let start = Date()
    let error = try XCTUnwrap(loadError(bytes: big))
    XCTAssertEqual(error.kind, .providedTooBig)
    XCTAssertEqual(error.message, "The provided YAML is too big")
    XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
  }

  func testFiftyMegabyteFileIsRefusedQuickly() throws {
    let huge = [UInt8](repeating: 0x61, count: 50 * 1024 * 1024)
    let start = Date()
    XCTAssertEqual(loadError(bytes: huge)?.kind, .providedTooBig)
    XCTAssertLessThan(Date().timeIntervalSince(start), 1)
  }

  func testJustUnderTheSizeLimitLoads() throws {
    let text = "key: '" + String(repeating: "a", count: 2 * 1024 * 1024 - 10) + "'"
    XCTAssertNil(loadError(text))
  }

  func testBillionLaughsFailsFastWithBoundedWork() throws {
    var text = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i in 1...9 {
      let refs = Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",")
      text += "a\(i): &a\(i) [\(refs)]\n"
    }
    let start = Date()
    let error = try XCTUnwrap(loadError(text))
    XCTAssertEqual(error.kind, .parsedTooBig)
    XCTAssertEqual(error.message, "The parsed YAML is too big")
    XCTAssertEqual(error.code, "YAML003")
    XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
  }

  func testDepthLimit() throws {
    let deep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
    XCTAssertEqual(loadError("k: " + deep)?.kind, .parsedTooBig)
    let fine = String(repeating: "[", count: 99) + String(repeating: "]", count: 99)
    XCTAssertNil(loadError("k: " + fine))
  }

  func testTenThousandDeepNestingIsAnErrorNotACrash() throws {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let flow = try XCTUnwrap(loadError("k: " + deep))
    XCTAssertEqual(flow.kind, .syntax)
    XCTAssertTrue(flow.message.contains("Maximum nesting level reached"), flow.message)
    var block = ""
    for i in 0..<10_000 { block += String(repeating: " ", count: i) + "k:\n" }
    XCTAssertNotNil(loadError(block))
  }

  func testRootNotAMappingIsReportedByCallersAsInvalidFormat() throws {
    let loaded = try YAMLLoader.loadDocuments(Array("- a\n- b\n".utf8), file: SourceFile(path: "t.yml"))
    XCTAssertEqual(loaded.documents.first?.root?.isSequence, true)
  }

  func testInvalidUTF8AndNULBytesAreLocatedErrors() throws {
    let bad = try XCTUnwrap(loadError(bytes: Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)))
    XCTAssertEqual(bad.kind, .syntax)
    XCTAssertTrue(bad.message.contains("invalid leading UTF-8 octet"), bad.message)
    let nul = try XCTUnwrap(loadError(bytes: Array("a: b".utf8) + [0] + Array("c\n".utf8)))
    XCTAssertEqual(nul.kind, .syntax)
    XCTAssertTrue(nul.message.contains("control characters are not allowed"), nul.message)
  }

  func testUnknownAliasIsAnError() throws {
    XCTAssertEqual(loadError("a: *nothing\n")?.message, "An alias referenced an unknown anchor: nothing")
  }
}
