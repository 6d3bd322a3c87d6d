import Foundation
import SlipwayCore
import SlipwayRegex

/// What a `rules:if` statement or sub-expression evaluates to. As in GitLab's Ruby, `&&` and `||`
/// return one of their operands, so a statement's value is not always a boolean.
public enum ExpressionValue: Sendable, Hashable, CustomStringConvertible {
  case string(String)
  /// Ruby `nil`: an undefined variable or `null`.
  case null
  case bool(Bool)
  /// A `/…/flags` literal on its own, e.g. the statement `/abc/` (GitLab's `UntrustedRegexp`).
  case pattern(ExpressionPattern)

  /// Ruby truthiness, used by `&&` and `||`: only `nil` and `false` are false (`""` is true).
  public var isRubyTruthy: Bool {
    switch self {
    case .null, .bool(false): false
    default: true
    }
  }

  /// Rails `present?`, which decides `rules:if`: false for `nil`, `false`, `""` and strings made
  /// only of whitespace.
  public var isPresent: Bool {
    switch self {
    case .null: false
    case .bool(let value): value
    case .string(let text): !text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    case .pattern: true
    }
  }

  /// Ruby `to_s`, used for the left side of `=~` / `!~`.
  var rubyString: String {
    switch self {
    case .null: ""
    case .bool(let value): value ? "true" : "false"
    case .string(let text): text
    case .pattern(let pattern): pattern.re2Source
    }
  }

  /// The value as JSON: a string, `true`, `false` or `null` (a pattern prints as its `/…/` text).
  public var jsonValue: JSONValue {
    switch self {
    case .null: .null
    case .bool(let value): .bool(value)
    case .string(let text): .string(text)
    case .pattern(let pattern): .string(pattern.literal)
    }
  }

  /// `jsonValue` rendered compactly.
  public var json: String { jsonValue.rendered() }

  /// `{"value": …, "truthy": …}`, the document `slipway expr --format json` prints.
  public var jsonDocument: JSONValue { .object([("value", jsonValue), ("truthy", .bool(isPresent))]) }

  public var description: String {
    switch self {
    case .null: "null"
    case .bool(let value): value ? "true" : "false"
    case .string(let text): text
    case .pattern(let pattern): pattern.literal
    }
  }

  static func jsonString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}

/// A compiled `/pattern/flags` value.
public struct ExpressionPattern: Sendable, Hashable {
  /// The literal with `\/` already turned into `/`, as GitLab stores it (`/a/b/i`).
  public let literal: String
  /// The RE2 source GitLab compiles (`(?i)a/b`).
  public let re2Source: String
  let regex: CompiledRegex

  /// GitLab's `Lexeme::Pattern.new`: unescape `\/`, then `RubySyntax.fabricate!`.
  init(token: String) throws(ExpressionError) {
    let unescaped = token.replacingOccurrences(of: "\\/", with: "/")
    guard let pattern = GitLabPattern(unescaped) else {
      throw .invalidRegularExpression(pattern: unescaped, reason: nil)
    }
    do {
      regex = try pattern.compile()
    } catch {
      throw ExpressionError(error, pattern: unescaped)
    }
    literal = unescaped
    re2Source = pattern.re2Source
  }

  /// `regexp.scan(text).present?`: whether RE2 finds a match anywhere in `text`.
  public func matches(_ text: String) -> Bool { regex.matches(text) }

  /// Equal when the RE2 sources are, as `UntrustedRegexp#==` compares `source`.
  public static func == (lhs: ExpressionPattern, rhs: ExpressionPattern) -> Bool { lhs.re2Source == rhs.re2Source }
  public func hash(into hasher: inout Hasher) { hasher.combine(re2Source) }
}
