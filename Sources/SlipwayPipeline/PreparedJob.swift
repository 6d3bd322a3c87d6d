import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// One job definition, with what does not depend on the context. A class: every context walks
/// all jobs, and copying a struct of this size retains each field.
final class PreparedJob: Sendable {
  /// What every job of a configuration reads besides its own node.
  struct Shared: Sendable {
    var globals: [(String, String)]
    var globalValues: [String: String]
    /// Position of each name's first occurrence in `globals`.
    var globalIndex: [String: Int]
    var defaultInterruptible: Bool?
    var stages: Set<String>
    var conditions: ConditionTable
    /// The byte count of each name in `globals`, compared before the names.
    var globalLengths: [Int] = []

    /// `globalIndex[name]`: with a few globals (the usual case) a scan comparing lengths first
    /// costs less than hashing the name, and every job asks for each of its own variables.
    func globalPosition(_ name: String) -> Int? {
      guard globals.count <= 16, globalLengths.count == globals.count else { return globalIndex[name] }
      let length = name.utf8.count
      for index in globalLengths.indices where globalLengths[index] == length && globals[index].0 == name {
        return index
      }
      return nil
    }
  }

  let name: String
  let node: YAMLNode
  let location: SourceLocation
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

  /// The job of a root entry, or why GitLab rejects it. One pass over the job's keys: subscripts
  /// rescan the mapping for every key, and a dictionary of keys hashes every key of every job.
  static func prepare(_ entry: YAMLPair, stages: [String], shared: Shared) -> PreparedConfig.Outcome {
    let name = entry.key.keyName ?? entry.key.text ?? ""
    let node = entry.value
    var keys = JobKeys()
    var isJobLike = false
    if case .mapping(let pairs) = node.content {
      for index in pairs.indices {
        guard let key = pairs[index].key.keyName else { continue }
        // First byte and length pick the one name a key can be: comparing every key with every
        // name costs more than the rest of preparing a job.
        switch (key.utf8.first ?? 0, key.utf8.count) {
        case (0x73, 6): if key == "script" { isJobLike = true }
        case (0x72, 3): if key == "run" { isJobLike = true }
        case (0x74, 7):
          if key == "trigger" {
            isJobLike = true
            keys.trigger = pairs[index].value
          }
        case (0x73, 5): if key == "stage" { keys.stage = pairs[index].value }
        case (0x69, 7): if key == "inherit" { keys.inherit = pairs[index].value }
        case (0x76, 9): if key == "variables" { keys.variables = pairs[index].value }
        case (0x70, 8): if key == "parallel" { keys.parallel = pairs[index].value }
        case (0x72, 5): if key == "rules" { keys.rules = pairs[index].value }
        case (0x6E, 5): if key == "needs" { keys.needs = pairs[index].value }
        case (0x77, 4): if key == "when" { keys.when = pairs[index].value }
        case (0x61, 13): if key == "allow_failure" { keys.allowFailure = pairs[index].value }
        case (0x73, 8): if key == "start_in" { keys.startIn = pairs[index].value }
        case (0x69, 13): if key == "interruptible" { keys.interruptible = pairs[index].value }
        case (0x6F, 4): if key == "only" { keys.only = pairs[index].value }
        case (0x65, 6): if key == "except" { keys.except = pairs[index].value }
        case (0x65, 11): if key == "environment" { keys.environment = pairs[index].value }
        case (0x72, 14): if key == "resource_group" { keys.resourceGroup = pairs[index].value }
        default: continue
        }
      }
    }
    guard isJobLike else {
      return .rejected(
        .error(ConfigCode.jobType, "jobs \(name) config should implement the script:, run:, or trigger: keyword", at: entry.key.location))
    }
    let stage = keys.stage?.text ?? "test"
    guard shared.stages.contains(stage) else {
      return .rejected(
        .error(
          PipelineCode.unknownStage,
          "\(name) job: chosen stage \(stage) does not exist; available stages are \(stages.joined(separator: ", "))",
          at: keys.stage?.location ?? node.location))
    }
    return .job(PreparedJob(name: name, node: node, location: entry.key.location, stage: stage, keys: keys, shared: shared))
  }

  /// One bit per name from its length and first byte: names whose bit is not in a
  /// set's union of bits are not in the set (checked before hashing the name).
  static func nameBit(_ name: String) -> UInt64 {
    let bytes = name.utf8
    return 1 << UInt64((bytes.count &+ Int(bytes.first ?? 0) &* 7) & 63)
  }

  /// The names with a value of one job's own in a context (see `PreparedRule.contextOnly`).
  struct JobLevelNames {
    let hasNodeIndex: Bool
    let matrixKeys: Set<String>
    let own: [String: String]
    /// `nameBit` of every name in `own`.
    let ownBits: UInt64
    let inheritsAll: Bool
    let inheritedValues: [String: String]
    let globalValues: [String: String]

