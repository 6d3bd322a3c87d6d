import SlipwayCore
import SlipwayLint
import XCTest

/// `.slipway.yml` `lint:` settings and inline suppressions.
final class LintConfigurationTests: XCTestCase {
  let unpinned = "job:\n  image: python\n  script: x\n"

  func testDefaultFinding() throws {
    XCTAssertEqual(try LintTestSupport.findings(unpinned), ["unpinned-image: image python has no tag: it pulls :latest"])
  }

  func testDisableAndSeverity() throws {
    XCTAssertEqual(try LintTestSupport.findings(unpinned, settings: "lint:\n  disable: [unpinned-image]\n"), [])
    let report = try LintTestSupport.lint([".gitlab-ci.yml": unpinned], settings: "lint:\n  severity: {unpinned-image: error}\n")
    XCTAssertEqual(report.diagnostics.map(\.severity), [.error])
  }

  func testPerPathOverride() throws {
    let settings = "lint:\n  overrides:\n    - files: ['legacy/*.yml']\n      disable: [unpinned-image]\n"
    let files = [".gitlab-ci.yml": "include: legacy/old.yml\n", "legacy/old.yml": unpinned]
    XCTAssertEqual(try LintTestSupport.lint(files, settings: settings).diagnostics.map(\.message), [])
  }

  func testInlineSuppression() throws {
    let sameLine = "job:\n  image: python  # slipway: ignore[unpinned-image]\n  script: x\n"
    XCTAssertEqual(try LintTestSupport.findings(sameLine), [])
    let lineAbove = "job:\n  # slipway: ignore[unpinned-image]\n  image: python\n  script: x\n"
    XCTAssertEqual(try LintTestSupport.findings(lineAbove), [])
    let otherRule = "job:\n  image: python  # slipway: ignore[secret-echo]\n  script: x\n"
    XCTAssertEqual(try LintTestSupport.findings(otherRule).count, 1)
  }

  func testRequiredAndKnownVariables() throws {
    let yaml = "job:\n  image: python:3.12\n  script: echo $A $B $C\n"
    XCTAssertEqual(try LintTestSupport.findings(yaml).count, 3)
    let settings = "variables_files: [group-vars.yml]\nvariables: {B: x}\nlint:\n  required_variables: [C]\n"
    let findings = try LintTestSupport.findings(yaml, settings: settings, extra: ["group-vars.yml": "variables:\n  A: 1\n"])
    XCTAssertEqual(findings, [])
  }

  func testRequiredVariablesPerJob() throws {
    let report = try LintTestSupport.lint(
      [".gitlab-ci.yml": "a:\n  script: echo $TOKEN $HOME\nb:\n  script: export X=1; echo $X\n"], requiredVariables: true)
    XCTAssertEqual(report.requiredVariables.map(\.job), ["a"])
    XCTAssertEqual(report.requiredVariables.first?.variables, ["TOKEN"])
  }

  func testShellQuotingAndFallbacks() throws {
    let yaml = "job:\n  script:\n    - echo '$LITERAL' \"${WITH_DEFAULT:-x}\" \"'$QUOTED'\"\n"
    XCTAssertEqual(try LintTestSupport.findings(yaml).map { $0.contains("$QUOTED") }, [true])
  }
}
