/// Escapes, Perl/POSIX/Unicode classes and bracket expressions, after RE2's `parse.cc`.
extension RegexParser {
  /// `\d`, `\s`, `\w` (ASCII, as in RE2).
  static let perlClasses: [Unicode.Scalar: CharRanges] = [
    "d": CharRanges([48...57]),
    "s": CharRanges([9...10, 12...13, 32...32]),
    "w": CharRanges([48...57, 65...90, 95...95, 97...122]),
  ]

  /// `[[:name:]]` classes (ASCII, as in RE2).
  static let posixClasses: [String: CharRanges] = [
    "alnum": CharRanges([48...57, 65...90, 97...122]),
    "alpha": CharRanges([65...90, 97...122]),
    "ascii": CharRanges([0...0x7F]),
    "blank": CharRanges([9...9, 32...32]),
    "cntrl": CharRanges([0...0x1F, 0x7F...0x7F]),
    "digit": CharRanges([48...57]),
    "graph": CharRanges([0x21...0x7E]),
    "lower": CharRanges([97...122]),
    "print": CharRanges([0x20...0x7E]),
    "punct": CharRanges([0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]),
    "space": CharRanges([9...13, 32...32]),
    "upper": CharRanges([65...90]),
    "word": CharRanges([48...57, 65...90, 95...95, 97...122]),
    "xdigit": CharRanges([48...57, 65...70, 97...102]),
  ]

  /// Adds a named group, folding case first and negating afterwards, as RE2's `AddUGroup` does.
  func addGroup(_ group: CharRanges, negated: Bool, to set: inout CharRanges) {
    var positive = group
    if flags.contains(.foldCase) { positive = positive.caseFolded() }
    set.add(negated ? positive.negated() : positive)
  }

  /// Everything that starts with a backslash outside a bracket expression.
  mutating func parseBackslash() throws(RegexSyntaxError) {
    let next = peek(1)
    switch next {
    case "b", "B":
      push(.assertion(next == "b" ? .wordBoundary : .nonWordBoundary))
      position += 2
      return
    case "A":
      push(.assertion(.beginText))
      position += 2
      return
    case "z":
      push(.assertion(.endText))
      position += 2
      return
    case "C":
      // RE2's "any byte". Input here is always code points, so it acts as "any character";
      // it differs from RE2 only inside multi-byte UTF-8 sequences.
      push(.charClass(CharRanges([0...CharRanges.maxRune])))
      position += 2
      return
    case "Q":
      position += 2
      while position < pattern.count {
        if pattern[position] == "\\", peek(1) == "E" {
          position += 2
          break
        }
        pushLiteral(pattern[position].value)
        position += 1
      }
      return
    case "p", "P":
      var set = CharRanges()
      try parseUnicodeGroup(into: &set)
      push(.charClass(set))
      return
    default:
      break
    }
    if let next, "dswDSW".unicodeScalars.contains(next),
      let group = Self.perlClasses[Unicode.Scalar(UInt8(next.value | 0x20))]
    {
      var set = CharRanges()
      addGroup(group, negated: next.properties.isUppercase, to: &set)
      push(.charClass(set))
      position += 2
      return
    }
    pushLiteral(try parseEscape())
  }

  /// One escaped character (`\n`, `\x{41}`, `\101`, `\.`); RE2's `ParseEscape`.
  mutating func parseEscape() throws(RegexSyntaxError) -> UInt32 {
    let begin = position
    guard position + 1 < pattern.count else { throw RegexSyntaxError(.trailingBackslash) }
    position += 1
    let c = pattern[position]
    position += 1
    func bad() -> RegexSyntaxError { RegexSyntaxError(.badEscape, text(begin..<position)) }
    func isOctal(_ s: Unicode.Scalar?) -> Bool { s.map { ("0"..."7").contains($0) } ?? false }
    switch c {
    case "1"..."7", "0":
      // A lone \1-\7 would be a backreference, which RE2 does not support.
      if c != "0", !isOctal(peek(0)) { throw bad() }
      var code = c.value - 48
      for _ in 0..<2 {
        guard isOctal(peek(0)), let digit = peek(0) else { break }
        code = code * 8 + digit.value - 48
        position += 1
      }
      return code
    case "x":
      guard position < pattern.count else { throw bad() }
      var next = pattern[position]
      position += 1
      if next == "{" {
        guard position < pattern.count else { throw bad() }
        next = pattern[position]
        position += 1
        var digits = 0
        var code: UInt32 = 0
        while let value = Self.hexValue(next) {
          digits += 1
          code = code * 16 + value
          if code > CharRanges.maxRune { throw bad() }
          guard position < pattern.count else { throw bad() }
          next = pattern[position]
          position += 1
        }
        if next != "}" || digits == 0 { throw bad() }
        return code
      }
      guard position < pattern.count else { throw bad() }
      let second = pattern[position]
      position += 1
      guard let high = Self.hexValue(next), let low = Self.hexValue(second) else { throw bad() }
      return high * 16 + low
    case "n": return 10
    case "r": return 13
    case "t": return 9
    case "a": return 7
    case "f": return 12
    case "v": return 11
    default:
      // Escaped ASCII punctuation stands for itself; letters and digits must be known escapes.
      if c.value < 0x80, !c.properties.isAlphabetic, !("0"..."9").contains(c) { return c.value }
      throw bad()
    }
  }

