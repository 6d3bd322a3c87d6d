import Foundation
import SlipwayCore

/// A tag as listed by `git show-ref --tags -d`: the ref's own object and the commit it peels to.
public struct TagRef: Sendable, Hashable {
  public var name: String
  /// The tag object for annotated tags, the commit for lightweight ones.
  public var object: String
  public var commit: String
}

/// One commit of `git log`, parsed in-process.
struct CommitRecord: Sendable {
  var sha: String
  var parents: [String]
  var message: String

  var subject: Substring {
    message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
  }
  var isMerge: Bool { parents.count > 1 }
}

/// An error from git with the command and git's own words.
public struct GitFailure: Error, Sendable, CustomStringConvertible {
  public var arguments: [String]
  public var output: ProcessOutput
  public var description: String {
    let detail = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    return "git \(arguments.joined(separator: " ")) failed (exit \(output.status))"
      + (detail.isEmpty ? "" : ": \(detail)")
  }
}

/// The git queries release logic needs, each one process, output parsed in-process.
struct GitRepository: Sendable {
  var git: any GitClient
  var directory: String

  struct HeadState: Sendable {
    var gitDirectory: String
    var isShallow: Bool
    /// `nil` before the first commit.
    var head: String?
    /// `refs/heads/…` short name, `nil` when detached.
    var branch: String?
  }

