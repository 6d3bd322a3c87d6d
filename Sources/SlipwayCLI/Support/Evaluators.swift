import SlipwayConfig
import SlipwayRegex

/// The live expression and regex engines the compiler is handed.
enum Evaluators {
  static let regex: RegexMatcher = { pattern, text in
    do {
      return try Regex2.compile(pattern: pattern).matches(text) ? .matched : .notMatched
    } catch {
      return .invalid
    }
  }

  static let expression: ExpressionEvaluator = { expression, variables in
    // Replaced by SlipwayExpressions' statement evaluator when that module lands (same session).
    .failure(ExpressionFailure("rules:if evaluation is not wired yet"))
  }

  static func compilerOptions() -> CompilerOptions {
    CompilerOptions(expressionEvaluator: expression, regexMatcher: regex)
  }
}
