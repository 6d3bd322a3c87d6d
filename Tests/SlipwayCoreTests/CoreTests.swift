import Foundation
import SlipwayCore
import XCTest

final class DiagnosticTests: XCTestCase {
  func testSeverityOrderAndStableSorting() {
    XCTAssertLessThan(Severity.info, .warning)
    XCTAssertLessThan(Severity.warning, .error)
    let a = Diagnostic.error("B001", "later", at: SourceLocation(file: "b.yml", line: 1, column: 1))
    let b = Diagnostic.warning("A001", "first", at: SourceLocation(file: "a.yml", line: 9, column: 2))
    let c = Diagnostic.error("A002", "same place", at: SourceLocation(file: "a.yml", line: 9, column: 2))
    XCTAssertEqual(DiagnosticSink.sortedUnique([a, c, b, a]).map(\.code.rawValue), ["A001", "A002", "B001"])
  }

  func testSinkCountsAndErrors() {
    var sink = DiagnosticSink()
    XCTAssertFalse(sink.hasErrors)
    sink.emit(.warning("W1", "w"))
    sink.emit(.error("E1", "e"))
    XCTAssertTrue(sink.hasErrors)
    XCTAssertEqual(sink.count(of: .warning), 1)
  }

  func testJSONShapeOfADiagnostic() {
    let d = Diagnostic.error(
      "YAML001", "bad \"quote\"\n", at: SourceLocation(file: "x.yml", line: 3, column: 4),
      notes: [.init("see here", at: SourceLocation(file: "y.yml", line: 1, column: 1))], help: "fix it")
    XCTAssertEqual(
      d.json.rendered(),
      #"{"code":"YAML001","severity":"error","message":"bad \"quote\"\n","file":"x.yml","line":3,"column":4,"notes":[{"message":"see here","file":"y.yml","line":1,"column":1}],"help":"fix it"}"#
    )
  }
}

final class JSONValueTests: XCTestCase {
  func testOrderedObjectsEscapesAndNumbers() {
    let value = JSONValue.object([
      ("z", .int(1)), ("a", .array([.null, .bool(true), .double(2.5), .double(3)])), ("s", .string("tab\t\u{01}")),
    ])
    XCTAssertEqual(value.rendered(), #"{"z":1,"a":[null,true,2.5,3],"s":"tab\t\u0001"}"#)
    XCTAssertEqual(JSONValue.object([]).rendered(pretty: true), "{}")
    XCTAssertEqual(JSONValue.array([.int(1)]).rendered(pretty: true), "[\n  1\n]")
  }
}

final class FileSystemTests: XCTestCase {
  func testInMemoryPathsAreNormalised() {
    let fs = InMemoryFileSystem(files: ["ci/a.yml": "a", "ci/sub/b.yml": "b"])
    XCTAssertEqual(fs.contents(atPath: "./ci/../ci/a.yml").map { String(decoding: $0, as: UTF8.self) }, "a")
    XCTAssertTrue(fs.isDirectory("ci"))
    XCTAssertEqual(fs.filesRecursively(under: "ci"), ["a.yml", "sub/b.yml"])
  }

  func testLocalWalkIsSortedRelativeSkipsGitAndSymlinks() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-fs-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let fm = FileManager.default
    for dir in ["b/c", ".git/objects", "a"] {
      try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
    }
    for file in ["b/c/z.yml", "b/y.yml", "a/x.yml", ".git/objects/o", "top.yml"] {
      try Data("x".utf8).write(to: root.appendingPathComponent(file))
    }
    try fm.createSymbolicLink(atPath: root.appendingPathComponent("link.yml").path, withDestinationPath: "top.yml")
    let fs = LocalFileSystem()
    XCTAssertEqual(fs.filesRecursively(under: root.path), ["a/x.yml", "b/c/z.yml", "b/y.yml", "top.yml"])
    XCTAssertNil(fs.contents(atPath: root.appendingPathComponent("a").path))
    XCTAssertEqual(fs.contents(atPath: root.appendingPathComponent("top.yml").path), Array("x".utf8))
  }
}

final class ProcessRunnerTests: XCTestCase {
  func testRunsAProgramAndCapturesBothStreams() {
    let out = SystemProcessRunner().run("sh", ["-c", "echo out; echo err >&2; exit 3"], in: nil)
    XCTAssertEqual(out.status, 3)
    XCTAssertEqual(String(decoding: out.stdout, as: UTF8.self), "out\n")
    XCTAssertEqual(String(decoding: out.stderr, as: UTF8.self), "err\n")
  }

  func testMissingProgramIsAFailureNotACrash() {
    XCTAssertNotEqual(SystemProcessRunner().run("no-such-program-slipway", [], in: nil).status, 0)
  }
}
