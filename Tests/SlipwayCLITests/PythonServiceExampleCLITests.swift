import Foundation
import XCTest

/// `slipway plan` on examples/python-service (presets python-postgres and helm-cd, read offline
/// through its .slipway.yml). The expected job sets follow from the presets' rules:
/// - presets/pipeline.yml: workflow runs branch and vX.Y.Z tag pipelines.
/// - .sw-rules-default (vars-check, docker-build, docker-hadolint, py-test, lint jobs, helm-lint-*,
///   helm-render-*): every pipeline except release-* tags.
/// - py-ruff is on by default; the example turns pylint and mypy on; black and isort stay off.
/// - sonar-scan needs SONAR_HOST_URL and SONAR_TOKEN, which the example does not set.
/// - .sw-rules-publish (docker-publish): vX.Y.Z tags and default-branch pushes.
/// - .sw-rules-semver (semver-tag): default-branch pushes, never tags.
/// - .sw-rules-cleanup (docker-cleanup): `when: always`.
/// - helm-deploy: deploy-dev and a manual rollback-dev on default-branch pushes; deploy-prev,
///   manual deploy-prod, release-mark-{prev,prod} (needing their deploy) and manual rollback-{prev,prod}
///   on vX.Y.Z tags; helm-diff only in merge requests.
final class PythonServiceExampleCLITests: XCTestCase {
  private static let example = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/python-service")

  private let everyPipeline: Set<String> = [
    "vars-check", "docker-build", "docker-hadolint", "py-test", "py-ruff", "py-pylint", "py-mypy",
    "helm-lint-dev", "helm-lint-prev", "helm-lint-prod", "helm-render-dev", "helm-render-prev", "helm-render-prod",
    "docker-publish", "docker-cleanup",
  ]

  override func setUpWithError() throws {
    try CLIProject.requireBinary()
    try XCTSkipUnless(
      FileManager.default.fileExists(atPath: Self.example.appendingPathComponent(".gitlab-ci.yml").path),
      "run from the source tree")
  }

  private func plan(
    _ context: String, stages: [String] = [".pre", "build", "test", "publish", "deploy", ".post"],
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> [String: [String: Any]] {
    let run = try CLIProject.run(CLITests.binary, ["plan", "--no-git", "--context", context, "--format", "json"], in: Self.example)
    XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    let plan = try JSON.object(run.stdout, file: file, line: line)
    XCTAssertEqual(plan["status"] as? String, "created", file: file, line: line)
    XCTAssertEqual(plan["stages"] as? [String], stages, file: file, line: line)
    return try JSON.jobs(plan, file: file, line: line)
  }

  func testDefaultBranchPush() throws {
    let jobs = try plan("push:main")
    XCTAssertEqual(jobs.keys.sorted(), everyPipeline.union(["semver-tag", "deploy-dev", "rollback-dev"]).sorted())
    XCTAssertEqual(jobs["vars-check"]?["stage"] as? String, ".pre")
    XCTAssertEqual(jobs["docker-publish"]?["stage"] as? String, "publish")
    XCTAssertEqual(jobs["docker-cleanup"]?["stage"] as? String, ".post")
    XCTAssertEqual(jobs["docker-cleanup"]?["when"] as? String, "always")
    XCTAssertEqual(jobs["deploy-dev"]?["when"] as? String, "on_success")
    XCTAssertEqual(jobs["deploy-dev"]?["environment"] as? String, "dev")
    XCTAssertEqual(jobs["rollback-dev"]?["when"] as? String, "manual")
    XCTAssertEqual(jobs["rollback-dev"]?["allow_failure"] as? Bool, true)
    XCTAssertEqual(jobs["semver-tag"]?["stage"] as? String, "deploy")
  }

  func testVersionTag() throws {
    let jobs = try plan("tag:v1.2.3")
    XCTAssertEqual(
      jobs.keys.sorted(),
      everyPipeline.union(["deploy-prev", "deploy-prod", "release-mark-prev", "release-mark-prod", "rollback-prev", "rollback-prod"])
        .sorted())
    XCTAssertEqual(jobs["deploy-prev"]?["when"] as? String, "on_success")
    XCTAssertEqual(jobs["deploy-prev"]?["environment"] as? String, "prev")
    XCTAssertEqual(jobs["deploy-prod"]?["when"] as? String, "manual")
    XCTAssertEqual(jobs["deploy-prod"]?["allow_failure"] as? Bool, false, "a manual rules job blocks (allow_failure false)")
    XCTAssertEqual(jobs["deploy-prod"]?["environment"] as? String, "prod")
    XCTAssertEqual(jobs["release-mark-prev"]?["needs"] as? [String], ["deploy-prev"])
    XCTAssertEqual(jobs["release-mark-prod"]?["needs"] as? [String], ["deploy-prod"])
    XCTAssertEqual(jobs["release-mark-prod"]?["stage"] as? String, ".post")
    for rollback in ["rollback-prev", "rollback-prod"] {
      XCTAssertEqual(jobs[rollback]?["when"] as? String, "manual", rollback)
      XCTAssertEqual(jobs[rollback]?["allow_failure"] as? Bool, true, rollback)
    }
  }

  func testMergeRequest() throws {
    let jobs = try plan("mr:feature->main", stages: [".pre", "build", "test", ".post"])
    XCTAssertEqual(jobs.keys.sorted(), everyPipeline.subtracting(["docker-publish"]).union(["helm-diff"]).sorted())
    XCTAssertEqual(jobs["helm-diff"]?["allow_failure"] as? Bool, true)
    XCTAssertEqual(jobs["helm-diff"]?["environment"] as? String, "dev")
  }

  func testExplainNamesTheIncludeAndTheDecidingRule() throws {
    let deploy = try CLIProject.run(CLITests.binary, ["explain", "deploy-prod", "--no-git", "--context", "tag:v1.2.3"], in: Self.example)
    XCTAssertEqual(deploy.status, 0, deploy.stderr)
    XCTAssertTrue(deploy.stdout.hasPrefix("Job `deploy-prod` for tag:v1.2.3: in the pipeline\n"), deploy.stdout)
    XCTAssertTrue(deploy.stdout.contains("brought by include local `templates/helm-deploy/template.yml`"), deploy.stdout)
    XCTAssertTrue(deploy.stdout.contains("result: added to stage `deploy` with when: manual, allow_failure: false"), deploy.stdout)
    // py-black: the template's input default (false) decides, the example does not turn it on.
    let black = try CLIProject.run(CLITests.binary, ["explain", "py-black", "--no-git", "--context", "push:main"], in: Self.example)
    XCTAssertEqual(black.status, 0, black.stderr)
    XCTAssertTrue(black.stdout.contains("if: $PY_BLACK_ENABLED != \"true\"  → true"), black.stdout)
    XCTAssertTrue(black.stdout.contains("$PY_BLACK_ENABLED = \"false\""), black.stdout)
    XCTAssertTrue(black.stdout.hasSuffix("result: not added — rule 2 matched with when: never\n"), black.stdout)
  }

  func testReleaseTagsAreFilteredOut() throws {
    let run = try CLIProject.run(CLITests.binary, ["plan", "--no-git", "--context", "tag:release-prod"], in: Self.example)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(run.stdout, "Pipeline for tag:release-prod: filtered\n  Pipeline filtered out by workflow rules.\n")
  }
}
