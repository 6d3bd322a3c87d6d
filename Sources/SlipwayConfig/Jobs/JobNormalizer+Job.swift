import SlipwayCore
import SlipwayYAML

/// The job keywords normalisation reads or that a job commonly has, by `NameTable` index: a job's
/// keys are looked up once, then every keyword is a slot.
enum JobKey: Int, CaseIterable {
  case script, run, trigger, extends, inherit, stage, when, allowFailure, rules, needs, variables
  case beforeScript, afterScript, artifacts, cache, hooks, idTokens, identity, image, interruptible, retry
  case services, tags, timeout, only, except, environment, coverage, dependencies, parallel, release, secrets
  case resourceGroup, startIn, pages, publish, manualConfirmation, dastConfiguration, type

  var name: String {
    switch self {
    case .allowFailure: "allow_failure"
    case .beforeScript: "before_script"
    case .afterScript: "after_script"
    case .idTokens: "id_tokens"
    case .resourceGroup: "resource_group"
    case .startIn: "start_in"
    case .manualConfirmation: "manual_confirmation"
    case .dastConfiguration: "dast_configuration"
    default: String(describing: self)
    }
  }

  static let table = NameTable(allCases.map(\.name))
  /// `allCases.count` without building `allCases` each time.
  static let count = allCases.count
  static let scripts: [JobKey] = [.script, .beforeScript, .afterScript]
}

/// What normalising every job of one root shares, prepared once: the defaults (as the pairs a job
/// receives, scripts already flattened), the global variables with their name positions, and the
/// nodes every job gets (re-marked per job rather than rebuilt).
struct JobContext: Sendable {
  struct Default: Sendable {
    var slot: Int
    var name: String
    var pair: YAMLPair
  }

  let defaults: [Default]
  let globalVariables: [YAMLPair]
  let globalPositions: KeyPositions
  /// `globalVariables` as a mapping node, for jobs without variables of their own.
  let globalVariablesNode: YAMLNode
  let stageKey, testStage, whenKey, onSuccess, allowFailureKey, variablesKey: YAMLNode
  let yes, no, jobKey, artifactsKey, optionalKey: YAMLNode

  /// `rootValue` gives a root keyword's value; `mark` is where template nodes start (each use
  /// re-marks them).
  init(_ rootValue: (String) -> YAMLNode?, mark: Mark, _ diagnostics: inout [Diagnostic]) {
    let globals = (rootValue("variables")?.mapping ?? []).map {
      YAMLPair(key: $0.key, value: JobNormalizer.variableValue($0.value))
    }
    self.init(defaults: JobNormalizer.effectiveDefaults(rootValue, &diagnostics), globalVariables: globals, mark: mark)
  }

  init(defaults: [YAMLPair], globalVariables: [YAMLPair], mark: Mark) {
    // A default is set under a fresh key node at the default key's mark, and flattened like the
    // job's own scripts would be.
    self.defaults = defaults.compactMap { pair in
      guard let name = pair.key.keyName, let slot = JobKey.table.index(of: name) else { return nil }
      var value = pair.value
      if slot == JobKey.script.rawValue || slot == JobKey.beforeScript.rawValue || slot == JobKey.afterScript.rawValue {
        value = JobNormalizer.normalizedScript(value) ?? value
      }
      return Default(slot: slot, name: name, pair: YAMLPair(key: .string(name, at: pair.key.mark), value: value))
    }
    self.globalVariables = globalVariables
    var positions = KeyPositions(capacity: globalVariables.count)
    for (index, pair) in globalVariables.enumerated() { positions.record(pair.key.keyName, at: index) }
    globalPositions = positions
    globalVariablesNode = YAMLNode(.mapping(globalVariables), mark: mark)
    stageKey = .string("stage", at: mark)
    testStage = .string("test", at: mark)
    whenKey = .string("when", at: mark)
    onSuccess = .string("on_success", at: mark)
    allowFailureKey = .string("allow_failure", at: mark)
    variablesKey = .string("variables", at: mark)
    yes = YAMLNode(.scalar(YAMLScalar(text: "", style: .plain, value: .bool(true))), mark: mark)
    no = YAMLNode(.scalar(YAMLScalar(text: "", style: .plain, value: .bool(false))), mark: mark)
    jobKey = .string("job", at: mark)
    artifactsKey = .string("artifacts", at: mark)
    optionalKey = .string("optional", at: mark)
  }
}

extension YAMLNode {
  /// This node at another mark (a shared template node placed where a job needs it).
  fileprivate func at(_ mark: Mark) -> YAMLNode {
    var copy = self
    copy.mark = mark
    return copy
  }
}

