import SlipwayConfig
import SlipwayCore
import SlipwayYAML

extension JobSeeder {
  /// Decides one job instance: rules, or only/except; then its `when`, `allow_failure`, variables.
  func decide(_ job: PreparedJob, _ instance: JobInstance, scope jobScope: VariableScope, workflow: [(String, String)], hasWorkflowRules: Bool)
    -> (JobDecision, PlannedJob?, [NeedSpec]?)
  {
    let node = job.node
    var scope = jobScope
    let jobWhen = job.when
    var decision = JobDecision(
      name: instance.name, definitionName: job.name, included: false, mechanism: .none, reason: "", rules: [],
      policies: [], when: nil, allowFailure: nil, location: node.location)
    var when = jobWhen
    var allowFailure = job.allowFailure ?? (jobWhen == "manual")
    var needs = job.needs
    var startIn = job.startIn
    var interruptible = job.interruptible
    var ruleVariables: [(String, String)] = []
    if let rules = job.rules {
      decision.mechanism = .rules
      let (match, trace) = RuleEvaluator.evaluate(rules, variables: scope, in: env)
      decision.rules = trace
      guard let match else {
        decision.reason = rules.isEmpty ? "rules: is empty" : "no rule matched"
        return (decision, nil, nil)
      }
      when = match.when ?? jobWhen
      if when == "never" {
        decision.reason = "rule \(match.index + 1) matched with when: never"
        return (decision, nil, nil)
      }
      // `rules:when: manual` defaults allow_failure to false; job-level `when: manual` to true (§8.2).
      allowFailure = match.allowFailure ?? job.allowFailure ?? (match.when == nil && jobWhen == "manual")
      ruleVariables = match.variables
      scope = scope.adding(Dictionary(match.variables, uniquingKeysWith: { _, b in b }))
      if let ruleNeeds = match.needs { needs = NeedSpec.list(ruleNeeds) }
      startIn = match.startIn ?? startIn
      interruptible = match.interruptible ?? interruptible
      decision.reason = "rule \(match.index + 1) matched"
    } else {
      decision.mechanism = .onlyExcept
      let (admitted, trace) = OnlyExceptPolicy.admits(
        only: job.only, except: job.except, hasWorkflowRules: hasWorkflowRules, variables: scope, in: env)
      decision.policies = trace
      guard admitted else {
        let failed = trace.last.map { "\($0.keyword)\($0.keyword.hasPrefix("only") ? " did not match" : " matched") (\($0.text))" }
        decision.reason = failed ?? "only/except excluded the job"
        return (decision, nil, nil)
      }
      if when == "never" {
        decision.reason = "when: never"
        return (decision, nil, nil)
      }
      decision.reason = trace.isEmpty ? "no rules, only or except" : "only/except admitted the job"
    }
    decision.included = true
    decision.when = when
    decision.allowFailure = allowFailure
    let variables = plannedVariables(job, workflow: workflow, matrix: instance.matrixVariables, rules: ruleVariables)
    let planned = PlannedJob(
      name: instance.name, definitionName: job.name, stage: job.stage, when: when, allowFailure: allowFailure,
      needs: nil, variables: variables, environment: job.environment.map { env.expand($0, scope, keepUnknown: false) },
      resourceGroup: job.resourceGroup.map { env.expand($0, scope, keepUnknown: false) },
      startIn: when == "delayed" ? startIn : nil, interruptible: interruptible, trigger: job.trigger.flatMap(triggerTarget),
      childPlan: job.trigger.flatMap { childPlan($0, variables) }, location: node.location)
    return (decision, planned, needs)
  }

  /// The job's `.gitlab-ci.yml` variables as GitLab passes them: globals (workflow values win over
  /// them), its own, matrix values, then `rules:variables`.
  func plannedVariables(_ job: PreparedJob, workflow: [(String, String)], matrix: [(String, String)], rules: [(String, String)]) -> [(String, String)] {
    var out = job.variables
    func set(_ k: String, _ v: String, overridingOwn: Bool) {
      if let at = out.firstIndex(where: { $0.0 == k }) {
        if overridingOwn || job.ownValues[k] == nil { out[at].1 = v }
      } else {
        out.append((k, v))
      }
    }
    for (k, v) in workflow { set(k, v, overridingOwn: false) }
    for (k, v) in matrix + rules { set(k, v, overridingOwn: true) }
    return out
  }

  func triggerTarget(_ trigger: YAMLNode) -> String? {
    if let project = trigger.text ?? trigger["project"]?.text { return project }
    return localIncludes(trigger["include"]).map { "child: " + $0.joined(separator: ", ") } ?? "child pipeline"
  }

  /// Local files of `trigger:include` (a path, or `local:` entries); nil when any entry is not local.
  func localIncludes(_ node: YAMLNode?) -> [String]? {
    guard let node else { return nil }
    var paths: [String] = []
    for item in node.sequence ?? [node] {
      if let path = item.text, item.isScalar { paths.append(path) } else if let local = item["local"]?.text { paths.append(local) } else { return nil }
    }
    return paths.isEmpty ? nil : paths
  }

  func childPlan(_ trigger: YAMLNode, _ variables: [(String, String)]) -> ChildPlan? {
    guard let simulator, let paths = localIncludes(trigger["include"]) else { return nil }
    let normalized = paths.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
    return ChildPlan(simulator.simulateChild(paths: normalized, parent: context, variables: variables))
  }
}
