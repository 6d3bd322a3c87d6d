/// Why RE2 rejects a pattern. The descriptions are RE2's own wording (`re2/regexp.cc`), so a
/// message reads exactly as GitLab's RE2 would report it, e.g. `missing ): (abc`.
public enum RegexErrorCode: String, Sendable, Hashable, CaseIterable {
  case badEscape = "invalid escape sequence"
  case badCharClass = "invalid character class"
  case badCharRange = "invalid character class range"
  case missingBracket = "missing ]"
  case missingParen = "missing )"
  case unexpectedParen = "unexpected )"
  case trailingBackslash = "trailing \\"
  case repeatArgument = "no argument for repetition operator"
  case repeatSize = "invalid repetition size"
  case repeatOp = "bad repetition operator"
  case badPerlOp = "invalid perl operator"
  case badUTF8 = "invalid UTF-8"
  case badNamedCapture = "invalid named capture group"
  case patternTooLarge = "pattern too large - compile failed"
}

/// A pattern RE2 would not compile: the kind of error and the offending piece of the pattern.
public struct RegexSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
  public let code: RegexErrorCode
  /// The part of the pattern RE2 quotes after the colon (empty for `trailing \`).
  public let argument: String

  public init(_ code: RegexErrorCode, _ argument: String = "") {
    self.code = code
    self.argument = argument
  }

  /// RE2's message, e.g. `invalid perl operator: (?=`.
  public var message: String { argument.isEmpty ? code.rawValue : "\(code.rawValue): \(argument)" }

  public var description: String { message }
}
