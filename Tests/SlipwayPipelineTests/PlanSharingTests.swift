import SlipwayConfig
import SlipwayCore
import SlipwayPipeline
import XCTest

/// Work a plan shares between jobs and contexts (need targets looked up once, pattern prefixes,
/// name filters, repeated diagnostics) must give the answers of doing it every time.
final class PlanSharingTests: XCTestCase {
  /// `rules:changes` patterns whose literal prefix rejects a file before any glob is built give
  /// `Glob`'s answer for every pattern shape: braces, escapes, classes, `**/`, plain names.
  func testChangesPatternsAgreeWithGlob() {
    let patterns = [
      "services/api/**/*", "services/{api,web}/main.py", "{docs,src}/**/*.md", "src/\\*.md", "src/[ab]*.py", "**/*.py",
      "README.md", "READ", "services/api", "*.txt", "serv?ces/api/x.py",
    ]
    let files = ["services/api/app/main.py", "services/web/main.py", "docs/a/b.md", "src/*.md", "src/b1.py", "README.md", "notes.txt"]
    var lines = ["stages: [test]"]
    for (index, pattern) in patterns.enumerated() {
      lines += ["job-\(index):", "  script: [run]", "  rules:", "    - changes: ['\(pattern)']"]
    }
    let simulator = memorySimulator(lines.joined(separator: "\n") + "\n")
    for file in files {
      let plan = simulator.simulate(context("push:main", changed: [file]))
      let admitted = Set(plan.jobs.map(\.name))
      for (index, pattern) in patterns.enumerated() {
        XCTAssertEqual(admitted.contains("job-\(index)"), Glob(pattern).matches(file), "\(pattern) against \(file)")
      }
    }
  }

  /// A rule's own `needs` replace the job's, even with as many entries: the targets looked up for
  /// the job's list must not answer for the rule's (both jobs are in both pipelines).
  func testRuleNeedsAreNotResolvedThroughTheJobsTargets() {
    let yaml = """
      stages: [build, test]
      a:
        stage: build
        script: [run]
      b:
        stage: build
        script: [run]
      c:
        stage: test
        script: [run]
        needs: [a]
        rules:
          - if: $CI_COMMIT_TAG
            needs: [b]
          - when: on_success
      """
    let plans = memorySimulator(yaml).simulate([context("push:main"), context("tag:v1.0.0")])
    XCTAssertEqual(plans[0].jobs.first { $0.name == "c" }?.needs?.map(\.job), ["a"])
    XCTAssertEqual(plans[1].status, .created)
    XCTAssertEqual(plans[1].jobs.first { $0.name == "c" }?.needs?.map(\.job), ["b"])
  }

  /// Jobs that share a rule read their own variables: the filter that spares hashing names must
  /// still see every own name, whatever its length and first letter.
  func testRulesReadingOwnVariablesAreDecidedPerJob() {
    var lines = ["stages: [test]", ".rules: &rules", "  - if: $FLAG == \"on\" || $CI_FLAG_X == \"on\" || $Z == \"on\""]
    let owners = ["FLAG", "CI_FLAG_X", "Z", "NONE"]
    for (index, name) in owners.enumerated() {
      lines += ["job-\(index):", "  script: [run]", "  variables:", "    \(name): \"on\"", "    OTHER_\(index): x", "  rules: *rules"]
    }
    let plan = memorySimulator(lines.joined(separator: "\n") + "\n").simulate(context("push:main"))
    XCTAssertEqual(plan.jobs.map(\.name), ["job-0", "job-1", "job-2"])
  }

  /// Pattern lists are shared by content: equal lists written by different jobs get one answer,
  /// lists differing in a pattern get their own, in every context.
  func testEqualPatternListsShareAnswersAndOthersDoNot() {
    var lines = ["stages: [test]"]
    let lists = ["[docs/*]", "[docs/*]", "[src/*]", "[docs/*, src/*]"]
    for (index, list) in lists.enumerated() {
      lines += ["job-\(index):", "  script: [run]", "  rules:", "    - changes: \(list)"]
    }
    let plans = memorySimulator(lines.joined(separator: "\n") + "\n").simulate([
      context("push:main", changed: ["docs/a.md"]), context("push:dev", changed: ["src/b.py"]),
    ])
    XCTAssertEqual(plans[0].jobs.map(\.name), ["job-0", "job-1", "job-3"])
    XCTAssertEqual(plans[1].jobs.map(\.name), ["job-2", "job-3"])
  }

  /// A rule's variables applied to a job's list are kept for the next context matching the same
  /// rule; a context matching another rule gets that rule's values.
  func testRuleVariablesFollowTheMatchingRuleInEveryContext() {
    let yaml = """
      variables:
        G: g
      job:
        script: [run]
        variables:
          R: own
        rules:
          - if: $CI_COMMIT_TAG
            variables:
              R: tag
          - variables:
              R: branch
              B: b
      """
    let plans = memorySimulator(yaml).simulate([context("push:main"), context("tag:v1.0.0"), context("push:dev")])
    let variables = plans.map { plan in (plan.jobs.first?.variables ?? []).map { "\($0.0)=\($0.1)" } }
    XCTAssertEqual(variables, [["G=g", "R=branch", "B=b"], ["G=g", "R=tag"], ["G=g", "R=branch", "B=b"]])
  }

