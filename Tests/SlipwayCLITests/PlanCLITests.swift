import Foundation
import XCTest

/// `slipway plan` through the built binary: text and JSON for push, tag and merge request
/// contexts, the context matrix, `--var`, `--changed`, filtered/empty/error pipelines and exit codes.
final class PlanCLITests: XCTestCase {
  private var project: CLIProject!

  override func setUpWithError() throws {
    try CLIProject.requireBinary()
    project = try PipelineFixture.project()
  }

  override func tearDown() { project = nil }

  /// `plan --format json` for `context`, parsed; fails the test unless the exit status is 0.
  private func planJSON(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let run = try project.slipway(["plan", "--no-git", "--format", "json"] + args)
    XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    return try JSON.object(run.stdout, file: file, line: line)
  }

  func testPushTextShowsStagesJobsNeedsAndEnvironment() throws {
    let run = try project.slipway(["plan", "--no-git", "--context", "push:main"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let lines = run.stdout.components(separatedBy: "\n")
    XCTAssertEqual(lines.first, "Pipeline for push:main: created — Pipeline for main")
    // Stage column heads, in pipeline order.
    XCTAssertTrue(lines.contains { $0.contains("build │ test │ deploy") }, run.stdout)
    XCTAssertTrue(lines.contains("  build  [build] when: on_success, allow_failure: false"), run.stdout)
    XCTAssertTrue(lines.contains("  test  [test] when: on_success, allow_failure: false, needs: build"), run.stdout)
    XCTAssertTrue(
      lines.contains("  deploy  [deploy] when: on_success, allow_failure: false, environment: production"), run.stdout)
    // lint runs only for merge requests; announce only for `[announce]` commits.
    XCTAssertFalse(run.stdout.contains("lint"), run.stdout)
    XCTAssertFalse(run.stdout.contains("announce"), run.stdout)
  }

  func testTagTextMarksTheManualDeploy() throws {
    let run = try project.slipway(["plan", "--no-git", "--context", "tag:v1.0.0"])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.hasPrefix("Pipeline for tag:v1.0.0: created — Pipeline for v1.0.0\n"), run.stdout)
    XCTAssertTrue(run.stdout.contains("deploy (manual)"), run.stdout)
    XCTAssertTrue(run.stdout.contains("  deploy  [deploy] when: manual, allow_failure: false, environment: production\n"))
  }

  func testMergeRequestTextShowsTheJobThatStartsImmediately() throws {
    let run = try project.slipway(["plan", "--no-git", "--context", "mr:feature->main"])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.hasPrefix("Pipeline for mr:feature->main: created — Pipeline for feature\n"), run.stdout)
    XCTAssertTrue(run.stdout.contains("lint (may fail)"), run.stdout)
    XCTAssertTrue(
      run.stdout.contains("  lint  [test] when: on_success, allow_failure: true, needs: [] (starts immediately)\n"), run.stdout)
    // deploy's rules need the default branch or a tag.
    XCTAssertFalse(run.stdout.contains("deploy"), run.stdout)
  }

  func testJSONHasTheIssueShape() throws {
    let plan = try planJSON(["--context", "push:main"])
    XCTAssertEqual(plan["status"] as? String, "created")
    XCTAssertEqual(plan["name"] as? String, "Pipeline for main")
    XCTAssertEqual(plan["stages"] as? [String], ["build", "test", "deploy"])
    XCTAssertEqual((plan["diagnostics"] as? [Any])?.count, 0)
    XCTAssertEqual(JSON.jobNames(plan), ["build", "test", "deploy"])
    let list = try XCTUnwrap(plan["jobs"] as? [[String: Any]])
    for job in list {
      for key in ["name", "stage", "when", "allow_failure", "needs", "variables", "environment"] {
        XCTAssertNotNil(job[key], "job \(job["name"] ?? "?") lacks \(key)")
      }
      XCTAssertNotNil(job["allow_failure"] as? Bool)
      XCTAssertNotNil(job["variables"] as? [String: Any])
    }
    let jobs = try JSON.jobs(plan)
    XCTAssertTrue(jobs["build"]?["needs"] is NSNull, "no needs: waits for earlier stages")
    XCTAssertTrue(jobs["build"]?["environment"] is NSNull)
    XCTAssertEqual(jobs["test"]?["needs"] as? [String], ["build"])
    XCTAssertEqual(jobs["test"]?["stage"] as? String, "test")
    let deploy = try XCTUnwrap(jobs["deploy"])
    XCTAssertEqual(deploy["when"] as? String, "on_success")
    XCTAssertEqual(deploy["allow_failure"] as? Bool, false)
    XCTAssertEqual(deploy["environment"] as? String, "production")
    // rules:variables override the job's own on the default branch.
    XCTAssertEqual((deploy["variables"] as? [String: String])?["TARGET"], "staging")
  }

