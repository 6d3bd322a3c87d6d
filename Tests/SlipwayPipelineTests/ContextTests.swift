import SlipwayPipeline
import XCTest

/// Contexts, shorthands and GitLab's predefined variables per pipeline type.
final class ContextTests: XCTestCase {
  func testShorthands() throws {
    let project = ProjectIdentity(path: "platform/payments", defaultBranch: "main")
    let tag = try PipelineContext.parse(shorthand: "tag:v1.2.3", project: project)
    XCTAssertEqual(tag.ref, .tag("v1.2.3"))
    XCTAssertEqual(tag.source, .push)
    let mr = try PipelineContext.parse(shorthand: "mr:feature/x->release", project: project)
    XCTAssertEqual(mr.source, .mergeRequestEvent)
    XCTAssertEqual(mr.mergeRequest?.targetBranch, "release")
    XCTAssertEqual(try PipelineContext.parse(shorthand: "mr:feature/x", project: project).mergeRequest?.targetBranch, "main")
    XCTAssertEqual(try PipelineContext.parse(shorthand: "schedule", project: project).ref, .branch("main"))
    XCTAssertEqual(try PipelineContext.parse(shorthand: "parent_pipeline:dev", project: project).source, .parentPipeline)
    XCTAssertThrowsError(try PipelineContext.parse(shorthand: "bogus:main"))
    XCTAssertThrowsError(try PipelineContext.parse(shorthand: "tag:"))
  }

  func testBranchTagAndMergeRequestVariables() throws {
    let project = ProjectIdentity(path: "platform/payments", defaultBranch: "main")
    var push = try PipelineContext.parse(shorthand: "push:Feature/JIRA-12_Fix", project: project)
    push.commit = CommitInfo(sha: "0123456789abcdef0123456789abcdef01234567", message: "Fix it\n\nLong description\n")
    let v = PredefinedVariables.pipeline(push)
    XCTAssertEqual(v["CI_COMMIT_BRANCH"], "Feature/JIRA-12_Fix")
    XCTAssertNil(v["CI_COMMIT_TAG"])
    XCTAssertEqual(v["CI_COMMIT_REF_SLUG"], "feature-jira-12-fix")
    XCTAssertEqual(v["CI_COMMIT_SHORT_SHA"], "01234567")
    XCTAssertEqual(v["CI_COMMIT_TITLE"], "Fix it")
    XCTAssertEqual(v["CI_COMMIT_DESCRIPTION"], "Long description")
    XCTAssertEqual(v["CI_PROJECT_NAME"], "payments")
    XCTAssertEqual(v["CI_PROJECT_NAMESPACE"], "platform")
    XCTAssertEqual(v["CI_PIPELINE_SOURCE"], "push")
    XCTAssertNil(v["CI_MERGE_REQUEST_IID"])

    let tag = PredefinedVariables.pipeline(try PipelineContext.parse(shorthand: "tag:v1.2.3", project: project))
    XCTAssertEqual(tag["CI_COMMIT_TAG"], "v1.2.3")
    XCTAssertEqual(tag["CI_COMMIT_REF_NAME"], "v1.2.3")
    XCTAssertNil(tag["CI_COMMIT_BRANCH"])

    var mrContext = try PipelineContext.parse(shorthand: "mr:feature/x->main", project: project)
    mrContext.mergeRequest?.labels = ["backend", "docs"]
    let mr = PredefinedVariables.pipeline(mrContext)
    XCTAssertNil(mr["CI_COMMIT_BRANCH"])
    XCTAssertEqual(mr["CI_COMMIT_REF_NAME"], "feature/x")
    XCTAssertEqual(mr["CI_MERGE_REQUEST_IID"], "1")
    XCTAssertEqual(mr["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"], "feature/x")
    XCTAssertEqual(mr["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"], "main")
    XCTAssertEqual(mr["CI_MERGE_REQUEST_LABELS"], "backend,docs")
    XCTAssertEqual(mr["CI_PIPELINE_SOURCE"], "merge_request_event")
  }

  func testSlugRules() {
    XCTAssertEqual(PredefinedVariables.slug("--Main--"), "main")
    XCTAssertEqual(PredefinedVariables.slug(String(repeating: "a", count: 70)).count, 63)
    XCTAssertEqual(PredefinedVariables.slug(String(repeating: "a", count: 62) + "/b"), String(repeating: "a", count: 62))
  }

  func testUserVariablesWinOverPredefinedAndYAML() {
    let plan = memorySimulator("variables: {X: yaml}\nj:\n  script: [x]\n  rules:\n    - if: $X == 'user'\n")
      .simulate(context("push:main", ["X": "user"]))
    XCTAssertEqual(plan.jobNames, ["j"])
  }

  func testVariableFiles() {
    XCTAssertEqual(VariableFiles.parse("variables:\n  A: 1\n  B: {value: two}\n", fileName: "group-vars.yml"), ["A": "1", "B": "two"])
    XCTAssertEqual(VariableFiles.parse("# c\nexport A=1\nB=\"two words\"\n", fileName: "vars.env"), ["A": "1", "B": "two words"])
  }

  func testIncludeRulesAreResolvedPerContextAndCompilesShared() {
    let yaml = """
      include:
        - local: deploy.yml
          rules:
            - if: $CI_COMMIT_TAG
      build:
        script: [x]
      """
    let simulator = memorySimulator(yaml, files: ["deploy.yml": "release:\n  script: [x]\n"])
    let plans = simulator.simulate([context("push:main"), context("push:dev"), context("tag:v1"), context("tag:v2")])
    XCTAssertEqual(plans.map { $0.jobNames.sorted() }, [["build"], ["build"], ["build", "release"], ["build", "release"]])
    XCTAssertEqual(simulator.cache.compileCount, 3, "branches share one compile; each distinct tag value gets its own")
  }

  func testContextList() throws {
    let text = """
      contexts:
        - push:main
        - context: mr:feature->main
          label: docs-mr
          changed: [docs/a.md]
          labels: [docs]
          variables: {X: '1'}
      """
    let list = try ContextList.parse(text, project: ProjectIdentity())
    XCTAssertEqual(list.map(\.label), ["push:main", "docs-mr"])
    XCTAssertEqual(list[1].changedFiles, ["docs/a.md"])
    XCTAssertEqual(list[1].mergeRequest?.labels, ["docs"])
    XCTAssertEqual(list[1].variables["X"], "1")
  }
}
