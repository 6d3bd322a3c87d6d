import Foundation
import SlipwayTemplates
import XCTest

/// `slipway gate` against real pylint and mypy output (installed from PyPI into .tools/).
final class GateTests: XCTestCase {
  private var project = ""

  override func setUpWithError() throws {
    project = NSTemporaryDirectory() + "slipway-gate-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: project + "/shop", withIntermediateDirectories: true)
    try "".write(toFile: project + "/shop/__init__.py", atomically: true, encoding: .utf8)
    try """
      \"\"\"Prices.\"\"\"


      def total(prices: list[int]) -> int:
          \"\"\"Sum of the prices.\"\"\"
          return sum(prices)

      """.write(toFile: project + "/shop/prices.py", atomically: true, encoding: .utf8)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: project) }

  private func write(_ path: String, _ text: String) throws {
    try text.write(toFile: project + "/" + path, atomically: true, encoding: .utf8)
  }

  private func pylint() throws -> PylintReport {
    let python = try PythonTools.ensure()
    let output = try runProcess([python, "-m", "pylint", "--output-format=json2", "shop"], in: project).output
    return try PylintReport.parse(output)
  }

  private func mypy() throws -> MypyReport {
    let python = try PythonTools.ensure()
    return MypyReport.parse(try runProcess([python, "-m", "mypy", "--strict", "--no-color-output", "shop"], in: project).output)
  }

  func testPylintPassesOnCleanCodeAndFailsUnderTheMinimum() throws {
    let clean = try pylint()
    XCTAssertEqual(clean.score, 10, accuracy: 0.001)
    XCTAssertTrue(Gate.pylint(clean, minScore: 10).passed)

    try write("shop/messy.py", "import os\nimport sys\ndef f(x):\n  y=1\n  return x\n")
    let messy = try pylint()
    XCTAssertLessThan(messy.score, 9)
    XCTAssertTrue(messy.messages.contains { $0.symbol == "unused-import" })
    let outcome = Gate.pylint(messy, minScore: 9.5)
    XCTAssertFalse(outcome.passed)
    XCTAssertTrue(outcome.summary[0].hasPrefix("pylint: score "), outcome.summary[0])
    XCTAssertTrue(outcome.summary.joined().contains("unused-import"), outcome.summary.joined(separator: "\n"))
  }

  func testPylintBaselineLetsALegacyServiceOnlyImprove() throws {
    try write("shop/messy.py", "\"\"\"Messy.\"\"\"\nimport os\n\n\ndef f(x: int) -> int:\n    \"\"\"F.\"\"\"\n    return x\n")
    let legacy = try pylint()
    XCTAssertLessThan(legacy.score, 10)
    XCTAssertGreaterThan(legacy.score, 5)
    let baseline = Gate.baseline(from: nil, pylint: legacy)
    let parsed = try GateBaseline.parse(baseline.rendered())
    XCTAssertEqual(parsed.pylintScore ?? 0, legacy.score, accuracy: 0.0001)
    XCTAssertTrue(Gate.pylint(legacy, minScore: 10, baseline: parsed).passed)

    try write("shop/worse.py", "\"\"\"Worse.\"\"\"\nimport json\nimport re\n")
    let worse = try pylint()
    XCTAssertLessThan(worse.score, legacy.score)
    XCTAssertFalse(Gate.pylint(worse, minScore: 10, baseline: parsed).passed)

    try FileManager.default.removeItem(atPath: project + "/shop/worse.py")
    try write("shop/messy.py", "\"\"\"Tidy.\"\"\"\n\n\ndef f(x: int) -> int:\n    \"\"\"Identity.\"\"\"\n    return x\n")
    let better = try pylint()
    let improved = Gate.pylint(better, minScore: 10, baseline: parsed)
    XCTAssertTrue(improved.passed)
    XCTAssertEqual(improved.improvedBaseline?.pylintScore ?? 0, 10, accuracy: 0.001)
  }

  func testMypyBudgetAndBaseline() throws {
    XCTAssertTrue(Gate.mypy(try mypy(), maxErrors: 0).passed)

    try write("shop/typed.py", "def f(x: int) -> str:\n    return x\n\n\ndef g(y):\n    return y\n")
    let two = try mypy()
    XCTAssertEqual(two.errors.count, 2, "\(two)")
    XCTAssertEqual(Set(two.errors.map(\.code)), ["return-value", "no-untyped-def"])
    XCTAssertFalse(Gate.mypy(two, maxErrors: 1).passed)
    XCTAssertTrue(Gate.mypy(two, maxErrors: 2).passed)

    let baseline = try GateBaseline.parse(Gate.baseline(from: nil, mypy: two).rendered())
    XCTAssertTrue(Gate.mypy(two, maxErrors: 0, baseline: baseline).passed)
    // Lines move but the errors stay the same: still known.
    try write("shop/typed.py", "\n\ndef f(x: int) -> str:\n    return x\n\n\ndef g(y):\n    return y\n")
    XCTAssertTrue(Gate.mypy(try mypy(), maxErrors: 0, baseline: baseline).passed)
    // A new error fails even though the count equals the baseline's after a fix elsewhere.
    try write("shop/typed.py", "def f(x: int) -> str:\n    return str(x)\n\n\ndef g(y):\n    return y\n\n\nz: int = 'a'\n")
    let fresh = Gate.mypy(try mypy(), maxErrors: 0, baseline: baseline)
    XCTAssertFalse(fresh.passed)
    XCTAssertTrue(fresh.summary.contains { $0.contains("new:") && $0.contains("assignment") }, fresh.summary.joined(separator: "\n"))
  }

  func testMypyJSONLinesAndTextAgree() throws {
    try write("shop/typed.py", "def f(x: int) -> str:\n    return x\n")
    let python = try PythonTools.ensure()
    let json = try runProcess([python, "-m", "mypy", "--strict", "-O", "json", "shop"], in: project).output
    XCTAssertEqual(MypyReport.parse(json).errors.map(\.fingerprint), try mypy().errors.map(\.fingerprint))
  }

  func testUnreadableReportsAreInputErrors() {
    XCTAssertThrowsError(try PylintReport.parse(""))
    XCTAssertThrowsError(try PylintReport.parse("{\"messages\": []}"))
    XCTAssertEqual(try PylintReport.parse("Your code has been rated at 7.50/10 (previous run: 7.00/10, +0.50)").score, 7.5)
  }

  func testDiscoveryFindsPackagesAndSkipsTheUsualFolders() throws {
    for folder in ["tests", "docs", "alembic", ".venv", "src/billing"] {
      try FileManager.default.createDirectory(atPath: project + "/" + folder, withIntermediateDirectories: true)
      try write(folder + "/__init__.py", "")
    }
    try write("manage.py", "")
    try write("setup.py", "")
    XCTAssertEqual(PackageDiscovery().discover(in: project), ["manage.py", "shop", "src/billing"])
    XCTAssertEqual(PackageDiscovery().discover(in: Paths.example), ["inventory"])
  }
}
