/// One token of a `rules:if` statement.
public struct ExpressionToken: Sendable, Hashable {
  /// GitLab's lexeme classes, in the order its lexer tries them (`Lexer::LEXEMES`).
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case parenthesisOpen = "parenthesis_open"
    case parenthesisClose = "parenthesis_close"
    case input
    case variable
    case string
    case pattern
    case null
    case boolean
    case equals
    case matches
    case notEquals = "not_equals"
    case notMatches = "not_matches"
    case and
    case or

    /// Binding strength from `Lexeme::*.precedence`; a lower number binds tighter.
    var precedence: Int {
      switch self {
      case .equals, .matches, .notEquals, .notMatches: 10
      case .and: 11
      case .or: 12
      case .parenthesisClose: 900
      case .parenthesisOpen: 901
      default: 0
      }
    }

    var isValue: Bool {
      switch self {
      case .input, .variable, .string, .pattern, .null, .boolean: true
      default: false
      }
    }

    var isBinaryOperator: Bool {
      switch self {
      case .equals, .matches, .notEquals, .notMatches, .and, .or: true
      default: false
      }
    }
  }

  public let kind: Kind
  /// The token exactly as written (strings keep their quotes, patterns their slashes).
  public let text: String
  /// Where it is, in code points from the start of the statement (for located diagnostics).
  public let range: Range<Int>
}

/// GitLab's `rules:if` lexer (`lib/gitlab/ci/pipeline/expression/lexer.rb` and `lexeme/*.rb`).
///
/// Lexemes follow the newest GitLab: besides `$VAR`, strings, `/patterns/`, `null`, `(`, `)` and
/// the six operators it knows `true` / `false` (`Lexeme::Boolean`) and `$[[ inputs.NAME ]]`
/// (`Lexeme::Input`). GitLab's unary `!` (`Lexeme::Not`) exists but is not in the lexer's list, so
/// `!` alone is an unknown lexeme here as in GitLab.
public enum ExpressionLexer {
  /// `Lexer::MAX_TOKENS`. GitLab stops after this many scan steps, so a statement of exactly 100
  /// tokens is already "Too many tokens!".
  public static let maxTokens = 100

  public static func tokenize(_ statement: String, maxTokens: Int = maxTokens) throws(ExpressionError)
    -> [ExpressionToken]
  {
    let scalars = Array(statement.unicodeScalars)
    var tokens: [ExpressionToken] = []
    var position = 0
    for _ in 0..<maxTokens {
      while position < scalars.count && isRubySpace(scalars[position]) { position += 1 }
      if position >= scalars.count { return tokens }
      guard let (kind, length) = scan(scalars, at: position) else {
        throw .unknownLexeme(offset: position)
      }
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars[position..<(position + length)])
      tokens.append(ExpressionToken(kind: kind, text: String(view), range: position..<(position + length)))
      position += length
    }
    throw .tooManyTokens
  }

  /// Ruby's `\s`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
  static func isRubySpace(_ c: Unicode.Scalar) -> Bool { c == " " || ("\t"..."\r").contains(c) }

  /// Ruby's `\w` (ASCII): letters, digits, underscore.
  static func isRubyWord(_ c: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
  }

  /// Tries every lexeme at `start` in GitLab's order; returns the first that matches and its length.
  static func scan(_ s: [Unicode.Scalar], at start: Int) -> (ExpressionToken.Kind, Int)? {
    func has(_ literal: String, at index: Int) -> Bool {
      var i = index
      for c in literal.unicodeScalars {
        guard i < s.count, s[i] == c else { return false }
        i += 1
      }
      return true
    }
    if s[start] == "(" { return (.parenthesisOpen, 1) }
    if s[start] == ")" { return (.parenthesisClose, 1) }
    if let length = scanInput(s, at: start) { return (.input, length) }
    if s[start] == "$" {
      var end = start + 1
      while end < s.count && isRubyWord(s[end]) { end += 1 }
      if end > start + 1 { return (.variable, end - start) }
    }
    if s[start] == "\"" || s[start] == "'" {
      // `"(?<string>.*?)"`: the nearest closing quote on the same line.
      var end = start + 1
      while end < s.count && s[end] != s[start] && s[end] != "\n" { end += 1 }
      if end < s.count && s[end] == s[start] { return (.string, end + 1 - start) }
    }
    if let length = scanPattern(s, at: start) { return (.pattern, length) }
    if has("null", at: start) { return (.null, 4) }
    for word in ["true", "false"] where has(word, at: start) {
      let after = start + word.unicodeScalars.count
      if after >= s.count || !isRubyWord(s[after]) { return (.boolean, after - start) }
    }
    let operators: [(String, ExpressionToken.Kind)] = [
      ("==", .equals), ("=~", .matches), ("!=", .notEquals), ("!~", .notMatches), ("&&", .and), ("||", .or),
    ]
    for (text, kind) in operators where has(text, at: start) { return (kind, 2) }
    return nil
  }

  /// `\$\[\[\s*inputs\.(?<name>\w+)\s*\]\]`
  static func scanInput(_ s: [Unicode.Scalar], at start: Int) -> Int? {
    var i = start
    func expect(_ literal: String) -> Bool {
      for c in literal.unicodeScalars {
        guard i < s.count, s[i] == c else { return false }
        i += 1
      }
      return true
    }
    guard expect("$[[") else { return nil }
    while i < s.count && isRubySpace(s[i]) { i += 1 }
    guard expect("inputs.") else { return nil }
    let nameStart = i
    while i < s.count && isRubyWord(s[i]) { i += 1 }
    guard i > nameStart else { return nil }
    while i < s.count && isRubySpace(s[i]) { i += 1 }
    guard expect("]]") else { return nil }
    return i - start
  }

  /// GitLab's `%r{^\/([^\/]|\\/)+[^\\]\/[ismU]*}` with Ruby's backtracking order: the body loop is
  /// greedy and prefers `[^/]` over `\/`, so the first `/` not escaped by a backslash ends the
  /// pattern, provided the character before it is not a backslash and the body is not empty.
  static func scanPattern(_ s: [Unicode.Scalar], at start: Int) -> Int? {
    guard s[start] == "/" else { return nil }
    let count = s.count
    func tail(_ i: Int) -> Int? {
      // `[^\\]\/[ismU]*` at i
      guard i + 1 < count, s[i] != "\\", s[i + 1] == "/" else { return nil }
      var end = i + 2
      while end < count && "ismU".unicodeScalars.contains(s[end]) { end += 1 }
      return end
    }
    // afterLoop[i]: where the match ends if the body loop has run at least once and stands at i.
    // It depends only on later positions, so fill it from the end backwards (no recursion).
    var afterLoop = [Int?](repeating: nil, count: count + 2)
    var i = count
    while i > start + 1 {
      var result: Int? = nil
      if i < count && s[i] != "/" { result = afterLoop[i + 1] }
      if result == nil, i + 1 < count, s[i] == "\\", s[i + 1] == "/" { result = afterLoop[i + 2] }
      if result == nil { result = tail(i) }
      afterLoop[i] = result
      i -= 1
    }
    // The first iteration is mandatory (`+`).
    let first = start + 1
    var end: Int? = nil
    if first < count && s[first] != "/" { end = afterLoop[first + 1] }
    if end == nil, first + 1 < count, s[first] == "\\", s[first + 1] == "/" { end = afterLoop[first + 2] }
    return end.map { $0 - start }
  }
}
