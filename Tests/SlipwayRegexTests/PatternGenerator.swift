/// Deterministic random RE2 patterns and inputs for the differential test (SplitMix64-seeded).
struct PatternGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
  mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
  mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

  /// Characters inputs are built from: ASCII, newline, and letters with interesting case folding.
  static let alphabet: [String] = [
    "a", "b", "c", "x", "y", "A", "B", "C", "0", "1", "9", "_", "-", " ", "\n", ".", "/", "+", "*",
    "k", "K", "\u{212A}", "s", "S", "\u{017F}", "é", "É", "σ", "Σ", "ς", "ж", "Ж", "漢", "ア", "\t", "!", "ß",
    "ǅ", "ǆ", "Ǆ", "ẞ", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "٣", "\u{1F600}", "\u{301}",
  ]

  mutating func input(hint: String) -> String {
    var result = ""
    let length = int(10)
    for _ in 0..<length {
      if chance(25), !hint.isEmpty, let c = hint.randomElementDeterministic(&self) {
        result.append(c)
      } else {
        result += pick(Self.alphabet)
      }
    }
    return result
  }

  mutating func flags() -> String {
    guard chance(30) else { return "" }
    var result = ""
    for flag in ["i", "m", "s", "U"] where chance(40) { result += flag }
    return result
  }

  mutating func pattern() -> String {
    if chance(6) { return pick(Self.invalid) }
    var text = regex(depth: 0)
    if chance(8) {
      let index = text.index(text.startIndex, offsetBy: int(text.count + 1))
      text.insert(contentsOf: pick(Self.invalid), at: index)
    }
    return text
  }

  static let invalid: [String] = [
    "(?=a)", "(?!a)", "(?<=a)", "(?<!a)", "\\1", "(a)\\1", "a**", "a++", "a*?+", "a{2}{3}", "(", ")", "[", "[a",
    "x{2,1}", "x{1001}", "\\q", "\\Z", "(?P<>a)", "(?P=n)", "[z-a]", "[[:foo:]]", "\\p{Foo}", "\\pX", "*", "a|*",
    "(?z)", "(?", "(?i", "(?-)", "\\", "\\x{110000}", "\\xZ", "(?P<n", "\\p{Greek", "[\\Q]\\E]", "(a{2}){501}",
    "\\8", "(?P<a-b>x)", "(?P<1>x)", "\\k<n>", "x{1,2}{3}", "[a-\\d]", "a{,3}", "a{01}", "\\p", "[\\p]",
    "(?P<é>x)", "(?P<a·b>x)", "(?P<٣>x)", "(?P<a\u{301}>x)", "(?P<a b>x)", "(?P<_>x)", "(?<a>x)(?<a>y)",
    "(?P<n>", "(?P", "(?P<", "\\x{}", "\\x{41", "\\x4", "[[:alpha:]", "[[:a]b:]", "\\p{^}", "\\pZ+",
    "a{1000}", "a{0,1000}b", "(a{2}){500}", "(?i)ǅ", "(?i)ß", "(?i)ẞ", "(?i)[k-l]", "(?i)\\W", "(?i)[^k]",
    "(?i)\\P{Lu}", "[^\\n]", "(?s:.)", "\\Q", "\\Q\\E", "\\E", "a\\Q\\\\E", "\\012\\0123",
  ]

  static let literals: [String] = [
    "a", "b", "c", "x", "A", "B", "0", "1", "_", "-", " ", "k", "K", "s", "S", "é", "É", "σ", "Σ", "ж", "漢", "\\.",
    "\\/", "/", "\\n", "\\t", "\\x41", "\\x{3A3}", "\\x{212A}", "\\101", "\\0", "\\-", "\\_", "\\*", "\\{", "{", "}",
    "]", ",", "ß", "\\Qa.b\\E", "\\Q*\\E", "!", "ſ", "\\f", "\\v",
  ]

  static let classes: [String] = [
    ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\pL", "\\pN", "\\PL", "\\p{Lu}", "\\p{Ll}", "\\p{Greek}",
    "\\p{Cyrillic}", "\\p{Latin}", "\\p{Han}", "\\p{^Lu}", "\\P{Greek}", "\\p{Any}", "\\pZ", "\\p{Zs}", "\\pP",
    "\\p{Katakana}",
  ]

  static let bracketItems: [String] = [
    "a", "b", "z", "A", "Z", "0", "9", "a-c", "x-z", "A-C", "0-5", "_", "-", "\\d", "\\w", "\\s", "\\W", "[:alpha:]",
    "[:digit:]", "[:^space:]", "[:upper:]", "[:lower:]", "[:punct:]", "[:word:]", "[:xdigit:]", "\\pL", "\\p{Greek}",
    "\\P{Lu}", "é", "σ-ω", "\\n", "\\x{41}-\\x{5A}", "k", "K", ".", "/", "\\]", "\\-", "^", "ж", "\\.",
  ]

  static let assertions: [String] = ["^", "$", "\\A", "\\z", "\\b", "\\B"]

  /// Empty and nullable pieces: where Pike VMs most often disagree on priorities and captures.
  static let tricky: [String] = [
    "()", "(|a)", "(a|)", "(a*)", "(?:)", "(\\b)", "(^)", "($)", "(a*)*", "(a|b)*", "(a?)+", "(|)", "(a*?)",
    "((a)|b)+", "(a*)+?", "(?:a*|b)*", "(\\B)*", "(?m:^)+", "(a|ab)(c|bcd)", "(a+|b+)*c",
  ]

  mutating func bracket() -> String {
    var result = "["
    if chance(30) { result += "^" }
    if chance(5) { result += "]" }
    for _ in 0..<(1 + int(3)) { result += pick(Self.bracketItems) }
    return result + "]"
  }

  mutating func atom(depth: Int) -> String {
    let roll = int(100)
    switch roll {
    case 0..<35: return pick(Self.literals)
    case 35..<50: return pick(Self.classes)
    case 50..<62: return bracket()
    case 62..<67: return pick(Self.assertions)
    case 67..<72: return pick(Self.tricky)
    default:
      if depth > 2 { return pick(Self.literals) }
      let inner = regex(depth: depth + 1)
      let groupRoll = int(100)
      switch groupRoll {
      case 0..<40: return "(\(inner))"
      case 40..<60: return "(?:\(inner))"
      case 60..<70: return "(?P<g\(int(3))>\(inner))"
      case 70..<75: return "(?<n\(int(3))>\(inner))"
      case 75..<90: return "(?\(pick(["i", "s", "m", "U", "i-s", "-i", "im", "sU"])):\(inner))"
      default: return "(?\(pick(["i", "m", "s", "U", "-i"])))\(inner)"
      }
    }
  }

  mutating func repetition() -> String {
    guard chance(30) else { return "" }
    var op = pick(["*", "+", "?", "{2}", "{0}", "{1,}", "{0,2}", "{2,3}", "{3,}", "{1,3}", "{0,1}"])
    if chance(25) { op += "?" }
    return op
  }

  mutating func regex(depth: Int) -> String {
    var branches: [String] = []
    let branchCount = chance(25) ? 2 + int(2) : 1
    for _ in 0..<branchCount {
      var branch = ""
      for _ in 0..<(int(4) + (depth == 0 ? 1 : 0)) { branch += atom(depth: depth) + repetition() }
      branches.append(branch)
    }
    return branches.joined(separator: "|")
  }
}

extension String {
  func randomElementDeterministic(_ generator: inout PatternGenerator) -> Character? {
    guard !isEmpty else { return nil }
    let offset = generator.int(count)
    return self[index(startIndex, offsetBy: offset)]
  }
}
