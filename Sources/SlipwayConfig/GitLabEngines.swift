import SlipwayExpressions
import SlipwayRegex

extension CompilerOptions {
  /// GitLab's engines: `rules:if` statements (lexer, parser, evaluator) and RE2 regexes.
  public static let gitlab = CompilerOptions(
    expressionEvaluator: GitLabEngines.expression, regexMatcher: GitLabEngines.regex)
}

/// The expression and regex engines the compiler uses for `include:rules:if` and `spec:inputs:regex`.
public enum GitLabEngines {
  /// Invalid syntax fails (GitLab: `include:rule if invalid expression syntax`); a valid statement
  /// is evaluated, and evaluation errors count as false, as in `Statement#truthful?`.
  public static let expression: ExpressionEvaluator = { text, variables in
    let statement = ExpressionStatement(text)
    do {
      try statement.validate()
    } catch {
      return .failure(ExpressionFailure((error as? ExpressionError)?.message ?? "invalid expression syntax"))
    }
    return .success(statement.truthful(variables: variables))
  }

  /// `Gitlab::UntrustedRegexp#match?`: an unanchored RE2 search.
  public static let regex: RegexMatcher = { pattern, text in
    do {
      return try Regex2.compile(pattern: pattern).matches(text) ? .matched : .notMatched
    } catch {
      return .invalid
    }
  }
}
