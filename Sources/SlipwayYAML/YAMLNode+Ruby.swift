/// How Ruby sees a loaded value: GitLab's messages and `to_s` conversions are Ruby's.
extension YAMLNode {
  /// Ruby's `inspect` of the loaded value, as GitLab's messages embed it (`["a", "b"]`, `{"b"=>"c"}`).
  public var rubyInspect: String {
    switch content {
    case .sequence(let items): return "[" + items.map(\.rubyInspect).joined(separator: ", ") + "]"
    case .mapping(let pairs):
      return "{" + pairs.map { "\($0.key.rubyInspect)=>\($0.value.rubyInspect)" }.joined(separator: ", ") + "}"
    case .scalar(let s):
      switch s.value {
      case .null: return "nil"
      case .bool(let b): return b ? "true" : "false"
      case .int(let i): return String(i)
      case .float(let f): return rubyFloatString(f)
      case .symbol(let name): return ":" + name
      case .string(let text):
        var out = "\""
        for ch in text.unicodeScalars {
          switch ch {
          case "\"": out += "\\\""
          case "\\": out += "\\\\"
          case "\n": out += "\\n"
          case "\t": out += "\\t"
          default: out.unicodeScalars.append(ch)
          }
        }
        return out + "\""
      }
    }
  }

  /// The text GitLab would use where it calls `to_s` on a loaded scalar.
  public var rubyString: String? {
    guard case .scalar(let s) = content else { return nil }
    switch s.value {
    case .null: return ""
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .float(let f): return rubyFloatString(f)
    case .string(let v), .symbol(let v): return v
    }
  }
}
