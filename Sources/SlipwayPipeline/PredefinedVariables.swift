import Foundation

/// GitLab's predefined CI/CD variables for a context (docs.gitlab.com/ci/variables/predefined_variables,
/// digested in gitlab-semantics.md §12). Only the variables GitLab knows before jobs run: Pre-pipeline
/// and Pipeline classes. Job-only ones (`CI_JOB_ID`, `CI_JOB_TOKEN`, …) are not visible to rules.
public enum PredefinedVariables {
  /// `Gitlab::Utils.slugify`: at most 63 bytes (a DNS label).
  public static let slugMaxLength = 63
  /// `CI_COMMIT_SHORT_SHA` is the first 8 characters of the SHA.
  public static let shortSHALength = 8

  /// `CI_COMMIT_REF_SLUG`: lowercased, every character other than `0-9a-z` replaced by `-`, cut to
  /// 63, no leading or trailing `-`.
  public static func slug(_ text: String) -> String {
    // Byte-wise: only ASCII letters and digits survive, so UTF-8 bytes map one to one. Written
    // straight into the string (thousands of job names per plan); leading `-` are never written.
    var text = text
    let capacity = min(text.utf8.count, slugMaxLength)
    guard capacity > 0 else { return "" }
    return text.withUTF8 { bytes in
      String(unsafeUninitializedCapacity: capacity) { buffer in
        var produced = 0
        var count = 0
        for byte in bytes {
          if produced == slugMaxLength { break }
          let mapped: UInt8
          switch byte {
          case 0x61...0x7A, 0x30...0x39: mapped = byte
          case 0x41...0x5A: mapped = byte + 0x20
          default:
            // A multi-byte character is one `-` in Ruby (`gsub` on characters).
            if byte >= 0x80 && byte < 0xC0 { continue }
            mapped = 0x2D
          }
          produced += 1
          if mapped == 0x2D && count == 0 { continue }
          buffer[count] = mapped
          count += 1
        }
        while count > 0 && buffer[count - 1] == 0x2D { count -= 1 }
        return count
      }
    }
  }

  /// Variables `include` and `include:rules` may read: the Pre-pipeline class, plus the context's
  /// own (project, group, pipeline) variables.
  public static func prePipeline(_ context: PipelineContext) -> [String: String] {
    var v: [String: String] = [:]
    let project = context.project
    let parts = project.path.split(separator: "/").map(String.init)
    let host = project.serverHost
    let serverURL = "https://\(host)"
    v["CI"] = "true"
    v["GITLAB_CI"] = "true"
    v["CI_SERVER"] = "yes"
    v["CI_SERVER_HOST"] = host
    v["CI_SERVER_FQDN"] = host
    v["CI_SERVER_URL"] = serverURL
    v["CI_SERVER_PROTOCOL"] = "https"
    v["CI_SERVER_PORT"] = "443"
    v["CI_SERVER_NAME"] = "GitLab"
    v["CI_API_V4_URL"] = serverURL + "/api/v4"
    v["CI_API_GRAPHQL_URL"] = serverURL + "/api/graphql"
    v["CI_PROJECT_ID"] = String(project.id)
    v["CI_PROJECT_PATH"] = project.path
    v["CI_PROJECT_PATH_SLUG"] = slug(project.path)
    v["CI_PROJECT_NAME"] = parts.last ?? project.path
    v["CI_PROJECT_TITLE"] = parts.last ?? project.path
    v["CI_PROJECT_NAMESPACE"] = parts.dropLast().joined(separator: "/")
    v["CI_PROJECT_ROOT_NAMESPACE"] = parts.first ?? project.path
    v["CI_PROJECT_URL"] = "\(serverURL)/\(project.path)"
    v["CI_PROJECT_VISIBILITY"] = "private"
    v["CI_PROJECT_REPOSITORY_LANGUAGES"] = ""
    v["CI_DEFAULT_BRANCH"] = project.defaultBranch
    v["CI_CONFIG_PATH"] = ".gitlab-ci.yml"
    v["CI_REGISTRY"] = "registry.\(host)"
    v["CI_REGISTRY_IMAGE"] = "registry.\(host)/\(project.path)"
    v["CI_TEMPLATE_REGISTRY_HOST"] = "registry.gitlab.com"
    v["CI_DEPENDENCY_PROXY_SERVER"] = "\(host):443"
    v["CI_PAGES_DOMAIN"] = "gitlab.io"
    v["CI_PIPELINE_SOURCE"] = context.source.rawValue
    if context.source == .trigger || context.source == .pipeline { v["CI_PIPELINE_TRIGGERED"] = "true" }
    addCommit(context, &v)
    if let mr = context.mergeRequest, context.source == .mergeRequestEvent { addMergeRequest(mr, context, &v) }
    if let open = openMergeRequests(context) { v["CI_OPEN_MERGE_REQUESTS"] = open }
    v.merge(context.variables) { _, user in user }
    return v
  }

  /// Pre-pipeline plus the Pipeline class (`GITLAB_USER_*`, `CI_PIPELINE_IID`, …): what `rules:if`
  /// sees besides `.gitlab-ci.yml` variables. `CI_JOB_NAME`/`CI_JOB_STAGE` are added per job.
  public static func pipeline(_ context: PipelineContext) -> [String: String] {
    var v = prePipeline(context)
    let defaults: [String: String] = [
      "CI_PIPELINE_IID": "1", "CI_PIPELINE_CREATED_AT": context.commit.timestamp,
      "GITLAB_USER_ID": "1", "GITLAB_USER_LOGIN": "slipway", "GITLAB_USER_NAME": context.commit.authorName,
      "GITLAB_USER_EMAIL": context.commit.authorEmail,
    ]
    for (k, value) in defaults where v[k] == nil { v[k] = value }
    return v
  }

