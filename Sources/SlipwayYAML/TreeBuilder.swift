import CYaml
import SlipwayCore

/// Turns libyaml's event stream into `YAMLNode`s with marks, resolving aliases and merge keys and
/// enforcing the depth and expansion budgets as it goes (so an alias bomb costs O(input)).
struct TreeBuilder {
  /// An open collection. Its children live in `children` at the same index, so appending to them
  /// mutates in place instead of copying.
  private struct Frame {
    var isMapping: Bool
    var tag: String?
    var anchor: String?
    var mark: Mark
    var weightAtStart: Int
  }

  let file: SourceFile
  /// Added to libyaml's 0-based lines: the document may start further down the file.
  let lineOffset: Int
  let options: YAMLLoadOptions

  private var stack: [Frame] = []
  /// Children of each open frame; for mappings, keys and values alternate.
  private var children: [[YAMLNode]] = []
  /// Emptied child buffers kept for reuse, so each new collection does not grow a fresh array.
  private var spareBuffers: [[YAMLNode]] = []
  private var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
  private(set) var root: YAMLNode?
  private(set) var warnings: [Diagnostic] = []
  private(set) var deferredError: YAMLLoadError?
  /// Expanded weight so far (scalar bytes + 1 per node, aliases counted at every use).
  private var weight = 0
  private(set) var tooBig = false
  private var uniqueSeed = 0

  init(file: SourceFile, lineOffset: Int, options: YAMLLoadOptions) {
    self.file = file
    self.lineOffset = lineOffset
    self.options = options
  }

  func mark(_ m: yaml_mark_t) -> Mark {
    Mark(file: file, line: Int(m.line) + 1 + lineOffset, column: Int(m.column) + 1)
  }

  private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let p else { return nil }
    return String(cString: p)
  }

  private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
    switch style {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: .literal
    case YAML_FOLDED_SCALAR_STYLE: .folded
    default: .plain
    }
  }

  private mutating func charge(_ amount: Int) {
    weight &+= amount
    if weight > options.maxExpandedBytes || weight < 0 { tooBig = true }
  }

  /// Handles one event; returns true when the first document is complete.
  mutating func handle(_ event: inout yaml_event_t) -> Bool {
    switch event.type {
    case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
      return true
    case YAML_SCALAR_EVENT:
      if tooBig { return false }
      let s = event.data.scalar
      let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
      let style = Self.style(s.style)
      let tag = Self.string(s.tag)
      let node = YAMLNode(
        .scalar(YAMLScalar(text: text, style: style, value: resolve(text, style: style, tag: tag, at: event.start_mark))),
        tag: tag, mark: mark(event.start_mark))
      let cost = s.length + 1
      charge(cost)
      if let anchor = Self.string(s.anchor) { anchors[anchor] = (node, cost) }
      add(node)
    case YAML_ALIAS_EVENT:
      if tooBig { return false }
      let name = Self.string(event.data.alias.anchor) ?? ""
      guard let target = anchors[name] else {
        // libyaml does not check this; Psych raises `Psych::AnchorNotDefined`.
        if deferredError == nil {
          deferredError = YAMLLoadError(
            .syntax, "An alias referenced an unknown anchor: \(name)", at: mark(event.start_mark).location)
        }
        return false
      }
      charge(target.weight)
      add(target.node)
    case YAML_SEQUENCE_START_EVENT:
      if tooBig { return false }
      let s = event.data.sequence_start
      push(Frame(isMapping: false, tag: Self.string(s.tag), anchor: Self.string(s.anchor), mark: mark(event.start_mark), weightAtStart: weight))
    case YAML_MAPPING_START_EVENT:
      if tooBig { return false }
      let s = event.data.mapping_start
      push(Frame(isMapping: true, tag: Self.string(s.tag), anchor: Self.string(s.anchor), mark: mark(event.start_mark), weightAtStart: weight))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      if tooBig { return false }
      guard let frame = stack.popLast(), var items = children.popLast() else { return false }
      finish(frame, items)
      items.removeAll(keepingCapacity: true)
      if spareBuffers.count < 64 { spareBuffers.append(items) }
    default:
      break
    }
    return false
  }

  private mutating func push(_ frame: Frame) {
    charge(1)
    stack.append(frame)
    children.append(spareBuffers.popLast() ?? [])
    if stack.count > options.maxDepth { tooBig = true }
  }

  private mutating func finish(_ frame: Frame, _ items: [YAMLNode]) {
    // Sequences get an exact-size copy: the buffer itself goes back to the spares.
    let content: YAMLNode.Content = frame.isMapping ? .mapping(buildMapping(items)) : .sequence(Array(items))
    let node = YAMLNode(content, tag: frame.tag, mark: frame.mark)
    if let anchor = frame.anchor { anchors[anchor] = (node, weight - frame.weightAtStart) }
    add(node)
  }

  private mutating func buildMapping(_ flat: [YAMLNode]) -> [YAMLPair] {
    if let simple = Self.simpleMapping(flat) { return simple }
    var builder = MappingBuilder(capacity: flat.count / 2)
    var i = 0
    while i + 1 < flat.count {
      let key = flat[i]
      let value = flat[i + 1]
      i += 2
      if MappingBuilder.isMergeKey(key), builder.applyMerge(value, seed: &uniqueSeed) { continue }
      uniqueSeed += 1
      if let previous = builder.set(key, value, id: MappingBuilder.keyID(key, uniqueSeed: uniqueSeed)) {
        let name = key.scalar?.text ?? "key"
        warnings.append(
          .warning(
            "YAML005", "duplicate key `\(name)`: the later value wins, as in GitLab",
            at: key.mark.location, notes: [.init("first defined here", at: previous.mark.location)]))
      }
    }
    return builder.pairs
  }

  /// The common case without merge keys or repeated keys, built without the general machinery.
  private static func simpleMapping(_ flat: [YAMLNode]) -> [YAMLPair]? {
    let count = flat.count / 2
    guard count <= 16 else { return nil }
    var names: [String] = []
    names.reserveCapacity(count)
    var pairs: [YAMLPair] = []
    pairs.reserveCapacity(count)
    var i = 0
    while i + 1 < flat.count {
      let key = flat[i]
      guard let name = key.keyName, !MappingBuilder.isMergeKey(key), !names.contains(name) else { return nil }
      names.append(name)
      pairs.append(YAMLPair(key: key, value: flat[i + 1]))
      i += 2
    }
    return pairs
  }

  private mutating func add(_ node: YAMLNode) {
    if children.isEmpty {
      root = node
    } else {
      children[children.count - 1].append(node)
    }
  }

  private mutating func resolve(_ text: String, style: ScalarStyle, tag: String?, at m: yaml_mark_t) -> ScalarValue {
    if let tag {
      switch tag {
      case "tag:yaml.org,2002:str", "!str", "!":
        return .string(text)
      case "tag:yaml.org,2002:int":
        return Int(text).map(ScalarValue.int) ?? .string(text)
      case "tag:yaml.org,2002:float":
        return Double(text).map(ScalarValue.float) ?? .string(text)
      default:
        break
      }
    }
    guard style == .plain else { return .string(text) }
    switch ScalarResolver.resolvePlain(text) {
    case .value(let v):
      return v
    case .disallowedClass(let name):
      if deferredError == nil {
        deferredError = YAMLLoadError(
          .disallowedClass, "Tried to load unspecified class: \(name)", at: mark(m).location)
      }
      return .string(text)
    }
  }
}