  func testJSONForTagAndMergeRequest() throws {
    let tag = try JSON.jobs(try planJSON(["--context", "tag:v2.3.4"]))
    XCTAssertEqual(tag["deploy"]?["when"] as? String, "manual")
    XCTAssertEqual((tag["deploy"]?["variables"] as? [String: String])?["TARGET"], "prod")
    let mr = try planJSON(["--context", "mr:feature->main"])
    XCTAssertEqual(JSON.jobNames(mr), ["build", "test", "lint"])
    let lint = try XCTUnwrap(try JSON.jobs(mr)["lint"])
    XCTAssertEqual(lint["allow_failure"] as? Bool, true)
    XCTAssertEqual(lint["needs"] as? [String], [])
  }

  func testVarOverridesAProjectVariableInRules() throws {
    let plan = try planJSON(["--context", "push:main", "--var", "DEPLOY_ENABLED=false"])
    XCTAssertEqual(JSON.jobNames(plan), ["build", "test"])
    XCTAssertEqual(plan["stages"] as? [String], ["build", "test"])
  }

  func testChangedFilesDecideRulesChanges() throws {
    XCTAssertEqual(JSON.jobNames(try planJSON(["--context", "push:main", "--changed", "src/app.py"])), ["build", "test", "deploy"])
    XCTAssertEqual(JSON.jobNames(try planJSON(["--context", "push:main", "--changed", "README.md"])), ["build", "deploy"])
    let mr = try planJSON(["--context", "mr:feature->main", "--changed", "docs/a.md", "--changed", "src/lib/b.py"])
    XCTAssertEqual(JSON.jobNames(mr), ["build", "test", "lint"])
  }

  func testParallelMatrixInstancesAreSeparateJobs() throws {
    try project.write(
      "build:\n  script: make\ntest:\n  parallel:\n    matrix:\n      - PY: [\"3.11\", \"3.12\"]\n  needs: [build]\n  script: t\n",
      "matrix.yml")
    let jobs = try JSON.jobs(try planJSON(["matrix.yml"]))
    XCTAssertEqual(Set(jobs.keys), ["build", "test: [3.11]", "test: [3.12]"])
    XCTAssertEqual((jobs["test: [3.12]"]?["variables"] as? [String: String])?["PY"], "3.12")
    XCTAssertEqual(jobs["test: [3.11]"]?["needs"] as? [String], ["build"])
  }

  func testWorkflowRulesFilterThePipeline() throws {
    let text = try project.slipway(["plan", "--no-git", "--context", "push:skip-ci"])
    XCTAssertEqual(text.status, 0, text.stderr)
    XCTAssertEqual(text.stdout, "Pipeline for push:skip-ci: filtered\n  Pipeline filtered out by workflow rules.\n")
    let plan = try planJSON(["--context", "push:skip-ci"])
    XCTAssertEqual(plan["status"] as? String, "filtered")
    XCTAssertEqual((plan["jobs"] as? [Any])?.count, 0)
    let diagnostics = try XCTUnwrap(plan["diagnostics"] as? [[String: Any]])
    XCTAssertTrue(diagnostics.contains { $0["message"] as? String == "Pipeline filtered out by workflow rules." }, "\(diagnostics)")
  }

