import Foundation
import SlipwayCore

/// The newest release tag reachable from HEAD.
public struct CurrentRelease: Sendable, Equatable {
  public var tag: TagRef
  public var version: SemanticVersion
}

/// History since the current release, proven complete.
struct CompletedHistory: Sendable {
  var current: CurrentRelease?
  /// Commits since the current tag (touching the configured paths, when set), newest first.
  var commits: [CommitRecord]
  /// The first-parent chain from HEAD down to the tag: merges *into* this branch.
  var firstParentChain: [CommitRecord]
  var commitCount: Int
  var fetched: [String]
  var notes: [Diagnostic]
}

/// Finds the current release and the commits since it. In a shallow clone it deepens step by
/// step (`git fetch --deepen`) until the release tag and every commit since it are local; when no
/// release tag is reachable it asks the remote which tags exist (`ls-remote`) instead of guessing.
/// It never answers from partial history: it fails with REL006 instead.
struct HistoryCompleter: Sendable {
  var repository: GitRepository
  var configuration: VersionConfiguration
  var credentials: GitCredentials?

  func complete(state: GitRepository.HeadState, head: String) -> (CompletedHistory?, [Diagnostic]) {
    var notes: [Diagnostic] = []
    var fetched: [String] = []
    var deepenAttempt = 0
    // The remote's release tags, listed once and only when no local tag is reachable.
    var remoteTags: [TagRef]?
    // True once the remote answered: "no release tag anywhere" is then a fact, not a guess.
    var remoteListed = false
    let remote = configuration.remote
    while true {
      let local = repository.tags()
      let discovery = TagDiscovery(repository: repository, configuration: configuration)
      let (current, candidates, unparsable) = discovery.current(
        head: head, local: local, remote: remoteTags ?? [])
      var commits: [CommitRecord] = []
      if let current, current.tag.commit != head {
        switch repository.log("\(current.tag.commit)..\(head)") {
        case .success(let list): commits = list
        case .failure(let failure): return (nil, notes + [.error(ReleaseCode.gitFailed, failure.description)])
        }
      }
      if current == nil, remoteTags == nil, configuration.allowFetch, let url = repository.remoteURL(remote) {
        switch discovery.remoteTags(url: url, credentials: credentials) {
        case .success(let tags):
          remoteTags = tags
          remoteListed = true
          let known = Set(local.map(\.name))
          let unknown = tags.filter { !known.contains($0.name) }
          if !unknown.isEmpty {
            fetched.append(
              "git ls-remote --tags \(remote): \(unknown.count) release tag(s) not in this clone")
            continue
          }
        case .failure(let note):
          remoteTags = []
          notes.append(note)
        }
      }
      let boundary = repository.shallowCommits(gitDirectory: state.gitDirectory)
      let incomplete =
        !boundary.isEmpty
        && (current == nil ? candidates > 0 || !remoteListed : commits.contains { boundary.contains($0.sha) })
      if incomplete {
        let what =
          current == nil ? "no release tag is reachable" : "commits since \(current?.tag.name ?? "") reach"
        switch deepen(
          attempt: deepenAttempt, reason: what, gitDirectory: state.gitDirectory, tagsBefore: local.count)
        {
        case .success(let description):
          fetched.append(description)
          deepenAttempt += 1
          continue
        case .failure(let diagnostic):
          return (nil, notes + [diagnostic])
        }
      }
      if let current, !local.contains(where: { $0.name == current.tag.name }),
        let url = repository.remoteURL(remote)
      {
        // The release tag came from the remote's list: fetch just that ref (its commit is local).
        let ref = "refs/tags/\(current.tag.name)"
        let out = network(["fetch", "--quiet", "--no-tags", remote, "\(ref):\(ref)"], url: url)
        fetched.append("git fetch \(remote) \(ref)" + (out.succeeded ? "" : " failed: \(mask(out.stderr))"))
      }
      if current == nil && !boundary.isEmpty {
        notes.append(
          .info(
            ReleaseCode.historyFetched,
            "no release tag exists here or on '\(remote)': first version; the commit count covers the shallow clone only"
          ))
      }
      if !unparsable.isEmpty {
        notes.append(
          .info(
            ReleaseCode.unparsableTags,
            "ignored \(unparsable.count) tag(s) starting with '\(configuration.tagPrefix)' that are not semantic "
              + "versions: " + unparsable.prefix(5).joined(separator: ", ")
              + (unparsable.count > 5 ? ", …" : "")))
      }
      if !fetched.isEmpty {
        notes.append(
          .info(
            ReleaseCode.historyFetched, "completed the clone to find the release tag",
            notes: fetched.map { Diagnostic.Note($0) }))
      }
      return (filtered(current: current, commits: commits, head: head, fetched: fetched, notes: notes), [])
    }
  }

