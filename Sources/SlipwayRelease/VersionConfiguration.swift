import Foundation

/// How the next version is derived from history.
public enum VersionStrategy: String, Sendable, Codable, CaseIterable {
  /// The talk's auto-semver: bump from the names of merged branches (`feature/` → minor …).
  case mergeBranch = "merge-branch"
  /// Conventional Commits (`feat` → minor, `fix`/`perf` → patch, `!`/`BREAKING CHANGE:` → major).
  case conventional
  /// `mergeBranch` when the commits since the tag hold merges of known branches, else `conventional`.
  case auto
}

/// Everything `slipway version` can be told, from the `version:` section of `.slipway.yml`
/// with command-line flags applied on top. Plain data: SlipwayRelease never reads YAML itself.
public struct VersionConfiguration: Sendable, Equatable {
  public var strategy: VersionStrategy
  /// Text in front of the version in a release tag: `v`, `payments/v`, or empty.
  public var tagPrefix: String
  /// Only commits touching these paths count (monorepos); empty means the whole repository.
  public var paths: [String]
  /// Branch-name prefix → bump for the merge-branch strategy; the longest matching prefix wins.
  public var branchBumps: [String: Bump]
  /// The version used when no release tag is reachable yet.
  public var initialVersion: SemanticVersion
  /// While the major version is 0, a breaking change bumps the minor version (commitizen's
  /// `major_version_zero`, semver's initial development phase).
  public var majorVersionZero: Bool
  /// Conventional Commit types that bump the minor / patch version.
  public var minorTypes: Set<String>
  public var patchTypes: Set<String>
  /// Preview version template for non-default branches and merge requests. Placeholders:
  /// `{version}` (the next release), `{branch}` (branch slug), `{commits}` (commits since the tag),
  /// `{pipeline}` (`CI_PIPELINE_IID`, else `{commits}`), `{mr}` (`CI_MERGE_REQUEST_IID`, else `0`).
  public var previewFormat: String
  /// The branch releases are made from; `nil` reads `CI_DEFAULT_BRANCH`, else `main`/`master`.
  public var defaultBranch: String?
  /// Protection tag name for `mark`; `{env}` is replaced by the environment name.
  public var environmentTagFormat: String
  /// Remote to fetch from and push to.
  public var remote: String
  /// Environment variable holding the push token.
  public var tokenVariable: String
  /// User name sent with the token (GitLab accepts any for project and personal tokens).
  public var tokenUser: String
  /// How many commits each shallow-clone deepening step fetches first (doubling afterwards).
  public var deepenStep: Int
  /// Whether shallow clones may be deepened over the network at all.
  public var allowFetch: Bool

  public init(
    strategy: VersionStrategy = .auto,
    tagPrefix: String = "v",
    paths: [String] = [],
    branchBumps: [String: Bump] = VersionConfiguration.defaultBranchBumps,
    initialVersion: SemanticVersion = SemanticVersion(major: 1, minor: 0, patch: 0),
    majorVersionZero: Bool = true,
    minorTypes: Set<String> = ["feat"],
    patchTypes: Set<String> = ["fix", "perf"],
    previewFormat: String = "{version}-{branch}.{commits}",
    defaultBranch: String? = nil,
    environmentTagFormat: String = "release-{env}",
    remote: String = "origin",
    tokenVariable: String = "SLIPWAY_GIT_TOKEN",
    tokenUser: String = "oauth2",
    deepenStep: Int = 50,
    allowFetch: Bool = true
  ) {
    self.strategy = strategy
    self.tagPrefix = tagPrefix
    self.paths = paths
    self.branchBumps = branchBumps
    self.initialVersion = initialVersion
    self.majorVersionZero = majorVersionZero
    self.minorTypes = minorTypes
    self.patchTypes = patchTypes
    self.previewFormat = previewFormat
    self.defaultBranch = defaultBranch
    self.environmentTagFormat = environmentTagFormat
    self.remote = remote
    self.tokenVariable = tokenVariable
    self.tokenUser = tokenUser
    self.deepenStep = deepenStep
    self.allowFetch = allowFetch
  }

  /// The talk's map plus `fix/` and `breaking/`.
  public static let defaultBranchBumps: [String: Bump] = [
    "feature/": .minor, "feat/": .minor, "bugfix/": .patch, "hotfix/": .patch, "fix/": .patch,
    "breaking/": .major,
  ]

  /// The release tag for `version`: `v1.4.0`.
  public func tagName(for version: SemanticVersion) -> String { tagPrefix + version.description }

  /// The protection tag for an environment: `release-prod`.
  public func environmentTag(for environment: String) -> String {
    environmentTagFormat.replacingOccurrences(of: "{env}", with: environment)
  }

  /// The bump for a branch name, by its longest configured prefix (case-insensitive).
  public func bump(forBranch branch: String) -> Bump? {
    let lowered = branch.lowercased()
    return branchBumps.filter { lowered.hasPrefix($0.key.lowercased()) }.max { $0.key.count < $1.key.count }?
      .value
  }
}
