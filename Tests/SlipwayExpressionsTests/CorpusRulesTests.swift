import Foundation
import XCTest

@testable import SlipwayExpressions

/// gitlab-ci-local's rules tables (../shared/corpus/gitlab-ci-local/rules*.json): every case that
/// reflects GitLab behaviour. Cases that check gitlab-ci-local's own wording or its deviations are
/// restated with GitLab's answer where GitLab's is known.
final class CorpusRulesTests: XCTestCase {
  func testRulesExpressions() throws {
    let table = try SharedData.dictionary("corpus/gitlab-ci-local/rules.json")
    var checked = 0
    for test in try XCTUnwrap(table["tests"] as? [[String: Any]]) {
      let variables = stringMap(test["variables"])
      if let expression = test["expression"] as? String {
        let statement = ExpressionStatement(expression)
        if let expected = test["expected"] as? Bool {
          XCTAssertEqual(statement.truthful(variables: variables), expected, expression)
        } else if test["expected_error_matches"] as? String == "rules:rule if invalid expression syntax" {
          XCTAssertEqual(statement.validationMessage, "invalid expression syntax", expression)
          let diagnostic = statement.diagnostic(code: "EXPR001", entryPath: "jobs:job:rules:rule", at: nil)
          XCTAssertEqual(diagnostic?.message, "jobs:job:rules:rule if invalid expression syntax")
        }
        checked += 1
      } else if let rules = test["rules"] as? [[String: Any]] {
        // Non-string `if:` values (gitlab-ci-local issue 1841) are a config-schema matter, not ours.
        guard rules.allSatisfy({ $0["if"] == nil || $0["if"] is String }),
          let expected = test["expected"] as? [String: Any]
        else { continue }
        let outcome = evaluate(rules, variables: variables, jobWhen: test["job_when"] as? String,
          jobAllowFailure: test["job_allow_failure"] as? Bool)
        XCTAssertEqual(outcome.when, expected["when"] as? String, "\(test["name"] ?? "")")
        XCTAssertEqual(outcome.allowFailure, expected["allow_failure"] as? Bool, "\(test["name"] ?? "")")
        checked += 1
      }
    }
    XCTAssertEqual(checked, 45)
  }

  /// First matching rule wins; no match means `never` (docs.gitlab.com/ci/yaml/#rules).
  private func evaluate(_ rules: [[String: Any]], variables: [String: String], jobWhen: String?, jobAllowFailure: Bool?)
    -> (when: String, allowFailure: Bool)
  {
    for rule in rules {
      if let condition = rule["if"] as? String, !ExpressionStatement(condition).truthful(variables: variables) {
        continue
      }
      let ruleWhen = rule["when"] as? String
      let when = ruleWhen ?? jobWhen ?? "on_success"
      if let allowFailure = rule["allow_failure"] as? Bool { return (when, allowFailure) }
      // A job-level `when: manual` defaults to allow_failure true; `rules:when: manual` to false.
      if when == "manual" && ruleWhen == nil { return (when, jobAllowFailure ?? true) }
      return (when, ruleWhen == "manual" ? false : jobAllowFailure ?? false)
    }
    return ("never", false)
  }

  func testRulesRegexTable() throws {
    let table = try SharedData.dictionary("corpus/gitlab-ci-local/rules-regex.json")
    var checked = 0
    for test in try XCTUnwrap(table["tests"] as? [[String: Any]]) {
      let expression = try XCTUnwrap(test["expression"] as? String)
      let statement = ExpressionStatement(expression)
      if let expected = test["expected"] as? Bool {
        XCTAssertEqual(statement.truthful(variables: [:]), expected, expression)
        checked += 1
      } else if let message = test["expected_error_contains"] as? String {
        if message.contains("must be a regex pattern") {
          // gitlab-ci-local refuses a plain string on the right of =~; GitLab searches it literally
          // (`String#scan`), so "23" =~ "1234" is true (docs.gitlab.com/ci/jobs/job_rules/).
          XCTAssertTrue(statement.truthful(variables: [:]), expression)
        } else {
          // `/test/ur/`: the first unescaped slash ends the pattern, `ur/` is an unknown lexeme.
          XCTAssertFalse(statement.isValid, expression)
          XCTAssertFalse(statement.truthful(variables: [:]), expression)
        }
        checked += 1
      }
    }
    XCTAssertEqual(checked, 21)
  }
}
