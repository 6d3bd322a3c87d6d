import Foundation
import XCTest

/// `slipway explain JOB` through the built binary: the rule trace (expression, variable values,
/// result) for a job that runs, one a rule excludes, a filtered pipeline and unknown jobs.
final class ExplainCLITests: XCTestCase {
  private var project: CLIProject!

  override func setUpWithError() throws {
    try CLIProject.requireBinary()
    project = try PipelineFixture.project()
  }

  override func tearDown() { project = nil }

  private func explain(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
    let run = try project.slipway(["explain"] + args + ["--no-git"])
    XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    return run.stdout.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// Whether `lines` holds `expected` in this order (other lines may come between).
  private func assertInOrder(_ lines: [String], _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    var rest = lines[...]
    for item in expected {
      guard let index = rest.firstIndex(of: item) else {
        return XCTFail("missing `\(item)` (in order) in:\n\(lines.joined(separator: "\n"))", file: file, line: line)
      }
      rest = rest[(index + 1)...]
    }
  }

  func testJobThatRunsShowsTheMatchingRuleAndItsValues() throws {
    let lines = try explain(["deploy", "--context", "tag:v2.0.0"])
    XCTAssertEqual(lines.first, "Job `deploy` for tag:v2.0.0: in the pipeline")
    // The job's name as written (28:1), not its body's first key (29:3).
    XCTAssertTrue(lines.contains("defined at .gitlab-ci.yml:28:1"), lines.joined(separator: "\n"))
    assertInOrder(lines, [
      "workflow:rules:",
      "if: $CI_COMMIT_TAG  → true",
      "$CI_COMMIT_TAG = \"v2.0.0\"",
      "rules:",
      "1. .gitlab-ci.yml:36:7",
      "if: $DEPLOY_ENABLED != \"true\"  → false",
      "$DEPLOY_ENABLED = \"true\"",
      "→ does not match",
      "2. .gitlab-ci.yml:38:7",
      "if: $CI_COMMIT_TAG =~ /^v\\d+/  → true",
      "$CI_COMMIT_TAG = \"v2.0.0\"",
      "→ matches, when: manual",
      "result: added to stage `deploy` with when: manual, allow_failure: false",
    ])
  }

  func testJobExcludedByARuleNamesTheRuleAndTheVariable() throws {
    let lines = try explain(["deploy", "--context", "push:main", "--var", "DEPLOY_ENABLED=false"])
    XCTAssertEqual(lines.first, "Job `deploy` for push:main: not in the pipeline")
    assertInOrder(lines, [
      "rules:",
      "1. .gitlab-ci.yml:36:7",
      "if: $DEPLOY_ENABLED != \"true\"  → true",
      "$DEPLOY_ENABLED = \"false\"",
      "→ matches, when: never",
      "result: not added — rule 1 matched with when: never",
    ])
    // The trace stops at the rule that decided.
    XCTAssertFalse(lines.contains("2. .gitlab-ci.yml:38:7"))
  }

  func testNoMatchingRuleAndUndefinedVariables() throws {
    let lines = try explain(["lint", "--context", "push:feature"])
    XCTAssertEqual(lines.first, "Job `lint` for push:feature: not in the pipeline")
    assertInOrder(lines, [
      "if: $CI_PIPELINE_SOURCE == \"merge_request_event\"  → false",
      "$CI_PIPELINE_SOURCE = \"push\"",
      "result: not added — no rule matched",
    ])
    let workflow = try explain(["build", "--context", "tag:v1.0.0"])
    XCTAssertTrue(workflow.contains("$CI_COMMIT_BRANCH = (undefined)"), workflow.joined(separator: "\n"))
  }

  func testChangesRuleShowsItsResult() throws {
    let lines = try explain(["test", "--context", "push:main", "--changed", "README.md"])
    XCTAssertEqual(lines.first, "Job `test` for push:main: not in the pipeline")
    assertInOrder(lines, ["changes: src/**/*  → false  (no changed file matches)", "result: not added — no rule matched"])
    let added = try explain(["test", "--context", "push:main", "--changed", "src/app.py"])
    XCTAssertEqual(added.first, "Job `test` for push:main: in the pipeline")
    XCTAssertTrue(added.contains("result: added to stage `test` with when: on_success, allow_failure: false, needs: [build]"))
  }

  func testFilteredPipelineExplainsTheWorkflowRule() throws {
    let lines = try explain(["build", "--context", "push:skip-it"])
    XCTAssertEqual(lines.first, "Job `build` for push:skip-it: not in the pipeline")
    assertInOrder(lines, [
      "if: $CI_COMMIT_BRANCH =~ /^skip-/  → true",
      "$CI_COMMIT_BRANCH = \"skip-it\"",
      "→ matches, when: never",
      "→ Pipeline filtered out by workflow rules.",
      "result: the pipeline is filtered out by workflow:rules",
    ])
  }

  func testUnknownJobAndUsageErrorsExitTwo() throws {
    let unknown = try project.slipway(["explain", "nope", "--no-git"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("slipway: no job named `nope` in .gitlab-ci.yml"), unknown.stderr)
    XCTAssertEqual(unknown.stdout, "")
    let missingArgument = try project.slipway(["explain", "--no-git"])
    XCTAssertEqual(missingArgument.status, 2)
    XCTAssertTrue(missingArgument.stderr.contains("Missing expected argument '<job>'"), missingArgument.stderr)
    let badContext = try project.slipway(["explain", "build", "--context", "nowhere:x", "--no-git"])
    XCTAssertEqual(badContext.status, 2)
    XCTAssertTrue(badContext.stderr.contains("unknown context `nowhere:x`"), badContext.stderr)
    let missingFile = try project.slipway(["explain", "build", "--file", "other.yml", "--no-git"])
    XCTAssertEqual(missingFile.status, 2)
    XCTAssertTrue(missingFile.stderr.contains("cannot read other.yml"), missingFile.stderr)
  }
}
