import Foundation
import SlipwayPipeline
import XCTest

/// gitlab-ci-local's rules table (rules.json): the first matching rule's `when`, `allow_failure`
/// and variables, checked through a one-job pipeline.
final class RulesEvaluationTests: XCTestCase {
  func yamlScalar(_ value: Any) -> String {
    let text = "\(value)"
    return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }

  func ruleYAML(_ rule: [String: Any]) -> String {
    var lines: [String] = []
    for (key, value) in rule.sorted(by: { $0.key < $1.key }) {
      if let map = value as? [String: Any] {
        lines.append("\(key): {" + map.map { "\($0.key): \(yamlScalar($0.value))" }.joined(separator: ", ") + "}")
      } else if let flag = value as? Bool {
        lines.append("\(key): \(flag)")
      } else {
        lines.append("\(key): \(yamlScalar(value))")
      }
    }
    return "      - " + lines.joined(separator: "\n        ")
  }

  func testGitLabCILocalRulesTable() throws {
    guard let data = FileManager.default.contents(atPath: SharedPaths.gitlabCILocal + "/rules.json") else {
      throw XCTSkip("gitlab-ci-local corpus not available")
    }
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    var checked = 0
    for test in object?["tests"] as? [[String: Any]] ?? [] {
      guard let rules = test["rules"] as? [[String: Any]], let expected = test["expected"] as? [String: Any] else { continue }
      var job = "job:\n  script: [echo]\n"
      if let when = test["job_when"] as? String { job += "  when: \(when)\n" }
      if let af = test["job_allow_failure"] as? Bool { job += "  allow_failure: \(af)\n" }
      job += "  rules:\n" + rules.map(ruleYAML).joined(separator: "\n") + "\n"
      let variables = (test["variables"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
      let plan = memorySimulator(job).simulate(context("push:main", variables))
      let name = test["name"] as? String ?? ""
      let planned = plan.job(named: "job")
      let when = expected["when"] as? String
      if when == "never" {
        XCTAssertNil(planned, name)
      } else {
        XCTAssertEqual(planned?.when, when, name)
        XCTAssertEqual(planned?.allowFailure, expected["allow_failure"] as? Bool, name)
        if let vars = expected["variables"] as? [String: String] {
          for (k, v) in vars { XCTAssertEqual(planned?.variables.first { $0.0 == k }?.1, v, "\(name): \(k)") }
        }
      }
      checked += 1
    }
    XCTAssertGreaterThanOrEqual(checked, 14)
  }

  func testManualDefaultsDifferBetweenJobAndRule() {
    let yaml = """
      a:
        script: [x]
        when: manual
      b:
        script: [x]
        rules:
          - when: manual
      c:
        script: [x]
        when: manual
        rules:
          - if: $CI_COMMIT_BRANCH
      """
    let plan = memorySimulator(yaml).simulate(context("push:main"))
    XCTAssertEqual(plan.job(named: "a")?.allowFailure, true)
    XCTAssertEqual(plan.job(named: "b")?.allowFailure, false)
    XCTAssertEqual(plan.job(named: "c")?.when, "manual")
    XCTAssertEqual(plan.job(named: "c")?.allowFailure, true)
  }

  func testChangesAlwaysTrueWithoutPushEventAndMatchesOtherwise() {
    let yaml = """
      docs:
        script: [x]
        rules:
          - changes: [docs/**/*]
      """
    let simulator = memorySimulator(yaml)
    XCTAssertNotNil(simulator.simulate(context("tag:v1.0.0", changed: ["src/a.py"])).job(named: "docs"))
    XCTAssertNotNil(simulator.simulate(context("schedule:main")).job(named: "docs"))
    XCTAssertNil(simulator.simulate(context("push:main", changed: ["src/a.py"])).job(named: "docs"))
    XCTAssertNotNil(simulator.simulate(context("push:main", changed: ["docs/a/b.md"])).job(named: "docs"))
    XCTAssertNil(simulator.simulate(context("mr:f->main", changed: ["x"])).job(named: "docs"))
  }

  func testExistsUsesRepositoryFilesAndExpandsVariables() {
    let yaml = """
      variables: {DIR: app}
      py:
        script: [x]
        rules:
          - exists: ["$DIR/**/*.py"]
      """
    var ctx = context("push:main")
    ctx.repositoryFiles = ["app/pkg/main.py"]
    XCTAssertNotNil(memorySimulator(yaml).simulate(ctx).job(named: "py"))
    ctx.repositoryFiles = ["lib/main.py"]
    XCTAssertNil(memorySimulator(yaml).simulate(ctx).job(named: "py"))
  }

  func testOnlyExceptRefsSourcesRegexesAndVariables() {
    let yaml = """
      default-only:
        script: [x]
      only-tags:
        script: [x]
        only: [tags]
      only-mr:
        script: [x]
        only: [merge_requests]
      release-regex:
        script: [x]
        only: ['/^release-.*$/']
      not-schedules:
        script: [x]
        except: [schedules]
      only-var:
        script: [x]
        only:
          variables: ['$DEPLOY == "yes"']
      """
    let simulator = memorySimulator(yaml)
    XCTAssertEqual(simulator.simulate(context("push:main")).jobNames, ["default-only", "not-schedules"])
    XCTAssertEqual(simulator.simulate(context("tag:v1")).jobNames, ["default-only", "only-tags", "not-schedules"])
    XCTAssertEqual(simulator.simulate(context("mr:f->main")).jobNames, ["only-mr"], "except alone keeps the implicit only: [branches, tags]")
    XCTAssertEqual(simulator.simulate(context("push:release-1")).jobNames, ["default-only", "release-regex", "not-schedules"])
    XCTAssertEqual(simulator.simulate(context("schedule:main", ["DEPLOY": "yes"])).jobNames, ["default-only", "only-var"])
  }

  func testWorkflowRulesFilterAndDropDefaultOnly() {
    let yaml = """
      workflow:
        name: 'Pipeline for $CI_COMMIT_REF_NAME'
        rules:
          - if: $CI_PIPELINE_SOURCE == "merge_request_event"
            variables: {KIND: mr}
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          - when: never
      test:
        script: [echo $KIND]
      """
    let simulator = memorySimulator(yaml)
    let mr = simulator.simulate(context("mr:feature->main"))
    XCTAssertEqual(mr.status, .created)
    XCTAssertEqual(mr.jobNames, ["test"], "workflow:rules drop the implicit only: [branches, tags]")
    XCTAssertEqual(mr.job(named: "test")?.variables.first { $0.0 == "KIND" }?.1, "mr")
    XCTAssertEqual(mr.name, "Pipeline for feature")
    let feature = simulator.simulate(context("push:feature"))
    XCTAssertEqual(feature.status, .filtered)
    XCTAssertEqual(feature.diagnostics.map(\.message), [PipelineSimulator.filteredMessage])
  }

  func testEmptyPipelineMessage() {
    let plan = memorySimulator("a:\n  script: [x]\n  rules:\n    - if: $NOPE\n").simulate(context("push:main"))
    XCTAssertEqual(plan.status, .empty)
    XCTAssertEqual(plan.diagnostics.map(\.message), [PipelineSimulator.emptyMessage])
  }

  func testInvalidExpressionIsAConfigurationError() {
    let plan = memorySimulator("a:\n  script: [x]\n  rules:\n    - if: r'$X'\n").simulate(context("push:main"))
    XCTAssertEqual(plan.status, .error)
  }
}
