import SlipwayYAML
import SlipwayCore

/// Small typed views of loaded YAML values, as GitLab's Ruby sees them after Psych.
extension YAMLNode {
  /// `String` or `Symbol` (GitLab's `validate_string`).
  var isStringLike: Bool {
    if case .scalar(let s) = content { return s.isStringOrSymbol }
    return false
  }

  var isBool: Bool { boolValue != nil }

  var isInteger: Bool { intValue != nil }

  var intValue: Int? {
    if case .scalar(let s) = content { return s.intValue }
    return nil
  }

  var boolValue: Bool? {
    if case .scalar(let s) = content { return s.boolValue }
    return nil
  }

  /// Ruby's `to_s` of a scalar; `inspect`-like text for collections.
  var rubyText: String { rubyString ?? (isSequence ? "array" : "hash") }

  /// The pair for `key`, to point at the key itself.
  func pair(_ key: String) -> YAMLPair? {
    mapping?.last { $0.key.keyName == key }
  }

  /// The strings of a string or a list of strings.
  var stringList: [String] {
    if let items = sequence { return items.compactMap { $0.isScalar ? $0.rubyText : nil } }
    return isScalar && !isNull ? [rubyText] : []
  }

  /// The nodes of a list, or the node itself.
  var items: [YAMLNode] { sequence ?? [self] }
}

/// A mapping's values for the keywords of one entry (a rule, `artifacts:`, a cache), found in one
/// pass over its pairs: each keyword read used to scan the pairs again, a dozen scans per rule in
/// thousands of jobs.
struct KeySlots {
  private let pairs: [YAMLPair]
  /// Per keyword (a position in the table, below 64), the position of its last pair plus one; 0 when absent.
  private var positions = SIMD64<Int32>(repeating: 0)
  /// Whether some key is not an allowed keyword (then `allowedKeys` has something to report).
  private(set) var hasUnknownKey = false

  /// `allowed` has bit `i` set when the table's keyword `i` is an allowed key here; keywords that
  /// are not allowed still get their slot (their value is checked after the unknown-key finding).
  init(_ node: YAMLNode, _ table: NameTable, allowed: UInt64) {
    self = KeySlots(node, table, allowed: allowed, failingOnNull: false)!
  }

  /// As `init(_:_:allowed:)`, or nil when some value is null and `failingOnNull` is set (a job
  /// is then rebuilt without its null keys).
  init?(_ node: YAMLNode, _ table: NameTable, allowed: UInt64, failingOnNull: Bool) {
    guard case .mapping(let pairs) = node.content else {
      self.pairs = []
      return
    }
    self.pairs = pairs
    var positions = SIMD64<Int32>(repeating: 0)
    var hasUnknownKey = false
    // Through the buffer: `pairs[index].key` would copy each key node before reading it.
    let hasNull = pairs.withUnsafeBufferPointer { buffer in
      for index in buffer.indices {
        if failingOnNull && buffer[index].value.isNull { return true }
        guard let name = buffer[index].key.keyName, let keyword = table.index(of: name) else {
          hasUnknownKey = true
          continue
        }
        positions[keyword] = Int32(truncatingIfNeeded: index + 1)
        if allowed & (1 << keyword) == 0 { hasUnknownKey = true }
      }
      return false
    }
    if hasNull { return nil }
    self.positions = positions
    self.hasUnknownKey = hasUnknownKey
  }

  /// The value of the table's keyword `keyword` (the last pair, as `YAMLNode.subscript`), or nil.
  subscript(keyword: Int) -> YAMLNode? {
    let position = Int(positions[keyword])
    return position == 0 ? nil : pairs[position - 1].value
  }

  /// Whether the keyword is present (without copying its value).
  func contains(_ keyword: Int) -> Bool { positions[keyword] != 0 }

  /// The key node of the table's keyword `keyword`, to point at it.
  func key(_ keyword: Int) -> YAMLNode? {
    let position = Int(positions[keyword])
    return position == 0 ? nil : pairs[position - 1].key
  }

  /// The bit mask of `names` in `table` (every name must be in the table).
  static func mask(_ table: NameTable, _ names: some Sequence<String>) -> UInt64 {
    names.reduce(UInt64(0)) { $0 | UInt64(1) << table.index(of: $1)! }
  }
}
