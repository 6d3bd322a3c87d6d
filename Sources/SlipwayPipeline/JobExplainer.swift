import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// Explains why a job is or is not in a planned pipeline: the include that brought it, its `extends`
/// chain, the workflow decision, each rule (expression, variables read, result) and the outcome.
public struct JobExplainer: Sendable {
  public var simulator: PipelineSimulator

  public init(simulator: PipelineSimulator) { self.simulator = simulator }

  /// The trace as text, or nil when no job of that name (or parallel group) is defined.
  public func explain(job name: String, in context: PipelineContext) -> String? {
    let plan = simulator.simulate(context, traced: true)
    let root = simulator.compile(for: context).merged
    let decisions = plan.decisions.filter { $0.name == name || $0.definitionName == name }
    var out = "Job `\(name)` for \(plan.context)"
    guard let first = decisions.first else {
      guard let pair = root?.mapping?.last(where: { $0.key.isKey(named: name) }), pair.value.isMapping, let root
      else { return nil }
      out += ": not in the pipeline\n"
      out += origin(pair.key.location, plan) + extendsLine(name, root)
      if plan.status == .filtered { return out + workflowLines(plan) + "  result: the pipeline is filtered out by workflow:rules\n" }
      if name.hasPrefix(".") { return out + "  result: hidden job (its name starts with `.`); it is a template for `extends`\n" }
      return out + "  result: not evaluated (\(plan.status.rawValue)): " + plan.diagnostics.map(\.message).joined(separator: "; ") + "\n"
    }
    let included = decisions.filter(\.included)
    out += included.isEmpty ? ": not in the pipeline\n" : ": in the pipeline\n"
    out += origin(first.location, plan)
    if let root { out += extendsLine(first.definitionName, root) }
    out += workflowLines(plan)
    for decision in decisions {
      if decisions.count > 1 { out += "  instance `\(decision.name)`:\n" }
      out += decisionLines(decision)
      if decision.included, let job = plan.job(named: decision.name) {
        out += "  result: added to stage `\(job.stage)` with when: \(job.when), allow_failure: \(job.allowFailure)"
        if let needs = job.needs { out += ", needs: [" + needs.map(\.label).joined(separator: ", ") + "]" }
        out += "\n"
      } else if !decision.included {
        out += "  result: not added — \(decision.reason)\n"
      }
    }
    let mentions = plan.diagnostics.filter { d in decisions.contains { d.message.contains("'\($0.name)'") } }
    for d in mentions { out += "  pipeline error: \(d.message)\n" }
    if plan.status != .created && !included.isEmpty {
      out += "  note: the pipeline itself is \(plan.status.rawValue)\n"
    }
    return out
  }

  func origin(_ location: SourceLocation, _ plan: PipelinePlan) -> String {
    var out = "  defined at \(location)\n"
    if let include = plan.includes.first(where: { $0.displayPath == location.file }) {
      out += "  brought by include \(include.type) `\(include.location)`"
      if let at = include.includedAt { out += " (included at \(at))" }
      out += "\n"
    }
    return out
  }

  /// `extends: a → b (→ c)`, depth first, as written in the merged configuration.
  func extendsLine(_ name: String, _ root: YAMLNode) -> String {
    var chain: [String] = []
    var queue = root[name]?["extends"]?.textList ?? []
    while let next = queue.first, chain.count < 11 {
      queue.removeFirst()
      if chain.contains(next) { continue }
      chain.append(next)
      let location = root[next].map { " (\($0.location))" } ?? ""
      chain[chain.count - 1] += location
      queue += root[next]?["extends"]?.textList ?? []
    }
    return chain.isEmpty ? "" : "  extends: " + chain.joined(separator: " → ") + "\n"
  }

  func workflowLines(_ plan: PipelinePlan) -> String {
    guard !plan.workflowRules.isEmpty else { return "" }
    var out = "  workflow:rules:\n"
    out += plan.workflowRules.map { ruleLines($0, indent: "    ") }.joined()
    if plan.status == .filtered { out += "    → \(PipelineSimulator.filteredMessage)\n" }
    if !plan.workflowVariables.isEmpty {
      out += "    variables: " + plan.workflowVariables.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "\n"
    }
    return out
  }

  func decisionLines(_ decision: JobDecision) -> String {
    switch decision.mechanism {
    case .rules:
      return "  rules:\n" + decision.rules.map { ruleLines($0, indent: "    ") }.joined()
    case .onlyExcept:
      var out = "  only/except:\n"
      for c in decision.policies { out += conditionLines(c, indent: "    ") }
      return out
    case .none:
      return ""
    }
  }

  func ruleLines(_ rule: RuleTrace, indent: String) -> String {
    var out = "\(indent)\(rule.index + 1). \(rule.location)"
    if rule.conditions.isEmpty { out += "  (no condition: always matches)" }
    out += "\n"
    for c in rule.conditions { out += conditionLines(c, indent: indent + "   ") }
    out += "\(indent)   → \(rule.matched ? "matches" : "does not match")"
    if rule.matched { out += ", when: \(rule.when ?? "(job's when)")" }
    return out + "\n"
  }

  func conditionLines(_ c: ConditionTrace, indent: String) -> String {
    var out = "\(indent)\(c.keyword): \(c.text)  → \(c.result)"
    if let note = c.note { out += "  (\(note))" }
    out += "\n"
    for read in c.reads { out += "\(indent)   $\(read.name) = " + (read.value.map { "\"\($0)\"" } ?? "(undefined)") + "\n" }
    return out
  }
}
