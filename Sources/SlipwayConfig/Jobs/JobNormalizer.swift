import SlipwayCore
import SlipwayYAML

/// A job as GitLab's job entries see it after composition: `default:` applied, stage defaulted,
/// scripts flattened, `when` defaulted, `needs` as objects, variables merged per `inherit`.
public struct NormalizedJob: Sendable {
  public var name: String
  public var node: YAMLNode
}

/// Splits the merged root into jobs and applies defaults (GitLab `Entry::Root`, `Entry::Jobs`,
/// `Entry::Default`, `Entry::Inherit`).
public enum JobNormalizer {
  /// `Entry::Root::ALLOWED_KEYS` (gitlab-org/gitlab: lib/gitlab/ci/config/entry/root.rb).
  public static let rootKeys: Set<String> = [
    "default", "include", "before_script", "image", "services", "after_script", "variables", "stages", "cache",
    "workflow",
  ]
  /// Reserved root nodes, which can never be job names.
  public static let reservedNames: Set<String> = [
    "include", "before_script", "image", "services", "after_script", "variables", "stages", "cache",
  ]
  /// `Entry::Default::ALLOWED_KEYS`.
  public static let defaultKeys = [
    "after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "identity", "image",
    "interruptible", "retry", "services", "tags", "timeout",
  ]
  /// Deprecated top-level keywords that act as defaults.
  public static let globalDefaultKeys = ["image", "services", "cache", "before_script", "after_script"]
  static let scriptKeys = ["script", "before_script", "after_script"]
  /// `Entry::Commands` accepts nested arrays up to this depth.
  public static let maxScriptNesting = 10

  public static func isJobLike(_ node: YAMLNode) -> Bool {
    node.isMapping && (node["script"] != nil || node["run"] != nil || node["trigger"] != nil)
  }

  /// The job entries of the root, in order: hidden keys and root keywords excluded.
  public static func jobEntries(_ root: YAMLNode) -> [YAMLPair] {
    (root.mapping ?? []).filter { pair in
      guard let name = pair.key.rubyString else { return false }
      if name.hasPrefix(".") || reservedNames.contains(name) { return false }
      if rootKeys.contains(name) { return isJobLike(pair.value) }
      return true
    }
  }

