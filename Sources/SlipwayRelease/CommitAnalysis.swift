/// Why a version moves: the bump and the commit that asked for it.
public struct BumpCause: Sendable, Equatable {
  public var bump: Bump
  /// Abbreviated commit id.
  public var commit: String
  /// Branch name (merge-branch) or commit header (conventional).
  public var subject: String
}

/// Reads merge messages in GitLab's and git's formats.
enum MergeMessage {
  /// The source branch of a merge message, or `nil` when the subject names none.
  ///
  /// Recognised: `Merge branch 'x' into 'main'` (GitLab), `Merge branch 'x'` / `… into main` /
  /// `… of <url> into main` (git), `Merge remote-tracking branch 'origin/x'`,
  /// `Merge pull request #1 from owner/x`.
  static func sourceBranch(ofSubject subject: Substring) -> String? {
    if let branch = quoted(after: "Merge branch '", in: subject) { return branch }
    if let branch = quoted(after: "Merge remote-tracking branch '", in: subject) {
      // `origin/feature/x` → `feature/x`: drop the remote name.
      guard let slash = branch.firstIndex(of: "/") else { return branch }
      return String(branch[branch.index(after: slash)...])
    }
    if subject.hasPrefix("Merge pull request #"), let from = subject.firstRange(of: " from ") {
      let rest = subject[from.upperBound...].split(separator: " ").first ?? ""
      // `owner/feature/x`: the first component is the fork's owner.
      guard let slash = rest.firstIndex(of: "/") else { return String(rest) }
      return String(rest[rest.index(after: slash)...])
    }
    return nil
  }

  /// A squash or fast-forward merge request commit: its title carries `(!N)` or its message
  /// GitLab's `See merge request group/project!N` trailer.
  static func isMergeRequestCommit(_ message: String) -> Bool {
    if message.contains("See merge request ") { return true }
    let subject = message.split(separator: "\n", maxSplits: 1).first ?? ""
    return mergeRequestSuffix(in: subject) != nil
  }

  /// The branch named by a squash commit: a `Merge branch '…'` line in its message, or a title
  /// that starts with the branch itself (GitLab derives default MR titles from branch names).
  static func sourceBranch(ofSquash message: String, configuration: VersionConfiguration) -> String? {
    for line in message.split(separator: "\n") {
      if let branch = sourceBranch(ofSubject: line.drop { $0 == " " }) { return branch }
    }
    var title = message.split(separator: "\n", maxSplits: 1).first ?? ""
    if let suffix = mergeRequestSuffix(in: title) { title = title[..<suffix] }
    title = title.drop { $0 == " " }
    let token = title.split(separator: " ").first.map { $0.hasSuffix(":") ? $0.dropLast() : $0 } ?? ""
    return configuration.bump(forBranch: String(token)) != nil ? String(token) : nil
  }

  private static func quoted(after opening: String, in subject: Substring) -> String? {
    guard subject.hasPrefix(opening) else { return nil }
    let rest = subject.dropFirst(opening.count)
    guard let close = rest.firstIndex(of: "'") else { return nil }
    return String(rest[..<close])
  }

  /// Start of a trailing ` (!123)` or ` (group/project!123)`.
  private static func mergeRequestSuffix(in title: Substring) -> Substring.Index? {
    let trimmed = title.trimmingSuffix(" ")
    guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
    let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
    guard let bang = inner.lastIndex(of: "!"), !inner[inner.index(after: bang)...].isEmpty,
      inner[inner.index(after: bang)...].allSatisfy(\.isNumber), !inner.contains(" ")
    else { return nil }
    return open
  }
}

/// Conventional Commits headers and footers.
enum ConventionalCommit {
  /// The bump a message asks for, or `nil` when it is not a bumping conventional commit.
  static func bump(of message: String, configuration: VersionConfiguration) -> Bump? {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.dropFirst().contains(where: {
      $0.hasPrefix("BREAKING CHANGE:") || $0.hasPrefix("BREAKING-CHANGE:")
    }) {
      return .major
    }
    guard let header = lines.first, let (type, breaking) = parseHeader(header) else { return nil }
    if breaking { return .major }
    if configuration.minorTypes.contains(type) { return .minor }
    if configuration.patchTypes.contains(type) { return .patch }
    return nil
  }

  /// `type(scope)!: description` → (`type`, `!` present); `nil` when not conventional.
  static func parseHeader(_ header: Substring) -> (String, Bool)? {
    var index = header.startIndex
    while index < header.endIndex, header[index].isASCII, header[index].isLetter || header[index].isNumber {
      index = header.index(after: index)
    }
    guard index > header.startIndex, index < header.endIndex else { return nil }
    let type = header[..<index].lowercased()
    var rest = header[index...]
    if rest.first == "(" {
      guard let close = rest.firstIndex(of: ")") else { return nil }
      rest = rest[rest.index(after: close)...]
    }
    var breaking = false
    if rest.first == "!" {
      breaking = true
      rest = rest.dropFirst()
    }
    guard rest.hasPrefix(": "), rest.count > 2 else { return nil }
    return (type, breaking)
  }
}

/// The bump the commits since the current tag ask for, under one strategy.
struct HistoryAnalysis: Sendable {
  var bump: Bump?
  var causes: [BumpCause]
  /// Source branches of merges whose prefix maps to no bump.
  var unknownBranches: [String]

  /// Merges on the first-parent chain (merges *into* this branch), plus merge-request squash commits.
  static func mergeBranch(
    firstParentChain: [CommitRecord], configuration: VersionConfiguration, excludedBranches: Set<String>
  ) -> HistoryAnalysis {
    var result = HistoryAnalysis(bump: nil, causes: [], unknownBranches: [])
    for commit in firstParentChain {
      let branch: String?
      if commit.isMerge {
        branch = MergeMessage.sourceBranch(ofSubject: commit.subject)
      } else if MergeMessage.isMergeRequestCommit(commit.message) {
        branch = MergeMessage.sourceBranch(ofSquash: commit.message, configuration: configuration)
      } else {
        continue
      }
      guard let branch, !excludedBranches.contains(branch) else { continue }
      guard let bump = configuration.bump(forBranch: branch) else {
        result.unknownBranches.append(branch)
        continue
      }
      result.record(BumpCause(bump: bump, commit: String(commit.sha.prefix(8)), subject: branch))
    }
    return result
  }

  /// Every commit in the range, merged branches included (that is where `feat:` commits live).
  static func conventional(commits: [CommitRecord], configuration: VersionConfiguration) -> HistoryAnalysis {
    var result = HistoryAnalysis(bump: nil, causes: [], unknownBranches: [])
    for commit in commits {
      guard let bump = ConventionalCommit.bump(of: commit.message, configuration: configuration) else {
        continue
      }
      result.record(
        BumpCause(bump: bump, commit: String(commit.sha.prefix(8)), subject: String(commit.subject)))
    }
    return result
  }

  private mutating func record(_ cause: BumpCause) {
    causes.append(cause)
    if bump.map({ cause.bump > $0 }) ?? true { bump = cause.bump }
  }

  /// The first (newest) cause of the winning bump.
  var decisiveCause: BumpCause? { causes.first { $0.bump == bump } }
}

extension Substring {
  func trimmingSuffix(_ character: Character) -> Substring {
    var result = self
    while result.last == character { result = result.dropLast() }
    return result
  }
}