  static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
    switch c {
    case "0"..."9": c.value - 48
    case "a"..."f": c.value - 87
    case "A"..."F": c.value - 55
    default: nil
    }
  }

  /// `\pL`, `\p{Greek}`, `\P{^Lu}`; RE2's `ParseUnicodeGroup` (caller checked `\p` / `\P`).
  mutating func parseUnicodeGroup(into set: inout CharRanges) throws(RegexSyntaxError) {
    let start = position
    var negated = pattern[position + 1] == "P"
    position += 2
    var name: String
    if position >= pattern.count {
      name = ""
    } else if pattern[position] != "{" {
      name = text(position..<(position + 1))
      position += 1
    } else {
      guard let end = pattern[position...].firstIndex(of: "}") else {
        throw RegexSyntaxError(.badCharRange, text(start..<pattern.count))
      }
      name = text((position + 1)..<end)
      position = end + 1
    }
    let sequence = text(start..<position)
    if name.hasPrefix("^") {
      negated.toggle()
      name.removeFirst()
    }
    guard let group = UnicodeTables.group(named: name) else {
      throw RegexSyntaxError(.badCharRange, sequence)
    }
    addGroup(group, negated: negated, to: &set)
  }

  /// A bracket expression `[...]`; RE2's `ParseCharClass`.
  mutating func parseCharClass() throws(RegexSyntaxError) -> CharRanges {
    let classStart = position
    let wholeClass = text(classStart..<pattern.count)
    position += 1
    var set = CharRanges()
    var negated = false
    if peek(0) == "^" {
      negated = true
      position += 1
    }
    var first = true
    while position < pattern.count && (pattern[position] != "]" || first) {
      first = false
      let remaining = pattern.count - position
      if remaining > 2, pattern[position] == "[", peek(1) == ":" {
        if try parsePosixClass(into: &set) { continue }
      }
      if remaining > 2, pattern[position] == "\\", let kind = peek(1), kind == "p" || kind == "P" {
        try parseUnicodeGroup(into: &set)
        continue
      }
      if remaining >= 2, pattern[position] == "\\", let kind = peek(1), "dswDSW".unicodeScalars.contains(kind),
        let group = Self.perlClasses[Unicode.Scalar(UInt8(kind.value | 0x20))]
      {
        addGroup(group, negated: kind.properties.isUppercase, to: &set)
        position += 2
        continue
      }
      let rangeStart = position
      let low = try parseClassCharacter(wholeClass)
      var high = low
      if pattern.count - position >= 2, pattern[position] == "-", pattern[position + 1] != "]" {
        position += 1
        high = try parseClassCharacter(wholeClass)
        if high < low { throw RegexSyntaxError(.badCharRange, text(rangeStart..<position)) }
      }
      var range = CharRanges([low...high])
      if flags.contains(.foldCase) { range = range.caseFolded() }
      set.add(range)
    }
    guard position < pattern.count else { throw RegexSyntaxError(.missingBracket, wholeClass) }
    position += 1
    return negated ? set.negated() : set
  }

  private mutating func parseClassCharacter(_ wholeClass: String) throws(RegexSyntaxError) -> UInt32 {
    guard position < pattern.count else { throw RegexSyntaxError(.missingBracket, wholeClass) }
    if pattern[position] == "\\" { return try parseEscape() }
    position += 1
    return pattern[position - 1].value
  }

  /// `[:alpha:]` inside a class. Like RE2, looks for the closing `:]` anywhere further on; when
  /// there is none the `[` is an ordinary character (returns false, nothing consumed).
  private mutating func parsePosixClass(into set: inout CharRanges) throws(RegexSyntaxError) -> Bool {
    var close = position + 2
    while close + 1 < pattern.count, !(pattern[close] == ":" && pattern[close + 1] == "]") { close += 1 }
    guard close + 1 < pattern.count else { return false }
    let fullName = text(position..<(close + 2))
    var name = text((position + 2)..<close)
    var negated = false
    if name.hasPrefix("^") {
      negated = true
      name.removeFirst()
    }
    guard let group = Self.posixClasses[name] else { throw RegexSyntaxError(.badCharRange, fullName) }
    addGroup(group, negated: negated, to: &set)
    position = close + 2
    return true
  }
}