  func testPipelineWithoutJobsIsEmpty() throws {
    try project.write("build:\n  script: make\n  rules:\n    - if: $RELEASE == \"yes\"\n", "empty.yml")
    let run = try project.slipway(["plan", "empty.yml", "--no-git"])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.hasPrefix("Pipeline for push:main: empty\n  Pipeline will not run for the selected trigger."), run.stdout)
    let plan = try planJSON(["empty.yml"])
    XCTAssertEqual(plan["status"] as? String, "empty")
    XCTAssertEqual(JSON.jobNames(try planJSON(["empty.yml", "--var", "RELEASE=yes"])), ["build"])
  }

  func testContextsFilePrintsAMatrix() throws {
    try project.write(
      """
      contexts:
        - push:main
        - tag:v1.0.0
        - context: mr:feature->main
          label: mr-docs
          changed: [docs/index.md]
        - push:skip-this
        - context: push:main
          label: no-deploy
          variables: {DEPLOY_ENABLED: "false"}
      """, "contexts.yml")
    let run = try project.slipway(["plan", "--no-git", "--contexts", "contexts.yml"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let rows = run.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    XCTAssertEqual(rows.first, ["job", "push:main", "tag:v1.0.0", "mr-docs", "push:skip-this", "no-deploy"])
    XCTAssertTrue(rows.contains(["status", "created", "created", "created", "filtered", "created"]), run.stdout)
    XCTAssertTrue(rows.contains(["build", "✓", "✓", "✓", "·", "✓"]), run.stdout)
    XCTAssertTrue(rows.contains(["test", "✓", "✓", "·", "·", "✓"]), run.stdout)
    XCTAssertTrue(rows.contains(["deploy", "✓", "manual", "·", "·", "·"]), run.stdout)
    XCTAssertTrue(rows.contains(["lint", "·", "·", "✓!", "·", "·"]), run.stdout)

    let json = try JSON.object(try project.slipway(["plan", "--no-git", "--contexts", "contexts.yml", "--format", "json"]).stdout)
    let plans = try XCTUnwrap(json["contexts"] as? [[String: Any]])
    XCTAssertEqual(plans.map { $0["status"] as? String }, ["created", "created", "created", "filtered", "created"])
    XCTAssertEqual(plans.map { $0["context"] as? String }, ["push:main", "tag:v1.0.0", "mr-docs", "push:skip-this", "no-deploy"])
    XCTAssertEqual(JSON.jobNames(plans[2]), ["build", "lint"])
  }

  func testBrokenPipelinesExitOne() throws {
    try project.write("build:\n  script: make\ntest:\n  needs: [compile]\n  script: t\n", "needs.yml")
    let needs = try project.slipway(["plan", "needs.yml", "--no-git"])
    XCTAssertEqual(needs.status, 1)
    XCTAssertTrue(needs.stdout.hasPrefix("Pipeline for push:main: error\n"), needs.stdout)
    XCTAssertTrue(needs.stderr.contains("'test' job needs 'compile' job, but 'compile' does not exist in the pipeline."), needs.stderr)
    let json = try project.slipway(["plan", "needs.yml", "--no-git", "--format", "json"])
    XCTAssertEqual(json.status, 1)
    let diagnostics = try XCTUnwrap(try JSON.object(json.stdout)["diagnostics"] as? [[String: Any]])
    let error = try XCTUnwrap(diagnostics.first { $0["severity"] as? String == "error" })
    XCTAssertEqual(error["line"] as? Int, 4)
    // The erroneous plan still shows what `test` waits for, not an empty list.
    let test = try XCTUnwrap(try JSON.jobs(try JSON.object(json.stdout))["test"])
    XCTAssertEqual(test["needs"] as? [String], ["compile"])

    try project.write("build:\n  extends: .nope\n  script: make\n", "extends.yml")
    let compile = try project.slipway(["plan", "extends.yml", "--no-git"])
    XCTAssertEqual(compile.status, 1)
    XCTAssertTrue(compile.stderr.contains("extends.yml:2:12: error[EXT001]: build: unknown keys in `extends` (.nope)"), compile.stderr)
  }

  func testUsageAndInputErrorsExitTwo() throws {
    let cases: [([String], String)] = [
      (["plan", "--context", "bogus:x"], "unknown context `bogus:x`"),
      (["plan", "--source", "nope"], "unknown --source `nope`"),
      (["plan", "--format", "xml"], "'xml' is invalid for '--format <format>'"),
      (["plan", "--var", "NOEQUALS"], "--var expects NAME=VALUE"),
      (["plan", "missing.yml"], "cannot read missing.yml"),
      (["plan", "--file", "missing.yml"], "cannot read missing.yml"),
      (["plan", "--contexts", "nofile.yml"], "cannot read nofile.yml"),
      (["plan", "--var-file", "nofile.env"], "cannot read variables file nofile.env"),
    ]
    for (args, message) in cases {
      let run = try project.slipway(args + ["--no-git"])
      XCTAssertEqual(run.status, 2, "\(args): \(run.stderr)")
      XCTAssertTrue(run.stderr.contains(message), "\(args): \(run.stderr)")
      XCTAssertEqual(run.stdout, "", "\(args)")
      if !message.hasPrefix("cannot read") {
        // The command's own usage, also for errors found while it runs (not the root's).
        XCTAssertTrue(run.stderr.contains("Usage: slipway plan "), "\(args): \(run.stderr)")
      }
    }
    try project.write("- {label: x}\n", "no-context.yml")
    let entry = try project.slipway(["plan", "--no-git", "--contexts", "no-context.yml"])
    XCTAssertEqual(entry.status, 2)
    XCTAssertTrue(entry.stderr.contains("each entry needs `context:`"), entry.stderr)
  }
}
