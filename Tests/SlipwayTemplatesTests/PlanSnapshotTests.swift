import Foundation
import SlipwayPipeline
import XCTest

/// For each preset, which jobs run in which context: a committed golden matrix per preset.
final class PlanSnapshotTests: XCTestCase {
  static let contexts = [
    "push:feature/x", "mr:feature/x->main", "push:main", "tag:v1.2.3", "tag:release-prod", "schedule:main",
  ]

  func testPresetPlansMatchTheGoldenFiles() throws {
    for preset in Paths.presets {
      let fixture = try ServiceFixture(pipeline: presetPipeline(preset))
      defer { fixture.remove() }
      let matrix = try Self.matrix(fixture, title: "presets/\(preset).yml")
      try assertSnapshot(matrix, path: Paths.snapshots + "/plan-\(preset).txt")
    }
  }

  /// E15: toggles remove exactly their job.
  func testKillSwitchesRemoveTheirJobs() throws {
    let fixture = try ServiceFixture(pipeline: presetPipeline("python"))
    defer { fixture.remove() }
    let project = ProjectIdentity(path: "platform/inventory", defaultBranch: "main")
    var context = try PipelineContext.parse(shorthand: "push:main", project: project)
    let all = Set(fixture.simulator().simulate(context).jobs.map(\.name))
    XCTAssertEqual(
      all.intersection(["py-pylint", "py-mypy", "py-black", "py-isort", "sonar-scan"]), [],
      "opt-in jobs must stay out by default")
    XCTAssertTrue(all.isSuperset(of: ["vars-check", "docker-build", "py-test", "py-ruff", "docker-publish", "semver-tag"]))
    context.variables = ["PY_PYLINT_ENABLED": "true", "PY_MYPY_ENABLED": "true"]
    XCTAssertEqual(Set(fixture.simulator().simulate(context).jobs.map(\.name)).subtracting(all), ["py-pylint", "py-mypy"])
    for (variable, job) in [("PY_TEST_DISABLED", "py-test"), ("DOCKER_HADOLINT_DISABLED", "docker-hadolint"),
                            ("SEMVER_DISABLED", "semver-tag")] {
      context.variables = [variable: "true"]
      let jobs = Set(fixture.simulator().simulate(context).jobs.map(\.name))
      XCTAssertEqual(all.subtracting(jobs), [job], variable)
    }
    context.variables = ["DOCKER_BUILD_DISABLED": "true"]
    let withoutBuild = Set(fixture.simulator().simulate(context).jobs.map(\.name))
    XCTAssertTrue(withoutBuild.isDisjoint(with: ["docker-build", "docker-publish", "docker-cleanup"]), "\(withoutBuild)")
    context.variables = ["SONAR_HOST_URL": "https://sonar.example.com", "SONAR_TOKEN": "x"]
    XCTAssertTrue(fixture.simulator().simulate(context).jobs.contains { $0.name == "sonar-scan" })
  }

  static func matrix(_ fixture: ServiceFixture, title: String) throws -> String {
    let project = ProjectIdentity(path: "platform/inventory", defaultBranch: "main")
    let plans = try contexts.map { try fixture.simulator().simulate(PipelineContext.parse(shorthand: $0, project: project)) }
    var order: [String] = []
    var stages: [String: String] = [:]
    for plan in plans {
      for job in plan.jobs where stages[job.name] == nil {
        order.append(job.name)
        stages[job.name] = job.stage
      }
    }
    let stageOrder = [".pre", "build", "test", "publish", "deploy", ".post"]
    order.sort { (stageOrder.firstIndex(of: stages[$0] ?? "") ?? 9, $0) < (stageOrder.firstIndex(of: stages[$1] ?? "") ?? 9, $1) }
    let width = max(16, (order.map(\.count).max() ?? 0) + 2)
    func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(1, count - text.count)) }
    var lines = [
      "# Jobs of \(title) per pipeline context (golden file of PlanSnapshotTests;",
      "# SLIPWAY_UPDATE_SNAPSHOTS=1 swift test --filter PlanSnapshotTests rewrites it).",
      "# Cells: when the job runs (on_success, always, manual, …) or - when it is not in the pipeline.",
      "",
      pad("job", width) + pad("stage", 10) + contexts.map { pad($0, 22) }.joined(),
    ]
    lines.append(pad("(pipeline)", width) + pad("", 10) + plans.map { pad($0.status.rawValue, 22) }.joined())
    for name in order {
      let cells = plans.map { plan in plan.job(named: name).map { $0.when } ?? "-" }
      lines.append(pad(name, width) + pad(stages[name] ?? "", 10) + cells.map { pad($0, 22) }.joined())
    }
    return lines.map { $0.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }
      .joined(separator: "\n") + "\n"
  }
}
