import SlipwayCore
import SlipwayYAML

extension YAMLNode {
  /// The node as JSON: mappings become objects (keys as text), scalars keep their types.
  public var json: JSONValue {
    switch content {
    case .mapping(let pairs):
      return .object(pairs.map { ($0.key.rubyString ?? $0.key.rubyInspect, $0.value.json) })
    case .sequence(let items):
      return .array(items.map(\.json))
    case .scalar(let s):
      switch s.value {
      case .null: return .null
      case .bool(let b): return .bool(b)
      case .int(let i): return .int(i)
      case .float(let f): return .double(f)
      case .string(let v): return .string(v)
      case .symbol(let v): return .string(":" + v)
      }
    }
  }

  /// Where each value was written, keyed by JSON Pointer (`/job/script/0` → `ci/a.yml:12:7`).
  public var provenance: JSONValue {
    var entries: [(String, JSONValue)] = []
    func walk(_ node: YAMLNode, _ pointer: String) {
      entries.append((pointer.isEmpty ? "/" : pointer, .string("\(node.mark.path):\(node.mark.line):\(node.mark.column)")))
      switch node.content {
      case .mapping(let pairs):
        for pair in pairs { walk(pair.value, pointer + "/" + Self.escapePointer(pair.key.rubyString ?? "")) }
      case .sequence(let items):
        for (i, item) in items.enumerated() { walk(item, pointer + "/" + String(i)) }
      case .scalar:
        break
      }
    }
    walk(self, "")
    return .object(entries)
  }

  private static func escapePointer(_ key: String) -> String {
    key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
  }
}
