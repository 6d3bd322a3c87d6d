import Foundation
import XCTest

/// Runs the built `slipway` binary as a user would: arguments in, output and exit status out.
final class CLITests: XCTestCase {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var binary: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("slipway")
  }

  private var project: URL!

  override func setUpWithError() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the slipway product first (swift build)")
    project = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: project.appendingPathComponent("ci"), withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    if let project { try? FileManager.default.removeItem(at: project) }
  }

  private func write(_ text: String, _ path: String) throws {
    try text.write(to: project.appendingPathComponent(path), atomically: true, encoding: .utf8)
  }

  private func slipway(_ args: [String], environment: [String: String] = [:]) throws -> Run {
    try CLIProject.run(Self.binary, args, in: project, environment: environment)
  }

  func testVersionHelpAndUsageErrors() throws {
    let version = try slipway(["--version"])
    XCTAssertEqual(version.status, 0)
    XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
    let help = try slipway(["--help"])
    XCTAssertEqual(help.status, 0)
    XCTAssertTrue(help.stdout.contains("Exit codes:"))
    XCTAssertTrue(help.stdout.contains("config"))
    XCTAssertEqual(try slipway(["config", "--no-such-flag"]).status, 2)
    let missing = try slipway(["config", "nope.yml"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("cannot read nope.yml"))
  }

  func testConfigPrintsMergedYAMLWithProvenance() throws {
    try write("include: ci/a.yml\njob:\n  extends: .a\n  script: [run]\n", ".gitlab-ci.yml")
    try write(".a:\n  image: python:3.12\n", "ci/a.yml")
    let run = try slipway(["config", "--provenance"])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("  image: python:3.12  # ci/a.yml:2"), run.stdout)
    XCTAssertTrue(run.stdout.contains("  - run  # .gitlab-ci.yml:4"), run.stdout)
  }

  func testConfigJobsJSON() throws {
    try write("default: {image: alpine}\nbuild: {script: make}\n", ".gitlab-ci.yml")
    let run = try slipway(["config", "--jobs", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let build = try XCTUnwrap((json["jobs"] as? [String: Any])?["build"] as? [String: Any])
    XCTAssertEqual(build["stage"] as? String, "test")
    XCTAssertEqual(build["image"] as? String, "alpine")
    XCTAssertEqual(build["script"] as? [String], ["make"])
    XCTAssertEqual(build["when"] as? String, "on_success")
  }

  func testErrorsAreLocatedWithCaretAndExitOne() throws {
    try write("job:\n  script: [x]\n  extends: .missing\n", ".gitlab-ci.yml")
    let run = try slipway(["config", "--color", "never"])
    XCTAssertEqual(run.status, 1)
    XCTAssertTrue(run.stderr.contains(".gitlab-ci.yml:3:12: error[EXT001]: job: unknown keys in `extends` (.missing)"), run.stderr)
    XCTAssertTrue(run.stderr.contains(" 3 |   extends: .missing\n   |            ^"), run.stderr)
    XCTAssertTrue(run.stderr.contains("1 error, 0 warnings"))
    XCTAssertEqual(run.stdout, "")
  }

  func testColorChoiceAndNoColor() throws {
    try write("job:\n  extends: .missing\n  script: x\n", ".gitlab-ci.yml")
    XCTAssertTrue(try slipway(["config", "--color", "always"]).stderr.contains("\u{1B}["))
    XCTAssertFalse(try slipway(["config", "--color", "never"]).stderr.contains("\u{1B}["))
    XCTAssertFalse(try slipway(["config"], environment: ["NO_COLOR": "1"]).stderr.contains("\u{1B}["))
  }

  func testPipelineInputsForTheMainFile() throws {
    try write(
      "spec:\n  inputs:\n    replicas: {type: number, default: 1}\n---\ndeploy:\n  script: ['echo $[[ inputs.replicas ]]']\n  parallel: $[[ inputs.replicas ]]\n",
      ".gitlab-ci.yml")
    let run = try slipway(["config", "--input", "replicas=3"])
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("  parallel: 3\n"), run.stdout)
    XCTAssertTrue(run.stdout.contains("  - echo 3\n"), run.stdout)
    let wrong = try slipway(["config", "--input", "replicas=many", "--color", "never"])
    XCTAssertEqual(wrong.status, 1)
    XCTAssertTrue(wrong.stderr.contains("`replicas` input: provided value is not a number"), wrong.stderr)
  }

  func testConfigJSONWithProvenancePointers() throws {
    try write("job:\n  script: [a, b]\n", ".gitlab-ci.yml")
    let run = try slipway(["config", "--format", "json", "--provenance"])
    XCTAssertEqual(run.status, 0, run.stderr)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let provenance = try XCTUnwrap(json["provenance"] as? [String: String])
    XCTAssertEqual(provenance["/job/script/1"], ".gitlab-ci.yml:2:15")
  }
}
