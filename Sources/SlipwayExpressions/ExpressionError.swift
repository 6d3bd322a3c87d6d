import SlipwayCore
import SlipwayRegex

/// Why GitLab would reject or fail to evaluate a `rules:if` expression. The messages are GitLab's
/// (`lib/gitlab/ci/pipeline/expression/**`); `stage` says which Ruby class GitLab raises.
public enum ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// `Lexer::SyntaxError`: input no lexeme matches (e.g. `${VAR}`, a bare number, `=`).
  case unknownLexeme(offset: Int)
  /// `Lexer::SyntaxError`: the statement has `ExpressionLexer.maxTokens` tokens or more.
  case tooManyTokens
  /// `Lexer::SyntaxError` (parse) or `RuntimeError` (evaluation): a `/…/` literal RE2 rejects.
  case invalidRegularExpression(pattern: String, reason: RegexSyntaxErrorSummary?)
  /// `Parser::ParseError`: a `)` without its `(`.
  case unmatchedParenthesis
  /// `Parser::ParseError`: a `(` that is never closed reaches the tree builder.
  case unprocessableToken(String)
  /// `Parser::ParseError`: operands left over, e.g. `$A $B`.
  case unreachableNodes
  /// `Parser::ParseError`: nothing to evaluate, e.g. an empty statement.
  case emptyParseTree
  /// `Operator::OperatorError`: an operator without a left operand.
  case invalidLeftOperand
  /// `Operator::OperatorError`: an operator without a right operand.
  case invalidRightOperand
  /// Evaluation of an operand GitLab cannot handle (in GitLab a `NoMethodError`, e.g. `=~ true`).
  case unsupportedOperand(String)

  /// GitLab's message, e.g. `Unknown lexeme found!`.
  public var message: String {
    switch self {
    case .unknownLexeme: "Unknown lexeme found!"
    case .tooManyTokens: "Too many tokens!"
    case .invalidRegularExpression: "Invalid regular expression!"
    case .unmatchedParenthesis: "Unmatched parenthesis"
    case .unprocessableToken(let type): "Unprocessable token found in parse tree: \(type)"
    case .unreachableNodes: "Unreachable nodes in parse tree"
    case .emptyParseTree: "Empty parse tree"
    case .invalidLeftOperand: "Invalid left operand"
    case .invalidRightOperand: "Invalid right operand"
    case .unsupportedOperand(let what): "Unsupported operand: \(what)"
    }
  }

  /// The message plus RE2's reason for an invalid pattern (`Invalid regular expression! (missing ): (a)`).
  public var detailedMessage: String {
    if case .invalidRegularExpression(let pattern, let reason?) = self {
      return "\(message) \(pattern): \(reason.message)"
    }
    return message
  }

  public var description: String { detailedMessage }

  /// The Ruby exception class GitLab raises for this error.
  public var gitLabErrorClass: String {
    switch self {
    case .unknownLexeme, .tooManyTokens, .invalidRegularExpression:
      "Gitlab::Ci::Pipeline::Expression::Lexer::SyntaxError"
    case .unmatchedParenthesis, .unprocessableToken, .unreachableNodes, .emptyParseTree:
      "Gitlab::Ci::Pipeline::Expression::Parser::ParseError"
    case .invalidLeftOperand, .invalidRightOperand:
      "Gitlab::Ci::Pipeline::Expression::Lexeme::Operator::OperatorError"
    case .unsupportedOperand:
      "NoMethodError"
    }
  }
}

/// RE2's verdict on a pattern, kept as plain text so this module's errors stay `Hashable`.
public struct RegexSyntaxErrorSummary: Sendable, Hashable {
  public let message: String
  public init(message: String) { self.message = message }
}

extension ExpressionError {
  /// The short text GitLab's config validator appends to the entry path
  /// (`ExpressionValidator` in `lib/gitlab/config/entry/validators.rb`):
  /// `jobs:deploy:rules:rule if invalid expression syntax`.
  public static let invalidSyntaxMessage = "invalid expression syntax"

  /// A located diagnostic in GitLab's wording, e.g.
  /// `jobs:deploy:rules:rule if invalid expression syntax`, with GitLab's internal message as a note.
  /// `entryPath` is the config path of the entry holding `if` (`jobs:deploy:rules:rule`).
  public func diagnostic(code: DiagnosticCode, entryPath: String, at location: SourceLocation?) -> Diagnostic {
    .error(
      code, "\(entryPath) if \(Self.invalidSyntaxMessage)", at: location,
      notes: [Diagnostic.Note("GitLab: \(detailedMessage)")])
  }

  init(_ regexError: RegexSyntaxError, pattern: String) {
    self = .invalidRegularExpression(pattern: pattern, reason: RegexSyntaxErrorSummary(message: regexError.message))
  }
}
