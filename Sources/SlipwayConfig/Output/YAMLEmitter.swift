import SlipwayYAML

/// Writes a node tree as block-style YAML that reads back to the same values (in Psych's typing),
/// optionally with a `# file:line` comment after each value to show where it was written.
public struct YAMLEmitter {
  public var provenance: Bool

  public init(provenance: Bool = false) { self.provenance = provenance }

  public func emit(_ node: YAMLNode) -> String {
    var out = ""
    switch node.content {
    case .mapping(let pairs) where !pairs.isEmpty: writeMapping(pairs, indent: 0, into: &out)
    case .sequence(let items) where !items.isEmpty: writeSequence(items, indent: 0, into: &out)
    default: out += inline(node) + comment(node) + "\n"
    }
    return out
  }

  private func comment(_ node: YAMLNode) -> String {
    provenance ? "  # \(node.mark.path):\(node.mark.line)" : ""
  }

  private func writeMapping(_ pairs: [YAMLPair], indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    for pair in pairs {
      let key = scalarText(pair.key, isKey: true)
      switch pair.value.content {
      case .mapping(let inner) where !inner.isEmpty:
        out += pad + key + ":" + comment(pair.key) + "\n"
        writeMapping(inner, indent: indent + 2, into: &out)
      case .sequence(let items) where !items.isEmpty:
        out += pad + key + ":" + comment(pair.key) + "\n"
        writeSequence(items, indent: indent, into: &out)
      default:
        out += pad + key + ": " + valueText(pair.value, indent: indent + 2, comment: comment(pair.value)) + "\n"
      }
    }
  }

  private func writeSequence(_ items: [YAMLNode], indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    for item in items {
      switch item.content {
      case .mapping(let inner) where !inner.isEmpty:
        // First pair on the dash line, the rest indented under it.
        var nested = ""
        writeMapping(inner, indent: indent + 2, into: &nested)
        let trimmed = nested.dropFirst(indent + 2)
        out += pad + "- " + trimmed
      case .sequence(let inner) where !inner.isEmpty:
        out += pad + "-" + comment(item) + "\n"
        writeSequence(inner, indent: indent + 2, into: &out)
      default:
        out += pad + "- " + valueText(item, indent: indent + 2, comment: comment(item)) + "\n"
      }
    }
  }

  /// The value after `key: ` or `- `, with the provenance comment where YAML allows it.
  private func valueText(_ node: YAMLNode, indent: Int, comment: String) -> String {
    if case .scalar(let s) = node.content, case .string(let text) = s.value,
      let (header, body) = literalBlock(text, indent: indent)
    {
      return header + comment + "\n" + body
    }
    return inline(node) + comment
  }

  private func inline(_ node: YAMLNode) -> String {
    switch node.content {
    case .mapping(let pairs):
      return pairs.isEmpty ? "{}" : "{" + pairs.map { scalarText($0.key, isKey: true) + ": " + inline($0.value) }.joined(separator: ", ") + "}"
    case .sequence(let items):
      return "[" + items.map(inline).joined(separator: ", ") + "]"
    case .scalar:
      return scalarText(node, isKey: false)
    }
  }

  private func scalarText(_ node: YAMLNode, isKey: Bool) -> String {
    guard case .scalar(let s) = node.content else { return inline(node) }
    switch s.value {
    case .null: return isKey ? "''" : "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let f):
      if f.isNaN { return ".nan" }
      if f.isInfinite { return f < 0 ? "-.inf" : ".inf" }
      return rubyFloatString(f)
    case .symbol(let name): return ":" + name
    case .string(let text): return Self.quoteIfNeeded(text)
    }
  }

  /// Plain when Psych reads it back as the same string; otherwise double-quoted.
  static func quoteIfNeeded(_ text: String) -> String {
    if isPlainSafe(text) { return text }
    return doubleQuoted(text)
  }

  static func isPlainSafe(_ text: String) -> Bool {
    let u = text.utf8
    guard let first = u.first, let last = u.last else { return false }
    if indicatorBytes.contains(first) || first == 0x20 || last == 0x20 || last == 0x3A { return false }
    var previous: UInt8 = 0
    for b in u {
      // Control characters, tabs, ": " and " #" need quotes.
      if b < 0x20 || b == 0x7F { return false }
      if (previous == 0x3A && b == 0x20) || (previous == 0x20 && b == 0x23) { return false }
      previous = b
    }
    if text.unicodeScalars.contains("\u{FEFF}") { return false }
    return psychPlainValue(text) == .string(text)
  }

  private static let indicatorBytes: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@`".utf8)

  static func doubleQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\x" + (hex.count == 1 ? "0" : "") + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A `|` block for multi-line strings that a literal block can carry exactly.
  private func literalBlock(_ text: String, indent: Int) -> (String, String)? {
    guard text.utf8.contains(0x0A), text.utf8.first != 0x20, text.utf8.first != 0x0A else { return nil }
    if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F }) {
      return nil
    }
    var body = Substring(text)
    var chomp = "-"
    if body.hasSuffix("\n") {
      body = body.dropLast()
      chomp = body.hasSuffix("\n") ? "+" : ""
      if chomp == "+" { return nil }
    }
    let pad = String(repeating: " ", count: indent)
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
    return ("|" + chomp, lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n"))
  }
}
