import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayPipeline
import XCTest

/// Child pipelines from `trigger:include:project` (and the other include kinds) are simulated
/// through the same offline mapping as `include:project`; `artifact:` children cannot be known.
final class ProjectChildPipelineTests: XCTestCase {
  var root = ""

  override func setUpWithError() throws {
    root = NSTemporaryDirectory() + "slipway-child-\(UUID().uuidString)"
    try write(
      "ci-templates/pipelines/deploy.yml",
      """
      deploy-child:
        script: [deploy]
        rules:
          - if: $CI_PIPELINE_SOURCE == "parent_pipeline" && $TARGET == "prod"
      never-child:
        script: [x]
        rules:
          - if: $CI_PIPELINE_SOURCE == "push"
      """)
    try write("app/ci/local-child.yml", "local-child:\n  script: [x]\n")
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

  private func write(_ path: String, _ text: String) throws {
    let url = URL(fileURLWithPath: root + "/" + path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  private func plan(_ yaml: String) throws -> PipelinePlan {
    try write("app/.gitlab-ci.yml", yaml)
    var settings = ProjectSettings()
    settings.projectCheckouts = ["group/ci-templates": "../ci-templates"]
    return PipelineSimulator(source: OfflineIncludeSource(root: root + "/app", settings: settings)).simulate(context("push:main"))
  }

  func testProjectChildIsSimulatedAsAParentPipeline() throws {
    let plan = try plan(
      """
      deploy:
        variables: {TARGET: prod}
        trigger:
          include:
            - project: group/ci-templates
              file: /pipelines/deploy.yml
            - local: /ci/local-child.yml
      """)
    let deploy = plan.job(named: "deploy")
    XCTAssertEqual(deploy?.trigger, "child: group/ci-templates:/pipelines/deploy.yml, /ci/local-child.yml")
    let child = deploy?.childPlan?.plan
    XCTAssertEqual(child?.status, .created, child?.diagnostics.map(\.message).joined(separator: "\n") ?? "")
    // Trigger variables reach the child; its source is parent_pipeline.
    XCTAssertEqual(child?.jobNames, ["deploy-child", "local-child"])
    XCTAssertEqual(child?.context, "push:main › group/ci-templates:/pipelines/deploy.yml, ci/local-child.yml")
  }

  func testUnmappedProjectChildReportsWhy() throws {
    let plan = try plan("deploy:\n  trigger:\n    include:\n      - project: group/unknown\n        file: x.yml\n")
    let child = plan.job(named: "deploy")?.childPlan?.plan
    XCTAssertEqual(child?.status, .error)
    XCTAssertTrue(child?.diagnostics.contains { ($0.message + ($0.help ?? "")).contains("group/unknown") } ?? false, "\(child?.diagnostics ?? [])")
  }

  func testArtifactChildIsNotSimulated() throws {
    let plan = try plan(
      "generate:\n  script: [gen]\nrun:\n  needs: [generate]\n  trigger:\n    include:\n      - artifact: generated.yml\n        job: generate\n")
    XCTAssertNil(plan.job(named: "run")?.childPlan)
    XCTAssertEqual(plan.job(named: "run")?.trigger, "child pipeline")
  }
}