  /// One deepening step: `--deepen` doubling from `deepenStep`, then `--unshallow`.
  private func deepen(
    attempt: Int, reason what: String, gitDirectory: String, tagsBefore: Int
  ) -> Result<String, Diagnostic> {
    let remote = configuration.remote
    guard configuration.allowFetch else {
      return .failure(partial("\(what) within the shallow clone and fetching is disabled"))
    }
    guard let url = repository.remoteURL(remote) else {
      return .failure(partial("\(what) within the shallow clone and there is no remote '\(remote)'"))
    }
    let depth =
      attempt < HistoryCompleterLimits.deepenSteps
      ? "--deepen=\(configuration.deepenStep << attempt)" : "--unshallow"
    let out = network(["fetch", "--quiet", depth, remote], url: url)
    guard out.succeeded else {
      let failure = "`git fetch \(depth) \(remote)` failed: \(mask(out.stderr))"
      return .failure(partial("\(what) within the shallow clone and \(failure)"))
    }
    if depth == "--unshallow" && !repository.shallowCommits(gitDirectory: gitDirectory).isEmpty {
      return .failure(partial("the clone is still shallow after `git fetch --unshallow`"))
    }
    return .success("git fetch \(depth) \(remote): \(repository.tags().count - tagsBefore) new tag(s)")
  }

  /// Applies the path filter and derives the first-parent chain and the count.
  private func filtered(
    current: CurrentRelease?, commits: [CommitRecord], head: String, fetched: [String], notes: [Diagnostic]
  ) -> CompletedHistory {
    guard let current else {
      let count = repository.commitCount(head)
      return CompletedHistory(
        current: nil, commits: [], firstParentChain: [], commitCount: count, fetched: fetched, notes: notes)
    }
    var chain: [CommitRecord] = []
    let bySha = Dictionary(commits.map { ($0.sha, $0) }, uniquingKeysWith: { first, _ in first })
    var cursor = bySha[head]
    while let commit = cursor {
      chain.append(commit)
      cursor = commit.parents.first.flatMap { bySha[$0] }
    }
    var relevant = commits
    if !configuration.paths.isEmpty {
      let range = "\(current.tag.commit)..\(head)"
      let paths = configuration.paths
      relevant = (try? repository.log(range, paths: paths).get()) ?? []
      let firstParent = (try? repository.log(range, paths: paths, firstParent: true).get()) ?? []
      let touching = Set(firstParent.map(\.sha))
      chain = chain.filter { touching.contains($0.sha) }
    }
    return CompletedHistory(
      current: current, commits: relevant, firstParentChain: chain, commitCount: relevant.count,
      fetched: fetched, notes: notes)
  }

  private func network(_ arguments: [String], url: String) -> ProcessOutput {
    repository.runAgainstRemote(arguments, url: url, credentials: credentials)
  }

  private func mask(_ text: String) -> String {
    repository.masked(text, credentials: credentials, remoteURL: repository.remoteURL(configuration.remote))
  }

  private func partial(_ message: String) -> Diagnostic {
    .error(
      ReleaseCode.partialHistory, "refusing to compute a version from partial history: \(message)",
      help: "let slipway fetch (allow network access to the remote) or clone with GIT_DEPTH: 0")
  }
}

enum HistoryCompleterLimits {
  /// Semver-ordered candidates checked one by one before one full `tag --merged` walk.
  static let candidateChecks = 6
  /// Doubling `--deepen` steps before the rest of the history is fetched at once.
  static let deepenSteps = 6
}
