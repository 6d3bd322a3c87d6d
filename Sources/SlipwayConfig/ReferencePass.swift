import SlipwayCore
import SlipwayYAML

/// Resolves `!reference [path, to, key]` tags on the whole configuration after `extends`
/// (GitLab `Config::Yaml::Tags::Resolver`). References inside referenced values resolve too; a
/// reference that comes back to itself is a circular chain. The tag does not flatten: a referenced
/// list becomes a nested list, which script-like keywords flatten later.
struct ReferencePass {
  static let tag = "!reference"

  private let root: YAMLNode
  private var inProgress: Set<Mark> = []
  private var resolved: [Mark: YAMLNode?] = [:]
  private(set) var diagnostics: [Diagnostic] = []

  /// `concurrently: false` forces the serial pass (tests compare both).
  static func run(_ root: YAMLNode, concurrently: Bool = true) -> (YAMLNode, [Diagnostic]) {
    let rootIndex = index(of: root)
    if concurrently, let resolved = runConcurrently(root, rootIndex) { return (resolved, []) }
    var pass = ReferencePass(root: root, rootIndex: rootIndex)
    let result = pass.deepResolve(root)
    return (result ?? root, pass.diagnostics)
  }

  /// The top-level entries resolved in chunks on every core, each chunk with its own memo (a
  /// shared template resolves once per chunk). When any reference fails, nil: the serial pass runs
  /// instead, because which tag of a circular chain reports it depends on where the chain is entered.
  private static func runConcurrently(_ root: YAMLNode, _ rootIndex: [String: YAMLNode]) -> YAMLNode? {
    guard !root.isReferenceTag, root.hasTaggedDescendant, case .mapping(let pairs) = root.content else { return nil }
    let chunks = Concurrently.chunks(pairs.count)
    let perChunk = Concurrently.map(chunks.count) { chunk -> [(Int, YAMLNode)]? in
      var pass = ReferencePass(root: root, rootIndex: rootIndex)
      var changed: [(Int, YAMLNode)] = []
      for index in chunks[chunk] {
        switch pass.walk(pairs[index].value) {
        case .unchanged: continue
        case .changed(let value): changed.append((index, value))
        case .failed: return nil
        }
      }
      return pass.diagnostics.isEmpty ? changed : nil
    }
    var resolved = pairs
    for chunk in perChunk {
      guard let chunk else { return nil }
      for (index, value) in chunk { resolved[index] = YAMLPair(key: pairs[index].key, value: value) }
    }
    return YAMLNode(.mapping(resolved), tag: root.tag, mark: root.mark)
  }

  /// Top-level keys by name: the root has thousands of jobs and every reference starts there.
  private let rootIndex: [String: YAMLNode]

  private static func index(of root: YAMLNode) -> [String: YAMLNode] {
    var index: [String: YAMLNode] = [:]
    for pair in root.mapping ?? [] {
      if let name = pair.key.keyName { index[name] = pair.value }
    }
    return index
  }

  private init(root: YAMLNode, rootIndex: [String: YAMLNode]) {
    self.root = root
    self.rootIndex = rootIndex
  }

  /// The outcome of resolving a subtree; unchanged subtrees are shared, not copied.
  private enum Walk {
    case unchanged
    case changed(YAMLNode)
    case failed
  }

  /// Resolves every tag below `node`; nil when a reference in it failed.
  private mutating func deepResolve(_ node: YAMLNode) -> YAMLNode? {
    switch walk(node) {
    case .unchanged: return node
    case .changed(let n): return n
    case .failed: return nil
    }
  }