extension JobNormalizer {
  /// One job, normalised; nil when it is not a job (not a hash, or none of script, run, trigger).
  /// The job's pairs are copied once into a mapping sized for what is added; keywords are found
  /// by slot, so absent keys cost nothing and no name is hashed.
  static func normalizeJob(_ job: YAMLNode, _ context: JobContext) -> YAMLNode? {
    guard job.isMapping else { return nil }
    // The keyword slots live on the stack: one small array per job was a measurable share.
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: JobKey.count) { slots in
      slots.initialize(repeating: -1)
      return normalizeJob(job, context, slots: slots)
    }
  }

  private static func normalizeJob(_ job: YAMLNode, _ context: JobContext, slots: UnsafeMutableBufferPointer<Int>) -> YAMLNode? {
    let source = job.mapping ?? []
    var otherNames = KeyPositions(capacity: 0)
    var pairs: [YAMLPair] = []
    pairs.reserveCapacity(source.count + context.defaults.count + 4)
    let table = JobKey.table
    for index in source.indices {
      guard let name = source[index].key.keyName else {
        pairs.append(source[index])
        continue
      }
      if let keyword = table.index(of: name) {
        if keyword == JobKey.extends.rawValue { continue }
        if slots[keyword] >= 0 {
          pairs[slots[keyword]] = source[index]
        } else {
          slots[keyword] = pairs.count
          pairs.append(source[index])
        }
      } else {
        let fingerprint = KeyPositions.fingerprint(name)
        if let at = otherNames.position(of: name, fingerprint: fingerprint) {
          pairs[at] = source[index]
        } else {
          otherNames.recordNew(name, fingerprint: fingerprint, at: pairs.count)
          pairs.append(source[index])
        }
      }
    }
    func slot(_ key: JobKey) -> Int? { slots[key.rawValue] >= 0 ? slots[key.rawValue] : nil }
    guard slot(.script) != nil || slot(.run) != nil || slot(.trigger) != nil else { return nil }

    // The job's own keys are rewritten in place (their order stays); defaults and the defaulted
    // keys are appended after them, in GitLab's order.
    for key in JobKey.scripts {
      guard let at = slot(key), let flat = normalizedScript(pairs[at].value) else { continue }
      pairs[at].value = flat
    }
    if let at = slot(.rules), pairs[at].value.isSequence, let flat = flattenedSequence(pairs[at].value) {
      pairs[at].value = flat
    }
    if let at = slot(.needs), let needs = normalizedNeeds(pairs[at].value, context) { pairs[at].value = needs }
    let inherit = slot(.inherit).map { pairs[$0].value }
    if !context.defaults.isEmpty {
      // Defaults fill only keys the job does not define; there is no deep merge.
      let inheritsDefault = Inheritance(inherit?["default"])
      for item in context.defaults where slots[item.slot] < 0 && inheritsDefault.includes(item.name) {
        slots[item.slot] = pairs.count
        pairs.append(item.pair)
      }
    }
    if slot(.stage) == nil { pairs.append(YAMLPair(key: context.stageKey.at(job.mark), value: context.testStage.at(job.mark))) }
    var manual = false
    if let at = slot(.when) {
      manual = pairs[at].value.rubyString == "manual"
    } else {
      pairs.append(YAMLPair(key: context.whenKey.at(job.mark), value: context.onSuccess.at(job.mark)))
    }
    if slot(.allowFailure) == nil, slot(.rules) == nil {
      pairs.append(YAMLPair(key: context.allowFailureKey.at(job.mark), value: (manual ? context.yes : context.no).at(job.mark)))
    }
    let own = slot(.variables).map { pairs[$0].value }
    let variables = mergedVariables(job.mark, own, Inheritance(inherit?["variables"]), context)
    if let at = slot(.variables) {
      pairs[at].value = variables
    } else {
      pairs.append(YAMLPair(key: context.variablesKey.at(variables.mark), value: variables))
    }
    return YAMLNode(.mapping(pairs), tag: job.tag, mark: job.mark)
  }

  /// A script-like value as `Array(@config).flatten`, or nil when the node is that already.
  static func normalizedScript(_ node: YAMLNode) -> YAMLNode? {
    node.isSequence ? flattenedSequence(node) : .sequence([node], at: node.mark)
  }

  /// A sequence with nested sequences flattened (untagged, as GitLab rebuilds it), or nil when the
  /// node is that already: a flat untagged list (the usual case) keeps its node and storage.
  static func flattenedSequence(_ node: YAMLNode) -> YAMLNode? {
    guard let items = node.sequence else { return nil }
    guard items.contains(where: { $0.isSequence }) else {
      return node.tag == nil ? nil : .sequence(items, at: node.mark)
    }
    var flat: [YAMLNode] = []
    flat.reserveCapacity(flattenedCount(items))
    appendFlattened(items, to: &flat)
    return .sequence(flat, at: node.mark)
  }

  private static func flattenedCount(_ items: [YAMLNode]) -> Int {
    var count = 0
    for index in items.indices {
      if let inner = items[index].sequence { count += flattenedCount(inner) } else { count += 1 }
    }
    return count
  }

  private static func appendFlattened(_ items: [YAMLNode], to flat: inout [YAMLNode]) {
    for index in items.indices {
      if let inner = items[index].sequence {
        appendFlattened(inner, to: &flat)
      } else {
        flat.append(items[index])
      }
    }
  }

  /// `needs` as objects: a name becomes `{job:, artifacts: true, optional: false}`, an object gets
  /// the missing defaults. Nil when `needs` is not a list (it is kept as written).
  static func normalizedNeeds(_ needs: YAMLNode, _ context: JobContext) -> YAMLNode? {
    guard let items = needs.sequence else { return nil }
    var normalized: [YAMLNode] = []
    normalized.reserveCapacity(items.count)
    for index in items.indices {
      let item = items[index]
      if item.isScalar, let name = item.rubyString {
        let mark = item.mark
        let pairs = [
          YAMLPair(key: context.jobKey.at(mark), value: .string(name, at: mark)),
          YAMLPair(key: context.artifactsKey.at(mark), value: context.yes.at(mark)),
          YAMLPair(key: context.optionalKey.at(mark), value: context.no.at(mark)),
        ]
        normalized.append(YAMLNode(.mapping(pairs), mark: mark))
        continue
      }
      guard let pairs = item.mapping else {
        normalized.append(item)
        continue
      }
      var hasJob = false
      var hasArtifacts = false
      var hasOptional = false
      for at in pairs.indices {
        switch pairs[at].key.keyName {
        case "job"?: hasJob = true
        case "artifacts"?: hasArtifacts = true
        case "optional"?: hasOptional = true
        default: break
        }
      }
      if !hasJob || (hasArtifacts && hasOptional) {
        normalized.append(item)
        continue
      }
      var completed = pairs
      completed.reserveCapacity(pairs.count + 2)
      if !hasArtifacts { completed.append(YAMLPair(key: context.artifactsKey.at(item.mark), value: context.yes.at(item.mark))) }
      if !hasOptional { completed.append(YAMLPair(key: context.optionalKey.at(item.mark), value: context.no.at(item.mark))) }
      normalized.append(YAMLNode(.mapping(completed), tag: item.tag, mark: item.mark))
    }
    return .sequence(normalized, at: needs.mark)
  }

  /// Global variables the job inherits, then the job's own (which win); values as strings.
  static func mergedVariables(_ jobMark: Mark, _ own: YAMLNode?, _ inheritance: Inheritance, _ context: JobContext) -> YAMLNode {
    let mark = own?.mark ?? jobMark
    let ownPairs = own?.mapping ?? []
    let global = context.globalVariables
    var result: [YAMLPair]
    // First position of each inherited name (nil for keys that are not names).
    let inherited: KeyPositions
    if case .all = inheritance {
      // Every global is inherited (the usual case): the names' positions are shared by all jobs.
      if ownPairs.isEmpty { return context.globalVariablesNode.at(mark) }
      result = global
      inherited = context.globalPositions
    } else {
      result = []
      var positions = KeyPositions(capacity: global.count)
      for pair in global {
        let name = pair.key.keyName
        guard inheritance.includes(name ?? "") else { continue }
        positions.record(name, at: result.count)
        result.append(pair)
      }
      inherited = positions
    }
    result.reserveCapacity(result.count + ownPairs.count)
    var added = KeyPositions(capacity: ownPairs.count)
    for pair in ownPairs {
      let name = pair.key.keyName
      let fingerprint = KeyPositions.fingerprint(name)
      let converted = YAMLPair(key: pair.key, value: variableValue(pair.value))
      if let at = inherited.position(of: name, fingerprint: fingerprint) ?? added.position(of: name, fingerprint: fingerprint) {
        result[at] = converted
      } else {
        added.recordNew(name, fingerprint: fingerprint, at: result.count)
        result.append(converted)
      }
    }
    return YAMLNode(.mapping(result), mark: mark)
  }
}
