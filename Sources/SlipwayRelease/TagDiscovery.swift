import Foundation
import SlipwayCore

/// Picks the current release: the highest release tag (semver order, prereleases excluded)
/// whose commit is reachable from HEAD.
struct TagDiscovery: Sendable {
  var repository: GitRepository
  var configuration: VersionConfiguration

  /// The current release, how many release candidates exist at all, and the names that carry the
  /// prefix but do not parse. `remote` adds tags known only from `ls-remote`.
  func current(head: String, local: [TagRef], remote: [TagRef]) -> (CurrentRelease?, Int, [String]) {
    let prefix = configuration.tagPrefix
    var releases: [CurrentRelease] = []
    var unparsable: [String] = []
    let localNames = Set(local.map(\.name))
    for tag in local + remote.filter({ !localNames.contains($0.name) }) where tag.name.hasPrefix(prefix) {
      let rest = tag.name.dropFirst(prefix.count)
      // Only names that look like versions deserve a note when they do not parse.
      guard let first = rest.first, first.isASCII, first.isNumber else { continue }
      guard let version = SemanticVersion(rest) else {
        unparsable.append(tag.name)
        continue
      }
      if !version.isPrerelease { releases.append(CurrentRelease(tag: tag, version: version)) }
    }
    return (reachable(releases, head: head), releases.count, unparsable)
  }

  /// Highest candidate reachable from HEAD. Cheap checks first (`merge-base --is-ancestor` costs
  /// a walk of the commits between the two); one exact walk of HEAD's history otherwise.
  private func reachable(_ candidates: [CurrentRelease], head: String) -> CurrentRelease? {
    // Usually the highest version is reachable: find it in O(n), sort only when it is not.
    guard let best = candidates.max(by: Self.ordered) else { return nil }
    if best.tag.commit == head { return best }
    switch check([best], head: head) {
    case .found(let release): return release
    case .walk: return exactWalk(candidates.sorted { Self.ordered($1, $0) }, head: head)
    case .notFound: break
    }
    let sorted = candidates.sorted { Self.ordered($1, $0) }
    let next = Array(sorted.dropFirst().prefix(HistoryCompleterLimits.candidateChecks))
    if case .found(let release) = check(next, head: head) { return release }
    return exactWalk(sorted, head: head)
  }

  private enum CheckResult {
    case found(CurrentRelease)
    case notFound
    /// A candidate is newer than HEAD: `is-ancestor` would be slow, walk instead.
    case walk
  }

  /// Without generation numbers, asking whether a tag newer than HEAD is its ancestor walks
  /// everything in between (0.8 s on 100k commits): dates pick the method, never the answer.
  private func check(_ candidates: [CurrentRelease], head: String) -> CheckResult {
    let dates = repository.commitDates([head] + candidates.map(\.tag.commit))
    guard let headDate = dates[head] else { return .walk }
    for candidate in candidates {
      if candidate.tag.commit == head { return .found(candidate) }
      guard let date = dates[candidate.tag.commit] else { continue }  // not in this (shallow) clone
      if date > headDate + Self.clockSkew { return .walk }
      if repository.isAncestor(candidate.tag.commit, of: head) == true { return .found(candidate) }
    }
    return .notFound
  }

  /// One `rev-list` of HEAD's history, intersected with the candidates in-process.
  private func exactWalk(_ sorted: [CurrentRelease], head: String) -> CurrentRelease? {
    let reachable = repository.reachableCommits(from: head, among: Set(sorted.map(\.tag.commit)))
    return sorted.first { reachable.contains($0.tag.commit) }
  }

  /// Committer clocks disagree; a day of slack keeps the cheap path for ordinary skew.
  static let clockSkew = 86_400

  /// Semver order, then name, so equal versions (`v1.0.0`, `v1.0.0+b`) pick deterministically.
  static func ordered(_ lhs: CurrentRelease, _ rhs: CurrentRelease) -> Bool {
    lhs.version != rhs.version ? lhs.version < rhs.version : lhs.tag.name > rhs.tag.name
  }

  /// The remote's tags with the release prefix, peeled, from one `ls-remote`.
  func remoteTags(url: String, credentials: GitCredentials?) -> Result<[TagRef], Diagnostic> {
    let arguments = ["ls-remote", "--tags", configuration.remote, "refs/tags/\(configuration.tagPrefix)*"]
    let out = repository.runAgainstRemote(arguments, url: url, credentials: credentials)
    guard out.succeeded else {
      let detail = repository.masked(out.stderr, credentials: credentials, remoteURL: url)
      return .failure(
        .warning(
          ReleaseCode.historyFetched,
          "no release tag is reachable and the tags of '\(configuration.remote)' could not be listed: \(detail)"
        ))
    }
    var stdout = out.stdout
    return .success(stdout.withUTF8 { GitRepository.parseShowRef($0) })
  }
}