  private mutating func walk(_ node: YAMLNode) -> Walk {
    if node.isReferenceTag { return resolve(node).map(Walk.changed) ?? .failed }
    if !node.hasTaggedDescendant { return .unchanged }
    switch node.content {
    case .scalar:
      return .unchanged
    case .sequence(let items):
      var out: [YAMLNode]? = nil
      var failed = false
      for (i, item) in items.enumerated() {
        switch walk(item) {
        case .unchanged:
          out?.append(item)
        case .changed(let r):
          if out == nil { out = Array(items[..<i]) }
          out?.append(r)
        case .failed:
          failed = true
          if out == nil { out = Array(items[..<i]) }
          out?.append(item)
        }
      }
      if failed { return .failed }
      return out.map { .changed(YAMLNode(.sequence($0), tag: node.tag, mark: node.mark)) } ?? .unchanged
    case .mapping(let pairs):
      var out: [YAMLPair]? = nil
      var failed = false
      for (i, pair) in pairs.enumerated() {
        switch walk(pair.value) {
        case .unchanged:
          out?.append(pair)
        case .changed(let r):
          if out == nil { out = Array(pairs[..<i]) }
          out?.append(YAMLPair(key: pair.key, value: r))
        case .failed:
          failed = true
          if out == nil { out = Array(pairs[..<i]) }
          out?.append(pair)
        }
      }
      // A failed reference inside one job must not hide the other jobs' results or errors.
      if failed && node.mark != root.mark { return .failed }
      return out.map { .changed(YAMLNode(.mapping($0), tag: node.tag, mark: node.mark)) } ?? .unchanged
    }
  }

  private mutating func resolve(_ tagged: YAMLNode) -> YAMLNode? {
    let id = tagged.mark
    if let done = resolved[id] { return done }
    // Built only when needed: most references resolve, and the text costs more than the lookup.
    var description: String { "\(Self.tag) \(Self.inspectData(tagged))" }
    guard let path = Self.path(of: tagged) else {
      return fail(id, "\(description) is not valid", tagged)
    }
    if inProgress.contains(id) {
      return fail(id, "\(description) is part of a circular chain", tagged)
    }
    inProgress.insert(id)
    defer { inProgress.remove(id) }
    guard let target = dig(path) else {
      return fail(id, "\(description) could not be found", tagged)
    }
    guard let value = deepResolve(target) else {
      // The inner reference already reported why.
      resolved[id] = .some(nil)
      return nil
    }
    // Ruby: `raise MissingReferenceError unless value`: nil and false are "not found".
    if value.isNull || value.scalar?.value == .bool(false) {
      return fail(id, "\(description) could not be found", tagged)
    }
    let located = YAMLNode(value.content, tag: value.isReferenceTag ? nil : value.tag, mark: value.mark)
    resolved[id] = located
    return located
  }

  private mutating func fail(_ id: Mark, _ message: String, _ tagged: YAMLNode) -> YAMLNode? {
    resolved[id] = .some(nil)
    diagnostics.append(.error(ConfigCode.referenceError, message, at: tagged.mark.location))
    return nil
  }

  /// `data[:seq]` when it is a non-empty list of strings.
  private static func path(of node: YAMLNode) -> [String]? {
    guard case .sequence(let items) = node.content, !items.isEmpty else { return nil }
    var names: [String] = []
    for item in items {
      guard case .scalar(let s) = item.content, case .string(let v) = s.value else { return nil }
      names.append(v)
    }
    return names
  }

  /// How GitLab prints the tag's data: a list as `["a", "b"]`, a scalar as a quoted string.
  private static func inspectData(_ node: YAMLNode) -> String {
    switch node.content {
    case .scalar(let s):
      // An empty tag (`a: !reference`) has no data at all and prints as an empty list.
      return s.text.isEmpty ? "[]" : YAMLNode.string(s.text, at: node.mark).rubyInspect
    default: return node.rubyInspect
    }
  }

  /// `config.dig(*path)`: nil when a step is missing or lands on a non-hash.
  private func dig(_ path: [String]) -> YAMLNode? {
    guard let first = path.first, var current = rootIndex[first] else { return nil }
    for key in path.dropFirst() {
      guard current.isMapping, let next = current[key] else { return nil }
      current = next
    }
    return current
  }
}