  /// One `rev-parse` for git dir, shallowness and HEAD; the branch comes from reading `HEAD`.
  func headState() -> Result<HeadState, Diagnostic> {
    let out = git.run(["rev-parse", "--absolute-git-dir", "--is-shallow-repository", "HEAD"], in: directory)
    let lines = out.stdout.split(separator: "\n").map(String.init)
    guard lines.count >= 2, lines[0].hasPrefix("/") else {
      return .failure(
        .error(
          ReleaseCode.notARepository, "'\(directory)' is not inside a git repository",
          help: "run slipway version from the project's clone (GitLab checks it out in $CI_PROJECT_DIR)"))
    }
    let head = out.succeeded && lines.count >= 3 && lines[2].count >= 40 ? lines[2] : nil
    var branch: String?
    if let text = try? String(contentsOfFile: lines[0] + "/HEAD", encoding: .utf8),
      text.hasPrefix("ref: refs/heads/")
    {
      branch = String(
        text.dropFirst("ref: refs/heads/".count).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return .success(
      HeadState(gitDirectory: lines[0], isShallow: lines[1] == "true", head: head, branch: branch))
  }

  /// Every tag with its peeled commit, from one `show-ref` (which uses packed-refs' peeled values).
  func tags() -> [TagRef] {
    var stdout = git.run(["show-ref", "--tags", "-d"], in: directory).stdout
    // Thousands of lines: parse bytes, make Strings only for the fields kept.
    return stdout.withUTF8 { Self.parseShowRef($0) }
  }

  /// `<sha> refs/tags/<name>` lines (space or tab, as `show-ref` and `ls-remote` write them); a
  /// `<sha> refs/tags/<name>^{}` line right after its tag names the commit an annotated tag points to.
  static func parseShowRef(_ bytes: UnsafeBufferPointer<UInt8>) -> [TagRef] {
    let prefix = Array("refs/tags/".utf8)
    var tags: [TagRef] = []
    var lineStart = 0
    while lineStart < bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      defer { lineStart = lineEnd + 1 }
      var space = lineStart
      while space < lineEnd && bytes[space] != UInt8(ascii: " ") && bytes[space] != UInt8(ascii: "\t") {
        space += 1
      }
      let nameStart = space + 1 + prefix.count
      guard nameStart < lineEnd, bytes[(space + 1)..<nameStart].elementsEqual(prefix) else { continue }
      let sha = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<space]), as: UTF8.self)
      var nameEnd = lineEnd
      let peeled =
        lineEnd - nameStart > 3 && bytes[lineEnd - 3] == UInt8(ascii: "^")
        && bytes[lineEnd - 2] == UInt8(ascii: "{")
        && bytes[lineEnd - 1] == UInt8(ascii: "}")
      if peeled { nameEnd -= 3 }
      let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
      if peeled {
        if let last = tags.indices.last, tags[last].name == name { tags[last].commit = sha }
      } else {
        tags.append(TagRef(name: name, object: sha, commit: sha))
      }
    }
    return tags
  }

  /// `true` when `ancestor` is reachable from `descendant`; `nil` when git cannot tell
  /// (e.g. the commit is missing from a shallow clone).
  func isAncestor(_ ancestor: String, of descendant: String) -> Bool? {
    let out = git.run(["merge-base", "--is-ancestor", ancestor, descendant], in: directory)
    switch out.status {
    case 0: return true
    case 1: return false
    default: return nil
    }
  }

  /// Committer dates (Unix seconds) of the commits git has; missing ones are left out.
  func commitDates(_ commits: [String]) -> [String: Int] {
    let out = git.run(
      ["log", "--no-walk=unsorted", "--ignore-missing", "--format=%H %ct"] + commits, in: directory)
    var dates: [String: Int] = [:]
    for line in out.stdout.split(separator: "\n") {
      let fields = line.split(separator: " ")
      if fields.count == 2, let date = Int(fields[1]) { dates[String(fields[0])] = date }
    }
    return dates
  }

  /// Which of `commits` are reachable from `tip`: one walk of its history (bounded by a shallow
  /// clone's boundary).
  func reachableCommits(from tip: String, among commits: Set<String>) -> Set<String> {
    var stdout = git.run(["rev-list", tip], in: directory).stdout
    var found = Set<String>()
    stdout.withUTF8 { bytes in
      var start = 0
      for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
        let sha = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if commits.contains(sha) { found.insert(sha) }
        start = index + 1
      }
    }
    return found
  }

  /// Commits of `range` (`a..b` or a single tip), optionally only those touching `paths`.
  func log(_ range: String, paths: [String] = [], firstParent: Bool = false) -> Result<
    [CommitRecord], GitFailure
  > {
    var arguments = ["log", "-z", "--no-color", "--format=%H%x1f%P%x1f%B"]
    if firstParent { arguments.append("--first-parent") }
    if !paths.isEmpty && !firstParent { arguments.append("--full-history") }
    arguments.append(range)
    if !paths.isEmpty { arguments += ["--"] + paths }
    let out = git.run(arguments, in: directory)
    guard out.succeeded else { return .failure(GitFailure(arguments: arguments, output: out)) }
    var commits: [CommitRecord] = []
    for record in out.stdout.split(separator: "\0") {
      let fields = record.split(separator: "\u{1f}", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let sha = fields[0].trimmingCharacters(in: .whitespacesAndNewlines)
      commits.append(
        CommitRecord(
          sha: sha, parents: fields[1].split(separator: " ").map(String.init),
          message: fields[2].trimmingCharacters(in: .newlines)))
    }
    return .success(commits)
  }

  /// Number of commits reachable from `tip`.
  func commitCount(_ tip: String) -> Int {
    Int(
      git.run(["rev-list", "--count", tip], in: directory).stdout.trimmingCharacters(
        in: .whitespacesAndNewlines)) ?? 0
  }

  /// The shallow boundary commits (`.git/shallow`), empty for a complete clone.
  func shallowCommits(gitDirectory: String) -> Set<String> {
    // A linked worktree keeps `shallow` in the common directory its `commondir` file names.
    var directory = gitDirectory
    if let common = try? String(contentsOfFile: gitDirectory + "/commondir", encoding: .utf8) {
      let path = common.trimmingCharacters(in: .whitespacesAndNewlines)
      directory = path.hasPrefix("/") ? path : gitDirectory + "/" + path
    }
    guard let text = try? String(contentsOfFile: directory + "/shallow", encoding: .utf8) else { return [] }
    return Set(text.split(separator: "\n").map(String.init))
  }

  /// The remote's URL, `nil` when no such remote is configured.
  func remoteURL(_ remote: String) -> String? {
    let out = git.run(["remote", "get-url", remote], in: directory)
    return out.succeeded ? out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
  }

  /// Runs a git command that talks to the remote at `url`; the credentials live only in the
  /// command's environment (never in the config, the URL or the arguments).
  func runAgainstRemote(_ arguments: [String], url: String, credentials: GitCredentials?) -> ProcessOutput {
    git.run(arguments, in: directory, environment: credentials?.environment(remoteURL: url) ?? [:])
  }

  /// Git's words without the token or a password embedded in the remote's URL.
  func masked(_ text: String, credentials: GitCredentials?, remoteURL url: String?) -> String {
    SecretMasker(credentials: credentials, remoteURL: url).mask(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// The commit a ref resolves to.
  func resolveCommit(_ ref: String) -> String? {
    let out = git.run(["rev-parse", "--verify", "-q", ref + "^{commit}"], in: directory)
    return out.succeeded ? out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
  }
}

extension GitRepository {
  /// The object a ref names (not peeled), `nil` when it does not exist.
  func revParse(_ ref: String) -> String? {
    let out = git.run(["rev-parse", "--verify", "-q", ref], in: directory)
    return out.succeeded ? out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
  }
}
