import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayPipeline
import XCTest

/// `rules:exists` with `project:`/`ref:` reads the other project through the `.slipway.yml`
/// project mapping (the one `include:project` uses).
final class ProjectExistsTests: XCTestCase {
  var root = ""

  override func setUpWithError() throws {
    root = NSTemporaryDirectory() + "slipway-exists-\(UUID().uuidString)"
    try write("tools/Dockerfile", "FROM scratch\n")
    try write("tools/ci/lint.yml", "x: 1\n")
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

  private func write(_ path: String, _ text: String) throws {
    let url = URL(fileURLWithPath: root + "/" + path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  private func plan(_ yaml: String, _ shorthand: String = "push:main") throws -> PipelinePlan {
    try write("app/.gitlab-ci.yml", yaml)
    var settings = ProjectSettings()
    settings.projectCheckouts = ["group/tools": "../tools"]
    let simulator = PipelineSimulator(source: OfflineIncludeSource(root: root + "/app", settings: settings))
    return simulator.simulate(context(shorthand))
  }

  private func job(_ exists: String) -> String {
    "variables:\n  TOOLS: group/tools\ncheck:\n  script: [x]\n  rules:\n    - exists:\n\(exists)\n"
  }

  func testPathsAreLookedUpInTheMappedProject() throws {
    let found = try plan(job("        paths: [Dockerfile]\n        project: $TOOLS"))
    XCTAssertEqual(found.jobNames, ["check"])
    let glob = try plan(job("        paths: ['ci/*.yml']\n        project: group/tools"))
    XCTAssertEqual(glob.jobNames, ["check"])
    // The file exists in this project's tree only through the other one.
    let absent = try plan(job("        paths: [app/.gitlab-ci.yml]\n        project: group/tools"))
    XCTAssertEqual(absent.status, .empty)
    XCTAssertEqual(absent.decisions.first?.reason, "no rule matched")
  }

  func testUnmappedProjectIsAWarningAndCountsAsExisting() throws {
    let plan = try plan(job("        paths: [Dockerfile]\n        project: group/elsewhere"))
    XCTAssertEqual(plan.jobNames, ["check"])
    let warnings = plan.diagnostics.filter { $0.code == PipelineCode.existsProject }
    XCTAssertEqual(warnings.map(\.severity), [.warning])
    XCTAssertTrue(warnings.first?.message.contains("group/elsewhere") ?? false)
  }

  func testRefsAreReadFromGit() throws {
    let git = { (arguments: [String]) in
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["git", "-C", self.root + "/tools"] + arguments
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      return process.terminationStatus
    }
    guard (try? git(["init", "-q", "-b", "main"])) == 0 else { throw XCTSkip("git is not available") }
    XCTAssertEqual(try git(["add", "-A"]), 0)
    XCTAssertEqual(try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "tools"]), 0)
    try FileManager.default.removeItem(atPath: root + "/tools/Dockerfile")
    let atRef = try plan(job("        paths: [Dockerfile]\n        project: group/tools\n        ref: main"))
    XCTAssertEqual(atRef.jobNames, ["check"], "the file is in the ref, not in the working tree")
    let badRef = try plan(job("        paths: [Dockerfile]\n        project: group/tools\n        ref: nope"))
    XCTAssertEqual(badRef.status, .error)
    XCTAssertEqual(badRef.errorMessages, ["rules:exists:ref `nope` is not a valid ref in project `group/tools`"])
  }

  func testNoPathsIsFalseWithoutLookingTheProjectUp() throws {
    let plan = try plan(job("        paths: []\n        project: group/elsewhere"))
    XCTAssertEqual(plan.status, .empty)
    XCTAssertTrue(plan.diagnostics.allSatisfy { $0.code != PipelineCode.existsProject })
  }
}
