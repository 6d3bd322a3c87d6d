import SlipwayRegex
import SlipwayYAML

/// Legacy `only`/`except` (gitlab-semantics.md §8.3; GitLab `Build::Policy::{Refs,Variables,Changes,
/// Kubernetes}`): a job is added when every `only` policy holds and no `except` policy does.
enum OnlyExceptPolicy {
  /// The implicit `only: [branches, tags]` GitLab gives jobs without `rules`, unless the pipeline has
  /// `workflow:rules` (`Processable#compose!`).
  static let defaultOnlyRefs = ["branches", "tags"]

  /// Source keywords of `only:refs` and the pipeline sources they stand for.
  static let sourceKeywords: [String: PipelineSource] = [
    "api": .api, "chat": .chat, "external": .external, "external_pull_requests": .externalPullRequestEvent,
    "merge_requests": .mergeRequestEvent, "pipelines": .pipeline, "pushes": .push, "schedules": .schedule,
    "triggers": .trigger, "web": .web,
  ]

  /// Whether `only` (nil: absent) and `except` admit the job, with a trace line per policy.
  static func admits(only: YAMLNode?, except: YAMLNode?, hasWorkflowRules: Bool, variables: VariableScope, in env: EvaluationEnvironment)
    -> (admitted: Bool, trace: [ConditionTrace])
  {
    var trace: [ConditionTrace] = []
    let onlyPolicies = policies(only) ?? (hasWorkflowRules ? [] : [("refs", nil)])
    for (kind, node) in onlyPolicies {
      var c = check(kind, node, variables: variables, in: env)
      c.keyword = "only:" + kind
      trace.append(c)
      if !c.result { return (false, trace) }
    }
    for (kind, node) in policies(except) ?? [] {
      var c = check(kind, node, variables: variables, in: env)
      c.keyword = "except:" + kind
      trace.append(c)
      if c.result { return (false, trace) }
    }
    return (true, trace)
  }

  /// A list is `refs`; a mapping names its policies.
  private static func policies(_ node: YAMLNode?) -> [(String, YAMLNode?)]? {
    guard let node else { return nil }
    if let pairs = node.mapping { return pairs.compactMap { p in p.key.keyName.map { ($0, p.value) } } }
    return [("refs", node)]
  }

  private static func check(_ kind: String, _ node: YAMLNode?, variables: VariableScope, in env: EvaluationEnvironment) -> ConditionTrace {
    switch kind {
    case "refs":
      let patterns = node?.textList ?? defaultOnlyRefs
      let hit = patterns.first { matches($0, env.context) }
      return ConditionTrace(keyword: "refs", text: patterns.joined(separator: ", "), result: hit != nil, reads: [], note: hit.map { "matches `\($0)`" })
    case "variables":
      var reads: [(name: String, value: String?)] = []
      for item in node?.sequence ?? [] {
        let c = env.truthful(item, variables)
        reads += c.reads
        if c.result { return ConditionTrace(keyword: "variables", text: c.text, result: true, reads: reads, note: nil) }
      }
      return ConditionTrace(keyword: "variables", text: (node?.textList ?? []).joined(separator: ", "), result: false, reads: reads, note: nil)
    case "changes":
      guard let node else { return ConditionTrace(keyword: "changes", text: "", result: true, reads: [], note: nil) }
      return env.changes(node, variables)
    case "kubernetes":
      let active = variables["CI_KUBERNETES_ACTIVE"].map { !$0.isEmpty } ?? false
      return ConditionTrace(keyword: "kubernetes", text: node?.text ?? "", result: active, reads: [("CI_KUBERNETES_ACTIVE", variables["CI_KUBERNETES_ACTIVE"])], note: nil)
    default:
      return ConditionTrace(keyword: kind, text: "", result: true, reads: [], note: "unknown policy ignored")
    }
  }

  /// `Build::Policy::Refs#matches_pattern?`.
  static func matches(_ written: String, _ context: PipelineContext) -> Bool {
    var pattern = written
    if !written.hasPrefix("/"), let at = written.lastIndex(of: "@") {
      // `ref@namespace/project` limits the pattern to one project.
      guard written[written.index(after: at)...] == context.project.path else { return false }
      pattern = String(written[..<at])
    }
    let isMergeRequest = context.source == .mergeRequestEvent
    let isTag = context.ref.isTag && !isMergeRequest
    let isBranch = !isTag && !isMergeRequest
    if pattern == "tags" { return isTag }
    if pattern == "branches" { return isBranch }
    if let source = sourceKeywords[pattern] { return context.source == source }
    // Names and regexes match only branch and tag pipelines.
    guard isBranch || isTag else { return false }
    if let regex = GitLabPattern.fabricate(pattern) { return regex.matches(context.ref.name) }
    return pattern == context.ref.name
  }
}
