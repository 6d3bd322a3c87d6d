import SlipwayYAML

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