  /// A job's variables keep the globals' order with its own values in place, with few globals
  /// (found by scanning) and many (found through the index).
  func testOwnVariablesReplaceGlobalsInPlace() {
    for globalCount in [3, 20] {
      var lines = ["variables:"]
      for index in 0..<globalCount { lines.append("  G\(index): g") }
      lines += ["job:", "  script: [run]", "  variables:", "    G1: own", "    NEW: n", "    G\(globalCount - 1): last"]
      let plan = memorySimulator(lines.joined(separator: "\n") + "\n").simulate(context("push:main"))
      var expected = (0..<globalCount).map { ("G\($0)", "g") }
      expected[1].1 = "own"
      expected[globalCount - 1].1 = "last"
      expected.append(("NEW", "n"))
      let variables = plan.jobs.first?.variables ?? []
      XCTAssertEqual(variables.map(\.0), expected.map(\.0), "\(globalCount) globals")
      XCTAssertEqual(variables.map(\.1), expected.map(\.1), "\(globalCount) globals")
    }
  }

  /// `CI_JOB_NAME_SLUG` and the other slugs: cut to 63 bytes before the `-` at either end go,
  /// one `-` per character that is not a letter or digit (a multi-byte one too).
  func testSlugCutsBeforeTrimming() {
    XCTAssertEqual(PredefinedVariables.slug(String(repeating: "-", count: 62) + "ab"), "a")
    XCTAssertEqual(PredefinedVariables.slug("Ünïcode job"), "n-code-job")
    XCTAssertEqual(PredefinedVariables.slug("build: [3.10, keydb]"), "build---3-10--keydb")
    XCTAssertEqual(PredefinedVariables.slug("---"), "")
    XCTAssertEqual(PredefinedVariables.slug(""), "")
    // Against the rule as GitLab writes it, on code points: lowercase, `[^a-z0-9]` → `-`, first
    // 63, then no `-` at either end.
    for name in ["Deploy: [eu-west, 1.2]", "-_-x-_-", "ÀÉ-\u{1F600}-ok", String(repeating: "ab-", count: 30), "A" + String(repeating: "é", count: 70)] {
      let mapped = name.unicodeScalars.map { scalar -> Character in
        let lower = Character(scalar).lowercased()
        return scalar.isASCII && lower.allSatisfy { $0.isLetter || $0.isNumber } ? Character(lower) : "-"
      }
      var expected = Substring(String(mapped.prefix(63)))
      while expected.first == "-" { expected.removeFirst() }
      while expected.last == "-" { expected.removeLast() }
      XCTAssertEqual(PredefinedVariables.slug(name), String(expected), name)
    }
  }

  /// Matrix rows follow first appearance, with a job listed twice in a plan (a stage named twice)
  /// and plans that skip and reorder rows.
  func testMatrixRowsByFirstAppearance() {
    let yaml = """
      stages: [build, test, build]
      a:
        stage: build
        script: [run]
        rules:
          - if: $CI_COMMIT_TAG
      b:
        stage: test
        script: [run]
      c:
        stage: build
        script: [run]
        rules:
          - if: $CI_COMMIT_BRANCH
      """
    let plans = memorySimulator(yaml).simulate([context("tag:v1"), context("push:main")])
    let rows = PlanTextRenderer().matrix(plans).split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
    XCTAssertEqual(rows.map(\.first), ["a", "b", "c"])
    XCTAssertEqual(rows.map { Array($0.dropFirst()) }, [["✓", "·"], ["✓", "✓"], ["·", "✓"]])
    XCTAssertEqual(String(decoding: PlanTextRenderer().matrixBytes(plans), as: UTF8.self), PlanTextRenderer().matrix(plans))
  }

  /// Repeats are dropped as a set of diagnostics would drop them, keeping first occurrences in
  /// order, including diagnostics that point to one place with messages of one length.
  func testFirstOccurrencesMatchASet() {
    let place = SourceLocation(file: "ci.yml", line: 3, column: 5)
    let diagnostics: [Diagnostic] = [
      .error(PipelineCode.missingNeed, "needs aaa", at: place),
      .error(PipelineCode.missingNeed, "needs bbb", at: place),
      .error(PipelineCode.missingNeed, "needs aaa", at: place),
      .error(PipelineCode.missingNeed, "needs aaa", at: place, notes: [Diagnostic.Note("other")]),
      .warning(PipelineCode.missingNeed, "needs aaa", at: place),
      .error(PipelineCode.needsLimit, "needs aaa", at: place),
      .error(PipelineCode.missingNeed, "needs aaa", at: nil),
      .error(PipelineCode.missingNeed, "needs bbb", at: place),
      .error(PipelineCode.missingNeed, "needs aaa", at: SourceLocation(file: "ci.yml", line: 3, column: 6)),
      .error(PipelineCode.missingNeed, "needs aaa", at: nil),
    ]
    var seen = Set<Diagnostic>()
    XCTAssertEqual(Diagnostic.firstOccurrences(diagnostics), diagnostics.filter { seen.insert($0).inserted })
    XCTAssertEqual(Diagnostic.firstOccurrences(diagnostics).count, 7)
  }
}
