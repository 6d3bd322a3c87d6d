import SlipwayCore
import SlipwayPipeline
import XCTest

/// Configurations of more than a few hundred jobs are decided in runs of jobs on several cores,
/// each run for every context: plans must not show where one run ends and the next begins.
final class DecisionRunTests: XCTestCase {
  static let jobCount = 1_300

  /// `job-N` in `build` (odd) or `test` (even), each from `needsFrom` on needing a job that may
  /// sit in another run.
  static func yaml(rules: String, needsFrom: Int = 1, extraNeed: Int? = nil) -> String {
    var lines = ["stages: [build, test]", ".rules: &rules", rules]
    for index in 0..<jobCount {
      lines.append("job-\(index):")
      lines.append("  stage: \(index % 2 == 0 ? "test" : "build")")
      lines.append("  script: [run]")
      lines.append("  rules: *rules")
      if index == extraNeed {
        lines.append("  needs: [ghost]")
      } else if index >= needsFrom {
        lines.append("  needs: [job-\(neededBy(index))]")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func neededBy(_ index: Int) -> Int { (index * 7) % jobCount }

  func testRunsKeepDefinitionOrderStagesAndNeeds() {
    let yaml = Self.yaml(rules: "  - if: $CI_COMMIT_TAG\n    when: never\n  - when: on_success")
    let plans = memorySimulator(yaml).simulate(["push:main", "tag:v1.0.0"].map { context($0) })
    let push = plans[0]
    XCTAssertEqual(push.status, .created)
    XCTAssertEqual(push.decisions.map(\.name), (0..<Self.jobCount).map { "job-\($0)" })
    let odd = stride(from: 1, to: Self.jobCount, by: 2).map { "job-\($0)" }
    let even = stride(from: 0, to: Self.jobCount, by: 2).map { "job-\($0)" }
    XCTAssertEqual(push.jobs.map(\.name), odd + even)
    XCTAssertEqual(push.stages, ["build", "test"])
    for job in push.jobs where job.name != "job-0" {
      let index = Int(job.name.dropFirst(4))!
      XCTAssertEqual(job.needs?.map(\.job), ["job-\(Self.neededBy(index))"], job.name)
    }
    let tag = plans[1]
    XCTAssertEqual(tag.status, .empty)
    XCTAssertTrue(tag.jobs.isEmpty)
    XCTAssertEqual(Set(tag.decisions.map(\.reason)), ["rule 1 matched with when: never"])
    // One context alone gives the same plan.
    let alone = memorySimulator(yaml).simulate(context("push:main"))
    XCTAssertEqual(alone.json.rendered(), push.json.rendered())
  }

  func testPlansWithoutDecisionsHaveTheSameJobs() {
    let yaml = Self.yaml(rules: "  - if: $CI_COMMIT_TAG\n    when: never\n  - when: on_success")
    let contexts = ["push:main", "tag:v1.0.0", "mr:feature/x->main"].map { context($0) }
    let kept = memorySimulator(yaml).simulate(contexts)
    let skipped = memorySimulator(yaml).simulate(contexts, keepingDecisions: false)
    for (full, lean) in zip(kept, skipped) {
      XCTAssertEqual(full.decisions.count, Self.jobCount, full.context)
      XCTAssertTrue(lean.decisions.isEmpty, lean.context)
      XCTAssertEqual(lean.json.rendered(), full.json.rendered(), full.context)
    }
  }

  func testDiagnosticsOfEveryRunAreReportedOnce() {
    // One invalid expression shared by every job (through the anchor), and one missing need; only
    // the last run has needs.
    let yaml = Self.yaml(rules: "  - if: '$A == (('\n    when: never\n  - when: on_success", needsFrom: 1_000, extraNeed: 1_200)
    let plan = memorySimulator(yaml).simulate(context("push:main"))
    XCTAssertEqual(plan.status, .error)
    XCTAssertEqual(plan.diagnostics.filter { $0.code == PipelineCode.invalidExpression }.count, 1)
    let missing = plan.diagnostics.filter { $0.code == PipelineCode.missingNeed }
    XCTAssertEqual(missing.map(\.message).filter { $0.contains("'ghost'") }.count, 1)
    XCTAssertEqual(plan.decisions.count, Self.jobCount)
    for job in plan.jobs {
      let index = Int(job.name.dropFirst(4))!
      let expected = index < 1_000 ? nil : index == 1_200 ? ["ghost"] : ["job-\(Self.neededBy(index))"]
      XCTAssertEqual(job.needs?.map(\.job), expected, job.name)
    }
  }
}
