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

  static func run(_ root: YAMLNode) -> (YAMLNode, [Diagnostic]) {
    guard case .mapping(let pairs) = root.content else { return (root, []) }
    var pass = ExtendsPass(root: pairs)
    for pair in pairs {
      guard let name = pair.key.keyName else { continue }
      _ = pass.extend(name, ancestors: [])
    }
    return (YAMLNode(.mapping(pass.pairs), tag: root.tag, mark: root.mark), pass.diagnostics)
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
    let at = extendsNode.mark.location
    let unknown = parents.filter { value($0) == nil }
    if !unknown.isEmpty {
      return fail(name, "\(name): unknown keys in `extends` (\(unknown.joined(separator: ", ")))", at)
    }
    let invalid = parents.filter { value($0)?.isMapping != true }
    if !invalid.isEmpty {
      return fail(name, "\(name): invalid base hashes in `extends` (\(invalid.joined(separator: ", ")))", at)
    }
    if ancestors.count > Self.maxNestingLevels {
      return fail(name, "\(name): nesting too deep in `extends`", at)
    }
    if ancestors.contains(name) {
      return fail(name, "\(name): circular dependency detected in `extends`", at)
    }
    var merged: YAMLNode?
    for parent in parents {
      guard let base = extend(parent, ancestors: ancestors + [name]) else {
        failed.insert(name)
        return nil
      }
      merged = merged.map { NodeMerge.deepMerge($0, base) } ?? base
    }
    let result = merged.map { NodeMerge.deepMerge($0, current) } ?? current
    pairs[index].value = YAMLNode(result.content, tag: current.tag, mark: current.mark)
    extended.insert(name)
    return pairs[index].value
  }

  private mutating func fail(_ name: String, _ message: String, _ at: SourceLocation) -> YAMLNode? {
    failed.insert(name)
    diagnostics.append(.error(ConfigCode.extendsError, message, at: at))
    return nil
  }
}
