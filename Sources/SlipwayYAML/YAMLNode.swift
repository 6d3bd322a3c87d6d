/// How a scalar was written; matters for Psych's typing (quoted scalars are always strings).
public enum ScalarStyle: UInt8, Sendable {
  case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A scalar as Psych's `ScalarScanner` types it (gitlab-semantics.md §2).
public enum ScalarValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
  /// `:name` plain scalars; Psych loads them as Ruby symbols.
  case symbol(String)
}

/// One YAML scalar: the text as written (after YAML unescaping), its style and its typed value.
/// Strings are stored once (`text`); `value` rebuilds the typed view on demand.
public struct YAMLScalar: Sendable {
  /// The typed value without a second copy of the text for strings.
  @usableFromInline enum Stored: Sendable {
    case null, bool(Bool), int(Int), float(Double), string, symbol(SymbolName)
  }

  /// A symbol's name, boxed: symbols are rare, and an inline string would make every scalar (and
  /// so every node) 16 bytes larger.
  @usableFromInline final class SymbolName: Sendable {
    @usableFromInline let name: String
    init(_ name: String) { self.name = name }
  }

  // Declared in this order so the 1-byte style packs after the 9-byte stored value.
  public var text: String
  @usableFromInline var stored: Stored
  public var style: ScalarStyle

  public init(text: String, style: ScalarStyle, value: ScalarValue) {
    self.text = text
    self.style = style
    switch value {
    case .null: stored = .null
    case .bool(let b): stored = .bool(b)
    case .int(let i): stored = .int(i)
    case .float(let f): stored = .float(f)
    case .string(let s):
      if s == text {
        stored = .string
      } else {
        self.text = s
        stored = .string
      }
    case .symbol(let name): stored = .symbol(SymbolName(name))
    }
  }

  @inlinable public var value: ScalarValue {
    switch stored {
    case .null: .null
    case .bool(let b): .bool(b)
    case .int(let i): .int(i)
    case .float(let f): .float(f)
    case .string: .string(text)
    case .symbol(let symbol): .symbol(symbol.name)
    }
  }

  /// The string value without building a `ScalarValue`, when this is a string.
  @inlinable public var stringValue: String? {
    if case .string = stored { return text }
    return nil
  }

  /// Typed tests without building a `ScalarValue` (which copies the text of strings): validators
  /// ask them of every value of every job.
  @inlinable public var isNullValue: Bool {
    if case .null = stored { return true }
    return false
  }

  /// A string or a symbol (GitLab's `validate_string`).
  @inlinable public var isStringOrSymbol: Bool {
    switch stored {
    case .string, .symbol: true
    default: false
    }
  }

  @inlinable public var intValue: Int? {
    if case .int(let i) = stored { return i }
    return nil
  }

  @inlinable public var boolValue: Bool? {
    if case .bool(let b) = stored { return b }
    return nil
  }

  /// Whether this string or symbol spells `name`.
  @inlinable func isName(_ name: String) -> Bool {
    switch stored {
    case .string: text == name
    case .symbol(let symbol): symbol.name == name
    default: false
    }
  }

  /// A string scalar (e.g. produced by interpolation); typed as a string whatever it contains.
  public static func string(_ text: String) -> YAMLScalar {
    YAMLScalar(text: text, style: .doubleQuoted, value: .string(text))
  }
}

/// A key/value entry of a mapping, in document order.
public struct YAMLPair: Sendable {
  public var key: YAMLNode
  public var value: YAMLNode

  public init(key: YAMLNode, value: YAMLNode) {
    self.key = key
    self.value = value
  }
}

