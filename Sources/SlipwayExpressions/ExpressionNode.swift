/// A node of the parse tree GitLab builds (`Lexeme::*` instances).
public indirect enum ExpressionNode: Sendable, Hashable, CustomStringConvertible {
  case variable(String)
  case input(String)
  case string(String)
  case pattern(ExpressionPattern)
  case null
  case boolean(Bool)
  case equals(ExpressionNode, ExpressionNode)
  case notEquals(ExpressionNode, ExpressionNode)
  case matches(ExpressionNode, ExpressionNode)
  case notMatches(ExpressionNode, ExpressionNode)
  case and(ExpressionNode, ExpressionNode)
  case or(ExpressionNode, ExpressionNode)

  /// GitLab's `tree.inspect`, e.g. `or($VAR1, and($VAR2, $VAR3))`.
  public var description: String {
    switch self {
    case .variable(let name): "$\(name)"
    case .input(let name): "$[[ inputs.\(name) ]]"
    case .string(let value): ExpressionValue.jsonString(value)
    // GitLab prints "/#{value}/" where value already has its slashes; kept for fidelity.
    case .pattern(let pattern): "/\(pattern.literal)/"
    case .null: "null"
    case .boolean(let value): value ? "true" : "false"
    case .equals(let l, let r): "equals(\(l), \(r))"
    case .notEquals(let l, let r): "not_equals(\(l), \(r))"
    case .matches(let l, let r): "matches(\(l), \(r))"
    case .notMatches(let l, let r): "not_matches(\(l), \(r))"
    case .and(let l, let r): "and(\(l), \(r))"
    case .or(let l, let r): "or(\(l), \(r))"
    }
  }

  /// Names used as `$[[ inputs.NAME ]]`, first-seen order, without repeats (`Statement#input_names`).
  /// Like GitLab, only descends through operators.
  public var inputNames: [String] {
    var names: [String] = []
    func collect(_ node: ExpressionNode) {
      switch node {
      case .input(let name): if !names.contains(name) { names.append(name) }
      case .equals(let l, let r), .notEquals(let l, let r), .matches(let l, let r), .notMatches(let l, let r),
        .and(let l, let r), .or(let l, let r):
        collect(l)
        collect(r)
      default: break
      }
    }
    collect(self)
    return names
  }
}
