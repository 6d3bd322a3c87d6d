import SlipwayCore
import XCTest

@testable import SlipwayCLI

/// `lint --format json` writes its findings in parts on every core; the bytes must be those of the
/// single-writer document, whatever the number of findings.
final class DiagnosticJSONTests: XCTestCase {
  private func diagnostics(_ count: Int) -> [Diagnostic] {
    (0..<count).map { index in
      Diagnostic(
        DiagnosticCode(rawValue: index % 3 == 0 ? "GL001" : "undefined-variable"), index % 5 == 0 ? .error : .warning,
        "finding \(index) with \"quotes\", a tab\t and ünïcode",
        at: SourceLocation(file: "ci/jobs-\(index % 7).yml", line: index + 1, column: 3),
        notes: index % 4 == 0 ? [.init("see here", at: SourceLocation(file: "a.yml", line: 1, column: 1))] : [],
        help: index % 2 == 0 ? "do this instead" : nil)
    }
  }

  func testPartsWrittenConcurrentlyMatchOneWriter() {
    for count in [0, 1, 2, 255, 256, 257, 1_500] {
      let findings = diagnostics(count)
      let expected = DiagnosticRenderer.jsonDocument(findings).rendered(pretty: true)
      XCTAssertEqual(String(decoding: DiagnosticRenderer.prettyJSONBytes(findings), as: UTF8.self), expected, "\(count) findings")
    }
  }
}
