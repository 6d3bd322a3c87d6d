import SlipwayCore

/// A `rules:if` (or `only:variables`) statement, as GitLab's `Expression::Statement`.
///
/// ```swift
/// let statement = ExpressionStatement(#"$CI_COMMIT_TAG =~ /^v\d+/"#)
/// statement.truthful(variables: ["CI_COMMIT_TAG": "v1.2"])  // true
/// ```
///
/// Variables are used raw: nothing inside a value or a pattern is expanded.
public struct ExpressionStatement: Sendable, Hashable {
  public let text: String
  private let parsed: Result<ExpressionNode, ExpressionError>

  /// Lexes and parses once; errors surface from `parse()`, `evaluate` and `validate()`.
  public init(_ text: String) {
    self.text = text
    parsed = Result { () throws(ExpressionError) -> ExpressionNode in
      let tokens = try ExpressionLexer.tokenize(text)
      // `Statement#parse_tree` refuses an empty lexeme list before the parser sees it.
      if tokens.isEmpty { throw ExpressionError.emptyParseTree }
      return try ExpressionParser.parse(tokens)
    }
  }

  /// The parse tree, or the lex/parse error GitLab would raise.
  public func parse() throws(ExpressionError) -> ExpressionNode { try parsed.get() }

  /// GitLab's `Statement#evaluate`: the value of the statement (not necessarily a boolean).
  public func evaluate(variables: [String: String], inputs: [String: ExpressionValue] = [:]) throws(ExpressionError)
    -> ExpressionValue
  {
    try parsed.get().evaluate(variables: variables, inputs: inputs)
  }

  /// GitLab's `Statement#truthful?`, which decides whether a rule matches: the value is `present?`;
  /// any error counts as false.
  public func truthful(variables: [String: String], inputs: [String: ExpressionValue] = [:]) -> Bool {
    (try? evaluate(variables: variables, inputs: inputs))?.isPresent ?? false
  }

  /// GitLab's `Statement#valid?` as the config validator calls it (no variables): lexes, parses and
  /// evaluates once. Throws the first error.
  public func validate() throws(ExpressionError) {
    _ = try evaluate(variables: [:])
  }

  public var isValid: Bool { validationError == nil }

  /// The error `validate()` would throw, or `nil` when the statement is valid.
  public var validationError: ExpressionError? {
    do {
      try validate()
      return nil
    } catch {
      return error
    }
  }

  /// `nil` when valid, otherwise GitLab's short validation text, `invalid expression syntax`, to be
  /// appended to the entry path: `jobs:deploy:rules:rule if invalid expression syntax`.
  public var validationMessage: String? { isValid ? nil : ExpressionError.invalidSyntaxMessage }

  /// The validation error as a located diagnostic, or `nil` when the statement is valid.
  public func diagnostic(code: DiagnosticCode, entryPath: String, at location: SourceLocation?) -> Diagnostic? {
    do {
      try validate()
      return nil
    } catch {
      return error.diagnostic(code: code, entryPath: entryPath, at: location)
    }
  }

  /// Names of `$[[ inputs.NAME ]]` references; `[]` when the statement does not parse.
  public var inputNames: [String] { (try? parsed.get().inputNames) ?? [] }

  public static func == (lhs: ExpressionStatement, rhs: ExpressionStatement) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