/// A YAML node that remembers where it was written. Aliases are resolved into copies of the anchored
/// node (cheap: arrays are copy-on-write), so every node in a loaded tree is a plain value.
public struct YAMLNode: Sendable {
  public enum Content: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLPair])
  }

  public private(set) var content: Content
  public var mark: Mark
  /// The explicit tag as written, by number (`TagTable`): 4 bytes instead of an optional string.
  private var tagNumber: UInt32
  /// Whether some node below this one carries a tag, so passes looking for `!reference` can skip
  /// whole subtrees without visiting them.
  public private(set) var hasTaggedDescendant: Bool

  public init(_ content: Content, tag: String? = nil, mark: Mark) {
    self.content = content
    self.mark = mark
    tagNumber = TagTable.number(tag)
    switch content {
    case .scalar: hasTaggedDescendant = false
    case .sequence(let items): hasTaggedDescendant = items.contains { $0.tagNumber != 0 || $0.hasTaggedDescendant }
    case .mapping(let pairs):
      hasTaggedDescendant = pairs.contains { $0.value.tagNumber != 0 || $0.value.hasTaggedDescendant }
    }
  }

  /// The explicit tag as written (`!reference`, `!!str`), or nil.
  public var tag: String? { TagTable.tag(tagNumber) }

  /// Whether the explicit tag is `!reference` (asked of every node by the reference pass).
  public var isReferenceTag: Bool { tagNumber == TagTable.reference }

  // MARK: Accessors

  @inlinable public var scalar: YAMLScalar? {
    if case .scalar(let s) = content { return s }
    return nil
  }

  @inlinable public var sequence: [YAMLNode]? {
    if case .sequence(let items) = content { return items }
    return nil
  }

  @inlinable public var mapping: [YAMLPair]? {
    if case .mapping(let pairs) = content { return pairs }
    return nil
  }

  @inlinable public var isNull: Bool {
    if case .scalar(let s) = content { return s.isNullValue }
    return false
  }

  /// The value when this is a string scalar (not null, bool or number).
  @inlinable public var string: String? {
    if case .scalar(let s) = content { return s.stringValue }
    return nil
  }

  /// The key as GitLab sees it after `deep_symbolize_keys`: strings (and symbols) by name.
  @inlinable public var keyName: String? {
    guard case .scalar(let s) = content else { return nil }
    if let text = s.stringValue { return text }
    if case .symbol(let v) = s.value { return v }
    return nil
  }

  /// The value for `key` in a mapping (last match wins, though loaded mappings never repeat keys).
  @inlinable public subscript(key: String) -> YAMLNode? {
    guard case .mapping(let pairs) = content else { return nil }
    // Index walk instead of `reversed()`: no copy of each pair while looking (a hot path).
    var index = pairs.endIndex
    while index > pairs.startIndex {
      index -= 1
      if pairs[index].key.isKey(named: key) { return pairs[index].value }
    }
    return nil
  }

  /// Whether this is a string or symbol scalar spelling `name` (`keyName == name` without copies).
  @inlinable public func isKey(named name: String) -> Bool {
    guard case .scalar(let s) = content else { return false }
    return s.isName(name)
  }

  /// The address of a non-empty mapping's or sequence's item storage. Copies of a node share that
  /// storage (arrays are copy-on-write and loaded trees are never mutated in place), so two live
  /// nodes with the same identity hold the same items; memo tables keyed by it must keep the node
  /// alive so the address cannot be reused. Nil for scalars and empty collections.
  public var storageIdentity: UnsafeRawPointer? {
    switch content {
    case .scalar: return nil
    case .sequence(let items): return items.isEmpty ? nil : items.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    case .mapping(let pairs): return pairs.isEmpty ? nil : pairs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
  }

  // Pattern tests rather than `mapping != nil`: no copy of the items just to look at the kind.
  @inlinable public var isMapping: Bool {
    if case .mapping = content { return true }
    return false
  }

  @inlinable public var isSequence: Bool {
    if case .sequence = content { return true }
    return false
  }

  @inlinable public var isScalar: Bool {
    if case .scalar = content { return true }
    return false
  }

  /// A short name for the node's type, for messages.
  public var kindName: String {
    switch content {
    case .mapping: "hash"
    case .sequence: "array"
    case .scalar(let s):
      switch s.value {
      case .null: "null"
      case .bool: "boolean"
      case .int, .float: "number"
      case .string: "string"
      case .symbol: "symbol"
      }
    }
  }
}
