import Foundation
import SlipwayPipeline
import XCTest

/// Which helm-deploy jobs Slipway's simulator puts in which pipeline: a golden job × context
/// matrix (tests/helm/plan-*.txt) plus the rules the issue asks for, asserted one by one.
final class HelmDeployPlanTests: XCTestCase {
  static let contexts = [
    "push:feature/x", "mr:feature/x->main", "push:main", "tag:v1.2.3", "tag:release-prod", "schedule:main",
  ]

  func simulate(_ pipeline: String, variables: [String: String] = [:]) throws -> [String: PipelinePlan] {
    let fixture = try ServiceFixture(pipeline: pipeline)
    defer { fixture.remove() }
    var result: [String: PipelinePlan] = [:]
    for shorthand in Self.contexts {
      var context = try PipelineContext.parse(shorthand: shorthand, project: HelmHarness.project)
      context.variables = variables
      result[shorthand] = fixture.simulator().simulate(context)
    }
    return result
  }

  func testPlansMatchTheGoldenFiles() throws {
    for (name, presets) in [("helm-cd", ["helm-cd"]), ("python-helm-cd", ["python", "helm-cd"])] {
      let fixture = try ServiceFixture(pipeline: HelmHarness.pipeline(presets: presets))
      defer { fixture.remove() }
      try assertSnapshot(Self.matrix(fixture, title: presets.map { "presets/\($0).yml" }.joined(separator: " + ")),
                         path: HelmHarness.goldenDir + "/plan-\(name).txt")
    }
  }

  func testDeploysPerContext() throws {
    let plans = try simulate(HelmHarness.pipeline())
    func when(_ job: String, _ context: String) -> String? { plans[context]?.job(named: job)?.when }

    // dev: default-branch pushes only.
    XCTAssertEqual(when("deploy-dev", "push:main"), "on_success")
    for context in ["push:feature/x", "mr:feature/x->main", "tag:v1.2.3", "schedule:main"] {
      XCTAssertNil(when("deploy-dev", context), context)
    }
    // staging on tags, production manual on tags, marks after their deploys.
    XCTAssertEqual(when("deploy-prev", "tag:v1.2.3"), "on_success")
    XCTAssertEqual(when("deploy-prod", "tag:v1.2.3"), "manual")
    XCTAssertEqual(plans["tag:v1.2.3"]?.job(named: "deploy-prod")?.allowFailure, false, "production blocks the pipeline until decided")
    for env in ["prev", "prod"] {
      let mark = try XCTUnwrap(plans["tag:v1.2.3"]?.job(named: "release-mark-\(env)"))
      XCTAssertEqual(mark.needs?.map(\.job), ["deploy-\(env)"])
      for context in ["push:feature/x", "mr:feature/x->main", "push:main", "schedule:main"] {
        XCTAssertNil(when("deploy-\(env)", context), "deploy-\(env) in \(context)")
        XCTAssertNil(when("release-mark-\(env)", context), "release-mark-\(env) in \(context)")
      }
    }
    XCTAssertNil(plans["tag:v1.2.3"]?.job(named: "release-mark-dev"))
    // The promoted image exists before any deploy: docker-publish's stage comes first.
    let tag = try XCTUnwrap(plans["tag:v1.2.3"])
    let stageIndex = { (job: String) in tag.stages.firstIndex(of: tag.job(named: job)?.stage ?? "") ?? -1 }
    XCTAssertLessThan(stageIndex("docker-publish"), stageIndex("deploy-prev"))
    XCTAssertLessThan(stageIndex("helm-render-prod"), stageIndex("deploy-prod"))
    // Environments and resource groups.
    for (job, env) in [("deploy-prev", "prev"), ("deploy-prod", "prod"), ("rollback-prod", "prod")] {
      XCTAssertEqual(tag.job(named: job)?.environment, env)
      XCTAssertEqual(tag.job(named: job)?.resourceGroup, env)
    }
    // Deploys, rollbacks and marks are never cancelled by a newer pipeline; checks are.
    for job in ["deploy-prev", "deploy-prod", "rollback-prev", "release-mark-prev"] {
      XCTAssertEqual(tag.job(named: job)?.interruptible, false, job)
    }
    XCTAssertEqual(tag.job(named: "helm-lint-prod")?.interruptible, true)
    // Rollbacks: manual, may fail, where their deploy runs.
    XCTAssertEqual(when("rollback-dev", "push:main"), "manual")
    XCTAssertEqual(when("rollback-prod", "tag:v1.2.3"), "manual")
    XCTAssertEqual(tag.job(named: "rollback-prod")?.allowFailure, true)
    // helm-diff only in merge requests; lint and render everywhere but release-* tags.
    XCTAssertEqual(when("helm-diff", "mr:feature/x->main"), "on_success")
    XCTAssertNil(when("helm-diff", "push:main"))
    for context in ["push:feature/x", "mr:feature/x->main", "push:main", "tag:v1.2.3"] {
      XCTAssertNotNil(when("helm-lint-prod", context), context)
      XCTAssertNotNil(when("helm-render-prev", context), context)
    }
    // release-* tags: no pipeline at all.
    XCTAssertEqual(plans["tag:release-prod"]?.jobs.map(\.name) ?? [], [])
  }

