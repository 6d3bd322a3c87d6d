import Foundation
import XCTest

/// `slipway lint --format json|codequality|sarif|junit`, through the built binary: each report
/// parses and carries the finding with its code, message and location.
final class LintReportersCLITests: XCTestCase {
  private var project: URL!

  override func setUpWithError() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build the slipway product first")
    project = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-lint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
    try "stages: [build]\njob:\n  stage: deploy\n  script: [make]\n".write(
      to: project.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
  }

  override func tearDownWithError() throws {
    if let project { try? FileManager.default.removeItem(at: project) }
  }

  private func lint(_ format: String) throws -> (Int32, Data) {
    let run = try CLIProject.run(
      CLITests.binary, ["lint", "--format", format, "--disable", "shellcheck"], in: project)
    return (run.status, Data(run.stdout.utf8))
  }

  private let stageMessage = "chosen stage deploy does not exist"

  func testJSONReport() throws {
    let (status, data) = try lint("json")
    XCTAssertEqual(status, 1)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    let diagnostics = try XCTUnwrap(json["diagnostics"] as? [[String: Any]])
    let stage = try XCTUnwrap(diagnostics.first { ($0["message"] as? String)?.contains(stageMessage) == true })
    XCTAssertEqual(stage["severity"] as? String, "error")
    XCTAssertEqual(stage["file"] as? String, ".gitlab-ci.yml")
    XCTAssertEqual(stage["line"] as? Int, 3)
    XCTAssertGreaterThanOrEqual((json["summary"] as? [String: Int])?["errors"] ?? 0, 1)
  }

  func testCodeQualityReportHasStableFingerprints() throws {
    let (_, first) = try lint("codequality")
    let (_, second) = try lint("codequality")
    XCTAssertEqual(first, second)
    let issues = try XCTUnwrap(JSONSerialization.jsonObject(with: first) as? [[String: Any]])
    let stage = try XCTUnwrap(issues.first { ($0["description"] as? String)?.contains(stageMessage) == true })
    XCTAssertEqual(stage["severity"] as? String, "major")
    XCTAssertEqual((stage["fingerprint"] as? String)?.count, 32)
    let location = try XCTUnwrap(stage["location"] as? [String: Any])
    XCTAssertEqual(location["path"] as? String, ".gitlab-ci.yml")
  }

  func testSARIFReport() throws {
    let (_, data) = try lint("sarif")
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(json["version"] as? String, "2.1.0")
    let runs = try XCTUnwrap(json["runs"] as? [[String: Any]])
    let results = try XCTUnwrap(runs.first?["results"] as? [[String: Any]])
    XCTAssertTrue(results.contains { (($0["message"] as? [String: Any])?["text"] as? String)?.contains(stageMessage) == true })
  }

  func testJUnitReportHasAFailingCaseForTheFinding() throws {
    let (_, data) = try lint("junit")
    let xml = String(decoding: data, as: UTF8.self)
    XCTAssertTrue(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"), xml)
    XCTAssertTrue(xml.hasSuffix("</testsuites>\n"))
    XCTAssertTrue(xml.contains("<failure"))
    XCTAssertTrue(xml.contains(stageMessage))
    // Balanced elements: every opened testcase with content is closed.
    XCTAssertEqual(xml.components(separatedBy: "<failure").count, xml.components(separatedBy: "</failure>").count)
  }
}
