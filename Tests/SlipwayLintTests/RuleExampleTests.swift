import Foundation
import SlipwayCore
import SlipwayLint
import XCTest

/// Each rule's triggering and clean examples are its tests; its docs are generated from them.
final class RuleExampleTests: XCTestCase {
  func testEveryRuleHasExamples() {
    var ids: Set<String> = []
    for rule in RuleRegistry.all.map(\.description) {
      XCTAssertTrue(ids.insert(rule.id).inserted, "duplicate rule id \(rule.id)")
      XCTAssertFalse(rule.triggering.isEmpty, "\(rule.id) has no triggering example")
      XCTAssertFalse(rule.clean.isEmpty, "\(rule.id) has no clean example")
      XCTAssertFalse(rule.rationale.isEmpty)
    }
  }

  func testExamples() throws {
    for rule in RuleRegistry.all {
      let d = rule.description
      // ShellCheck's examples need the tool; skip them where it is not installed.
      let runner: ProcessRunner? = d.id == "shellcheck" ? SystemProcessRunner() : nil
      if d.id == "shellcheck" && !ShellCheckRule.isAvailable { continue }
      for (index, example) in (d.triggering + d.clean).enumerated() {
        var files: [String: String] = [:]
        for file in example.files { files[file.path] = file.text }
        let report = try LintTestSupport.lint(files, settings: example.settings, processRunner: runner)
        let found = report.diagnostics.filter { $0.code.rawValue == d.id }
        XCTAssertEqual(
          found.count, example.findings,
          "\(d.id) example \(index): \(found.map { "\($0.location?.description ?? ""): \($0.message)" })")
        // Examples are otherwise clean configurations: no GitLab errors.
        // (`rules-if-variable-form` explains GitLab's own GL008, which therefore comes with it.)
        let errors = report.diagnostics.filter {
          $0.severity == .error && $0.code.rawValue != d.id && !(d.id == "rules-if-variable-form" && $0.code == "GL008")
        }
        XCTAssertEqual(errors.map(\.message), [], "\(d.id) example \(index) has GitLab errors")
      }
    }
  }

  /// docs/rules must match the rules; regenerate with `slipway lint --rule-docs docs/rules`.
  func testCommittedDocsAreCurrent() throws {
    let folder = LintTestSupport.repoRoot.appendingPathComponent("docs/rules")
    let descriptions = RuleRegistry.all.map(\.description)
    var expected = Dictionary(uniqueKeysWithValues: descriptions.map { ("\($0.id).md", RuleDocs.markdown($0)) })
    expected["README.md"] = RuleDocs.index(descriptions)
    var stale: [String] = []
    for (name, text) in expected {
      let committed = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      if committed != text { stale.append(name) }
    }
    XCTAssertEqual(stale.sorted(), [], "stale docs/rules pages: run `swift run slipway lint --rule-docs docs/rules`")
  }
}
