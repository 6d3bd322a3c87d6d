import SlipwayCore
import SlipwayYAML

/// Resolves `extends:` on the merged configuration (GitLab `Config::Extendable`): parents merge left
/// to right, then the job on top; hashes deep-merge, arrays and scalars replace, `null` removes.
/// The merged job keeps its `extends:` key, as GitLab's does.
struct ExtendsPass {
  /// `Extendable::Entry::MAX_NESTING_LEVELS`, checked as `ancestors.count > 10`
  /// (gitlab-org/gitlab: lib/gitlab/ci/config/extendable/entry.rb).
  static let maxNestingLevels = 10

  private var entries: [String: Int] = [:]
  private var pairs: [YAMLPair]
  private var extended: Set<String> = []
  private var failed: Set<String> = []
  private(set) var diagnostics: [Diagnostic] = []

  init(root: [YAMLPair]) {
    pairs = root
    for (i, pair) in root.enumerated() {
      if let name = pair.key.keyName { entries[name] = i }
    }
  }

  /// `concurrently: false` forces the serial pass (tests compare both).
  static func run(_ root: YAMLNode, concurrently: Bool = true) -> (YAMLNode, [Diagnostic]) {
    guard case .mapping(let pairs) = root.content else { return (root, []) }
    if concurrently, let result = runConcurrently(pairs) {
      return (YAMLNode(.mapping(result.pairs), tag: root.tag, mark: root.mark), result.diagnostics)
    }
    var pass = ExtendsPass(root: pairs)
    for pair in pairs {
      guard let name = pair.key.keyName else { continue }
      _ = pass.extend(name, ancestors: [])
    }
    return (YAMLNode(.mapping(pass.pairs), tag: root.tag, mark: root.mark), pass.diagnostics)
  }

  /// The same result on every core, when it cannot differ from the serial pass: first every entry
  /// that something extends (the templates), serially; then the entries nobody extends, which only
  /// read the templates, in chunks. Falls back (nil) when a template has an error or a chain is
  /// deep enough for the nesting limit to depend on the path by which a template is first reached.
  private static func runConcurrently(_ pairs: [YAMLPair]) -> (pairs: [YAMLPair], diagnostics: [Diagnostic])? {
    var pass = ExtendsPass(root: pairs)
    // A name defined twice would be handled at its first position by the serial pass.
    guard pass.entries.count == pairs.lazy.filter({ $0.key.keyName != nil }).count else { return nil }
    var targets: Set<String> = []
    for pair in pairs {
      if let extendsNode = pair.value["extends"], pair.value.isMapping { targets.formUnion(parentNames(extendsNode)) }
    }
    for pair in pairs {
      guard let name = pair.key.keyName, targets.contains(name) else { continue }
      _ = pass.extend(name, ancestors: [])
    }
    guard pass.diagnostics.isEmpty else { return nil }
    var depths: [String: Int] = [:]
    guard targets.allSatisfy({ pass.chainDepth($0, &depths) <= maxNestingLevels }) else { return nil }
    let templates = pass
    let extendedNames = targets
    let outcomes = Concurrently.flatMapChunks(pairs.count) { range -> [(Int, Result<YAMLNode, Diagnostic>)] in
      range.compactMap { index in
        guard let name = pairs[index].key.keyName, !extendedNames.contains(name), templates.entries[name] == index,
          let outcome = templates.extendedLeaf(name, pairs[index].value)
        else { return nil }
        return (index, outcome)
      }
    }
    var result = templates.pairs
    var diagnostics: [Diagnostic] = []
    for (index, outcome) in outcomes {
      switch outcome {
      case .success(let value): result[index].value = value
      case .failure(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    return (result, diagnostics)
  }

  /// A leaf (an entry that nothing extends), once every template is extended: its extended value, its
  /// error, or nil when it has no `extends`. Reads only.
  private func extendedLeaf(_ name: String, _ current: YAMLNode) -> Result<YAMLNode, Diagnostic>? {
    guard let extendsNode = current["extends"], current.isMapping else { return nil }
    let parents = Self.parentNames(extendsNode)
    if let problem = problem(name, parents: parents, ancestors: []) {
      return .failure(.error(ConfigCode.extendsError, problem, at: extendsNode.mark.location))
    }
    // Every parent is a template, already extended (or without `extends`) and free of errors.
    return .success(Self.combine(parents.compactMap(value), onto: current))
  }

  /// Entries in the longest `extends` chain from `name` (0 without `extends`); no cycles here.
  private func chainDepth(_ name: String, _ depths: inout [String: Int]) -> Int {
    if let known = depths[name] { return known }
    guard let current = value(name), let extendsNode = current["extends"], current.isMapping else { return 0 }
    let depth = 1 + (Self.parentNames(extendsNode).map { chainDepth($0, &depths) }.max() ?? 0)
    depths[name] = depth
    return depth
  }

  private func value(_ name: String) -> YAMLNode? { entries[name].map { pairs[$0].value } }

  /// `extends` as a list of names: a string is one name, a list its items' text.
  private static func parentNames(_ node: YAMLNode) -> [String] {
    switch node.content {
    case .sequence(let items): return items.map { $0.rubyString ?? $0.rubyInspect }
    case .scalar: return [node.rubyString ?? ""]
    case .mapping: return [node.rubyInspect]
    }
  }

  /// Returns the extended value of `name`, or nil when it failed.
  private mutating func extend(_ name: String, ancestors: [String]) -> YAMLNode? {
    guard let index = entries[name] else { return nil }
    let current = pairs[index].value
    guard let extendsNode = current["extends"], current.isMapping else { return current }
    if extended.contains(name) { return current }
    if failed.contains(name) { return nil }
    let parents = Self.parentNames(extendsNode)
    if let problem = problem(name, parents: parents, ancestors: ancestors) {
      return fail(name, problem, extendsNode.mark.location)
    }
    var bases: [YAMLNode] = []
    for parent in parents {
      guard let base = extend(parent, ancestors: ancestors + [name]) else {
        failed.insert(name)
        return nil
      }
      bases.append(base)
    }
    pairs[index].value = Self.combine(bases, onto: current)
    extended.insert(name)
    return pairs[index].value
  }

  /// GitLab's checks before merging, in its order; the message of the first that fails.
  private func problem(_ name: String, parents: [String], ancestors: [String]) -> String? {
    let unknown = parents.filter { value($0) == nil }
    if !unknown.isEmpty { return "\(name): unknown keys in `extends` (\(unknown.joined(separator: ", ")))" }
    let invalid = parents.filter { value($0)?.isMapping != true }
    if !invalid.isEmpty { return "\(name): invalid base hashes in `extends` (\(invalid.joined(separator: ", ")))" }
    if ancestors.count > Self.maxNestingLevels { return "\(name): nesting too deep in `extends`" }
    if ancestors.contains(name) { return "\(name): circular dependency detected in `extends`" }
    return nil
  }

  /// Parents merged left to right, then the entry itself on top (keeping its tag and position).
  private static func combine(_ bases: [YAMLNode], onto current: YAMLNode) -> YAMLNode {
    guard var merged = bases.first else { return current }
    for base in bases.dropFirst() { merged = NodeMerge.deepMerge(merged, base) }
    let result = NodeMerge.deepMerge(merged, current)
    return YAMLNode(result.content, tag: current.tag, mark: current.mark)
  }

  private mutating func fail(_ name: String, _ message: String, _ at: SourceLocation) -> YAMLNode? {
    failed.insert(name)
    diagnostics.append(.error(ConfigCode.extendsError, message, at: at))
    return nil
  }
}