  /// Normalises every visible job; reports job-typing and default conflicts.
  public static func normalize(_ root: YAMLNode) -> (jobs: [NormalizedJob], diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let defaults = effectiveDefaults(root, &diagnostics)
    // Converted once: every job inherits the same global values.
    let globalVariables = (root["variables"]?.mapping ?? []).map { YAMLPair(key: $0.key, value: variableValue($0.value)) }
    let globalPositions = positions(of: globalVariables)
    // Jobs are independent: normalise contiguous chunks on every core, keeping the file order.
    let entries = jobEntries(root)
    let outcomes = Concurrently.flatMapChunks(entries.count) { range -> [Result<NormalizedJob, Diagnostic>] in
      range.map { index in
        let pair = entries[index]
        let name = pair.key.rubyString ?? ""
        guard isJobLike(pair.value) else {
          return .failure(
            .error(
              ConfigCode.jobType, "jobs \(name) config should implement the script:, run:, or trigger: keyword",
              at: pair.key.mark.location))
        }
        return .success(
          NormalizedJob(name: name, node: normalizeJob(pair.value, defaults: defaults, globalVariables: globalVariables, globalPositions: globalPositions)))
      }
    }
    var jobs: [NormalizedJob] = []
    jobs.reserveCapacity(entries.count)
    for outcome in outcomes {
      switch outcome {
      case .success(let job): jobs.append(job)
      case .failure(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    if jobs.isEmpty && !diagnostics.contains(where: { $0.code == ConfigCode.jobType }) {
      diagnostics.append(.error(ConfigCode.noVisibleJob, "jobs config should contain at least one visible job", at: root.mark.location))
    }
    return (jobs, diagnostics)
  }

  /// `default:` plus deprecated globals; a key in both is GitLab's error.
  static func effectiveDefaults(_ root: YAMLNode, _ diagnostics: inout [Diagnostic]) -> [YAMLPair] {
    var pairs = root["default"]?.mapping ?? []
    for key in globalDefaultKeys {
      guard let global = root[key] else { continue }
      if pairs.contains(where: { $0.key.keyName == key }) {
        diagnostics.append(
          .error(ConfigCode.defaultConflict, "\(key) is defined in top-level and `default:` entry", at: global.mark.location))
        continue
      }
      pairs.append(YAMLPair(key: .string(key, at: global.mark), value: global))
    }
    return pairs.filter { defaultKeys.contains($0.key.keyName ?? "") }
  }

  /// `inherit:<kind>`: true (all), false (none) or a list of names; read once per job rather than
  /// once per inherited name.
  enum Inheritance {
    case all, none, names([YAMLNode])

    init(_ value: YAMLNode?) {
      guard let value else { self = .all; return }
      if case .scalar(let s) = value.content, case .bool(let b) = s.value {
        self = b ? .all : .none
      } else if let list = value.sequence {
        self = .names(list)
      } else {
        self = .all
      }
    }

    func includes(_ name: String) -> Bool {
      switch self {
      case .all: true
      case .none: false
      case .names(let list): list.contains { $0.rubyString == name }
      }
    }
  }

  static func normalizeJob(
    _ job: YAMLNode, defaults: [YAMLPair], globalVariables: [YAMLPair], globalPositions: KeyPositions? = nil
  ) -> YAMLNode {
    // One pass over a working copy of the pairs with a name index, instead of copying the whole
    // mapping once per key (normalisation runs for every job of every compile).
    var pairs: [YAMLPair] = []
    let source = job.mapping ?? []
    var index = KeyPositions(capacity: source.count + 8)
    pairs.reserveCapacity(source.count + 8)
    for pair in source {
      guard let name = pair.key.keyName else {
        pairs.append(pair)
        continue
      }
      if name == "extends" { continue }
      if let at = index.position(of: name) {
        pairs[at] = pair
      } else {
        index.recordNew(name, at: pairs.count)
        pairs.append(pair)
      }
    }
    func value(_ key: String) -> YAMLNode? { index.position(of: key).map { pairs[$0].value } }
    func set(_ key: String, _ node: YAMLNode, keyMark: Mark? = nil) {
      if let at = index.position(of: key) {
        pairs[at].value = node
      } else {
        index.recordNew(key, at: pairs.count)
        pairs.append(YAMLPair(key: .string(key, at: keyMark ?? node.mark), value: node))
      }
    }
    let inherit = job["inherit"]
    let inheritsDefault = Inheritance(inherit?["default"])
    // Defaults fill only keys the job does not define; there is no deep merge.
    for pair in defaults {
      guard let key = pair.key.keyName, index.position(of: key) == nil, inheritsDefault.includes(key) else { continue }
      set(key, pair.value, keyMark: pair.key.mark)
    }
    if index.position(of: "stage") == nil { set("stage", .string("test", at: job.mark)) }
    for key in scriptKeys {
      guard let script = value(key) else { continue }
      set(key, .sequence(flatten(script), at: script.mark))
    }
    if let rules = value("rules"), let items = rules.sequence {
      // Most rule lists are flat already: keep their storage instead of rebuilding it.
      let flat = items.contains(where: \.isSequence) ? EdgeStagesPass.flatten(items) : items
      set("rules", .sequence(flat, at: rules.mark))
    }
    let when = value("when")?.rubyString ?? "on_success"
    if index.position(of: "when") == nil { set("when", .string(when, at: job.mark)) }
    if index.position(of: "allow_failure") == nil, index.position(of: "rules") == nil {
      set("allow_failure", YAMLNode(.scalar(YAMLScalar(text: "", style: .plain, value: .bool(when == "manual"))), mark: job.mark))
    }
    if let needs = value("needs") { set("needs", normalizeNeeds(needs)) }
    set(
      "variables",
      mergedVariables(
        job, value("variables"), globalVariables, Inheritance(inherit?["variables"]), globalPositions: globalPositions))
    return YAMLNode(.mapping(pairs), tag: job.tag, mark: job.mark)
  }

  /// `Array(@config).flatten` for script-like keys.
  static func flatten(_ node: YAMLNode) -> [YAMLNode] {
    switch node.content {
    case .sequence(let items):
      // A flat list (the usual case) is its own flattening.
      return items.contains(where: \.isSequence) ? items.flatMap(flatten) : items
    default: return [node]
    }
  }

  static func normalizeNeeds(_ needs: YAMLNode) -> YAMLNode {
    guard let items = needs.sequence else { return needs }
    let bool = { (b: Bool, m: Mark) in YAMLNode(.scalar(YAMLScalar(text: "", style: .plain, value: .bool(b))), mark: m) }
    let normalized = items.map { item -> YAMLNode in
      if item.isScalar, let name = item.rubyString {
        return .mapping([("job", .string(name, at: item.mark)), ("artifacts", bool(true, item.mark)), ("optional", bool(false, item.mark))], at: item.mark)
      }
      guard item["job"] != nil else { return item }
      var out = item
      if item["artifacts"] == nil { out = out.setting("artifacts", to: bool(true, item.mark)) }
      if item["optional"] == nil { out = out.setting("optional", to: bool(false, item.mark)) }
      return out
    }
    return .sequence(normalized, at: needs.mark)
  }

  /// Global variables the job inherits, then the job's own (which win); values as strings.
  /// `global` values are already converted (`variableValue`).
  static func mergedVariables(
    _ job: YAMLNode, _ own: YAMLNode?, _ global: [YAMLPair], _ inheritance: Inheritance,
    globalPositions: KeyPositions? = nil
  ) -> YAMLNode {
    let ownPairs = own?.mapping ?? []
    var result: [YAMLPair]
    // First position of each name (nil for keys that are not names), as `firstIndex(where:)` would find.
    var firstIndex: KeyPositions
    if case .all = inheritance, let globalPositions {
      // Every global is inherited (the usual case): start from the table built once for all jobs.
      result = global
      firstIndex = globalPositions
    } else {
      result = []
      result.reserveCapacity(global.count + ownPairs.count)
      firstIndex = KeyPositions(capacity: global.count + ownPairs.count)
      for pair in global {
        let name = pair.key.keyName
        guard inheritance.includes(name ?? "") else { continue }
        firstIndex.record(name, at: result.count)
        result.append(pair)
      }
    }
    for pair in ownPairs {
      let name = pair.key.keyName
      let converted = YAMLPair(key: pair.key, value: variableValue(pair.value))
      if let at = firstIndex.position(of: name) {
        result[at] = converted
      } else {
        firstIndex.recordNew(name, at: result.count)
        result.append(converted)
      }
    }
    return YAMLNode(.mapping(result), mark: own?.mark ?? job.mark)
  }

  /// The first position of each global variable's name, shared by every job that inherits them all.
  static func positions(of global: [YAMLPair]) -> KeyPositions {
    var positions = KeyPositions(capacity: global.count)
    for (index, pair) in global.enumerated() { positions.record(pair.key.keyName, at: index) }
    return positions
  }

  /// A variable's value as GitLab stores it: `to_s` of scalars, `value:` of the long form.
  static func variableValue(_ node: YAMLNode) -> YAMLNode {
    if node.isMapping, let value = node["value"] { return variableValue(value) }
    if let text = node.rubyString, node.isScalar { return .string(text, at: node.mark) }
    return node
  }
}
