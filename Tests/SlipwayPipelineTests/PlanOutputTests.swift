import Foundation
import SlipwayCore
import SlipwayPipeline
import XCTest

/// The fast paths of `plan` (byte JSON writer, text matrix, plans of many contexts at once) give
/// exactly what the plain ones give.
final class PlanOutputTests: XCTestCase {
  /// Parallel and matrix jobs, needs (forward, optional, matrix, cross-pipeline), a trigger,
  /// environments, delayed jobs, rule variables and texts that need JSON escapes.
  static let yaml = """
    stages: [build, test, deploy]
    workflow:
      name: 'Pipeline "$CI_COMMIT_REF_NAME"'
      rules:
        - if: $CI_COMMIT_TAG
          variables: {RELEASE: "yes"}
        - when: always
    variables:
      GREETING: "tab\\there \\"quoted\\" back\\\\slash \\u0001 é"
      SHARED: global
    build:
      stage: build
      script: [make]
      parallel:
        matrix:
          - ARCH: [amd64, arm64]
            OS: [linux]
    unit:
      stage: test
      script: [test]
      parallel: 2
      needs:
        - job: build
          parallel:
            matrix:
              - ARCH: arm64
                OS: linux
        - job: docs
          optional: true
        - project: group/other
          job: lib
          ref: main
          artifacts: true
    lint:
      stage: test
      script: [lint]
      variables: {SHARED: own}
      rules:
        - if: $CI_COMMIT_TAG
          when: never
        - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          variables: {EXTRA: "1"}
          when: delayed
          start_in: 5 minutes
        - when: manual
    deploy:
      stage: deploy
      script: [deploy]
      needs: [lint, unit]
      environment: {name: review/$CI_COMMIT_REF_SLUG}
      resource_group: deploy-$CI_COMMIT_REF_SLUG
      allow_failure: true
    downstream:
      stage: deploy
      trigger: group/downstream
    """

  let contexts = ["push:main", "push:feature/x", "tag:v1.0.0", "mr:feature/x->main", "schedule:main"]

  func testWrittenJSONEqualsRenderedValue() {
    let simulator = memorySimulator(Self.yaml)
    for shorthand in contexts {
      let plan = simulator.simulate(context(shorthand))
      for pretty in [true, false] {
        var writer = JSONWriter(pretty: pretty)
        plan.writeJSON(to: &writer)
        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), plan.json.rendered(pretty: pretty), shorthand)
      }
    }
  }

  func testWriterEscapesLikeTheValueRenderer() {
    let text = "plain \"q\" \\ \n\r\t \u{0}\u{8}\u{1F} \u{7F} é ✓ 😀"
    let value = JSONValue.object([
      ("a", .string(text)), ("b", .array([])), ("c", .object([])), ("d", .array([.int(1), .double(2.5), .double(3), .null])),
      (text, .bool(true)),
    ])
    XCTAssertEqual(
      value.rendered(),
      #"{"a":"plain \"q\" \\ \n\r\t \u0000\u0008\u001f \#u{7F} é ✓ 😀","b":[],"c":{},"d":[1,2.5,3,null],"plain \"q\" \\ \n\r\t \u0000\u0008\u001f \#u{7F} é ✓ 😀":true}"#)
    XCTAssertEqual(JSONValue.array([.object([("k", .array([.int(1)]))])]).rendered(pretty: true), "[\n  {\n    \"k\": [\n      1\n    ]\n  }\n]")
  }

  func testNestedWriterElementsJoinLikeOneDocument() {
    let simulator = memorySimulator(Self.yaml)
    let plans = contexts.map { simulator.simulate(context($0)) }
    var outer = JSONWriter(pretty: true)
    outer.beginObject()
    outer.key("contexts")
    outer.beginArray()
    for plan in plans {
      var inner = JSONWriter(pretty: true, depth: 2)
      plan.writeJSON(to: &inner)
      outer.element(written: inner.bytes)
    }
    outer.endArray()
    outer.endObject()
    let expected = JSONValue.object([("contexts", .array(plans.map(\.json)))]).rendered(pretty: true)
    XCTAssertEqual(String(decoding: outer.bytes, as: UTF8.self), expected)
  }

  func testPlansOfManyContextsEqualPlansOneByOne() {
    let together = memorySimulator(Self.yaml).simulate(contexts.map { context($0) })
    XCTAssertEqual(together.count, contexts.count)
    for (shorthand, plan) in zip(contexts, together) {
      let alone = memorySimulator(Self.yaml).simulate(context(shorthand))
      XCTAssertEqual(plan.json.rendered(), alone.json.rendered(), shorthand)
      XCTAssertEqual(plan.decisions.map(\.reason), alone.decisions.map(\.reason), shorthand)
    }
  }

  func testSeedingDetails() {
    let plan = memorySimulator(Self.yaml).simulate(context("push:main"))
    XCTAssertEqual(plan.status, .created)
    XCTAssertEqual(plan.name, #"Pipeline "main""#)
    XCTAssertEqual(plan.stages, ["build", "test", "deploy"])
    XCTAssertEqual(plan.jobNames, ["build: [amd64, linux]", "build: [arm64, linux]", "unit 1/2", "unit 2/2", "lint", "deploy", "downstream"])
    XCTAssertEqual(plan.job(named: "unit 1/2")?.needs?.map(\.job), ["build: [arm64, linux]", "lib"])
    XCTAssertEqual(plan.job(named: "deploy")?.needs?.map(\.job), ["lint", "unit 1/2", "unit 2/2"])
    XCTAssertEqual(plan.job(named: "downstream")?.trigger, "group/downstream")
    XCTAssertEqual(plan.job(named: "deploy")?.environment, "review/main")
    XCTAssertEqual(plan.job(named: "lint")?.when, "delayed")
    XCTAssertEqual(plan.job(named: "lint")?.startIn, "5 minutes")
    let lintVariables = plan.job(named: "lint")?.variables ?? []
    XCTAssertEqual(lintVariables.map(\.0), ["GREETING", "SHARED", "EXTRA"])
    XCTAssertEqual(lintVariables.first { $0.0 == "SHARED" }?.1, "own")
    let tag = memorySimulator(Self.yaml).simulate(context("tag:v1.0.0"))
    XCTAssertNil(tag.job(named: "lint"))
    XCTAssertEqual(tag.decisions.first { $0.name == "lint" }?.reason, "rule 1 matched with when: never")
    XCTAssertEqual(tag.errorMessages, ["'deploy' job needs 'lint' job, but 'lint' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional."])
    // Workflow variables reach every job, after its own.
    XCTAssertEqual(tag.job(named: "unit 2/2")?.variables.last?.0, "RELEASE")
  }

  func testMatrixText() {
    let plans = memorySimulator(Self.yaml).simulate(["push:main", "tag:v1.0.0"].map { context($0) })
    let text = PlanTextRenderer().matrix(plans)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Names padded to the longest (21), context columns to their heads (at least 8).
    func name(_ text: String) -> String { text + String(repeating: " ", count: 21 - text.count) }
    XCTAssertEqual(lines[0], name("job") + "  push:main  tag:v1.0.0")
    XCTAssertEqual(lines[1], name("status") + "  created    error")
    XCTAssertTrue(lines.contains(name("lint") + "  delayed    ·"), text)
    XCTAssertTrue(lines.contains(name("deploy") + "  ✓!" + String(repeating: " ", count: 9) + "✓!"), text)
    XCTAssertEqual(lines.count, 2 + 7 + 1)
    XCTAssertEqual(lines.last, "")
    XCTAssertFalse(lines.contains { $0.hasSuffix(" ") }, text)
  }
}
