/// A `/pattern/flags` literal as GitLab reads it (`Gitlab::UntrustedRegexp::RubySyntax`).
///
/// GitLab matches the text against Ruby's `%r{^/(?<regexp>.*)/(?<flags>[ismU]*)$}` — note that in
/// Ruby `^`/`$` are line anchors and `.` stops at a newline, so the first line that has this shape
/// wins — then prepends the flags as an inline group `(?flags)` and compiles the result with RE2.
public struct GitLabPattern: Sendable, Hashable {
  /// The flags GitLab accepts after the closing slash.
  public static let allowedFlags: Set<Character> = ["i", "s", "m", "U"]

  /// The text between the slashes.
  public let source: String
  /// The flag letters after the closing slash (`i`, `s`, `m`, `U`), as written.
  public let flags: String

  /// The RE2 source GitLab compiles: `(?flags)source`, or just `source` without flags.
  public var re2Source: String { flags.isEmpty ? source : "(?\(flags))\(source)" }

  /// Splits `text` like `RubySyntax::PATTERN`; `nil` when it has no `/…/flags` shape.
  public init?(_ text: String) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.first == "/", let lastSlash = line.lastIndex(of: "/"), lastSlash != line.startIndex else {
        continue
      }
      let flagText = line[line.index(after: lastSlash)...]
      guard flagText.allSatisfy(Self.allowedFlags.contains) else { continue }
      source = String(line[line.index(after: line.startIndex)..<lastSlash])
      flags = String(flagText)
      return
    }
    return nil
  }

  /// Whether `text` has the `/…/flags` shape (`RubySyntax.matches_syntax?`), valid RE2 or not.
  public static func hasPatternSyntax(_ text: String) -> Bool { GitLabPattern(text) != nil }

  /// Compiles the pattern as GitLab does (`RubySyntax.fabricate!`).
  public func compile() throws(RegexSyntaxError) -> CompiledRegex {
    try Regex2.compile(pattern: re2Source)
  }

  /// Parses and compiles `text`; `nil` when either step fails (`RubySyntax.fabricate`).
  public static func fabricate(_ text: String) -> CompiledRegex? {
    guard let pattern = GitLabPattern(text) else { return nil }
    return try? pattern.compile()
  }
}
