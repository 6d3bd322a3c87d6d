import Foundation
import SlipwayCore
import SlipwayPipeline
import XCTest

/// `needs:project`, `needs:pipeline` (with `job`) and the trigger-job `needs: {pipeline:}`: artifacts
/// or status from outside the pipeline, never an edge between its jobs (GitLab `Entry::Need`
/// `CrossProjectDependency`/`CrossPipelineDependency`, `Entry::Needs` `BridgeNeeds`).
final class CrossPipelineNeedsTests: XCTestCase {
  static let yaml = """
    variables:
      LIB_PROJECT: group/lib
    build:
      stage: build
      script: [make]
    test:
      stage: test
      script: [t]
      needs:
        - build
        - project: $LIB_PROJECT
          job: build
          ref: $CI_COMMIT_REF_NAME
          artifacts: false
    child-job:
      stage: test
      script: [t]
      needs:
        - pipeline: $PARENT_PIPELINE_ID
          job: generate
    only-outside:
      stage: deploy
      script: [d]
      needs:
        - project: group/lib
          job: absent-everywhere
          ref: main
    bridge:
      stage: deploy
      trigger: group/downstream
      needs:
        pipeline: group/upstream
    """

  func testOutsideNeedsAreNotPipelineDependencies() {
    let plan = memorySimulator(Self.yaml).simulate(context("push:main"))
    // A job named like a local one, or like none, is no seeding error.
    XCTAssertEqual(plan.status, .created, plan.errorMessages.joined(separator: "\n"))
    XCTAssertEqual(plan.errorMessages, [])
    let test = plan.job(named: "test")
    XCTAssertEqual(test?.needs?.filter { !$0.isOutsidePipeline }.map(\.job), ["build"])
    let outside = test?.needs?.first { $0.isOutsidePipeline }
    // needs:project, job and ref are expanded with the job's variables.
    XCTAssertEqual(outside?.outside, OutsideNeed(project: "group/lib", ref: "main"))
    XCTAssertEqual(outside?.artifacts, false)
    XCTAssertEqual(outside?.label, "build (project group/lib, ref main)")
    // Unknown variables stay visible.
    XCTAssertEqual(plan.job(named: "child-job")?.needs?.first?.label, "generate (pipeline $PARENT_PIPELINE_ID)")
    XCTAssertEqual(plan.job(named: "bridge")?.needs?.first?.label, "pipeline group/upstream (upstream status)")
  }

