import SlipwayYAML

/// Small typed views of loaded YAML values, as GitLab's Ruby sees them after Psych.
extension YAMLNode {
  /// `String` or `Symbol` (GitLab's `validate_string`).
  var isStringLike: Bool {
    guard let s = scalar else { return false }
    switch s.value {
    case .string, .symbol: return true
    default: return false
    }
  }

  var isBool: Bool {
    if case .bool = scalar?.value { return true }
    return false
  }

  var isInteger: Bool {
    if case .int = scalar?.value { return true }
    return false
  }

  var intValue: Int? {
    if case .int(let i) = scalar?.value { return i }
    return nil
  }

  var boolValue: Bool? {
    if case .bool(let b) = scalar?.value { return b }
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
