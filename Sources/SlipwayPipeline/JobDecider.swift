import SlipwayConfig
import SlipwayCore
import SlipwayYAML

extension JobSeeder {
  /// Decides one job instance: rules, or only/except; then its `when`, `allow_failure`, variables.
  /// The decision is nil unless `keepingDecision`.
  func decide(
    _ job: PreparedJob, _ instance: JobInstance, scope jobScope: VariableScope, workflow: [(String, String)], hasWorkflowRules: Bool,
    keepingDecision: Bool = true
  ) -> (JobDecision?, PlannedJob?, [NeedSpec]?) {
    var scope = jobScope
    let jobWhen = job.when
    // The decision's parts; the decision is built where it is returned (one kept in a variable
    // was copied, and the copy destroyed, for every instance of every context).
    var mechanism = JobDecision.Mechanism.none
    var ruleTrace: [RuleTrace] = []
    var policyTrace: [ConditionTrace] = []
    func decision(_ reason: @autoclosure () -> String, included: Bool = false, when: String? = nil, allowFailure: Bool? = nil) -> JobDecision? {
      guard keepingDecision else { return nil }
      return JobDecision(
        name: instance.name, definitionName: job.name, included: included, mechanism: mechanism, reason: reason(), rules: ruleTrace,
        policies: policyTrace, when: when, allowFailure: allowFailure, location: job.location)
    }
    var when = jobWhen
    var allowFailure = job.allowFailure ?? (jobWhen == "manual")
    var needs = job.needs
    var startIn = job.startIn
    var interruptible = job.interruptible
    var ruleVariables: [(String, String)] = []
    var matchedRule: PreparedRule?
    var reason = ""
    if let rules = job.rules {
      mechanism = .rules
      let matchIndex: Int?
      if env.traced {
        let (match, trace) = RuleEvaluator.evaluate(rules, variables: scope, in: env)
        ruleTrace = trace
        matchIndex = match?.index
      } else {
        matchIndex = RuleEvaluator.firstMatch(rules, variables: scope, in: env)
      }
      guard let matchIndex else {
        return (decision(rules.isEmpty ? "rules: is empty" : "no rule matched"), nil, nil)
      }
      let match = rules[matchIndex]
      when = match.when ?? jobWhen
      if when == "never" {
        return (decision(Self.ruleReason(matchIndex, never: true)), nil, nil)
      }
      // `rules:when: manual` defaults allow_failure to false; job-level `when: manual` to true (§8.2).
      allowFailure = match.allowFailure ?? job.allowFailure ?? (match.when == nil && jobWhen == "manual")
      ruleVariables = match.variables
      matchedRule = match
      if !match.variables.isEmpty { scope = scope.adding(Dictionary(match.variables, uniquingKeysWith: { _, b in b })) }
      if match.needs != nil { needs = match.needSpecs }
      startIn = match.startIn ?? startIn
      interruptible = match.interruptible ?? interruptible
      reason = Self.ruleReason(matchIndex)
    } else {
      mechanism = .onlyExcept
      let (admitted, trace) = OnlyExceptPolicy.admits(
        only: job.only, except: job.except, hasWorkflowRules: hasWorkflowRules, variables: scope, in: env)
      policyTrace = trace
      guard admitted else {
        let failed = trace.last.map { "\($0.keyword)\($0.keyword.hasPrefix("only") ? " did not match" : " matched") (\($0.text))" }
        return (decision(failed ?? "only/except excluded the job"), nil, nil)
      }
      if when == "never" {
        return (decision("when: never"), nil, nil)
      }
      reason = trace.isEmpty ? "no rules, only or except" : "only/except admitted the job"
    }
    if let list = needs, list.contains(where: { $0.isOutside }) { needs = list.map { $0.expanded(env, scope) } }
    let variables = plannedVariables(job, instance, workflow: workflow, rules: ruleVariables, rule: matchedRule)
    // `if let`s rather than closures: a closure would capture (copy) the whole seeder per job.
    var environment: String?
    if let name = job.environment { environment = env.expand(name, scope, keepUnknown: false) }
    var resourceGroup: String?
    if let name = job.resourceGroup { resourceGroup = env.expand(name, scope, keepUnknown: false) }
    var target: String?
    var child: ChildPlan?
    if let trigger = job.trigger {
      target = triggerTarget(trigger)
      child = childPlan(trigger, variables)
    }
    let planned = PlannedJob(
      name: instance.name, definitionName: job.name, stage: job.stage, when: when, allowFailure: allowFailure,
      needs: nil, variables: variables, environment: environment, resourceGroup: resourceGroup,
      startIn: when == "delayed" ? startIn : nil, interruptible: interruptible, trigger: target, childPlan: child,
      location: job.location)
    return (decision(reason, included: true, when: when, allowFailure: allowFailure), planned, needs)
  }