  /// Without the presets' workflow rules the jobs' own rules still keep release-* tags empty.
  func testNothingRunsOnReleaseTagsWithoutTheWorkflow() throws {
    let pipeline = "include:\n  - project: platform/slipway\n    file: templates/helm-deploy/template.yml\n"
    let fixture = try ServiceFixture(pipeline: pipeline)
    defer { fixture.remove() }
    for tag in ["release-prod", "release-prev"] {
      let plan = fixture.simulator().simulate(try PipelineContext.parse(shorthand: "tag:\(tag)", project: HelmHarness.project))
      XCTAssertEqual(plan.jobs.map(\.name).filter { HelmDeployTemplateTests.helmJobs.contains($0) }, [], tag)
    }
  }

  func testKillSwitchesRemoveTheirJobs() throws {
    let all = try simulate(HelmHarness.pipeline(presets: ["helm-cd"]))
    for (variable, removed) in [
      ("HELM_PRODUCTION_DISABLED", ["deploy-prod", "release-mark-prod", "rollback-prod"]),
      ("HELM_STAGING_DISABLED", ["deploy-prev", "release-mark-prev", "rollback-prev"]),
      ("HELM_RELEASE_MARK_DISABLED", ["release-mark-prev", "release-mark-prod"]),
      ("HELM_ROLLBACK_DISABLED", ["rollback-prev", "rollback-prod"]),
      ("HELM_LINT_DISABLED", ["helm-lint-dev", "helm-lint-prev", "helm-lint-prod"]),
    ] {
      let plan = try simulate(HelmHarness.pipeline(presets: ["helm-cd"]), variables: [variable: "true"])
      let before = Set(all["tag:v1.2.3"]?.jobs.map(\.name) ?? [])
      let after = Set(plan["tag:v1.2.3"]?.jobs.map(\.name) ?? [])
      XCTAssertEqual(before.subtracting(after), Set(removed), variable)
    }
    let off = try simulate(HelmHarness.pipeline(presets: ["helm-cd"]), variables: ["HELM_DISABLED": "true"])
    for context in Self.contexts {
      XCTAssertEqual(off[context]?.jobs.filter { HelmDeployTemplateTests.helmJobs.contains($0.name) }.map(\.name) ?? [], [], context)
    }
  }

  /// The golden matrix: job, stage, environment, then `when` per context (`-` when absent).
  static func matrix(_ fixture: ServiceFixture, title: String) throws -> String {
    let plans = try contexts.map { try fixture.simulator().simulate(PipelineContext.parse(shorthand: $0, project: HelmHarness.project)) }
    var order: [String] = []
    var jobs: [String: PlannedJob] = [:]
    for plan in plans {
      for job in plan.jobs where jobs[job.name] == nil {
        order.append(job.name)
        jobs[job.name] = job
      }
    }
    let stageOrder = [".pre", "build", "test", "publish", "deploy", ".post"]
    let rank = { (name: String) in (stageOrder.firstIndex(of: jobs[name]?.stage ?? "") ?? 9, name) }
    order.sort { rank($0) < rank($1) }
    func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(1, count - text.count)) }
    let width = max(18, (order.map(\.count).max() ?? 0) + 2)
    var lines = [
      "# Jobs of \(title) per pipeline context (golden file of HelmDeployPlanTests;",
      "# SLIPWAY_UPDATE_SNAPSHOTS=1 swift test --filter HelmDeployPlanTests rewrites it).",
      "# Cells: when the job runs (on_success, manual, …; `!` = may fail) or - when it is not in the pipeline.",
      "",
      pad("job", width) + pad("stage", 10) + pad("environment", 13) + contexts.map { pad($0, 20) }.joined(),
      pad("(pipeline)", width) + pad("", 23) + plans.map { pad($0.status.rawValue, 20) }.joined(),
    ]
    for name in order {
      let job = jobs[name]
      let cells = plans.map { plan in plan.job(named: name).map { $0.when + ($0.allowFailure ? "!" : "") } ?? "-" }
      let needs = job?.needs.map { " needs " + $0.map(\.job).joined(separator: ",") } ?? ""
      lines.append(pad(name, width) + pad(job?.stage ?? "", 10) + pad(job?.environment ?? "", 13)
        + cells.map { pad($0, 20) }.joined() + needs)
    }
    return lines.map { $0.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }
      .joined(separator: "\n") + "\n"
  }
}
