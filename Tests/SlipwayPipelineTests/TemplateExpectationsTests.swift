import Foundation
import SlipwayCore
import SlipwayPipeline
import SlipwayRegex
import XCTest

/// GitLab's own template specs (spec/lib/gitlab/ci/templates/**): per scenario, the exact jobs a
/// created pipeline has. /work/shared/conformance/gitlab-templates/README.md describes the data.
final class TemplateExpectationsTests: XCTestCase {
  struct Scenario {
    var title: String
    var template: String
    var raw: [String: Any]
  }

  func loadScenarios() throws -> [Scenario] {
    guard let data = FileManager.default.contents(atPath: SharedPaths.expectations) else {
      throw XCTSkip("shared template expectations are not available")
    }
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let scenarios = object?["scenarios"] as? [[String: Any]] ?? []
    return scenarios.map { s in
      Scenario(title: "\(s["template"] ?? "") — \(s["scenario"] ?? "")", template: s["template"] as? String ?? "", raw: s)
    }
  }

  func makeContext(_ pipeline: [String: Any]) -> PipelineContext {
    let defaultBranch = pipeline["default_branch"] as? String ?? "main"
    let project = ProjectIdentity(path: "group/project", defaultBranch: defaultBranch)
    let variables = pipeline["variables"] as? [String: String] ?? [:]
    let files = pipeline["repository_files"] as? [String] ?? []
    if let mr = pipeline["merge_request"] as? [String: String] {
      let source = mr["source_branch"] ?? "feature"
      return PipelineContext(
        source: .mergeRequestEvent, ref: .branch(source),
        mergeRequest: MergeRequestInfo(sourceBranch: source, targetBranch: mr["target_branch"] ?? defaultBranch),
        project: project, variables: variables, repositoryFiles: files)
    }
    let ref: PipelineRef = (pipeline["tag"] as? String).map(PipelineRef.tag) ?? .branch(pipeline["branch"] as? String ?? defaultBranch)
    let source = PipelineSource(rawValue: pipeline["source"] as? String ?? "push") ?? .push
    return PipelineContext(source: source, ref: ref, project: project, variables: variables, repositoryFiles: files)
  }

  /// Checks one scenario; returns failure descriptions.
  func check(_ scenario: Scenario) -> [String] {
    let raw = scenario.raw
    let yaml: String
    if let ci = raw["ci_yaml"] as? String {
      yaml = ci
    } else if let data = FileManager.default.contents(atPath: SharedPaths.templates + "/" + scenario.template) {
      yaml = String(decoding: data, as: UTF8.self)
    } else {
      return ["template missing"]
    }
    let pipeline = raw["pipeline"] as? [String: Any] ?? [:]
    let context = makeContext(pipeline)
    let plan = memorySimulator(yaml).simulate(context)
    let names = plan.jobNames
    var failures: [String] = []
    let compileErrors = plan.errorMessages
    if let error = raw["expected_error"] as? String {
      let messages = plan.diagnostics.map(\.message)
      if !messages.contains(error) { failures.append("expected error `\(error)`, got \(plan.status) \(messages)") }
      return failures
    }
    if !compileErrors.isEmpty { failures.append("errors: \(compileErrors)") }
    if plan.status != .created && (raw["expected_jobs"] as? [String])?.isEmpty == false {
      failures.append("status \(plan.status)")
    }
    if let expected = raw["expected_jobs"] as? [String] {
      if raw["expected_jobs_ordered"] as? Bool == true {
        if names != expected { failures.append("jobs \(names) != \(expected)") }
      } else if Set(names) != Set(expected) || names.count != expected.count {
        failures.append("jobs \(names.sorted()) != \(expected.sorted())")
      }
    }
    for name in raw["expected_jobs_include"] as? [String] ?? [] where !names.contains(name) {
      failures.append("missing job \(name) in \(names)")
    }
    for name in raw["expected_jobs_exclude"] as? [String] ?? [] where names.contains(name) {
      failures.append("unexpected job \(name)")
    }
    for pattern in raw["expected_jobs_exclude_patterns"] as? [String] ?? [] {
      guard let regex = try? Regex2.compile(pattern: pattern) else { continue }
      for name in names where regex.matches(name) { failures.append("job \(name) matches excluded /\(pattern)/") }
    }
    if let expected = raw["expected_review_production_jobs"] as? [String] {
      let got = names.filter { $0.contains("review") || $0.contains("production") }
      if Set(got) != Set(expected) { failures.append("review/production jobs \(got.sorted()) != \(expected.sorted())") }
    }
    if let expected = raw["expected_stages"] as? [String], plan.stages != expected {
      failures.append("stages \(plan.stages) != \(expected)")
    }
    return failures
  }

  func testEveryTemplateScenario() throws {
    let scenarios = try loadScenarios()
    XCTAssertGreaterThanOrEqual(scenarios.count, 100)
    var failed: [String] = []
    for scenario in scenarios {
      let failures = check(scenario)
      if !failures.isEmpty { failed.append("\(scenario.title): \(failures.joined(separator: "; "))") }
    }
    XCTAssertEqual(failed, [], "\(failed.count) of \(scenarios.count) scenarios differ")
  }
}