  /// `rule N matched` (`with when: never`), built once for the first rules: every job of every
  /// context gets one, and interpolating an integer costs more than deciding.
  static func ruleReason(_ index: Int, never: Bool = false) -> String {
    if index < ruleReasons.count { return never ? neverReasons[index] : ruleReasons[index] }
    return never ? "rule \(index + 1) matched with when: never" : "rule \(index + 1) matched"
  }

  private static let ruleReasons = (1...16).map { "rule \($0) matched" }
  private static let neverReasons = (1...16).map { "rule \($0) matched with when: never" }

  /// The job's `.gitlab-ci.yml` variables as GitLab passes them: globals (workflow values win over
  /// them), its own, matrix values, then `rules:variables` (those of `rule`, when given).
  func plannedVariables(
    _ job: PreparedJob, _ instance: JobInstance, workflow: [(String, String)], rules: [(String, String)], rule: PreparedRule? = nil
  ) -> [(String, String)] {
    // Without workflow values the instance's merged list is a prefix of the answer: share it.
    guard workflow.isEmpty else {
      return Self.mergedVariables(job.variables, own: job.ownValues, workflow: workflow, matrix: instance.matrixVariables, rules: rules)
    }
    if rules.isEmpty { return instance.baseVariables }
    if let rule { return instance.baseVariables(with: rule, own: job.ownValues) }
    return Self.mergedVariables(instance.baseVariables, own: job.ownValues, workflow: [], matrix: [], rules: rules)
  }

  static func mergedVariables(
    _ variables: [(String, String)], own: [String: String], workflow: [(String, String)], matrix: [(String, String)],
    rules: [(String, String)]
  ) -> [(String, String)] {
    // One copy with room for the additions (copying, then growing, copies twice).
    var out: [(String, String)] = []
    out.reserveCapacity(variables.count + workflow.count + matrix.count + rules.count)
    out.append(contentsOf: variables)
    func set(_ k: String, _ v: String, overridingOwn: Bool) {
      // Lengths first: most names differ in length, and comparing those is cheaper.
      let length = k.utf8.count
      if let at = out.firstIndex(where: { $0.0.utf8.count == length && $0.0 == k }) {
        if overridingOwn || own[k] == nil { out[at].1 = v }
      } else {
        out.append((k, v))
      }
    }
    for (k, v) in workflow { set(k, v, overridingOwn: false) }
    for (k, v) in matrix { set(k, v, overridingOwn: true) }
    for (k, v) in rules { set(k, v, overridingOwn: true) }
    return out
  }

  func triggerTarget(_ trigger: YAMLNode) -> String? {
    if let project = trigger.text ?? trigger["project"]?.text { return project }
    return ChildIncludes(trigger["include"]).map { "child: " + $0.names.joined(separator: ", ") } ?? "child pipeline"
  }

  func childPlan(_ trigger: YAMLNode, _ variables: [(String, String)]) -> ChildPlan? {
    guard let simulator, let includes = ChildIncludes(trigger["include"]) else { return nil }
    return ChildPlan(simulator.simulateChild(includes, parent: context, variables: variables))
  }
}
