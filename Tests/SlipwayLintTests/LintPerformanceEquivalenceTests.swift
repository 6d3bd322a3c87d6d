import Foundation
import SlipwayCore
import XCTest

@testable import SlipwayLint

/// The fast paths added for large pipelines must agree with the simple forms they replace, and
/// work split across cores must come back in document order.
final class LintPerformanceEquivalenceTests: XCTestCase {
  func testHandWrittenSetDashXMatchesTheRegularExpression() {
    let pattern = #"(^|[;&|]\s*|\s)set\s+-[a-wyz]*x"#
    let texts = [
      "set -x", "set -ex", "set -euxo pipefail", "set -euo pipefail", "set +x", "set -o xtrace", "reset -x",
      "echo hi; set -x", "echo hi;set -x", "true&&set -x", "a |set\t-x", "offset -x", "set  -x", "set\n-x",
      "set -X", "set -e -x", "set -", "set", "  set -vx", "export set -x", "set -xe", "echo set", "sets -x",
      "x=1\nset -x\n", "set\u{00A0}-x", "\u{2003}set -x", "set -abcx", "set -ab1x", "#set -x", "(set -x)",
    ]
    for text in texts {
      let expected = text.range(of: pattern, options: .regularExpression) != nil
      XCTAssertEqual(SecretEchoRule.hasSetDashX(text), expected, text)
      if expected { XCTAssertTrue(SecretEchoRule.setFollowedBySpace(text), text) }
    }
  }

  func testSecretNamesMatchTheUpperCasedSearch() {
    let names = ["password", "DB_Passwd", "apiKey", "MY_API_KEY", "token", "TOKENIZER", "oauth", "AUTHOR", "_pass", "PASS",
                 "build_id", "CREDENTIALS", "private_key", "secretary", "S", ""]
    for name in names {
      let expected = SecretEchoRule.secretMarkers.contains { name.uppercased().contains($0) }
      XCTAssertEqual(SecretEchoRule.isSecret(name), expected, name)
    }
  }

  func testByteSearchFindsWhatStringSearchFinds() {
    let texts = ["", "s", "se", "set", "sset", "xxset +x", "set +", "aaab", "slipway: ignore[x]", "héllo set +x ünï"]
    let needles = ["set", "set +x", "ab", "aab", "slipway: ignore[", "ünï", "x", "héllo set +x ünï!"]
    for text in texts {
      for needle in needles {
        let expected = text.utf8.count >= needle.utf8.count && Array(text.utf8).indices.contains { start in
          Array(text.utf8).dropFirst(start).starts(with: needle.utf8)
        }
        XCTAssertEqual(ByteSearch.contains(text, needle), expected, "\(text) / \(needle)")
        XCTAssertEqual(ByteSearch.contains(Array(text.utf8), needle), expected, "\(text) / \(needle)")
      }
      XCTAssertEqual(ByteSearch.containsByte(text, 36), text.utf8.contains(36), text)
      XCTAssertFalse(ByteSearch.contains(text, ""))
    }
  }

  func testConcurrentResultsKeepTheirOrder() {
    XCTAssertEqual(Concurrently.map(100) { $0 * 2 }, (0..<100).map { $0 * 2 })
    let chunks = Concurrently.chunks(1000)
    XCTAssertEqual(chunks.flatMap { Array($0) }, Array(0..<1000))
    XCTAssertEqual(Concurrently.chunks(0), [])
  }

  /// Enough jobs for several validation chunks: the findings still follow the document.
  func testKeywordFindingsOfManyJobsStayInDocumentOrder() throws {
    let text = (0..<400).map { "job\($0):\n  script: make\n  scrip: typo\n" }.joined()
    let diagnostics = try LintTestSupport.validate(text).filter { $0.code == GitLabCode.unknownKeys }
    XCTAssertEqual(diagnostics.count, 400)
    XCTAssertEqual(diagnostics.compactMap(\.location?.line), (0..<400).map { 3 * $0 + 3 })
    XCTAssertEqual(diagnostics.first?.message, "jobs:job0 config contains unknown keys: scrip")
  }

  /// `JobView` finds keywords through `JobKeyword`, and skips `allowedKeys` when every key is one:
  /// the cases must be exactly the allowed job keys.
  func testJobKeywordsAreTheAllowedJobKeys() {
    XCTAssertEqual(JobKeyword.names.count, JobKeyword.allCases.count)
    XCTAssertEqual(Set(JobKeyword.names), JobValidator.jobKeys)
    XCTAssertEqual(JobKeyword.allowFailure.name, "allow_failure")
    XCTAssertEqual(JobKeyword.trigger.name, "trigger")
  }

  /// Job-level definitions are looked up only for reads the global and predefined names do not
  /// cover; every kind of definition must still count, and only for its own job.
  func testJobLevelDefinitionsStillCountWhenLookedUpLazily() throws {
    let text = """
      variables:
        GLOBAL: g
      a:
        variables: { FROM_VARS: x }
        secrets: { FROM_SECRETS: { vault: a/b@c } }
        id_tokens: { FROM_TOKENS: { aud: https://example.com } }
        parallel: { matrix: [{ FROM_MATRIX: [a, b] }] }
        rules:
          - if: $CI_COMMIT_BRANCH
            variables: { FROM_RULES: y }
        script:
          - export FROM_SHELL=1
          - echo $GLOBAL $CI_JOB_ID $FROM_VARS $FROM_SECRETS $FROM_TOKENS $FROM_MATRIX $FROM_RULES $FROM_SHELL $MISSING_A
      b:
        script:
          - echo $FROM_VARS $FROM_SHELL ${OPTIONAL:-x} $GLOBAL
      """
    let report = try LintTestSupport.lint([".gitlab-ci.yml": text], requiredVariables: true)
    let undefined = report.diagnostics.filter { $0.code.rawValue == "undefined-variable" }.map(\.message)
    XCTAssertEqual(undefined.count, 3, "\(undefined)")
    XCTAssertTrue(undefined[0].hasPrefix("variable $MISSING_A "), undefined[0])
    XCTAssertTrue(undefined[1].hasPrefix("variable $FROM_SHELL "), undefined[1])
    XCTAssertTrue(undefined[2].hasPrefix("variable $FROM_VARS "), undefined[2])
    XCTAssertEqual(report.requiredVariables.map(\.job), ["a", "b"])
    XCTAssertEqual(report.requiredVariables.map(\.variables), [["MISSING_A"], ["FROM_SHELL", "FROM_VARS"]])
  }
}
