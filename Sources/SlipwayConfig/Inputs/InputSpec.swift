import SlipwayYAML

/// One declared input of a `spec:inputs` header.
public struct InputSpec: Sendable {
  public enum InputType: String, Sendable, CaseIterable {
    case array, boolean, number, string
  }

  public var name: String
  public var type: InputType
  public var defaultValue: YAMLNode?
  public var options: [YAMLNode]?
  public var regex: String?
  public var description: String?
  public var mark: Mark

  public var isRequired: Bool { defaultValue == nil }
}

/// Parses the header document and validates given inputs against it, with GitLab's messages
/// (`Config::Interpolation::Inputs` and its input types).
enum InputsValidator {
  static let validTypes = "array, boolean, number, string"

  /// Header problems (unknown keys, unknown types). Empty when the header is usable.
  static func parseSpecs(_ header: YAMLNode) -> (specs: [InputSpec], errors: [String]) {
    var errors: [String] = []
    guard let spec = header["spec"], spec.isMapping || spec.isNull else {
      return ([], ["header:spec config should be a hash"])
    }
    let unknown = (spec.mapping ?? []).compactMap(\.key.keyName).filter { !["inputs", "component", "include"].contains($0) }
    if !unknown.isEmpty { errors.append("header:spec config contains unknown keys: \(unknown.joined(separator: ", "))") }
    var specs: [InputSpec] = []
    for pair in spec["inputs"]?.mapping ?? [] {
      let name = pair.key.keyName ?? pair.key.rubyString ?? ""
      let body = pair.value
      if !body.isNull && !body.isMapping {
        errors.append("header:spec:inputs:\(name) config must be a hash")
        continue
      }
      var type = InputSpec.InputType.string
      if let typeNode = body["type"] {
        guard let t = typeNode.rubyString.flatMap(InputSpec.InputType.init(rawValue:)) else {
          errors.append("unknown input specification for `\(name)` (valid types: \(validTypes))")
          continue
        }
        type = t
      }
      let allowed: Set<String> = ["default", "description", "options", "regex", "type", "rules"]
      let extra = (body.mapping ?? []).compactMap(\.key.keyName).filter { !allowed.contains($0) }
      if !extra.isEmpty {
        errors.append("header:spec:inputs:\(name) config contains unknown keys: \(extra.joined(separator: ", "))")
      }
      specs.append(
        InputSpec(
          name: name, type: type, defaultValue: body["default"], options: body["options"]?.sequence,
          regex: body["regex"]?.rubyString, description: body["description"]?.rubyString, mark: pair.key.mark))
    }
    return (specs, errors)
  }

  /// Validates `given` against `specs`; returns the input values to interpolate with, or errors.
  static func resolve(
    specs: [InputSpec], given: [YAMLPair], regexMatcher: RegexMatcher
  ) -> (values: [String: YAMLNode], errors: [String]) {
    var errors: [String] = []
    let declared = Set(specs.map(\.name))
    let unknown = given.compactMap(\.key.keyName).filter { !declared.contains($0) }
    if !unknown.isEmpty { errors.append("unknown input arguments: \(unknown.joined(separator: ", "))") }
    var values: [String: YAMLNode] = [:]
    for spec in specs {
      let value = given.last(where: { $0.key.keyName == spec.name })?.value
      var inputErrors: [String] = []
      func error(_ message: String) { inputErrors.append("`\(spec.name)` input: \(message)") }
      if spec.isRequired && value == nil {
        error("required value has not been provided")
      } else {
        if let d = spec.defaultValue { validate(d, isDefault: true, spec: spec, regexMatcher: regexMatcher, error) }
        if let value { validate(value, isDefault: false, spec: spec, regexMatcher: regexMatcher, error) }
      }
      errors += inputErrors
      if inputErrors.isEmpty, let v = value ?? spec.defaultValue { values[spec.name] = v }
    }
    return (values, errors)
  }

  private static func validate(
    _ value: YAMLNode, isDefault: Bool, spec: InputSpec, regexMatcher: RegexMatcher, _ error: (String) -> Void
  ) {
    let which = isDefault ? "default" : "provided"
    let scalar = value.scalar?.value
    switch spec.type {
    case .string:
      if value.string == nil { error("\(which) value is not a string") }
    case .number:
      switch scalar {
      case .int, .float: break
      default: error("\(which) value is not a number")
      }
    case .boolean:
      if case .bool = scalar {} else { error("\(which) value is not a boolean") }
    case .array:
      if !value.isSequence { error("\(which) value is not an array") }
    }
    if let options = spec.options {
      switch spec.type {
      case .string, .number:
        if !value.isNull, !options.contains(where: { sameValue($0, value) }) {
          error("`\(value.rubyString ?? value.rubyInspect)` cannot be used because it is not in the list of allowed options")
        }
      case .boolean, .array:
        error("Options can only be used with string and number inputs")
      }
    }
    if let regex = spec.regex {
      guard spec.type == .string else {
        error("RegEx validation can only be used with string inputs")
        return
      }
      guard let text = value.string else { return }
      switch regexMatcher(regex, text) {
      case .matched: break
      case .notMatched: error("\(which) value does not match required RegEx pattern")
      case .invalid: error("invalid regular expression")
      }
    }
  }

  private static func sameValue(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
    switch (a.scalar?.value, b.scalar?.value) {
    case (.int(let x), .float(let y)), (.float(let y), .int(let x)): return Double(x) == y
    case (let x?, let y?): return x == y
    default: return false
    }
  }
}

/// The outcome of matching an input against its `regex`.
public enum RegexMatchOutcome: Sendable {
  case matched, notMatched, invalid
}

/// Matches `text` against an RE2 `pattern` (unanchored, as `Gitlab::UntrustedRegexp#match?`).
public typealias RegexMatcher = @Sendable (_ pattern: String, _ text: String) -> RegexMatchOutcome