  func testOutsideNeedsInTextJSONAndGraph() {
    let plan = memorySimulator(Self.yaml).simulate(context("push:main"))
    let text = PlanTextRenderer().render(plan)
    XCTAssertTrue(text.contains("test  [test] when: on_success, allow_failure: false, needs: build, build (project group/lib, ref main)"), text)
    XCTAssertTrue(text.contains("only-outside  [deploy] when: on_success, allow_failure: false, needs: absent-everywhere (project group/lib, ref main)"), text)
    let json = plan.json.rendered()
    XCTAssertTrue(json.contains(#""needs":["build"],"cross_pipeline_needs":[{"job":"build","project":"group/lib","ref":"main","artifacts":false}]"#), json)
    XCTAssertTrue(json.contains(#""needs":[],"cross_pipeline_needs":[{"upstream_pipeline":"group/upstream"}]"#), json)
    // Jobs without outside needs keep their shape.
    XCTAssertTrue(json.contains(#""name":"build","stage":"build","when":"on_success","allow_failure":false,"needs":null,"variables""#), json)
    var writer = JSONWriter(pretty: true)
    plan.writeJSON(to: &writer)
    XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), plan.json.rendered(pretty: true))
    // The outside `build` is not the pipeline's `build`: one edge only.
    let mermaid = PipelineGraph(plan: plan).mermaid()
    XCTAssertEqual(mermaid.components(separatedBy: "-->").count - 1, 1, mermaid)
  }

  func testNeedsLimitCountsOnlyJobsOfThePipeline() {
    var yaml = "a:\n  script: [x]\nb:\n  script: [x]\n  needs:\n    - a\n"
    for index in 0..<PipelineSimulator.maxNeeds { yaml += "    - {project: group/p\(index), job: j, ref: main}\n" }
    XCTAssertEqual(memorySimulator(yaml).simulate(context("push:main")).errorMessages, [])
    var local = ""
    for index in 0..<(PipelineSimulator.maxNeeds + 1) { local += "n\(index):\n  stage: build\n  script: [x]\n" }
    local += "b:\n  script: [x]\n  needs: [\((0...PipelineSimulator.maxNeeds).map { "n\($0)" }.joined(separator: ", "))]\n"
    XCTAssertEqual(
      memorySimulator(local).simulate(context("push:main")).errorMessages,
      ["b: one job can only need 50 others, but you have listed 51. See needs keyword documentation for more details"])
  }

  func testRuleNeedsMayPointOutside() {
    let yaml = """
      a:
        script: [x]
      b:
        script: [x]
        rules:
          - if: $CI_COMMIT_TAG
            needs: [{project: group/release, job: sign, ref: $CI_COMMIT_TAG}]
          - when: on_success
      """
    let plan = memorySimulator(yaml).simulate(context("tag:v2.0.0"))
    XCTAssertEqual(plan.errorMessages, [])
    XCTAssertEqual(plan.job(named: "b")?.needs?.map(\.label), ["sign (project group/release, ref v2.0.0)"])
  }
}

/// `CI_OPEN_MERGE_REQUESTS` (Pre-pipeline): the open merge requests from the branch, newest first,
/// at most four; a merge request pipeline's own merge request; never for tags.
final class OpenMergeRequestsTests: XCTestCase {
  /// GitLab's documented way to avoid duplicate branch and merge request pipelines.
  static let yaml = """
    workflow:
      rules:
        - if: $CI_PIPELINE_SOURCE == "merge_request_event"
        - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
          when: never
        - if: $CI_COMMIT_BRANCH
        - if: $CI_COMMIT_TAG
    job:
      script: [x]
      variables:
        OPEN: $CI_OPEN_MERGE_REQUESTS
    """

  func testBranchPipelineWithAnOpenMergeRequestIsFiltered() {
    var push = context("push:feature/x")
    XCTAssertEqual(memorySimulator(Self.yaml).simulate(push).status, .created)
    push.openMergeRequests = [12]
    XCTAssertEqual(memorySimulator(Self.yaml).simulate(push).status, .filtered)
    XCTAssertEqual(memorySimulator(Self.yaml).simulate(context("mr:feature/x->main")).status, .created)
  }

  func testValues() {
    var push = context("push:feature/x")
    push.openMergeRequests = [3, 12, 7, 1, 30, 12]
    XCTAssertEqual(PredefinedVariables.prePipeline(push)["CI_OPEN_MERGE_REQUESTS"], "group/project!30,group/project!12,group/project!7,group/project!3")
    XCTAssertNil(PredefinedVariables.prePipeline(context("push:feature/x"))["CI_OPEN_MERGE_REQUESTS"])
    var mr = context("mr:feature/x->main")
    mr.mergeRequest?.iid = 5
    XCTAssertEqual(PredefinedVariables.prePipeline(mr)["CI_OPEN_MERGE_REQUESTS"], "group/project!5")
    var tag = context("tag:v1.0.0")
    tag.openMergeRequests = [4]
    XCTAssertNil(PredefinedVariables.prePipeline(tag)["CI_OPEN_MERGE_REQUESTS"])
  }

  func testContextListReadsOpenMergeRequests() throws {
    let list = try ContextList.parse(
      "contexts:\n  - context: push:feature/x\n    open_merge_requests: [12, '!13']\n", project: ProjectIdentity())
    XCTAssertEqual(list.first?.openMergeRequests, [12, 13])
    XCTAssertThrowsError(try ContextList.parse("- context: push:x\n  open_merge_requests: [abc]\n", project: ProjectIdentity()))
  }
}
