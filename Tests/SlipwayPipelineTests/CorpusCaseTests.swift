import Foundation
import SlipwayPipeline
import XCTest

/// gitlab-ci-local's rule, needs and parallel cases: the behaviour (which jobs exist, their needs),
/// with GitLab's own job names (`job 1/2`, `job: [a, b]`).
final class CorpusCaseTests: XCTestCase {
  func plan(_ caseName: String, _ shorthand: String = "push:main", variables: [String: String] = [:]) throws -> PipelinePlan {
    let folder = SharedPaths.gitlabCILocal + "/cases/" + caseName
    guard FileManager.default.fileExists(atPath: folder + "/.gitlab-ci.yml") else { throw XCTSkip("case \(caseName) missing") }
    return folderSimulator(folder).simulate(context(shorthand, variables))
  }

  func testNeverJobIsAbsent() throws {
    let plan = try plan("never")
    XCTAssertEqual(plan.jobNames, ["test-job"])
    XCTAssertEqual(plan.decisions.first { $0.name == "never-job" }?.reason, "rule 1 matched with when: never")
  }

  func testManualRulesAndNeedsOnManualJob() throws {
    let plan = try plan("manual")
    XCTAssertEqual(plan.jobNames, ["pre-job", "build-job", "test-job", "deploy-job"])
    XCTAssertEqual(plan.job(named: "pre-job")?.when, "manual")
    XCTAssertEqual(plan.job(named: "pre-job")?.allowFailure, false)
    XCTAssertEqual(plan.job(named: "pre-job")?.variables.first { $0.0 == "VAL" }?.1, "im a rules variable")
    XCTAssertEqual(plan.job(named: "test-job")?.needs?.map(\.job), ["pre-job"])
  }

  func testParallelMatrixNamesAndNeeds() throws {
    let plan = try plan("parallel-matrix")
    let builds = plan.jobs.filter { $0.definitionName == "build-job" }.map(\.name)
    XCTAssertEqual(builds, ["build-job: [foo]", "build-job: [bar]", "build-job: [beb]"])
    let tests = plan.jobs.filter { $0.definitionName == "test-job" }.map(\.name)
    XCTAssertEqual(tests.count, 7)
    XCTAssertEqual(tests.first, "test-job: [foo, dev]")
    XCTAssertEqual(tests[3], "test-job: [bar, dev]")
    XCTAssertEqual(plan.job(named: "test-job: [beb]")?.needs?.map(\.job), builds + ["pre-job"])
  }

  func testParallelNumberNames() throws {
    let plan = memorySimulator("t:\n  script: [x]\n  parallel: 3\nu:\n  script: [x]\n  needs: [t]\n").simulate(context("push:main"))
    XCTAssertEqual(plan.jobNames, ["t 1/3", "t 2/3", "t 3/3", "u"])
    XCTAssertEqual(plan.job(named: "u")?.needs?.map(\.job), ["t 1/3", "t 2/3", "t 3/3"])
  }

  func testOptionalNeedOnAbsentJobIsDropped() throws {
    let plan = try plan("needs-optional")
    XCTAssertEqual(plan.status, .created)
    XCTAssertEqual(plan.jobNames, ["executed-job"])
    XCTAssertEqual(plan.job(named: "executed-job")?.needs?.count, 0)
  }

  func testMissingNeedFailsSeeding() {
    let yaml = "a:\n  script: [x]\n  rules:\n    - if: $CI_COMMIT_TAG\nb:\n  script: [x]\n  needs: [a]\n"
    let plan = memorySimulator(yaml).simulate(context("push:main"))
    XCTAssertEqual(plan.status, .error)
    XCTAssertEqual(
      plan.errorMessages,
      ["'b' job needs 'a' job, but 'a' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional."])
  }

  func testRulesNeedsReplaceJobNeeds() throws {
    XCTAssertEqual(try plan("rules-needs").job(named: "test-job")?.needs?.map(\.job), ["build-production"])
    XCTAssertEqual(try plan("rules-needs", "push:feature").job(named: "test-job")?.needs?.map(\.job), ["build-dev"])
  }

  func testWorkflowRulesVariablesReachJobs() throws {
    let plan = try plan("workflow-rules-variables")
    XCTAssertEqual(plan.job(named: "test-job")?.variables.first { $0.0 == "WORKFLOW_VAR" }?.1, "from-workflow-rules")
    XCTAssertEqual(try self.plan("workflow-rules-variables", "tag:v1").status, .filtered)
  }

  func testNeedsParallelMatrixSelectsExactInstances() throws {
    let plan = try plan("needs-parallel-matrix-static")
    XCTAssertEqual(plan.job(named: "test-single")?.needs?.map(\.job), ["build-job: [foo]"])
    XCTAssertEqual(plan.job(named: "test-array")?.needs?.map(\.job), ["build-job: [foo]", "build-job: [bar]"])
    XCTAssertEqual(plan.job(named: "test-full")?.needs?.map(\.job), ["build-multi: [x64, linux]"])
    XCTAssertEqual(plan.job(named: "test-optional-zero")?.needs?.count, 0)
  }

  func testLocalChildPipelineIsSimulatedAsParentPipeline() {
    let parent = """
      child:
        trigger:
          include: ci/child.yml
        variables: {TARGET: api}
      """
    let child = """
      build-child:
        script: [x]
        rules:
          - if: $CI_PIPELINE_SOURCE == "parent_pipeline" && $TARGET == "api"
      skipped:
        script: [x]
        rules:
          - if: $CI_PIPELINE_SOURCE == "push"
      """
    let plan = memorySimulator(parent, files: ["ci/child.yml": child]).simulate(context("push:main"))
    let job = plan.job(named: "child")
    XCTAssertEqual(job?.trigger, "child: ci/child.yml")
    XCTAssertEqual(job?.childPlan?.plan.jobNames, ["build-child"])
  }

  func testSeedGroupVariablesFile() throws {
    guard let data = FileManager.default.contents(atPath: SharedPaths.seed + "/group-vars.yml") else {
      throw XCTSkip("seed not available")
    }
    let variables = VariableFiles.parse(String(decoding: data, as: UTF8.self), fileName: "group-vars.yml")
    XCTAssertEqual(variables["K8S_MASTER_PROD"], "master.k8s.prod")
  }
}
