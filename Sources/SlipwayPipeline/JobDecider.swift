import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// A job definition with what its instances share.
struct JobContext {
  let job: NormalizedJob
  let stage: String
  /// Job variables before rules: inherited globals (workflow values win over them), then its own.
  let variables: [(String, String)]
  /// Predefined, globals and workflow variables, then the job's own; the context's own win last.
  let baseVariables: [String: String]

  init(job: NormalizedJob, root: YAMLNode, stage: String, pipelineVariables: [String: String], workflow: [(String, String)]) {
    self.job = job
    self.stage = stage
    let own = Set((root[job.name]?["variables"]?.variablePairs ?? []).map(\.0))
    let workflowValues = Dictionary(workflow, uniquingKeysWith: { _, b in b })
    variables = (job.node["variables"]?.variablePairs ?? []).map { name, value in
      own.contains(name) ? (name, value) : (name, workflowValues[name] ?? value)
    }
    var base = pipelineVariables
    for (k, v) in variables { base[k] = v }
    baseVariables = base
  }
}

extension JobSeeder {
  /// Decides one job instance: rules, or only/except; then its `when`, `allow_failure`, variables.
  func decide(_ job: JobContext, _ instance: JobInstance, hasWorkflowRules: Bool)
    -> (JobDecision, PlannedJob?, [NeedSpec]?)
  {
    let node = job.job.node
    var evalVariables = job.baseVariables
    var variables = job.variables
    for (k, v) in instance.matrixVariables {
      evalVariables[k] = v
      if let at = variables.firstIndex(where: { $0.0 == k }) { variables[at].1 = v } else { variables.append((k, v)) }
    }
    evalVariables["CI_JOB_NAME"] = instance.name
    evalVariables["CI_JOB_NAME_SLUG"] = PredefinedVariables.slug(instance.name)
    evalVariables["CI_JOB_STAGE"] = job.stage
    if let (index, total) = instance.node {
      evalVariables["CI_NODE_INDEX"] = String(index)
      evalVariables["CI_NODE_TOTAL"] = String(total)
    }
    for (k, v) in context.variables { evalVariables[k] = v }
    let jobWhen = node["when"]?.text ?? "on_success"
    var decision = JobDecision(
      name: instance.name, definitionName: job.job.name, included: false, mechanism: .none, reason: "", rules: [],
      policies: [], when: nil, allowFailure: nil, location: node.location)
    var when = jobWhen
    var allowFailure = node["allow_failure"]?.bool ?? (jobWhen == "manual")
    var needs = NeedSpec.list(node["needs"])
    var startIn = node["start_in"]?.text
    var interruptible = node["interruptible"]?.bool
    if let rules = flattenRules(node["rules"]) {
      decision.mechanism = .rules
      let (match, trace) = RuleEvaluator.evaluate(rules, variables: evalVariables, in: env)
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
      allowFailure = match.allowFailure ?? node["allow_failure"]?.bool ?? (match.when == nil && jobWhen == "manual")
      for (k, v) in match.variables {
        evalVariables[k] = context.variables[k] ?? v
        if let at = variables.firstIndex(where: { $0.0 == k }) { variables[at].1 = v } else { variables.append((k, v)) }
      }
      if let ruleNeeds = match.needs { needs = NeedSpec.list(ruleNeeds) }
      startIn = match.startIn ?? startIn
      interruptible = match.interruptible ?? interruptible
      decision.reason = "rule \(match.index + 1) matched"
    } else {
      decision.mechanism = .onlyExcept
      let (admitted, trace) = OnlyExceptPolicy.admits(
        only: node["only"], except: node["except"], hasWorkflowRules: hasWorkflowRules, variables: evalVariables, in: env)
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
    let planned = PlannedJob(
      name: instance.name, definitionName: job.job.name, stage: job.stage, when: when, allowFailure: allowFailure,
      needs: nil, variables: variables, environment: environmentName(node, evalVariables),
      resourceGroup: node["resource_group"]?.text.map { VariableExpansion.expandAll($0, evalVariables) },
      startIn: when == "delayed" ? startIn : nil, interruptible: interruptible, trigger: triggerTarget(node),
      childPlan: childPlan(node, variables), location: node.location)
    return (decision, planned, needs)
  }

  /// `environment` or `environment:name`, expanded as GitLab does (unknown variables become empty).
  func environmentName(_ node: YAMLNode, _ variables: [String: String]) -> String? {
    guard let environment = node["environment"] else { return nil }
    guard let name = environment.isMapping ? environment["name"]?.text : environment.text else { return nil }
    return VariableExpansion.expandAll(name, variables)
  }

  func triggerTarget(_ node: YAMLNode) -> String? {
    guard let trigger = node["trigger"] else { return nil }
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

  func childPlan(_ node: YAMLNode, _ variables: [(String, String)]) -> ChildPlan? {
    guard let simulator, let paths = localIncludes(node["trigger"]?["include"]) else { return nil }
    let normalized = paths.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
    return ChildPlan(simulator.simulateChild(paths: normalized, parent: context, variables: variables))
  }
}
