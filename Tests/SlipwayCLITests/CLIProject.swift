import Foundation
import XCTest

/// A scratch project directory for CLI tests: write files, run the built `slipway` in it (see
/// `CLITests.binary`), and drive a real git repository there when a command reads git.
final class CLIProject {
  let url: URL

  init(_ name: String = "slipway-cli") throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Skips the test when the `slipway` product was not built next to the test bundle.
  static func requireBinary() throws {
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build the slipway product first (swift build)")
  }

  func write(_ text: String, _ path: String) throws {
    let file = url.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
  }

  /// Runs `slipway args` with this project as the working directory.
  func slipway(_ args: [String]) throws -> CLITests.Run {
    try Self.run(CLITests.binary, args, in: url)
  }

  /// A fixed identity and no user or system git configuration, so commits work anywhere.
  static let gitEnvironment = [
    "GIT_AUTHOR_NAME": "Ada Test", "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Test", "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
  ]

  /// Runs git in the project; fails the test with git's stderr when git fails.
  func git(_ args: String..., file: StaticString = #filePath, line: UInt = #line) throws {
    let run = try Self.run(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + args, in: url, environment: Self.gitEnvironment)
    // env's status when the command is missing.
    if run.status == 127 { throw XCTSkip("git is not installed") }
    XCTAssertEqual(run.status, 0, "git \(args.joined(separator: " ")): \(run.stderr)", file: file, line: line)
  }

  /// Writes `files` and commits them (and anything else changed) with `message`.
  func commit(_ message: String, _ files: [String: String]) throws {
    for (path, text) in files { try write(text, path) }
    try git("add", "-A")
    try git("commit", "-q", "-m", message)
  }

  static func run(_ executable: URL, _ args: [String], in directory: URL, environment: [String: String] = [:]) throws
    -> CLITests.Run
  {
    let process = Process()
    process.executableURL = executable
    process.arguments = args
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Small outputs only (stderr well under a pipe buffer), as in CLITests.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLITests.Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

/// JSON helpers: parse a command's stdout and pick fields, failing the test (not crashing) on a
/// wrong shape.
enum JSON {
  static func object(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)", file: file,
      line: line)
  }

  /// The jobs of a plan, by name.
  static func jobs(_ plan: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws -> [String: [String: Any]] {
    let list = try XCTUnwrap(plan["jobs"] as? [[String: Any]], "no jobs array", file: file, line: line)
    return Dictionary(list.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Job names in plan order.
  static func jobNames(_ plan: [String: Any]) -> [String] {
    (plan["jobs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
  }
}

/// A small pipeline exercising what `plan`, `explain` and `graph` report: workflow rules (with a
/// filter and a name), `needs` (a list and `[]`), `rules:changes`, `allow_failure`, a manual job
/// on tags, `rules:variables`, an environment and a rule on the commit message.
enum PipelineFixture {
  static let ciFile = #"""
    stages: [build, test, deploy]
    variables:
      DEPLOY_ENABLED: "true"
    workflow:
      name: "Pipeline for $CI_COMMIT_REF_NAME"
      rules:
        - if: $CI_COMMIT_BRANCH =~ /^skip-/
          when: never
        - if: $CI_PIPELINE_SOURCE == "merge_request_event"
        - if: $CI_COMMIT_TAG
        - if: $CI_COMMIT_BRANCH
    build:
      stage: build
      script: make
    test:
      stage: test
      needs: [build]
      script: make test
      rules:
        - changes: [src/**/*]
    lint:
      stage: test
      needs: []
      allow_failure: true
      script: lint
      rules:
        - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    deploy:
      stage: deploy
      script: deploy
      environment:
        name: production
      variables:
        TARGET: prod
      rules:
        - if: $DEPLOY_ENABLED != "true"
          when: never
        - if: $CI_COMMIT_TAG =~ /^v\d+/
          when: manual
        - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
          variables: {TARGET: staging}
    announce:
      stage: deploy
      script: echo
      rules:
        - if: $CI_COMMIT_MESSAGE =~ /\[announce\]/

    """#

  /// A project holding the fixture as `.gitlab-ci.yml` (no git repository).
  static func project() throws -> CLIProject {
    let project = try CLIProject("slipway-pipeline")
    try project.write(ciFile, ".gitlab-ci.yml")
    return project
  }
}
