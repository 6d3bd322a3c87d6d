import Foundation
import SlipwayTemplates
import XCTest

/// The bundled example service: its own tests pass, and it passes its pipeline's lint gates
/// (ruff, pylint ≥ 9.0, mypy with no error) run with the commands the templates use.
final class ExampleServiceTests: XCTestCase {
  func testTheExampleServiceTestsPass() throws {
    let python = try PythonTools.ensure()
    let result = try runProcess(
      [python, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", "-q"], in: Paths.example,
      environment: ["COVERAGE_FILE": NSTemporaryDirectory() + "slipway-example.coverage", "PYTHONDONTWRITEBYTECODE": "1"])
    XCTAssertEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("6 passed"), result.output)
  }

  func testTheExamplePassesItsLintGates() throws {
    let python = try PythonTools.ensure()
    let targets = PackageDiscovery().discover(in: Paths.example)
    XCTAssertEqual(targets, ["inventory"])
    let ruff = try runProcess([python, "-m", "ruff", "check", "--no-cache"] + targets, in: Paths.example)
    XCTAssertEqual(ruff.status, 0, ruff.output)
    let pylint = try runProcess(
      [python, "-m", "pylint", "--output-format=json2"] + targets, in: Paths.example,
      environment: ["PYTHONDONTWRITEBYTECODE": "1"])
    let pylintOutcome = Gate.pylint(try PylintReport.parse(pylint.output), minScore: 9.0)
    XCTAssertTrue(pylintOutcome.passed, pylintOutcome.summary.joined(separator: "\n"))
    let mypy = try runProcess([python, "-m", "mypy", "--cache-dir=/dev/null", "--no-color-output", "--no-error-summary"] + targets, in: Paths.example)
    let mypyOutcome = Gate.mypy(MypyReport.parse(mypy.output), maxErrors: 0)
    XCTAssertTrue(mypyOutcome.passed, mypyOutcome.summary.joined(separator: "\n") + mypy.output)
  }
}
