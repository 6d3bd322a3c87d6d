/// Evaluation, lexeme by lexeme, as GitLab's `Lexeme::*#evaluate` does.
extension ExpressionNode {
  /// Evaluates against `variables` (raw values, never expanded) and `inputs` (for `$[[ inputs.x ]]`).
  public func evaluate(variables: [String: String], inputs: [String: ExpressionValue] = [:]) throws(ExpressionError)
    -> ExpressionValue
  {
    switch self {
    case .variable(let name):
      return variables[name].map(ExpressionValue.string) ?? .null
    case .input(let name):
      return inputs[name] ?? .null
    case .string(let value):
      return .string(value)
    case .pattern(let pattern):
      return .pattern(pattern)
    case .null:
      return .null
    case .boolean(let value):
      return .bool(value)
    case .equals(let left, let right):
      return .bool(try left.evaluate(variables: variables, inputs: inputs) == right.evaluate(variables: variables, inputs: inputs))
    case .notEquals(let left, let right):
      return .bool(try left.evaluate(variables: variables, inputs: inputs) != right.evaluate(variables: variables, inputs: inputs))
    case .and(let left, let right):
      let value = try left.evaluate(variables: variables, inputs: inputs)
      return value.isRubyTruthy ? try right.evaluate(variables: variables, inputs: inputs) : value
    case .or(let left, let right):
      let value = try left.evaluate(variables: variables, inputs: inputs)
      return value.isRubyTruthy ? value : try right.evaluate(variables: variables, inputs: inputs)
    case .matches(let left, let right):
      let text = try left.evaluate(variables: variables, inputs: inputs)
      let pattern = try right.evaluate(variables: variables, inputs: inputs)
      guard pattern.isRubyTruthy else { return .bool(false) }
      return .bool(try Self.scan(text.rubyString, with: pattern))
    case .notMatches(let left, let right):
      let text = try left.evaluate(variables: variables, inputs: inputs)
      let pattern = try right.evaluate(variables: variables, inputs: inputs)
      guard pattern.isRubyTruthy else { return .bool(true) }
      return .bool(try !Self.scan(text.rubyString, with: pattern))
    }
  }

  /// `Pattern.build_and_evaluate(right).scan(text).present?`: a pattern value is used as is; a
  /// string that reads as a valid `/…/flags` pattern (e.g. from a variable) is compiled; any other
  /// string is searched literally (Ruby `String#scan`), i.e. a test that `text` occurs in it.
  static func scan(_ text: String, with right: ExpressionValue) throws(ExpressionError) -> Bool {
    switch right {
    case .pattern(let pattern):
      return pattern.matches(text)
    case .string(let string):
      if let pattern = try? ExpressionPattern(token: string) { return pattern.matches(text) }
      return text.isEmpty || string.contains(text)
    case .bool, .null:
      // GitLab calls `gsub` on the value and fails with NoMethodError.
      throw .unsupportedOperand("a boolean on the right of =~ or !~")
    }
  }
}
