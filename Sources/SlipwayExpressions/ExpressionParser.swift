/// GitLab's shunting-yard parser (`lib/gitlab/ci/pipeline/expression/parser.rb`), including the
/// order in which it reports errors.
public enum ExpressionParser {
  public static func parse(_ tokens: [ExpressionToken]) throws(ExpressionError) -> ExpressionNode {
    var results: [ExpressionNode] = []
    for token in try reversePolish(tokens) {
      if token.kind.isValue {
        results.append(try build(token))
      } else if token.kind.isBinaryOperator {
        let right = results.popLast()
        let left = results.popLast()
        guard let left else { throw .invalidLeftOperand }
        guard let right else { throw .invalidRightOperand }
        results.append(combine(token.kind, left, right))
      } else {
        throw .unprocessableToken(token.kind.rawValue)
      }
    }
    if results.count > 1 { throw .unreachableNodes }
    guard let tree = results.first else { throw .emptyParseTree }
    return tree
  }

  /// Reorders tokens into reverse Polish notation; operators of equal precedence pop each other,
  /// which makes all operators left-associative.
  static func reversePolish(_ tokens: [ExpressionToken]) throws(ExpressionError) -> [ExpressionToken] {
    var output: [ExpressionToken] = []
    var operators: [ExpressionToken] = []
    for token in tokens {
      switch token.kind {
      case _ where token.kind.isValue:
        output.append(token)
      case .parenthesisOpen:
        operators.append(token)
      case .parenthesisClose:
        while let top = operators.last, token.kind.precedence >= top.kind.precedence {
          output.append(top)
          operators.removeLast()
        }
        guard let top = operators.last else { throw .unmatchedParenthesis }
        if top.kind == .parenthesisOpen { operators.removeLast() }
      default:
        while let top = operators.last, token.kind.precedence >= top.kind.precedence {
          output.append(top)
          operators.removeLast()
        }
        operators.append(token)
      }
    }
    return output + operators.reversed()
  }

  static func build(_ token: ExpressionToken) throws(ExpressionError) -> ExpressionNode {
    switch token.kind {
    case .variable: return .variable(String(token.text.dropFirst()))
    case .input:
      let afterDot = token.text.split(separator: ".", maxSplits: 1).last ?? ""
      return .input(String(afterDot.prefix { ExpressionLexer.isRubyWord($0.unicodeScalars.first ?? " ") }))
    case .string: return .string(String(token.text.dropFirst().dropLast()))
    case .pattern: return .pattern(try ExpressionPattern(token: token.text))
    case .boolean: return .boolean(token.text == "true")
    default: return .null
    }
  }

  static func combine(_ kind: ExpressionToken.Kind, _ left: ExpressionNode, _ right: ExpressionNode)
    -> ExpressionNode
  {
    switch kind {
    case .equals: .equals(left, right)
    case .notEquals: .notEquals(left, right)
    case .matches: .matches(left, right)
    case .notMatches: .notMatches(left, right)
    case .and: .and(left, right)
    default: .or(left, right)
    }
  }
}
