/// Parse flags that travel with the parser, as RE2's `Regexp::ParseFlags` does for the ones
/// GitLab can reach through `(?flags)`.
struct RegexFlags: OptionSet, Sendable, Hashable {
  let rawValue: UInt8
  /// `(?i)`: case-insensitive.
  static let foldCase = RegexFlags(rawValue: 1)
  /// `(?s)`: `.` also matches `\n`.
  static let dotNL = RegexFlags(rawValue: 2)
  /// On unless `(?m)`: `^` and `$` match only at the text's ends.
  static let oneLine = RegexFlags(rawValue: 4)
  /// `(?U)`: swaps greedy and non-greedy repetition.
  static let nonGreedy = RegexFlags(rawValue: 8)
}

/// Zero-width assertions.
enum EmptyAssertion: Sendable, Hashable {
  case beginLine, endLine, beginText, endText, wordBoundary, nonWordBoundary
}

/// The parsed pattern, before repetition counts are expanded.
indirect enum RegexNode: Sendable {
  case emptyMatch
  case noMatch
  case literal(UInt32)
  case charClass(CharRanges)
  case assertion(EmptyAssertion)
  case capture(index: Int, name: String?, RegexNode)
  case concat([RegexNode])
  case alternate([RegexNode])
  /// `*`, `+`, `?` keep the flags they were parsed under, because RE2 only merges `(?:a*)+`
  /// into `a*` when both operators saw the same flags.
  case star(RegexNode, flags: RegexFlags)
  case plus(RegexNode, flags: RegexFlags)
  case quest(RegexNode, flags: RegexFlags)
  case `repeat`(RegexNode, min: Int, max: Int, flags: RegexFlags)

  var isGreedyRepeatOperator: Bool {
    switch self {
    case .star, .plus, .quest: true
    default: false
    }
  }
}
