/// Parses RE2 syntax into a `RegexNode`, following RE2's `re2/parse.cc` step by step so that the
/// same patterns are accepted and the same error (code and quoted text) is reported first.
///
/// RE2 is a stack parser: literals and groups are pushed, `|` and `(` push markers, and a
/// repetition operator rewrites the top of the stack. Keeping that shape (rather than a
/// recursive-descent parser) is what makes errors such as `no argument for repetition operator`
/// and the `(?:a*)+` → `a*` merge come out exactly as in RE2.
struct RegexParser {
  /// RE2's `kMaxRepeat`: counted repetitions above 1000 are rejected (`re2/parse.cc`).
  static let maxRepeat = 1000

  enum StackItem {
    case node(RegexNode)
    case leftParen(capture: Int?, name: String?, savedFlags: RegexFlags)
    case verticalBar
  }

  let pattern: [Unicode.Scalar]
  private let whole: String
  var position = 0
  var flags: RegexFlags = [.oneLine]
  var stack: [StackItem] = []
  private(set) var captureCount = 0
  private(set) var captureNames: [Int: String] = [:]

  init(_ pattern: String) {
    self.pattern = Array(pattern.unicodeScalars)
    self.whole = pattern
  }

  /// Parses the whole pattern.
  mutating func parse() throws(RegexSyntaxError) -> RegexNode {
    var lastRepeatStart: Int? = nil
    while position < pattern.count {
      let previousRepeat = lastRepeatStart
      lastRepeatStart = nil
      let c = pattern[position]
      switch c {
      case "(":
        if peek(1) == "?" {
          try parsePerlFlags()
        } else {
          captureCount += 1
          stack.append(.leftParen(capture: captureCount, name: nil, savedFlags: flags))
          position += 1
        }
      case "|":
        concatenateTop()
        stack.append(.verticalBar)
        position += 1
      case ")":
        try closeParen()
        position += 1
      case "^":
        push(.assertion(flags.contains(.oneLine) ? .beginText : .beginLine))
        position += 1
      case "$":
        push(.assertion(flags.contains(.oneLine) ? .endText : .endLine))
        position += 1
      case ".":
        var dot = CharRanges([0...CharRanges.maxRune])
        if !flags.contains(.dotNL) { dot = CharRanges([0...9, 11...CharRanges.maxRune]) }
        push(.charClass(dot))
        position += 1
      case "[":
        push(.charClass(try parseCharClass()))
      case "*", "+", "?":
        let start = position
        position += 1
        var nonGreedy = false
        if peek(0) == "?" {
          nonGreedy = true
          position += 1
        }
        if let previousRepeat {
          throw RegexSyntaxError(.repeatOp, text(previousRepeat..<position))
        }
        try applyRepeatOperator(c, text: text(start..<position), nonGreedy: nonGreedy)
        lastRepeatStart = start
      case "{":
        let start = position
        guard let (low, high) = parseRepeatCounts() else {
          pushLiteral(c.value)
          position += 1
          break
        }
        var nonGreedy = false
        if peek(0) == "?" {
          nonGreedy = true
          position += 1
        }
        if let previousRepeat {
          throw RegexSyntaxError(.repeatOp, text(previousRepeat..<position))
        }
        try applyCountedRepeat(low, high, text: text(start..<position), nonGreedy: nonGreedy)
        lastRepeatStart = start
      case "\\":
        try parseBackslash()
      default:
        pushLiteral(c.value)
        position += 1
      }
    }
    alternateTop()
    guard stack.count == 1, case .node(let result) = stack[0] else {
      throw RegexSyntaxError(.missingParen, whole)
    }
    return result
  }

  // MARK: - Helpers

  func peek(_ offset: Int) -> Unicode.Scalar? {
    let index = position + offset
    return index < pattern.count ? pattern[index] : nil
  }

