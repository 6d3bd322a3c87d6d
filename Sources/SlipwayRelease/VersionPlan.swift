import Foundation

/// Where the pipeline runs: which branch, whether it is the release branch, merge request data.
public struct BranchContext: Sendable, Equatable {
  /// The branch being built; `nil` falls back to git's HEAD (which GitLab leaves detached).
  public var branch: String?
  /// The release branch; `nil` falls back to configuration, then `main`/`master`.
  public var defaultBranch: String?
  /// `CI_MERGE_REQUEST_IID` in merge request pipelines.
  public var mergeRequestIID: String?
  /// `CI_PIPELINE_IID`, for preview numbering.
  public var pipelineIID: String?
  /// `CI_COMMIT_TAG` in tag pipelines.
  public var tag: String?

  public init(
    branch: String? = nil, defaultBranch: String? = nil, mergeRequestIID: String? = nil,
    pipelineIID: String? = nil, tag: String? = nil
  ) {
    self.branch = branch
    self.defaultBranch = defaultBranch
    self.mergeRequestIID = mergeRequestIID
    self.pipelineIID = pipelineIID
    self.tag = tag
  }

  /// Reads GitLab's predefined variables; empty values count as unset.
  public static func fromEnvironment(_ environment: [String: String]) -> BranchContext {
    func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
    return BranchContext(
      branch: value("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") ?? value("CI_COMMIT_BRANCH"),
      defaultBranch: value("CI_DEFAULT_BRANCH"), mergeRequestIID: value("CI_MERGE_REQUEST_IID"),
      pipelineIID: value("CI_PIPELINE_IID"), tag: value("CI_COMMIT_TAG"))
  }
}

/// The answer of `slipway version next`.
public struct VersionPlan: Sendable, Equatable, Codable {
  /// The newest release reachable from HEAD, `nil` when there is none.
  public var current: SemanticVersion?
  public var currentTag: String?
  /// The version HEAD would be released as; `nil` when nothing asks for a release or HEAD is tagged.
  public var next: SemanticVersion?
  public var bump: Bump?
  /// The tag for `next` (or the existing tag when HEAD is already tagged).
  public var tag: String?
  public var reason: String
  /// Commits since the current tag (those touching the configured paths, when set).
  public var commits: Int
  /// The strategy that decided the bump.
  public var strategy: VersionStrategy?
  /// `true` on non-default branches and in merge requests: `next` is a prerelease preview.
  public var preview: Bool
  /// `true` when HEAD already carries the release tag `tag`.
  public var headTagged: Bool
  /// The commit the plan is for.
  public var head: String
  /// Network fetches made to complete a shallow or tag-less clone, in order.
  public var fetched: [String]

  public init(
    current: SemanticVersion?, currentTag: String?, next: SemanticVersion?, bump: Bump?, tag: String?,
    reason: String, commits: Int, strategy: VersionStrategy?, preview: Bool, headTagged: Bool, head: String,
    fetched: [String]
  ) {
    self.current = current
    self.currentTag = currentTag
    self.next = next
    self.bump = bump
    self.tag = tag
    self.reason = reason
    self.commits = commits
    self.strategy = strategy
    self.preview = preview
    self.headTagged = headTagged
    self.head = head
    self.fetched = fetched
  }

  /// `VERSION=…` lines for GitLab's `artifacts:reports:dotenv`. With nothing to release, the
  /// current version is exported so later jobs still know what they run.
  public var dotenv: String {
    let version = next ?? current
    let tagName = next != nil || headTagged ? tag : currentTag
    var lines = ["VERSION=\(version?.description ?? "")", "VERSION_TAG=\(tagName ?? "")"]
    lines.append("VERSION_BUMP=\(bump?.rawValue ?? "")")
    lines.append("VERSION_CURRENT=\(current?.description ?? "")")
    lines.append("VERSION_RELEASE=\(next != nil && !preview ? "true" : "false")")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A preview version: `{version}-{branch}.{commits}` → `1.4.0-feature-x.7`.
enum PreviewVersion {
  static func make(
    next: SemanticVersion, format: String, branch: String?, commits: Int, context: BranchContext
  ) -> SemanticVersion {
    let slug = slug(branch ?? "detached")
    var text = format
    for (key, value) in [
      ("{version}", next.description), ("{branch}", slug), ("{commits}", String(commits)),
      ("{pipeline}", context.pipelineIID ?? String(commits)), ("{mr}", context.mergeRequestIID ?? "0"),
    ] {
      text = text.replacingOccurrences(of: key, with: value)
    }
    // A format that yields no valid semver still gets a usable, valid preview.
    return SemanticVersion(text)
      ?? SemanticVersion(
        major: next.major, minor: next.minor, patch: next.patch, prerelease: [slug, String(commits)])
  }

  /// Like `CI_COMMIT_REF_SLUG`: lowercase, `[a-z0-9-]`, at most 40 characters, no edge dashes.
  static func slug(_ branch: String) -> String {
    var result = ""
    for scalar in branch.lowercased().unicodeScalars {
      let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
      if ok { result.unicodeScalars.append(scalar) } else if !result.hasSuffix("-") { result += "-" }
    }
    var trimmed = Substring(result.prefix(40))
    while trimmed.first == "-" { trimmed = trimmed.dropFirst() }
    while trimmed.last == "-" { trimmed = trimmed.dropLast() }
    // Purely numeric identifiers must not start with 0 in semver; prefix them.
    if trimmed.isEmpty { return "branch" }
    if trimmed.allSatisfy(\.isNumber) { return "b" + trimmed }
    return String(trimmed)
  }
}
