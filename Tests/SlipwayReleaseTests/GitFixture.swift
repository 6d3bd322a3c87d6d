import Foundation
import XCTest

@testable import SlipwayRelease

/// A real git repository in a temporary directory, driven through the real `git`.
/// Dates advance one minute per commit so history order is deterministic.
final class GitFixture {
  let root: URL
  let path: String
  private var clock = 1_700_000_000

  /// Creates a scratch directory with a work tree at `path` (initialised unless `initialise` is false).
  init(initialise: Bool = true, branch: String = "main") throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "slipway-release-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    path = root.appendingPathComponent("work").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    if initialise { try git("init", "-q", "-b", branch) }
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  /// Moves the commit clock forward, e.g. to make later commits days newer.
  func advanceClock(days: Int) { clock += days * 86_400 }

  static let baseEnvironment: [String: String] = [
    "GIT_AUTHOR_NAME": "Ada Test", "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Test", "GIT_COMMITTER_EMAIL": "ada@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
  ]

  /// Runs git in `directory` (default: the work tree); throws with git's stderr on failure.
  @discardableResult
  func git(_ arguments: String..., in directory: String? = nil) throws -> String {
    try gitArgs(arguments, in: directory)
  }

  @discardableResult
  func gitArgs(_ arguments: [String], in directory: String? = nil) throws -> String {
    clock += 60
    var env = Self.baseEnvironment
    env["GIT_AUTHOR_DATE"] = "\(clock) +0000"
    env["GIT_COMMITTER_DATE"] = "\(clock) +0000"
    let out = ProcessGitClient().run(arguments, in: directory ?? path, environment: env)
    guard out.succeeded else {
      throw NSError(
        domain: "git", code: Int(out.status),
        userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): \(out.stderr)"])
    }
    return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Commits a change to `file` (default: a file named after the message).
  @discardableResult
  func commit(_ message: String, file: String? = nil) throws -> String {
    let name = file ?? "files/\(abs(message.hashValue) % 100_000).txt"
    let url = URL(fileURLWithPath: path).appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let old = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    try (old + message + "\n").write(to: url, atomically: true, encoding: .utf8)
    try git("add", "-A")
    try git("commit", "-q", "-m", message)
    return try head()
  }

  func head() throws -> String { try git("rev-parse", "HEAD") }

  /// A merge request as GitLab merges it: branch off HEAD, commits, `--no-ff` merge with `message`.
  @discardableResult
  func mergeRequest(
    _ branch: String, commits: [String] = ["work"], message: String? = nil, into target: String = "main",
    file: String? = nil
  ) throws -> String {
    try git("checkout", "-q", "-b", branch)
    for text in commits { try commit("\(text) on \(branch)", file: file) }
    try git("checkout", "-q", target)
    let title =
      message ?? "Merge branch '\(branch)' into '\(target)'\n\nTitle\n\nSee merge request group/project!1"
    try git("merge", "-q", "--no-ff", "-m", title, branch)
    return try head()
  }

  /// A bare repository next to the work tree, set as `origin` and pushed to.
  @discardableResult
  func makeOrigin(name: String = "origin.git") throws -> String {
    let bare = root.appendingPathComponent(name).path
    try git("init", "-q", "--bare", "-b", "main", bare, in: root.path)
    try git("remote", "add", "origin", bare)
    try git("push", "-q", "origin", "HEAD:refs/heads/main", "--tags")
    return bare
  }

  /// A further clone of `source` inside the scratch directory.
  func clone(_ source: String, name: String, extra: [String] = []) throws -> String {
    let target = root.appendingPathComponent(name).path
    try gitArgs(["clone", "-q"] + extra + [source, target], in: root.path)
    return target
  }

  func planner(
    _ configuration: VersionConfiguration = VersionConfiguration(), context: BranchContext = BranchContext(),
    directory: String? = nil
  ) -> VersionPlanner {
    VersionPlanner(directory: directory ?? path, configuration: configuration, context: context)
  }

  /// Runs the planner and fails the test on an error.
  func plan(
    _ configuration: VersionConfiguration = VersionConfiguration(), context: BranchContext = BranchContext(),
    directory: String? = nil, file: StaticString = #filePath, line: UInt = #line
  ) throws -> (VersionPlan, [Diagnosticish]) {
    let outcome = planner(configuration, context: context, directory: directory).plan()
    let plan = try XCTUnwrap(outcome.value, "no plan: \(outcome.diagnostics)", file: file, line: line)
    return (plan, outcome.diagnostics.map { Diagnosticish(code: $0.code.rawValue, message: $0.message) })
  }
}

/// Code and message of a diagnostic, enough for assertions.
struct Diagnosticish: Equatable {
  var code: String
  var message: String
}

/// `Fixtures/git-http-server.py`: `git http-backend` behind basic auth on 127.0.0.1, free port.
final class GitHTTPServer {
  let process = Process()
  let port: Int

  init(root: String, user: String, password: String) throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/git-http-server.py").path
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, root, user, "FIXTURE_PASSWORD"]
    var env = ProcessInfo.processInfo.environment
    // The password reaches the server through its environment, never its command line.
    env["FIXTURE_PASSWORD"] = password
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = pipe.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    guard
      let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      process.terminate()
      throw NSError(
        domain: "GitHTTPServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "server did not start"])
    }
    self.port = port
  }

  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  deinit { stop() }
}

/// The built `slipway` executable next to the test bundle (or `$SLIPWAY_BINARY`), if any.
enum SlipwayBinary {
  static var path: String? {
    if let explicit = ProcessInfo.processInfo.environment["SLIPWAY_BINARY"] { return explicit }
    let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
    var directory = bundle.deletingLastPathComponent()
    // macOS runs tests from inside `X.xctest/Contents/MacOS`.
    if directory.path.contains(".xctest/") {
      while directory.path.contains(".xctest") { directory = directory.deletingLastPathComponent() }
    }
    let candidate = directory.appendingPathComponent("slipway").path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Starts `slipway arguments` in `directory`; call `wait` on the returned handle.
  static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
    -> Running
  {
    let binary = try XCTUnwrap(path)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = ProcessInfo.processInfo.environment.merging(GitFixture.baseEnvironment) { $1 }
      .merging(environment) { $1 }
    let running = Running(process: process)
    try process.run()
    return running
  }

  static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
    -> Result
  {
    try start(arguments, in: directory, environment: environment).wait()
  }

  final class Running {
    let process: Process
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "slipway-out-\(UUID().uuidString)")
    let err = FileManager.default.temporaryDirectory.appendingPathComponent(
      "slipway-err-\(UUID().uuidString)")

    init(process: Process) {
      self.process = process
      FileManager.default.createFile(atPath: out.path, contents: nil)
      FileManager.default.createFile(atPath: err.path, contents: nil)
      process.standardOutput = try? FileHandle(forWritingTo: out)
      process.standardError = try? FileHandle(forWritingTo: err)
    }

    func wait() -> Result {
      process.waitUntilExit()
      defer {
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
      }
      return Result(
        status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
  }
}