  func text(_ range: Range<Int>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: pattern[max(0, range.lowerBound)..<min(pattern.count, range.upperBound)])
    return String(view)
  }

  mutating func push(_ node: RegexNode) { stack.append(.node(node)) }

  /// A literal, or under `(?i)` the class of everything that folds to it.
  mutating func pushLiteral(_ scalar: UInt32) {
    if flags.contains(.foldCase), let orbit = CaseFolding.orbit(of: scalar) {
      var ranges = CharRanges()
      for member in orbit { ranges.add(member) }
      push(.charClass(ranges))
    } else {
      push(.literal(scalar))
    }
  }

  /// Replaces the items above the nearest marker with their concatenation (RE2 `DoConcatenation`).
  private mutating func concatenateTop() {
    var items: [RegexNode] = []
    while case .node(let node)? = stack.last {
      items.append(node)
      stack.removeLast()
    }
    if items.isEmpty {
      push(.emptyMatch)
    } else if items.count == 1 {
      push(items[0])
    } else {
      push(.concat(items.reversed()))
    }
  }

  /// Collapses `a|b|c` down to the nearest left paren (RE2 `DoAlternation`).
  private mutating func alternateTop() {
    concatenateTop()
    var branches: [RegexNode] = []
    loop: while let top = stack.last {
      switch top {
      case .node(let node):
        branches.append(node)
        stack.removeLast()
      case .verticalBar:
        stack.removeLast()
      case .leftParen:
        break loop
      }
    }
    branches.reverse()
    push(branches.count == 1 ? branches[0] : .alternate(branches))
  }

  private mutating func closeParen() throws(RegexSyntaxError) {
    alternateTop()
    guard stack.count >= 2, case .node(let inner) = stack[stack.count - 1],
      case .leftParen(let capture, let name, let savedFlags) = stack[stack.count - 2]
    else {
      throw RegexSyntaxError(.unexpectedParen, whole)
    }
    stack.removeLast(2)
    flags = savedFlags
    if let capture {
      push(.capture(index: capture, name: name, inner))
    } else {
      push(inner)
    }
  }

  // MARK: - Groups and flags

  /// `(?flags)`, `(?flags:...)`, `(?P<name>...)`, `(?<name>...)`; look-around is rejected.
  private mutating func parsePerlFlags() throws(RegexSyntaxError) {
    let start = position
    let rest = pattern.count - position
    let third = peek(2)
    let fourth = peek(3)
    if (rest > 3 && (third == "=" || third == "!")) || (rest > 4 && third == "<" && (fourth == "=" || fourth == "!")) {
      throw RegexSyntaxError(.badPerlOp, text(start..<(start + (third == "<" ? 4 : 3))))
    }
    let pythonStyle = rest > 4 && third == "P" && fourth == "<"
    let perlStyle = rest > 3 && third == "<"
    if pythonStyle || perlStyle {
      let nameStart = start + (pythonStyle ? 4 : 3)
      guard let end = pattern[(start + 2)...].firstIndex(of: ">") else {
        throw RegexSyntaxError(.badNamedCapture, text(start..<pattern.count))
      }
      let name = text(nameStart..<end)
      guard Self.isValidCaptureName(name) else {
        throw RegexSyntaxError(.badNamedCapture, text(start..<(end + 1)))
      }
      captureCount += 1
      captureNames[captureCount] = name
      stack.append(.leftParen(capture: captureCount, name: name, savedFlags: flags))
      position = end + 1
      return
    }
    var index = start + 2
    var negated = false
    var sawFlag = false
    var newFlags = flags
    while true {
      guard index < pattern.count else { throw RegexSyntaxError(.badPerlOp, text(start..<index)) }
      let c = pattern[index]
      index += 1
      switch c {
      case "i", "m", "s", "U":
        sawFlag = true
        let flag: RegexFlags =
          switch c {
          case "i": .foldCase
          case "s": .dotNL
          case "U": .nonGreedy
          default: .oneLine
          }
        // `m` is the opposite of RE2's OneLine.
        if (c == "m") != negated { newFlags.remove(flag) } else { newFlags.insert(flag) }
      case "-":
        if negated { throw RegexSyntaxError(.badPerlOp, text(start..<index)) }
        negated = true
        sawFlag = false
      case ":", ")":
        if negated && !sawFlag { throw RegexSyntaxError(.badPerlOp, text(start..<index)) }
        if c == ":" {
          stack.append(.leftParen(capture: nil, name: nil, savedFlags: flags))
        }
        flags = newFlags
        position = index
        return
      default:
        throw RegexSyntaxError(.badPerlOp, text(start..<index))
      }
    }
  }

  /// Word characters in RE2's Unicode sense: letters, marks, decimal/letter numbers, connectors.
  static func isValidCaptureName(_ name: String) -> Bool {
    guard !name.isEmpty else { return false }
    let allowed = ["Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Mn", "Mc", "Nd", "Pc"].compactMap(UnicodeTables.group(named:))
    return name.unicodeScalars.allSatisfy { scalar in
      scalar == "_" || allowed.contains { $0.contains(scalar.value) }
    }
  }
}
