import SlipwayCore
import SlipwayYAML

/// Structural checks of `include:` and `spec:` for documents that are not compiled (the schema
/// fixtures, and `spec:` headers). In a real lint the compiler reports these itself.
extension EntryChecker {
  static let includeKinds = ["local", "project", "remote", "template", "artifact", "component"]

  mutating func include(_ node: YAMLNode, expressionCheck: (String) -> Bool) {
    for item in node.items {
      if item.isStringLike { continue }
      guard item.isMapping else {
        add(GitLabCode.wrongType, "include", "config", "should be a hash or a string", at: item)
        continue
      }
      allowedKeys(item, "include", Set(Self.includeKinds + ["file", "ref", "job", "rules", "inputs", "integrity"]))
      let kinds = Self.includeKinds.filter { item[$0] != nil }
      if kinds.count != 1 {
        add(GitLabCode.exclusiveKeys, "include", "config",
            "each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`", at: item)
      }
      if let project = item["project"] {
        projectPath(project, "include")
        if item["file"] == nil { add(GitLabCode.missing, "include", "file", "can't be blank", at: item) }
      }
      if let rules = item["rules"] {
        let keys: Set<String> = ["if", "exists", "changes", "when"]
        for rule in rules.sequence ?? [] {
          allowedKeys(rule, "include:rule", keys)
          if let when = rule["when"], !when.isNull { oneOf(when, "include:rule", "when", ["never", "always"]) }
          if let condition = rule["if"], !condition.isNull, !expressionCheck(condition.rubyText) {
            add(GitLabCode.expression, "include:rule", "if", "invalid expression syntax", at: condition)
          }
        }
      }
      for pair in item["inputs"]?.mapping ?? [] where !Self.isInputName(pair.key.rubyText) {
        add(GitLabCode.invalidFormat, "include", "inputs", "contains an invalid input name: \(pair.key.rubyText)", at: pair.key)
      }
    }
  }

  /// A project path must look like `group/project` (GitLab otherwise fails with "Project `x` not
  /// found or access denied!" when it resolves the include or trigger).
  mutating func projectPath(_ node: YAMLNode, _ path: String) {
    let text = node.rubyText
    if text.isEmpty {
      add(GitLabCode.missing, path, "project", "can't be blank", at: node)
      return
    }
    if text.contains("$") { return }
    let allowed = text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-./".unicodeScalars.contains($0) }
    if !allowed || !text.contains("/") || text.hasPrefix("/") || text.hasSuffix("/") {
      add(GitLabCode.invalidFormat, path, "project", "`\(text)` is not a valid project path (expected `group/project`)", at: node)
    }
  }

  /// Job-level `inputs:` (`Entry::JobInput` with `Entry::BaseInput`): `BaseInput` validations first
  /// (attributes prefixed `input`), then `type: Hash`, allowed keys and the required default.
  mutating func jobInputs(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    for pair in node.mapping ?? [] {
      let name = pair.key.rubyText
      let inputPath = "\(path):\(name)"
      let input = pair.value
      if input.isNull { continue }
      let field = { (key: String) -> YAMLNode? in input.isMapping ? input[key].flatMap { $0.isNull ? nil : $0 } : nil }
      if let description = field("description"), !(description.isStringLike || description.isInteger) {
        add(GitLabCode.wrongType, inputPath, "input description", "must be an alphanumeric string", at: description)
      }
      expect(field("regex"), inputPath, "input regex", .string)
      if let type = field("type") {
        oneOf(type, inputPath, "input type", ["array", "boolean", "number", "string"])
      }
      if let options = field("options") {
        if expect(options, inputPath, "input options", .array) {
          let list = options.sequence ?? []
          if list.count > 50 {
            add(GitLabCode.limit, inputPath, "config", "cannot define more than 50 options", at: options)
          }
          if list.contains(where: \.isNull) {
            add(GitLabCode.invalidValue, inputPath, "config", "options array cannot contain null values", at: options)
          }
        }
      }
      guard expect(input, inputPath, "config", .hash) else { continue }
      allowedKeys(input, inputPath, ["default", "description", "options", "regex", "type"])
      if field("default") == nil {
        // `errors.add(:base, …)`: the message follows the location directly.
        diagnostics.append(.error(GitLabCode.missing, "\(inputPath) must have a default value".lowercased(), at: input.mark.location))
      }
      if let value = field("default"), !Self.matches(value, type: field("type")?.rubyText ?? "string") {
        add(GitLabCode.wrongType, inputPath, "default", "`\(name)` input: default value is not a \(field("type")?.rubyText ?? "string")", at: value)
      }
    }
  }

  static func isInputName(_ name: String) -> Bool {
    !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
  }

  /// `Header::Root` / `Header::Spec` / `Header::Input`.
  mutating func spec(_ node: YAMLNode) {
    guard expect(node, "spec", "config", .hash) else { return }
    allowedKeys(node, "spec", ["inputs", "component", "description", "include"])
    if let description = node["description"], description.rubyText.count > 256 {
      add(GitLabCode.limit, "spec", "description", "is too long (maximum is 256 characters)", at: description)
    }
    if let component = node["component"] {
      let allowed = ["name", "sha", "version", "reference"]
      if let bad = component.stringList.first(where: { !allowed.contains($0) }) {
        add(GitLabCode.invalidValue, "spec:component", "config", "contains unknown values: \(bad)", at: component)
      }
    }
    if let include = node["include"] {
      for item in include.items {
        allowedKeys(item, "spec:include", ["local", "remote", "project", "file", "ref"])
      }
    }
    for pair in node["inputs"]?.mapping ?? [] { input(pair.key.rubyText, pair.value, path: "spec:inputs:\(pair.key.rubyText)") }
  }

  private mutating func input(_ name: String, _ node: YAMLNode, path: String) {
    if node.isNull { return }
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["default", "description", "options", "regex", "type", "rules"])
    let type = node["type"]?.rubyText ?? "string"
    oneOf(node["type"], path, "type", ["array", "boolean", "number", "string"],
          message: "unknown input specification for `\(name)` (valid types: array, boolean, number, string)")
    if let value = node["default"], !Self.matches(value, type: type) {
      add(GitLabCode.wrongType, path, "default", "`\(name)` input: default value is not a \(type)", at: value)
    }
    if let rules = node["rules"] {
      if node["default"] != nil || node["options"] != nil {
        add(GitLabCode.exclusiveKeys, path, "config", "cannot use `rules` together with `default` or `options`", at: rules)
      }
      for rule in rules.sequence ?? [] {
        allowedKeys(rule, path + ":rules:rule", ["if", "options", "default"])
        if rule["options"] != nil && rule["default"] == nil {
          add(GitLabCode.missing, path + ":rules:rule", "default", "can't be blank", at: rule)
        }
      }
    }
  }

  static func matches(_ value: YAMLNode, type: String) -> Bool {
    switch type {
    case "array": return value.isSequence
    case "boolean": return value.isBool
    case "number":
      if case .float = value.scalar?.value { return true }
      return value.isInteger
    default: return value.isStringLike
    }
  }
}
