/// Entry point of the RE2-compatible engine.
///
/// ```swift
/// let regex = try Regex2.compile(pattern: #"^v\d+\.\d+\.\d+$"#)
/// regex.matches("v1.2.3")  // true
/// ```
///
/// Named `Regex2` (not `Regex`) to stay clear of the standard library's `Regex`.
public enum Regex2 {
  /// Compiles `pattern` with RE2's default options (UTF-8, Perl-like syntax, leftmost-first,
  /// case-sensitive, `^`/`$` at the text's ends). Inline flags such as `(?i)` work as in RE2.
  public static func compile(pattern: String) throws(RegexSyntaxError) -> CompiledRegex {
    var parser = RegexParser(pattern)
    let node = try parser.parse()
    let program = try RegexCompiler.compile(node, captureCount: parser.captureCount)
    return CompiledRegex(
      pattern: pattern, program: program, groupNames: parser.captureNames, dfa: LazyDFA(program: program))
  }

  /// RE2's verdict on `pattern` without keeping the compiled form.
  public static func validate(pattern: String) -> RegexSyntaxError? {
    do {
      _ = try compile(pattern: pattern)
      return nil
    } catch {
      return error
    }
  }
}

/// A span of code points (Unicode scalars) in the searched text, like RE2's offsets but counted
/// in code points rather than UTF-8 bytes.
public struct MatchSpan: Sendable, Hashable, CustomStringConvertible {
  public let start: Int
  public let end: Int
  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
  public var description: String { "[\(start), \(end))" }
}

/// One match: the whole span and each capture group's span (`nil` when the group did not take part).
public struct RegexMatch: Sendable, Hashable {
  public let span: MatchSpan
  public let groups: [MatchSpan?]
}

/// A compiled RE2 pattern. Immutable and `Sendable`: one instance can serve many threads.
public struct CompiledRegex: Sendable {
  /// The pattern as given (including any `(?flags)` prefix).
  public let pattern: String
  let program: RegexProgram
  /// Names of named groups, by 1-based group number.
  public let groupNames: [Int: String]
  /// Shared, internally locked cache for `matches`.
  let dfa: LazyDFA

  /// Number of capture groups, not counting the whole match.
  public var groupCount: Int { program.captureCount }

  /// Whether the pattern matches anywhere in `text` (what `=~` in `rules:if` asks).
  public func matches(_ text: String) -> Bool {
    let input = Self.scalars(text)
    if let answer = dfaAnswer(input) { return answer }
    var vm = PikeVM(program: program, input: input, captures: false)
    return vm.run(.exists) != nil
  }

  /// The DFA's yes/no, or nil when it cannot answer. It cannot express RE2's mid-character `\B`
  /// quirk (see `PikeVM.matchInsideCharacter`), so such patterns always go to the Pike VM.
  private func dfaAnswer(_ input: [UInt32]) -> Bool? {
    program.matchesInsideCharacter ? nil : dfa.matches(input)
  }

  /// The leftmost-first match in `text`, as RE2's unanchored search reports it.
  public func firstMatch(in text: String) -> RegexMatch? {
    let input = Self.scalars(text)
    // Like RE2, let the DFA rule out "no match" before paying for captures.
    if dfaAnswer(input) == false { return nil }
    var vm = PikeVM(program: program, input: input, captures: true)
    guard let slots = vm.run(.leftmostFirst) else { return nil }
    return Self.makeMatch(slots, groupCount: groupCount)
  }

  /// Whether the pattern matches all of `text` (RE2's `FullMatch`).
  public func fullMatch(_ text: String) -> Bool {
    let input = Self.scalars(text)
    if dfaAnswer(input) == false { return false }
    var vm = PikeVM(program: program, input: input, captures: false)
    return vm.run(.full) != nil
  }

  /// The match covering all of `text`, with its groups (RE2's `FullMatch` with arguments).
  public func wholeMatch(in text: String) -> RegexMatch? {
    let input = Self.scalars(text)
    if dfaAnswer(input) == false { return nil }
    var vm = PikeVM(program: program, input: input, captures: true)
    guard let slots = vm.run(.full) else { return nil }
    return Self.makeMatch(slots, groupCount: groupCount)
  }

  static func scalars(_ text: String) -> [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars { result.append(scalar.value) }
    return result
  }

  private static func makeMatch(_ slots: [Int], groupCount: Int) -> RegexMatch {
    var groups: [MatchSpan?] = []
    for group in 1..<(groupCount + 1) {
      let start = slots[2 * group]
      let end = slots[2 * group + 1]
      groups.append(start >= 0 && end >= 0 ? MatchSpan(start: start, end: end) : nil)
    }
    return RegexMatch(span: MatchSpan(start: slots[0], end: slots[1]), groups: groups)
  }
}
