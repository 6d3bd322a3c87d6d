import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// What every context shares once a configuration is compiled: normalised jobs, their variables,
/// instances and rules. Built once per compile, so each extra context only evaluates.
final class PreparedConfig: Sendable {
  let root: YAMLNode
  let jobs: [PreparedJob]
  let diagnostics: [Diagnostic]
  let stages: [String]
  let globals: [String: String]
  let workflowRules: [PreparedRule]?
  /// Every `rules:if` text, interned (see `PreparedCondition`).
  let conditions: [String: PreparedCondition]

  /// Reads jobs straight from the merged root, as GitLab's job entries see them (`default:`,
  /// `inherit:`, stage and `when` defaults, gitlab-semantics.md §6) without rebuilding nodes:
  /// only the keys simulation needs.
  init(root: YAMLNode) {
    self.root = root
    stages = root["stages"].map(\.textList) ?? PipelineSimulator.defaultStages
    let globalPairs = root["variables"]?.variablePairs ?? []
    var globals: [String: String] = [:]
    for (k, v) in globalPairs { globals[k] = v }
    self.globals = globals
    let table = ConditionTable()
    workflowRules = PreparedConfig.flatten(root["workflow"]?["rules"])?.map { PreparedRule($0, conditions: table) }
    let defaultInterruptible = root["default"]?["interruptible"]?.bool
    var diagnostics: [Diagnostic] = []
    var jobs: [PreparedJob] = []
    for pair in JobNormalizer.jobEntries(root) {
      let name = pair.key.keyName ?? pair.key.text ?? ""
      let node = pair.value
      guard JobNormalizer.isJobLike(node) else {
        diagnostics.append(
          .error(ConfigCode.jobType, "jobs \(name) config should implement the script:, run:, or trigger: keyword", at: pair.key.location))
        continue
      }
      let stage = node["stage"]?.text ?? "test"
      if !stages.contains(stage) {
        diagnostics.append(
          .error(
            PipelineCode.unknownStage,
            "\(name) job: chosen stage \(stage) does not exist; available stages are \(stages.joined(separator: ", "))",
            at: node["stage"]?.location ?? node.location))
        continue
      }
      jobs.append(
        PreparedJob(
          name: name, node: node, stage: stage, globals: globalPairs, globalValues: globals,
          defaultInterruptible: defaultInterruptible, conditions: table))
    }
    if jobs.isEmpty && diagnostics.isEmpty {
      diagnostics.append(.error(ConfigCode.noVisibleJob, "jobs config should contain at least one visible job", at: root.location))
    }
    self.jobs = jobs
    self.diagnostics = diagnostics
    conditions = table.byText
  }

  /// Nested rule lists (from `!reference`) flattened, as GitLab does.
  static func flatten(_ node: YAMLNode?) -> [YAMLNode]? {
    guard let items = node?.sequence else { return nil }
    return items.flatMap { $0.isSequence ? (flatten($0) ?? []) : [$0] }
  }

  /// `inherit:<kind>`: true (all), false (none) or a list of names.
  static func inherits(_ value: YAMLNode?) -> (String) -> Bool {
    guard let value else { return { _ in true } }
    if let flag = value.bool { return { _ in flag } }
    let names = Set(value.textList)
    return { names.contains($0) }
  }
}

/// One job definition, with what does not depend on the context. A class: every context walks
/// all jobs, and copying a struct of this size retains each field.
final class PreparedJob: Sendable {
  let name: String
  let node: YAMLNode
  let stage: String
  /// Inherited globals and the job's own variables, in order.
  let variables: [(String, String)]
  let ownValues: [String: String]
  let inheritedValues: [String: String]
  let instances: [JobInstance]
  let rules: [PreparedRule]?
  let needs: [NeedSpec]?
  let when: String
  /// Keys `decide` reads for every context.
  let allowFailure: Bool?
  let startIn: String?
  let interruptible: Bool?
  let only: YAMLNode?
  let except: YAMLNode?
  let environment: String?
  let resourceGroup: String?
  let trigger: YAMLNode?

  init(
    name: String, node: YAMLNode, stage: String, globals: [(String, String)], globalValues: [String: String],
    defaultInterruptible: Bool?, conditions: ConditionTable
  ) {
    self.name = name
    self.node = node
    self.stage = stage
    // One pass over the job's keys: subscripts rescan the mapping for every key.
    var keys: [String: YAMLNode] = [:]
    keys.reserveCapacity(node.mapping?.count ?? 0)
    for pair in node.mapping ?? [] { if let key = pair.key.keyName { keys[key] = pair.value } }
    let inherit = keys["inherit"]
    let inheritsVariable = PreparedConfig.inherits(inherit?["variables"])
    var variables = inherit?["variables"] == nil ? globals : globals.filter { inheritsVariable($0.0) }
    // The own layer sits above this one in every scope, so all globals can stay in it.
    let inheritedValues = inherit?["variables"] == nil ? globalValues : Dictionary(variables, uniquingKeysWith: { _, b in b })
    self.inheritedValues = inheritedValues
    var ownValues: [String: String] = [:]
    for (k, v) in keys["variables"]?.variablePairs ?? [] {
      ownValues[k] = v
      if let at = variables.firstIndex(where: { $0.0 == k }) { variables[at].1 = v } else { variables.append((k, v)) }
    }
    self.variables = variables
    self.ownValues = ownValues
    let instances = ParallelExpansion.instances(name: name, parallel: keys["parallel"]).map { instance in
      var copy = instance
      copy.jobSlug = PredefinedVariables.slug(instance.name)
      copy.jobLevel = instance.jobLevel(stage: stage, slug: copy.jobSlug)
      return copy
    }
    self.instances = instances
    // Names whose value may differ from job to job in one context (see `PreparedRule.contextOnly`).
    let instanceKeys = Set(instances.flatMap { $0.jobLevel.keys })
    let own = ownValues
    let jobLevel: (String) -> Bool = { name in
      instanceKeys.contains(name) || own[name] != nil || inheritedValues[name] != globalValues[name]
    }
    rules = PreparedConfig.flatten(keys["rules"])?.map { PreparedRule($0, conditions: conditions, jobLevel: jobLevel) }
    needs = NeedSpec.list(keys["needs"])
    when = keys["when"]?.text ?? "on_success"
    allowFailure = keys["allow_failure"]?.bool
    startIn = keys["start_in"]?.text
    interruptible = keys["interruptible"]?.bool ?? (PreparedConfig.inherits(inherit?["default"])("interruptible") ? defaultInterruptible : nil)
    only = keys["only"]
    except = keys["except"]
    let environment = keys["environment"]
    self.environment = environment?.isMapping == true ? environment?["name"]?.text : environment?.text
    resourceGroup = keys["resource_group"]?.text
    trigger = keys["trigger"]
  }
}
