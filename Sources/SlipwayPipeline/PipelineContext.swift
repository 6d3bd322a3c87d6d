import Foundation
import SlipwayCore

/// What started a pipeline: GitLab's `CI_PIPELINE_SOURCE` values (gitlab-semantics.md §9.5).
public enum PipelineSource: String, Sendable, CaseIterable {
  case push, web, api, trigger, schedule, pipeline, chat, webide, external
  case mergeRequestEvent = "merge_request_event"
  case parentPipeline = "parent_pipeline"
  case externalPullRequestEvent = "external_pull_request_event"
  case ondemandDastScan = "ondemand_dast_scan"
  case ondemandDastValidation = "ondemand_dast_validation"
  case securityOrchestrationPolicy = "security_orchestration_policy"

  /// Sources with a push event; for the others `rules:changes` is always true (§8.4).
  var hasPushEvent: Bool { self == .push || self == .mergeRequestEvent || self == .externalPullRequestEvent }
}

/// The ref a pipeline runs for.
public enum PipelineRef: Sendable, Hashable {
  case branch(String)
  case tag(String)

  public var name: String {
    switch self {
    case .branch(let n), .tag(let n): n
    }
  }

  public var isTag: Bool { if case .tag = self { true } else { false } }
}

/// A merge request, for `merge_request_event` pipelines.
public struct MergeRequestInfo: Sendable, Hashable {
  public var sourceBranch: String
  public var targetBranch: String
  public var iid: Int
  public var title: String
  public var labels: [String]
  public var draft: Bool
  /// `detached`, `merged_result` or `merge_train` (`CI_MERGE_REQUEST_EVENT_TYPE`).
  public var eventType: String

  public init(
    sourceBranch: String, targetBranch: String, iid: Int = 1, title: String? = nil, labels: [String] = [],
    draft: Bool = false, eventType: String = "detached"
  ) {
    self.sourceBranch = sourceBranch
    self.targetBranch = targetBranch
    self.iid = iid
    self.title = title ?? (draft ? "Draft: " : "") + "Merge \(sourceBranch) into \(targetBranch)"
    self.labels = labels
    self.draft = draft
    self.eventType = eventType
  }
}

/// The project a pipeline belongs to.
public struct ProjectIdentity: Sendable, Hashable {
  public var path: String
  public var defaultBranch: String
  public var serverHost: String
  public var id: Int

  public init(path: String = "group/project", defaultBranch: String = "main", serverHost: String = "gitlab.com", id: Int = 1) {
    self.path = path
    self.defaultBranch = defaultBranch
    self.serverHost = serverHost
    self.id = id
  }
}

/// The commit a pipeline runs for (from the local git repository, or placeholders).
public struct CommitInfo: Sendable, Hashable {
  public var sha: String
  public var beforeSHA: String
  public var message: String
  public var authorName: String
  public var authorEmail: String
  /// ISO 8601, as `CI_COMMIT_TIMESTAMP`.
  public var timestamp: String

  public init(
    sha: String = String(repeating: "0", count: 40), beforeSHA: String = String(repeating: "0", count: 40),
    message: String = "Simulated commit", authorName: String = "Slipway", authorEmail: String = "slipway@example.com",
    timestamp: String = "2026-01-01T00:00:00+00:00"
  ) {
    self.sha = sha
    self.beforeSHA = beforeSHA
    self.message = message
    self.authorName = authorName
    self.authorEmail = authorEmail
    self.timestamp = timestamp
  }
}

/// Everything that decides which jobs a pipeline gets: source, ref, merge request, changed files,
/// variables and project identity. Build one with `init` or `PipelineContext.parse(shorthand:)`.
public struct PipelineContext: Sendable {
  /// A label for matrices and reports (`push:main`).
  public var label: String
  public var source: PipelineSource
  public var ref: PipelineRef
  public var mergeRequest: MergeRequestInfo?
  public var project: ProjectIdentity
  public var commit: CommitInfo
  /// Files changed by the push or merge request; nil when unknown or not applicable.
  public var changedFiles: [String]?
  /// Changed files against a `compare_to` ref; nil when unknown (then `changes` counts as true).
  public var changedFilesAgainst: @Sendable (String) -> [String]? = { _ in nil }
  /// Project/group/instance variables and pipeline variables (`--var`, variable files): they win over
  /// `.gitlab-ci.yml` variables and predefined ones (§10.4).
  public var variables: [String: String]
  /// Repository files for `rules:exists`; nil: ask the include source.
  public var repositoryFiles: [String]?
  /// IIDs of open merge requests whose source is this branch (for `CI_OPEN_MERGE_REQUESTS` in
  /// branch pipelines; a merge request pipeline names its own merge request).
  public var openMergeRequests: [Int] = []