    /// Whether `condition` reads such a name. What depends only on a name (predefined job-level
    /// names, the name's bit) was worked out once with the condition: the bit filter spares
    /// hashing the names rules mostly read (`CI_COMMIT_BRANCH`, …) into `own`.
    func read(by condition: PreparedCondition) -> Bool {
      let names = condition.names
      for index in names.indices {
        let kind = condition.nameKinds[index]
        if kind.isJobName || (hasNodeIndex && kind.isNodeName) { return true }
        if !matrixKeys.isEmpty && matrixKeys.contains(names[index]) { return true }
        if ownBits & kind.bit != 0 && own[names[index]] != nil { return true }
        if !inheritsAll && inheritedValues[names[index]] != globalValues[names[index]] { return true }
      }
      return false
    }
  }

  /// The keys simulation reads, found in one pass.
  struct JobKeys {
    var stage, inherit, variables, parallel, rules, needs, when, allowFailure, startIn: YAMLNode?
    var interruptible, only, except, environment, resourceGroup, trigger: YAMLNode?
  }

  /// `location` is the job's name as written (a mapping's own mark is its first key's).
  private init(name: String, node: YAMLNode, location: SourceLocation, stage: String, keys: JobKeys, shared: Shared) {
    self.name = name
    self.node = node
    self.location = location
    self.stage = stage
    let inheritVariables = keys.inherit?["variables"]
    let inheritsVariable = PreparedConfig.inherits(inheritVariables)
    // Sized for the job's own variables: growing copies every pair again.
    let ownPairs = keys.variables?.variablePairs ?? []
    var variables: [(String, String)] = []
    variables.reserveCapacity(shared.globals.count + ownPairs.count)
    if inheritVariables == nil {
      variables.append(contentsOf: shared.globals)
    } else {
      variables.append(contentsOf: shared.globals.lazy.filter { inheritsVariable($0.0) })
    }
    // The own layer sits above this one in every scope, so all globals can stay in it.
    let inheritedValues = inheritVariables == nil ? shared.globalValues : Dictionary(variables, uniquingKeysWith: { _, b in b })
    self.inheritedValues = inheritedValues
    var ownValues = [String: String](minimumCapacity: ownPairs.count)
    var ownFilter: UInt64 = 0
    for (k, v) in ownPairs {
      ownFilter |= PreparedJob.nameBit(k)
      let repeated = ownValues.updateValue(v, forKey: k) != nil
      // Without `inherit:variables` the list starts as the globals: find a name by its index
      // rather than comparing it with every global.
      if inheritVariables == nil && !repeated {
        if let at = shared.globalPosition(k) { variables[at].1 = v } else { variables.append((k, v)) }
      } else if let at = variables.firstIndex(where: { $0.0 == k }) {
        variables[at].1 = v
      } else {
        variables.append((k, v))
      }
    }
    self.variables = variables
    self.ownValues = ownValues
    let instances = ParallelExpansion.instances(name: name, parallel: keys.parallel)
    for instance in instances {
      instance.jobSlug = PredefinedVariables.slug(instance.name)
      instance.jobLevel = instance.jobLevel(stage: stage, slug: instance.jobSlug)
      instance.baseVariables =
        instance.matrixVariables.isEmpty
        ? variables : JobSeeder.mergedVariables(variables, own: ownValues, workflow: [], matrix: instance.matrixVariables, rules: [])
    }
    self.instances = instances
    // Names whose value may differ from job to job in one context (see `PreparedRule.contextOnly`).
    let matrixKeys = instances.first?.matrixVariables.isEmpty == false ? Set(instances.flatMap { $0.matrixVariables.map(\.0) }) : []
    let jobLevel = JobLevelNames(
      hasNodeIndex: instances.first?.node != nil, matrixKeys: matrixKeys, own: ownValues, ownBits: ownFilter,
      inheritsAll: inheritVariables == nil, inheritedValues: inheritedValues, globalValues: shared.globalValues)
    rules = PreparedConfig.flatten(keys.rules)?.map { shared.conditions.rule($0, jobLevel: jobLevel) }
    needs = NeedSpec.list(keys.needs)
    when = keys.when?.text ?? "on_success"
    allowFailure = keys.allowFailure?.bool
    startIn = keys.startIn?.text
    interruptible =
      keys.interruptible?.bool ?? (PreparedConfig.inherits(keys.inherit?["default"])("interruptible") ? shared.defaultInterruptible : nil)
    only = keys.only
    except = keys.except
    let environment = keys.environment
    self.environment = environment?.isMapping == true ? environment?["name"]?.text : environment?.text
    resourceGroup = keys.resourceGroup?.text
    trigger = keys.trigger
  }
}
