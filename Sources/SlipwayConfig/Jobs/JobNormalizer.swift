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
    let globalVariables = root["variables"]?.mapping ?? []
    var jobs: [NormalizedJob] = []
    for pair in jobEntries(root) {
      let name = pair.key.rubyString ?? ""
      guard isJobLike(pair.value) else {
        diagnostics.append(
          .error(
            ConfigCode.jobType, "jobs \(name) config should implement the script:, run:, or trigger: keyword",
            at: pair.key.mark.location))
        continue
      }
      jobs.append(NormalizedJob(name: name, node: normalizeJob(pair.value, defaults: defaults, globalVariables: globalVariables)))
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

  /// `inherit:<kind>`: true (all), false (none) or a list of names.
  static func inherits(_ job: YAMLNode, _ kind: String, _ name: String) -> Bool {
    guard let value = job["inherit"]?[kind] else { return true }
    if case .scalar(let s) = value.content, case .bool(let b) = s.value { return b }
    if let list = value.sequence { return list.contains { $0.rubyString == name } }
    return true
  }

  static func normalizeJob(_ job: YAMLNode, defaults: [YAMLPair], globalVariables: [YAMLPair]) -> YAMLNode {
    // One pass over a working copy of the pairs with a name index, instead of copying the whole
    // mapping once per key (normalisation runs for every job of every compile).
    var pairs: [YAMLPair] = []
    var index: [String: Int] = [:]
    let source = job.mapping ?? []
    pairs.reserveCapacity(source.count + 8)
    index.reserveCapacity(source.count + 8)
    for pair in source {
      guard let name = pair.key.keyName else {
        pairs.append(pair)
        continue
      }
      if name == "extends" { continue }
      if let at = index[name] {
        pairs[at] = pair
      } else {
        index[name] = pairs.count
        pairs.append(pair)
      }
    }
    func value(_ key: String) -> YAMLNode? { index[key].map { pairs[$0].value } }
    func set(_ key: String, _ node: YAMLNode, keyMark: Mark? = nil) {
      if let at = index[key] {
        pairs[at].value = node
      } else {
        index[key] = pairs.count
        pairs.append(YAMLPair(key: .string(key, at: keyMark ?? node.mark), value: node))
      }
    }
    // Defaults fill only keys the job does not define; there is no deep merge.
    for pair in defaults {
      guard let key = pair.key.keyName, index[key] == nil, inherits(job, "default", key) else { continue }
      set(key, pair.value, keyMark: pair.key.mark)
    }
    if index["stage"] == nil { set("stage", .string("test", at: job.mark)) }
    for key in scriptKeys {
      guard let script = value(key) else { continue }
      set(key, .sequence(flatten(script), at: script.mark))
    }
    if let rules = value("rules"), let items = rules.sequence {
      set("rules", .sequence(EdgeStagesPass.flatten(items), at: rules.mark))
    }
    let when = value("when")?.rubyString ?? "on_success"
    if index["when"] == nil { set("when", .string(when, at: job.mark)) }
    if index["allow_failure"] == nil, index["rules"] == nil {
      set("allow_failure", YAMLNode(.scalar(YAMLScalar(text: "", style: .plain, value: .bool(when == "manual"))), mark: job.mark))
    }
    if let needs = value("needs") { set("needs", normalizeNeeds(needs)) }
    set("variables", mergedVariables(job, value("variables"), globalVariables))
    return YAMLNode(.mapping(pairs), tag: job.tag, mark: job.mark)
  }

  /// `Array(@config).flatten` for script-like keys.
  static func flatten(_ node: YAMLNode) -> [YAMLNode] {
    switch node.content {
    case .sequence(let items): return items.flatMap(flatten)
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
  static func mergedVariables(_ job: YAMLNode, _ own: YAMLNode?, _ global: [YAMLPair]) -> YAMLNode {
    var result: [YAMLPair] = []
    for pair in global where inherits(job, "variables", pair.key.keyName ?? "") {
      result.append(YAMLPair(key: pair.key, value: variableValue(pair.value)))
    }
    for pair in own?.mapping ?? [] {
      let value = variableValue(pair.value)
      if let at = result.firstIndex(where: { $0.key.keyName == pair.key.keyName }) {
        result[at] = YAMLPair(key: pair.key, value: value)
      } else {
        result.append(YAMLPair(key: pair.key, value: value))
      }
    }
    return YAMLNode(.mapping(result), mark: own?.mark ?? job.mark)
  }

  /// A variable's value as GitLab stores it: `to_s` of scalars, `value:` of the long form.
  static func variableValue(_ node: YAMLNode) -> YAMLNode {
    if node.isMapping, let value = node["value"] { return variableValue(value) }
    if let text = node.rubyString, node.isScalar { return .string(text, at: node.mark) }
    return node
  }
}