  public init(
    label: String? = nil, source: PipelineSource, ref: PipelineRef, mergeRequest: MergeRequestInfo? = nil,
    project: ProjectIdentity = ProjectIdentity(), commit: CommitInfo = CommitInfo(), changedFiles: [String]? = nil,
    variables: [String: String] = [:], repositoryFiles: [String]? = nil
  ) {
    self.source = source
    self.ref = ref
    self.mergeRequest = mergeRequest
    self.project = project
    self.commit = commit
    self.changedFiles = changedFiles
    self.variables = variables
    self.repositoryFiles = repositoryFiles
    self.label = label ?? PipelineContext.defaultLabel(source: source, ref: ref, mergeRequest: mergeRequest)
  }

  static func defaultLabel(source: PipelineSource, ref: PipelineRef, mergeRequest: MergeRequestInfo?) -> String {
    if let mr = mergeRequest { return "mr:\(mr.sourceBranch)->\(mr.targetBranch)" }
    if case .tag(let t) = ref { return "tag:\(t)" }
    return "\(source == .push ? "push" : source.rawValue):\(ref.name)"
  }

  /// Whether changed files apply: a branch push or a merge request, not a tag, schedule, web, API or
  /// trigger pipeline (there `rules:changes` is always true, gitlab-semantics.md §8.4).
  public var hasChangeSet: Bool { source.hasPushEvent && !(ref.isTag && mergeRequest == nil) }

  /// A push to the default branch of `project`.
  public static func defaultPush(project: ProjectIdentity = ProjectIdentity()) -> PipelineContext {
    PipelineContext(source: .push, ref: .branch(project.defaultBranch), project: project)
  }

  /// Parses `push:main`, `tag:v1.2.3`, `mr:feature/x->main`, `schedule:main`, `web:main`, `api:main`,
  /// `trigger:main`, `pipeline:main`, `parent_pipeline:main`, `chat:main` (the ref defaults to the
  /// default branch: `schedule`, `push`).
  public static func parse(shorthand: String, project: ProjectIdentity = ProjectIdentity()) throws(ContextError)
    -> PipelineContext
  {
    let (kind, rest) = split(shorthand)
    switch kind {
    case "tag":
      guard let tag = rest, !tag.isEmpty else { throw ContextError("`tag:` needs a tag name, as in tag:v1.2.3") }
      return PipelineContext(source: .push, ref: .tag(tag), project: project)
    case "mr", "merge_request", "merge_request_event":
      let spec = rest ?? ""
      let parts = spec.components(separatedBy: "->")
      guard let source = parts.first, !source.isEmpty else {
        throw ContextError("`mr:` needs a source branch, as in mr:feature/x->main")
      }
      let target = parts.count > 1 && !parts[1].isEmpty ? parts[1] : project.defaultBranch
      return PipelineContext(
        source: .mergeRequestEvent, ref: .branch(source),
        mergeRequest: MergeRequestInfo(sourceBranch: source, targetBranch: target), project: project)
    default:
      let sourceName = kind == "branch" ? "push" : kind
      guard let source = PipelineSource(rawValue: sourceName), source != .mergeRequestEvent else {
        let known = ["push", "tag", "mr"] + PipelineSource.allCases.map(\.rawValue).filter { $0 != "push" && $0 != "merge_request_event" }
        throw ContextError("unknown context `\(shorthand)`; use one of \(known.joined(separator: ", ")) (as in push:main, mr:feature->main)")
      }
      let branch = rest.flatMap { $0.isEmpty ? nil : $0 } ?? project.defaultBranch
      return PipelineContext(source: source, ref: .branch(branch), project: project)
    }
  }

  private static func split(_ text: String) -> (String, String?) {
    guard let colon = text.firstIndex(of: ":") else { return (text, nil) }
    return (String(text[..<colon]), String(text[text.index(after: colon)...]))
  }
}

/// A context that cannot be built from what the user gave.
public struct ContextError: Error, Sendable, CustomStringConvertible {
  public var description: String
  public init(_ message: String) { description = message }
}