  /// At most this many merge requests in `CI_OPEN_MERGE_REQUESTS` (`Ci::Pipeline`).
  public static let maxOpenMergeRequests = 4

  /// `CI_OPEN_MERGE_REQUESTS`: full references (`group/project!12`) of the open merge requests
  /// from this branch, newest first, at most four; a merge request pipeline's own merge request.
  /// Absent for tags and when there is none (a Pre-pipeline variable, gitlab-semantics.md §12).
  static func openMergeRequests(_ context: PipelineContext) -> String? {
    var iids: [Int]
    if context.source == .mergeRequestEvent {
      guard let mr = context.mergeRequest else { return nil }
      iids = [mr.iid]
    } else {
      guard !context.ref.isTag else { return nil }
      // Higher IIDs are newer merge requests; GitLab lists newest first.
      iids = Array(Set(context.openMergeRequests)).sorted(by: >)
    }
    guard !iids.isEmpty else { return nil }
    return iids.prefix(maxOpenMergeRequests).map { "\(context.project.path)!\($0)" }.joined(separator: ",")
  }

  private static func addCommit(_ context: PipelineContext, _ v: inout [String: String]) {
    let commit = context.commit
    let refName = context.ref.name
    v["CI_COMMIT_SHA"] = commit.sha
    v["CI_COMMIT_SHORT_SHA"] = String(commit.sha.prefix(shortSHALength))
    v["CI_COMMIT_BEFORE_SHA"] = commit.beforeSHA
    v["CI_COMMIT_REF_NAME"] = refName
    v["CI_COMMIT_REF_SLUG"] = slug(refName)
    v["CI_COMMIT_REF_PROTECTED"] = refName == context.project.defaultBranch || context.ref.isTag ? "true" : "false"
    v["CI_COMMIT_MESSAGE"] = commit.message
    let lines = commit.message.split(separator: "\n", omittingEmptySubsequences: false)
    v["CI_COMMIT_TITLE"] = lines.first.map(String.init) ?? ""
    v["CI_COMMIT_DESCRIPTION"] = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines)
    v["CI_COMMIT_AUTHOR"] = "\(commit.authorName) <\(commit.authorEmail)>"
    v["CI_COMMIT_TIMESTAMP"] = commit.timestamp
    switch context.ref {
    case .tag(let tag):
      v["CI_COMMIT_TAG"] = tag
      v["CI_COMMIT_TAG_MESSAGE"] = ""
      v["CI_COMMIT_REF_PROTECTED"] = "true"
    case .branch(let branch):
      // Merge request pipelines have no CI_COMMIT_BRANCH (docs.gitlab.com/ci/jobs/job_rules).
      if context.source != .mergeRequestEvent { v["CI_COMMIT_BRANCH"] = branch }
    }
  }

  private static func addMergeRequest(_ mr: MergeRequestInfo, _ context: PipelineContext, _ v: inout [String: String]) {
    let project = context.project
    let url = "https://\(project.serverHost)/\(project.path)"
    v["CI_MERGE_REQUEST_ID"] = String(1000 + mr.iid)
    v["CI_MERGE_REQUEST_IID"] = String(mr.iid)
    v["CI_MERGE_REQUEST_TITLE"] = mr.title
    v["CI_MERGE_REQUEST_DESCRIPTION"] = ""
    v["CI_MERGE_REQUEST_DRAFT"] = mr.draft ? "true" : "false"
    if !mr.labels.isEmpty { v["CI_MERGE_REQUEST_LABELS"] = mr.labels.joined(separator: ",") }
    v["CI_MERGE_REQUEST_EVENT_TYPE"] = mr.eventType
    v["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = mr.sourceBranch
    v["CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED"] = mr.sourceBranch == project.defaultBranch ? "true" : "false"
    v["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = mr.targetBranch
    v["CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED"] = mr.targetBranch == project.defaultBranch ? "true" : "false"
    v["CI_MERGE_REQUEST_PROJECT_ID"] = String(project.id)
    v["CI_MERGE_REQUEST_PROJECT_PATH"] = project.path
    v["CI_MERGE_REQUEST_PROJECT_URL"] = url
    v["CI_MERGE_REQUEST_SOURCE_PROJECT_ID"] = String(project.id)
    v["CI_MERGE_REQUEST_SOURCE_PROJECT_PATH"] = project.path
    v["CI_MERGE_REQUEST_SOURCE_PROJECT_URL"] = url
    v["CI_MERGE_REQUEST_REF_PATH"] = "refs/merge-requests/\(mr.iid)/head"
    v["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = context.commit.beforeSHA
    v["CI_MERGE_REQUEST_DIFF_ID"] = "1"
    v["CI_MERGE_REQUEST_APPROVED"] = "false"
    v["CI_MERGE_REQUEST_SQUASH_ON_MERGE"] = "false"
    if mr.eventType != "detached" {
      v["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] = context.commit.sha
      v["CI_MERGE_REQUEST_TARGET_BRANCH_SHA"] = context.commit.beforeSHA
    } else {
      v["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"] = ""
      v["CI_MERGE_REQUEST_TARGET_BRANCH_SHA"] = ""
    }
  }
}
