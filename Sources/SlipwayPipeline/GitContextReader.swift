import Foundation
import SlipwayCore

/// Reads commit facts and changed files from the local git repository, for predefined variables and
/// `rules:changes`. Every answer is optional: outside a repository the context keeps placeholders.
public struct GitContextReader: Sendable {
  public var directory: String
  public var runner: ProcessRunner

  public init(directory: String, runner: ProcessRunner = SystemProcessRunner()) {
    self.directory = directory
    self.runner = runner
  }

  private func git(_ args: [String]) -> String? {
    let out = runner.run("git", ["-C", directory] + args, in: nil)
    guard out.status == 0 else { return nil }
    return String(decoding: out.stdout, as: UTF8.self)
  }

  /// The HEAD commit: SHA, parent, message, author and timestamp.
  public func headCommit() -> CommitInfo? {
    // Fields separated by NUL so messages may hold any text.
    guard let text = git(["log", "-1", "--format=%H%x00%P%x00%an%x00%ae%x00%cI%x00%B"]) else { return nil }
    let fields = text.split(separator: "\u{0}", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
    guard fields.count == 6 else { return nil }
    let parent = fields[1].split(separator: " ").first.map(String.init) ?? String(repeating: "0", count: 40)
    return CommitInfo(
      sha: fields[0], beforeSHA: parent, message: fields[5].trimmingCharacters(in: .newlines),
      authorName: fields[2], authorEmail: fields[3], timestamp: fields[4])
  }

  /// The current branch, when HEAD is on one.
  public func currentBranch() -> String? {
    guard let name = git(["rev-parse", "--abbrev-ref", "HEAD"])?.trimmingCharacters(in: .whitespacesAndNewlines),
      !name.isEmpty, name != "HEAD"
    else { return nil }
    return name
  }

  /// Files changed between `base` and HEAD (`git diff --name-only base...HEAD`, as GitLab compares a
  /// merge request with its target's merge base).
  public func changedFiles(since base: String) -> [String]? {
    guard let text = git(["diff", "--name-only", "\(base)...HEAD"]) else { return nil }
    return text.split(separator: "\n").map(String.init)
  }

  /// Files changed by the HEAD commit (a push compares with the previous commit).
  public func changedFilesOfHead() -> [String]? {
    guard let text = git(["diff-tree", "--no-commit-id", "--name-only", "-r", "--root", "HEAD"]) else { return nil }
    return text.split(separator: "\n").map(String.init)
  }

  /// Fills commit facts and changed files that the context does not fix yet.
  public func enrich(_ context: inout PipelineContext) {
    if let commit = headCommit() { context.commit = commit }
    if context.changedFiles == nil, context.hasChangeSet {
      if let mr = context.mergeRequest {
        context.changedFiles = changedFiles(since: mr.targetBranch) ?? changedFiles(since: "origin/" + mr.targetBranch)
      } else if !context.ref.isTag {
        context.changedFiles = changedFilesOfHead()
      }
    }
    let reader = self
    context.changedFilesAgainst = { ref in reader.changedFiles(since: ref) }
  }
}

/// Variable files: YAML `variables:` maps (a shared `group-vars.yml`, or a bare mapping) and dotenv.
public enum VariableFiles {
  /// Parses `text`; YAML when the file name ends in `.yml`/`.yaml`, dotenv otherwise.
  public static func parse(_ text: String, fileName: String) -> [String: String] {
    if fileName.hasSuffix(".yml") || fileName.hasSuffix(".yaml") { return parseYAML(text) }
    return parseDotenv(text)
  }

  /// `KEY=VALUE` lines; `#` comments, `export ` prefixes and matching quotes allowed.
  public static func parseDotenv(_ text: String) -> [String: String] {
    var out: [String: String] = [:]
    for raw in text.split(separator: "\n") {
      var line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
      guard let eq = line.firstIndex(of: "="), eq != line.startIndex else { continue }
      let key = line[..<eq].trimmingCharacters(in: .whitespaces)
      var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
        value = String(value.dropFirst().dropLast())
      }
      out[key] = value
    }
    return out
  }

  /// A YAML mapping, or its `variables:` section; long-form values (`{value: …}`) read as `value`.
  public static func parseYAML(_ text: String) -> [String: String] {
    guard let root = try? YAMLVariables.load(text) else { return [:] }
    return root
  }
}
