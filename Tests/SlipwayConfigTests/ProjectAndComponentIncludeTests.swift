import Foundation
import XCTest

@testable import SlipwayConfig

/// `include:project` and `include:component` against real git repositories (refs read with `git show`).
final class ProjectAndComponentIncludeTests: XCTestCase {
  private var base: URL!

  override func setUpWithError() throws {
    base = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-include-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: base)
  }

  @discardableResult
  private func git(_ args: [String], in dir: URL) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"] + args
    p.currentDirectoryURL = dir
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0, "git \(args)")
    return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  }

  private func write(_ text: String, _ path: String, in dir: URL) throws {
    let url = dir.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  /// A template repository with v1.0.0 and v1.1.0 tags and an uncommitted change in the work tree.
  func makeTemplatesForRules() throws -> URL { try makeTemplates() }
  func projectForRules(_ ci: String) throws -> (URL, ProjectSettings) { try project(ci) }

  private func makeTemplates() throws -> URL {
    let repo = base.appendingPathComponent("templates")
    try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
    try git(["init", "-q", "-b", "main"], in: repo)
    try write(".py: {script: [v1.0]}\n", "python.yml", in: repo)
    try write("spec:\n  inputs:\n    stage: {default: test}\n---\nlint:\n  stage: $[[ inputs.stage ]]\n  script: ['v1.0 $[[ component.version ]]']\n", "templates/lint.yml", in: repo)
    try git(["add", "-A"], in: repo)
    try git(["commit", "-qm", "one"], in: repo)
    try git(["tag", "1.0.0"], in: repo)
    try write(".py: {script: [v1.1]}\n", "python.yml", in: repo)
    try write("spec:\n  inputs:\n    stage: {default: test}\n---\nlint:\n  stage: $[[ inputs.stage ]]\n  script: [v1.1]\n", "templates/lint/template.yml", in: repo)
    try git(["rm", "-q", "templates/lint.yml"], in: repo)
    try git(["add", "-A"], in: repo)
    try git(["commit", "-qm", "two"], in: repo)
    try git(["tag", "1.1.0"], in: repo)
    try write(".py: {script: [work-tree]}\n", "python.yml", in: repo)
    return repo
  }

  private func project(_ ci: String) throws -> (URL, ProjectSettings) {
    let service = base.appendingPathComponent("service")
    try write(ci, ".gitlab-ci.yml", in: service)
    var settings = ProjectSettings()
    settings.serverHost = "gitlab.example.com"
    settings.projectCheckouts["platform/templates"] = "../templates"
    return (service, settings)
  }

  func testProjectFileAtARefAndInTheWorkTree() throws {
    _ = try makeTemplates()
    let (service, settings) = try project(
      "include:\n  - project: platform/templates\n    ref: 1.0.0\n    file: python.yml\njob: {extends: .py}\n")
    let atRef = compileOnDisk(root: service.path, settings: settings)
    XCTAssertTrue(atRef.errors.isEmpty, "\(atRef.errorMessages)")
    XCTAssertEqual(atRef.merged?["job"]?["script"]?.sequence?.first?.string, "v1.0")

    let (service2, settings2) = try project("include:\n  - project: platform/templates\n    file: /python.yml\njob: {extends: .py}\n")
    let workTree = compileOnDisk(root: service2.path, settings: settings2)
    XCTAssertEqual(workTree.merged?["job"]?["script"]?.sequence?.first?.string, "work-tree")
  }

  func testMissingRefAndFileUseGitLabsWording() throws {
    _ = try makeTemplates()
    let (service, settings) = try project(
      "include:\n  - project: platform/templates\n    ref: nope\n    file: python.yml\n  - project: platform/templates\n    ref: 1.0.0\n    file: missing.yml\n")
    let result = compileOnDisk(root: service.path, settings: settings)
    XCTAssertEqual(
      result.errorMessages,
      ["Project `platform/templates` reference `nope` does not exist!", "Project `platform/templates` file `missing.yml` does not exist!"])
  }

  func testComponentsByExactVersionPartialVersionAndLatest() throws {
    _ = try makeTemplates()
    for (version, expected) in [("1.0.0", "v1.0 1.0.0"), ("1", "v1.1"), ("~latest", "v1.1")] {
      let (service, settings) = try project(
        "include:\n  - component: gitlab.example.com/platform/templates/lint@\(version)\n    inputs: {stage: build}\n")
      let result = compileOnDisk(root: service.path, settings: settings)
      XCTAssertTrue(result.errors.isEmpty, "\(version): \(result.errorMessages)")
      XCTAssertEqual(result.merged?["lint"]?["script"]?.sequence?.first?.string, expected, version)
      XCTAssertEqual(result.merged?["lint"]?["stage"]?.string, "build")
    }
  }

  func testComponentOnAnotherInstanceIsRejected() throws {
    let (service, settings) = try project("include:\n  - component: gitlab.com/platform/templates/lint@1.0.0\n")
    let result = compileOnDisk(root: service.path, settings: settings)
    XCTAssertEqual(result.errors.count, 1)
    XCTAssertTrue(result.errorMessages[0].hasPrefix("Component 'gitlab.com/platform/templates/lint@1.0.0'"))
  }
}

extension ProjectAndComponentIncludeTests {
  func testIncludeRulesExistsInAnotherProjectAtARef() throws {
    _ = try makeTemplatesForRules()
    let (service, settings) = try projectForRules(
      """
      include:
        - local: a.yml
          rules:
            - exists: {paths: [templates/lint.yml], project: platform/templates, ref: 1.0.0}
        - local: b.yml
          rules:
            - exists: {paths: [templates/lint.yml], project: platform/templates, ref: 1.1.0}
      job: {script: x}
      """)
    try "x: {a: 1}\n".write(to: service.appendingPathComponent("a.yml"), atomically: true, encoding: .utf8)
    try "y: {b: 1}\n".write(to: service.appendingPathComponent("b.yml"), atomically: true, encoding: .utf8)
    let result = compileOnDisk(root: service.path, settings: settings)
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertNotNil(result.merged?["x"])
    XCTAssertNil(result.merged?["y"])
  }
}
