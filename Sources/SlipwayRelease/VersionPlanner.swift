import Foundation
import SlipwayCore

/// A result plus everything worth telling the user about how it was reached.
public struct ReleaseOutcome<Value: Sendable>: Sendable {
  /// `nil` when an error diagnostic explains why there is no result.
  public var value: Value?
  public var diagnostics: [Diagnostic]

  public init(value: Value?, diagnostics: [Diagnostic]) {
    self.value = value
    self.diagnostics = diagnostics
  }
}

/// Computes `slipway version next`: the current release, the bump and the next version.
///
/// Cost on a 100,000-commit repository: one `rev-parse`, one `show-ref` (packed, peeled tags),
/// usually one `merge-base --is-ancestor`, and one `git log` of the commits since the tag —
/// never a walk of the whole history (except to prove there is no tag at all).
public struct VersionPlanner: Sendable {
  public var configuration: VersionConfiguration
  public var context: BranchContext
  public var credentials: GitCredentials?
  var repository: GitRepository

  public init(
    directory: String, configuration: VersionConfiguration = VersionConfiguration(),
    context: BranchContext = BranchContext(), credentials: GitCredentials? = nil,
    git: any GitClient = ProcessGitClient()
  ) {
    self.configuration = configuration
    self.context = context
    self.credentials = credentials
    self.repository = GitRepository(git: git, directory: directory)
  }

  public func plan() -> ReleaseOutcome<VersionPlan> {
    var diagnostics: [Diagnostic] = []
    let state: GitRepository.HeadState
    switch repository.headState() {
    case .success(let value): state = value
    case .failure(let diagnostic): return ReleaseOutcome(value: nil, diagnostics: [diagnostic])
    }
    guard let head = state.head else {
      return ReleaseOutcome(
        value: nil,
        diagnostics: [.error(ReleaseCode.noCommits, "HEAD has no commit yet; there is nothing to version")])
    }
    let history = HistoryCompleter(
      repository: repository, configuration: configuration, credentials: credentials)
    let (completed, failures) = history.complete(state: state, head: head)
    guard let found = completed else { return ReleaseOutcome(value: nil, diagnostics: failures) }
    diagnostics += found.notes
    let plan = decide(found: found, head: head, state: state, diagnostics: &diagnostics)
    return ReleaseOutcome(value: plan, diagnostics: diagnostics)
  }

  // MARK: - Deciding

  private func decide(
    found: CompletedHistory, head: String, state: GitRepository.HeadState, diagnostics: inout [Diagnostic]
  ) -> VersionPlan {
    let branch = context.branch ?? state.branch
    let defaultBranch = context.defaultBranch ?? configuration.defaultBranch
    let isPreview: Bool
    if context.mergeRequestIID != nil {
      isPreview = true
    } else if let branch {
      isPreview = defaultBranch.map { branch != $0 } ?? !["main", "master"].contains(branch)
    } else {
      isPreview = false
      if context.tag == nil {
        diagnostics.append(
          .info(
            ReleaseCode.detachedHead,
            "HEAD is detached and no branch is known; treating it as the release branch",
            help: "GitLab sets CI_COMMIT_BRANCH; elsewhere pass --branch"))
      }
    }
    var plan = VersionPlan(
      current: found.current?.version, currentTag: found.current?.tag.name, next: nil, bump: nil, tag: nil,
      reason: "", commits: found.commitCount, strategy: nil, preview: isPreview, headTagged: false,
      head: head,
      fetched: found.fetched)

    guard let current = found.current else {
      let first = configuration.initialVersion
      plan.next = isPreview ? preview(first, branch: branch, commits: found.commitCount) : first
      plan.tag = plan.next.map(configuration.tagName(for:))
      plan.reason =
        "no release tag matching '\(configuration.tagPrefix)X.Y.Z' is reachable from HEAD: first version \(first)"
      return plan
    }
    if current.tag.commit == head {
      plan.headTagged = true
      plan.tag = current.tag.name
      plan.reason = "HEAD is already tagged \(current.tag.name)"
      plan.commits = 0
      return plan
    }

    let excluded = Set([defaultBranch, branch, "main", "master"].compactMap { $0 })
    let merges = HistoryAnalysis.mergeBranch(
      firstParentChain: found.firstParentChain, configuration: configuration, excludedBranches: excluded)
    let conventional = HistoryAnalysis.conventional(commits: found.commits, configuration: configuration)
    var (analysis, strategy) = (merges, VersionStrategy.mergeBranch)
    switch configuration.strategy {
    case .mergeBranch: break
    case .conventional: (analysis, strategy) = (conventional, .conventional)
    case .auto: if merges.bump == nil { (analysis, strategy) = (conventional, .conventional) }
    }
    if !merges.unknownBranches.isEmpty && strategy == .mergeBranch {
      let names = Array(Set(merges.unknownBranches)).sorted()
      diagnostics.append(
        .info(
          ReleaseCode.unknownBranches,
          "\(merges.unknownBranches.count) merge(s) of branches with no configured prefix do not bump: "
            + names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : ""),
          help: "map more prefixes in .slipway.yml (version: branches:)"))
    }
    var bump = analysis.bump
    var reason = analysis.decisiveCause.map { cause in
      strategy == .mergeBranch
        ? "\(cause.subject) merged in \(cause.commit) → \(cause.bump.rawValue)"
        : "\"\(cause.subject)\" (\(cause.commit)) → \(cause.bump.rawValue)"
    }
    // A merge request's own branch will be merged: its prefix counts for the preview.
    if isPreview, configuration.strategy != .conventional, let branch,
      let branchBump = configuration.bump(forBranch: branch),
      bump.map({ branchBump > $0 }) ?? true
    {
      bump = branchBump
      strategy = .mergeBranch
      reason = "branch \(branch) will merge as \(branchBump.rawValue)"
    }
    plan.strategy = strategy
    let since = "\(found.commitCount) commit(s) since \(current.tag.name)"
    guard var bump, let reason else {
      plan.reason =
        "nothing to release: no commit since \(current.tag.name) asks for a bump (\(found.commitCount) commit(s), \(strategy.rawValue))"
      return plan
    }
    var note = ""
    if bump == .major && current.version.major == 0 && configuration.majorVersionZero {
      bump = .minor
      note = "; breaking change bumps minor while the major version is 0"
    }
    let next = current.version.bumped(bump)
    plan.bump = bump
    plan.next = isPreview ? preview(next, branch: branch, commits: found.commitCount) : next
    plan.tag = plan.next.map(configuration.tagName(for:))
    plan.reason = "\(reason) (\(strategy.rawValue); \(since)\(note))"
    return plan
  }

  private func preview(_ version: SemanticVersion, branch: String?, commits: Int) -> SemanticVersion {
    PreviewVersion.make(
      next: version, format: configuration.previewFormat, branch: branch, commits: commits, context: context)
  }
}
