import SlipwayYAML

/// One normalised `include:` entry (GitLab `External::Mapper::Normalizer` + `Matcher`).
public struct IncludeEntry: Sendable {
  public enum Kind: Sendable, Equatable {
    case local(String)
    case project(project: String, file: String, ref: String?)
    case remote(String)
    case template(String)
    case component(String)
  }

  public var kind: Kind
  public var inputs: [YAMLPair]
  public var rules: YAMLNode?
  /// Where the entry was written.
  public var mark: Mark

  /// The location text GitLab names in its messages.
  public var location: String {
    switch kind {
    case .local(let p), .remote(let p), .template(let p), .component(let p): p
    case .project(_, let file, _): file
    }
  }

  /// The `type` GitLab's Lint API reports in `includes`.
  public var typeName: String {
    switch kind {
    case .local: "local"
    case .project: "file"
    case .remote: "remote"
    case .template: "template"
    case .component: "component"
    }
  }
}

/// Turns the raw `include:` value into entries, or GitLab's error for a malformed one.
enum IncludeNormalizer {
  static let subkeys = ["local", "project", "remote", "template", "artifact", "component"]
  static let validSubkeys = "`local`, `project`, `remote`, `template`, `artifact`, `component`"

  /// `include:` may be a string, a mapping, or a list of those.
  static func entries(_ value: YAMLNode) -> [Result<[IncludeEntry], IncludeFailure>] {
    let items = value.sequence ?? [value]
    return items.map(entry)
  }

  private static func entry(_ item: YAMLNode) -> Result<[IncludeEntry], IncludeFailure> {
    if let text = item.rubyString, item.isScalar {
      // `normalize_location_string`: a URL is remote, anything else local.
      let kind: IncludeEntry.Kind = isURL(text) ? .remote(text) : .local(text)
      return .success([IncludeEntry(kind: kind, inputs: [], rules: nil, mark: item.mark)])
    }
    guard let pairs = item.mapping else {
      return .failure(IncludeFailure("`\(item.rubyInspect)` does not have a valid subkey for include. Valid subkeys are: \(validSubkeys)", item.mark))
    }
    let present = subkeys.filter { key in pairs.contains { $0.key.keyName == key } }
    if present.isEmpty {
      return .failure(IncludeFailure("`\(jsonish(item))` does not have a valid subkey for include. Valid subkeys are: \(validSubkeys)", item.mark))
    }
    // `project` goes with `file`; only the location keys themselves must be unique.
    if present.count > 1 {
      return .failure(IncludeFailure("Each include must use only one of: \(validSubkeys)", item.mark))
    }
    let inputs = (item["inputs"] ?? item["with"])?.mapping ?? []
    let rules = item["rules"]
    func make(_ kind: IncludeEntry.Kind, _ at: Mark) -> IncludeEntry {
      IncludeEntry(kind: kind, inputs: inputs, rules: rules, mark: at)
    }
    let key = present[0]
    guard let node = item[key] else { return .success([]) }
    switch key {
    case "project":
      let project = node.rubyString ?? ""
      let ref = item["ref"]?.rubyString
      guard let files = item["file"] else {
        return .failure(IncludeFailure("Included file `\(item.rubyInspect)` needs to be a string", item.mark))
      }
      // `LocationExpander`: a list of files is one include per file.
      let list = files.sequence ?? [files]
      return .success(list.map { make(.project(project: project, file: $0.rubyString ?? $0.rubyInspect, ref: ref), $0.mark) })
    case "artifact":
      return .failure(
        IncludeFailure("`include:artifact` is only valid in `trigger:include` of a child pipeline", item.mark))
    default:
      guard let text = node.rubyString, node.isScalar else {
        return .failure(IncludeFailure("Included file `\(node.rubyInspect)` needs to be a string", node.mark))
      }
      switch key {
      case "local": return .success([make(.local(text), node.mark)])
      case "remote": return .success([make(.remote(text), node.mark)])
      case "template": return .success([make(.template(text), node.mark)])
      default: return .success([make(.component(text), node.mark)])
      }
    }
  }

  static func isURL(_ text: String) -> Bool {
    (text.hasPrefix("https://") || text.hasPrefix("http://")) && text.count > 8 && !text.contains(" ")
  }

  /// GitLab prints the offending location as JSON.
  private static func jsonish(_ node: YAMLNode) -> String {
    switch node.content {
    case .mapping(let pairs):
      return "{" + pairs.map { "\"\($0.key.keyName ?? "")\":\(jsonish($0.value))" }.joined(separator: ",") + "}"
    case .sequence(let items): return "[" + items.map(jsonish).joined(separator: ",") + "]"
    case .scalar(let s):
      switch s.value {
      case .string(let v), .symbol(let v): return "\"\(v)\""
      case .null: return "null"
      default: return node.rubyString ?? ""
      }
    }
  }
}

/// An include that failed, with GitLab's message.
struct IncludeFailure: Error {
  var message: String
  var mark: Mark
  init(_ message: String, _ mark: Mark) {
    self.message = message
    self.mark = mark
  }
}
