import Foundation
import XCTest

/// `slipway gate` and `slipway init` through the built binary: output and exit statuses.
final class CommandLineTests: XCTestCase {
  private var folder = ""

  override func setUpWithError() throws {
    folder = NSTemporaryDirectory() + "slipway-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

  private func slipway(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runProcess([try slipwayBinary()] + arguments, in: folder)
  }

  private func write(_ name: String, _ text: String) throws {
    try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
  }

  func testGatePylintExitStatuses() throws {
    try write("pylint.json", """
      {"messages": [{"type": "convention", "symbol": "missing-function-docstring", "messageId": "C0116",
        "path": "app/x.py", "line": 3, "message": "Missing function or method docstring"}],
       "statistics": {"messageTypeCount": {"convention": 1}, "modulesLinted": 2, "score": 9.5}}
      """)
    let pass = try slipway(["gate", "pylint", "--min-score", "9.5", "pylint.json"])
    XCTAssertEqual(pass.status, 0, pass.output)
    XCTAssertTrue(pass.output.contains("pylint: score 9.50/10 (minimum 9.50) — passed"), pass.output)
    let fail = try slipway(["gate", "pylint", "--min-score", "9.8", "pylint.json"])
    XCTAssertEqual(fail.status, 1, fail.output)
    XCTAssertTrue(fail.output.contains("C0116 missing-function-docstring ×1"), fail.output)
    try write("empty.json", "")
    XCTAssertEqual(try slipway(["gate", "pylint", "empty.json"]).status, 2)
    XCTAssertEqual(try slipway(["gate", "pylint", "missing.json"]).status, 2)
    XCTAssertEqual(try slipway(["gate", "pylint", "--min-score", "11", "pylint.json"]).status, 2)
  }

  func testGateMypyBaselineRoundTrip() throws {
    try write("mypy.txt", """
      app/a.py:3: error: Incompatible return value type (got "int", expected "str")  [return-value]
      app/a.py:3: note: See https://mypy.rtfd.io
      app/b.py:7:5: error: Function is missing a type annotation  [no-untyped-def]
      Found 2 errors in 2 files (checked 4 source files)
      """)
    XCTAssertEqual(try slipway(["gate", "mypy", "--max-errors", "2", "mypy.txt"]).status, 0)
    let over = try slipway(["gate", "mypy", "--max-errors", "1", "mypy.txt"])
    XCTAssertEqual(over.status, 1, over.output)
    XCTAssertTrue(over.output.contains("mypy: 2 errors (budget 1) — FAILED"), over.output)
    let written = try slipway(["gate", "mypy", "--baseline", "baseline.json", "--write-baseline", "mypy.txt"])
    XCTAssertEqual(written.status, 0, written.output)
    let known = try slipway(["gate", "mypy", "--baseline", "baseline.json", "mypy.txt"])
    XCTAssertEqual(known.status, 0, known.output)
    try write("mypy.txt", "app/a.py:3: error: Incompatible return value type  [return-value]\n")
    let better = try slipway(["gate", "mypy", "--baseline", "baseline.json", "--update-baseline", "mypy.txt"])
    XCTAssertEqual(better.status, 1, "a changed message is a new error: \(better.output)")
    try write("mypy.txt", "app/b.py:9:5: error: Function is missing a type annotation  [no-untyped-def]\n")
    let improved = try slipway(["gate", "mypy", "--baseline", "baseline.json", "--update-baseline", "mypy.txt"])
    XCTAssertEqual(improved.status, 0, improved.output)
    XCTAssertTrue(improved.output.contains("updated"), improved.output)
    let baseline = try String(contentsOfFile: folder + "/baseline.json", encoding: .utf8)
    XCTAssertTrue(baseline.contains("\"errors\": 1"), baseline)
  }

  func testGateDiscover() throws {
    try FileManager.default.createDirectory(atPath: folder + "/app", withIntermediateDirectories: true)
    try write("app/__init__.py", "")
    try write("tool.py", "")
    let found = try slipway(["gate", "discover"])
    XCTAssertEqual(found.status, 0, found.output)
    XCTAssertEqual(found.output, "app tool.py\n")
  }

  func testInitWritesRefusesAndForces() throws {
    let first = try slipway(["init", "--preset", "python-postgres", "--service-path", "platform/inventory"])
    XCTAssertEqual(first.status, 0, first.output)
    XCTAssertEqual(first.output, "wrote .gitlab-ci.yml\nwrote .slipway.yml\n")
    let again = try slipway(["init", "--preset", "python"])
    XCTAssertEqual(again.status, 2, again.output)
    XCTAssertTrue(again.output.contains("--force"), again.output)
    let forced = try slipway(["init", "--preset", "python", "--ref", "v2.0.0", "--force"])
    XCTAssertEqual(forced.status, 0, forced.output)
    let pipeline = try String(contentsOfFile: folder + "/.gitlab-ci.yml", encoding: .utf8)
    XCTAssertTrue(pipeline.contains("ref: v2.0.0\n    file: presets/python.yml"), pipeline)
    XCTAssertEqual(try slipway(["init", "--preset", "java", "--force"]).status, 2)
  }
}
