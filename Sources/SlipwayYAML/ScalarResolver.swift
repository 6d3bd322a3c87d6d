/// Types plain scalars exactly as Ruby's Psych `ScalarScanner#tokenize` does (psych 5, legacy integers),
/// because GitLab loads `.gitlab-ci.yml` with Psych: `on` is `true`, `1.10` is the float `1.1`,
/// `1,000` is `1000` and `2024-01-01` is a `Date` that `safe_load` refuses.
enum ScalarResolver {
  /// What a plain scalar resolves to, or the name of a Ruby class `safe_load` refuses to create.
  enum Resolution {
    case value(ScalarValue)
    case disallowedClass(String)
  }

  /// The bytes of a scalar, read in place (a copy into an array per scalar cost more than typing it).
  typealias Bytes = UnsafeBufferPointer<UInt8>

  static func resolvePlain(_ s: String) -> Resolution {
    if s.isEmpty { return .value(.null) }
    var text = s
    return text.withUTF8 { resolvePlain(s, $0) }
  }

  private static func resolvePlain(_ s: String, _ u: Bytes) -> Resolution {
    // Fast path: most scalars start with an ASCII letter and are longer than the longest word
    // Psych types (`false`), so they are strings without further checks.
    if (u[0] | 0x20) >= 0x61 && (u[0] | 0x20) <= 0x7A {
      if u.count > 5 { return .value(.string(s)) }
      return .value(wordValue(u) ?? .string(s))
    }
    // Psych: "Check for a String type, being careful not to get caught by hash keys, hex values,
    // and special floats".
    if looksLikeWord(s) || u.contains(0x0A) {
      return .value(wordValue(u) ?? .string(s))
    }
    if matchesTime(u) { return .disallowedClass("Time") }
    if matchesDate(u) { return .disallowedClass("Date") }
    if let special = specialFloat(u) { return .value(.float(special)) }
    if u.count >= 2, u[0] == UInt8(ascii: ":") { return .value(.symbol(symbolName(s))) }
    if let sexagesimal = sexagesimalValue(u) { return .value(sexagesimal) }
    if matchesFloat(u) {
      if u.count <= 2, u.last == UInt8(ascii: "."), u.count == 1 || u[0] == 0x2B || u[0] == 0x2D {
        return .value(.string(s))
      }
      return .value(.float(parseFloat(u)))
    }
    if let int = legacyInteger(u) { return .value(int) }
    return .value(.string(s))
  }

  // MARK: Strings and the null/bool words

  private static func isWordClass(_ c: Character) -> Bool {
    if c.isLetter || c == "_" || c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\u{0B}"
      || c == "\u{0C}"
    {
      return true
    }
    return "!@#$%^&*(){}<>|/\\~;=".contains(c)
  }

  private static let asciiWordClass: [Bool] = (0..<128).map { b in
    let c = UInt8(b)
    if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { return true }
    return c == 0x5F || c == 0x20 || (c >= 0x09 && c <= 0x0D) || Array("!@#$%^&*(){}<>|/\\~;=".utf8).contains(c)
  }

  /// `/^[^\d.:-]?[[:alpha:]_\s!@#$%\^&*(){}<>|\/\\~;=]+/`
  private static func looksLikeWord(_ s: String) -> Bool {
    let u = s.utf8
    var it = u.makeIterator()
    if let b0 = it.next(), b0 < 0x80 {
      if asciiWordClass[Int(b0)] { return true }
      if (b0 >= 0x30 && b0 <= 0x39) || b0 == 0x2E || b0 == 0x3A || b0 == 0x2D { return false }
      if let b1 = it.next(), b1 < 0x80 { return asciiWordClass[Int(b1)] }
    }
    return looksLikeWordSlow(s)
  }

  private static func looksLikeWordSlow(_ s: String) -> Bool {
    var it = s.makeIterator()
    guard let first = it.next() else { return false }
    if isWordClass(first) { return true }
    if first.isASCII, first.isNumber || first == "." || first == ":" || first == "-" { return false }
    guard let second = it.next() else { return false }
    return isWordClass(second)
  }

  private static func wordValue(_ u: Bytes) -> ScalarValue? {
    guard u.count <= 5 else { return nil }
    // The bytes, ASCII letters lowered, packed into one integer after a 1 (so that the length
    // counts): compared with the words without building a string.
    var packed: UInt64 = 1
    for byte in u { packed = packed << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
    switch packed {
    case nullWords.0, nullWords.1: return .null
    case trueWords.0, trueWords.1, trueWords.2: return .bool(true)
    case falseWords.0, falseWords.1, falseWords.2: return .bool(false)
    default: return nil
    }
  }

  private static func packed(_ word: String) -> UInt64 { word.utf8.reduce(1) { $0 << 8 | UInt64($1) } }
  private static let nullWords = (packed("~"), packed("null"))
  private static let trueWords = (packed("yes"), packed("true"), packed("on"))
  private static let falseWords = (packed("no"), packed("false"), packed("off"))

  private static func symbolName(_ s: String) -> String {
    let body = s.dropFirst()
    if let q = body.first, q == "\"" || q == "'", body.count >= 2,
      let close = body.dropFirst().firstIndex(of: q)
    {
      var inner = body[body.index(after: body.startIndex)..<close]
      if inner.first == ":" { inner = inner.dropFirst() }
      return String(inner)
    }
    return String(body)
  }

  // MARK: Numbers

  private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  private static func specialFloat(_ u: Bytes) -> Double? {
    // `.inf`, `+.inf`, `-.inf`, `.nan` in any case: 4 or 5 bytes with a dot.
    guard u.count == 4 || u.count == 5, u.contains(0x2E) else { return nil }
    let lower = String(decoding: u, as: UTF8.self).lowercased()
    switch lower {
    case ".inf", "+.inf": return .infinity
    case "-.inf": return -.infinity
    case ".nan": return .nan
    default: return nil
    }
  }

  /// `^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$`
  private static func matchesFloat(_ u: Bytes) -> Bool {
    var i = 0
    if i < u.count, u[i] == 0x2B || u[i] == 0x2D { i += 1 }
    if i < u.count, isDigit(u[i]) {
      i += 1
      while i < u.count, isDigit(u[i]) || u[i] == 0x5F || u[i] == 0x2C { i += 1 }
    }
    guard i < u.count, u[i] == 0x2E else { return false }
    i += 1
    while i < u.count, isDigit(u[i]) { i += 1 }
    if i < u.count, u[i] == 0x45 || u[i] == 0x65 {
      i += 1
      guard i < u.count, u[i] == 0x2B || u[i] == 0x2D else { return false }
      i += 1
      let start = i
      while i < u.count, isDigit(u[i]) { i += 1 }
      if i == start { return false }
    }
    return i == u.count
  }

  private static func parseFloat(_ u: Bytes) -> Double {
    var cleaned = u.filter { $0 != 0x2C && $0 != 0x5F }
    // Ruby's Float() rejects "1." and "1.e5"; Psych drops such a dot first.
    if let dot = cleaned.firstIndex(of: 0x2E), dot + 1 == cleaned.count || cleaned[dot + 1] == 0x45
      || cleaned[dot + 1] == 0x65
    {
      cleaned.remove(at: dot)
    }
    if cleaned.first == 0x2E || (cleaned.count > 1 && cleaned[1] == 0x2E && !isDigit(cleaned[0])) {
      let signless = cleaned.first == 0x2E ? 0 : 1
      cleaned.insert(0x30, at: signless)
    }
    return Double(String(decoding: cleaned, as: UTF8.self)) ?? 0
  }

  /// Psych's INTEGER_LEGACY: binary, octal, decimal with `,`/`_` separators, hex.
  private static func legacyInteger(_ u: Bytes) -> ScalarValue? {
    var i = 0
    var negative = false
    if i < u.count, u[i] == 0x2B || u[i] == 0x2D {
      negative = u[i] == 0x2D
      i += 1
    }
    // Every legacy integer starts with a digit: other scalars stop before the copy below.
    guard i < u.count, isDigit(u[i]) else { return nil }
    let body = Array(u[i...])
    guard let first = body.first else { return nil }
    func digits(from start: Int, radix: Int, allowed: (UInt8) -> Bool) -> ScalarValue? {
      guard start < body.count, body[start...].allSatisfy({ allowed($0) || $0 == 0x5F || $0 == 0x2C }) else {
        return nil
      }
      let clean = body[start...].filter { $0 != 0x5F && $0 != 0x2C }
      let text = String(decoding: clean, as: UTF8.self)
      if clean.isEmpty { return .int(0) }
      guard let magnitude = Int(text, radix: radix) else {
        return .string(String(decoding: u, as: UTF8.self))
      }
      return .int(negative ? -magnitude : magnitude)
    }
    if first == 0x30, body.count > 1 {
      switch body[1] {
      case 0x62: return digits(from: 2, radix: 2) { $0 == 0x30 || $0 == 0x31 }
      case 0x78:
        return digits(from: 2, radix: 16) { isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
      default: return digits(from: 1, radix: 8) { $0 >= 0x30 && $0 <= 0x37 }
      }
    }
    if first == 0x30 { return .int(0) }
    guard isDigit(first) else { return nil }
    // [1-9](?:[0-9]|,[0-9]|_[0-9])*
    var j = 1
    while j < body.count {
      if isDigit(body[j]) {
        j += 1
      } else if body[j] == 0x2C || body[j] == 0x5F, j + 1 < body.count, isDigit(body[j + 1]) {
        j += 2
      } else {
        return nil
      }
    }
    return digits(from: 0, radix: 10, allowed: isDigit)
  }

  /// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}(\.[0-9_]*)?$`, valued as Psych does (`60 ** (e - 2).abs`).
  private static func sexagesimalValue(_ u: Bytes) -> ScalarValue? {
    guard u.contains(0x3A) else { return nil }
    let text = String(decoding: u, as: UTF8.self)
    var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 2 || parts.count == 3 else { return nil }
    var fraction: String?
    if let dot = parts[parts.count - 1].firstIndex(of: ".") {
      let last = parts[parts.count - 1]
      fraction = String(last[dot...])
      parts[parts.count - 1] = String(last[..<dot])
      guard fraction?.dropFirst().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) == true else {
        return nil
      }
    }
    var head = Substring(parts[0])
    if head.first == "+" || head.first == "-" { head = head.dropFirst() }
    guard let h0 = head.first, h0.isASCII, h0.isNumber,
      head.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") })
    else { return nil }
    for part in parts.dropFirst() {
      let p = Array(part.utf8)
      guard p.count == 1 || p.count == 2, p.allSatisfy(isDigit) else { return nil }
      if p.count == 2, p[0] > 0x35 { return nil }
    }
    func rubyToI(_ s: String) -> Int {
      var sign = 1
      var digits = Substring(s)
      if digits.first == "-" { sign = -1 }
      if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
      return sign * (Int(digits.filter { $0 != "_" }) ?? 0)
    }
    if let fraction {
      var total = 0.0
      parts[parts.count - 1] += fraction
      for (e, n) in parts.enumerated() {
        let value = Double(n.filter { $0 != "_" }) ?? Double(rubyToI(n))
        total += value * pow60(abs(e - 2))
      }
      return .float(total)
    }
    var total = 0
    for (e, n) in parts.enumerated() { total += rubyToI(n) * Int(pow60(abs(e - 2))) }
    return .int(total)
  }

  private static func pow60(_ e: Int) -> Double {
    var r = 1.0
    for _ in 0..<e { r *= 60 }
    return r
  }

  // MARK: Dates and times (refused by safe_load)

  /// `^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$`
  private static func matchesDate(_ u: Bytes) -> Bool {
    // Four digits and a dash first, 8 to 10 bytes: anything else is not a date (checked before
    // splitting, which allocates).
    guard u.count >= 8, u.count <= 10, u[4] == 0x2D, isDigit(u[0]), isDigit(u[1]), isDigit(u[2]), isDigit(u[3]) else {
      return false
    }
    let parts = u.split(separator: 0x2D, omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ $0.allSatisfy(isDigit) }) else {
      return false
    }
    let month = Array(parts[1])
    let day = Array(parts[2])
    let monthOK =
      month.count == 1 || (month.count == 2 && (month[0] == 0x30 || (month[0] == 0x31 && month[1] <= 0x32)))
    let dayOK =
      day.count == 1
      || (day.count == 2 && (day[0] == 0x30 || day[0] == 0x31 || day[0] == 0x32 || (day[0] == 0x33 && day[1] <= 0x31)))
    return monthOK && dayOK
  }

  /// Psych's TIME pattern: `YYYY-M-D` then `T`/`t`/spaces, `H:MM:SS`, optional fraction and zone.
  private static func matchesTime(_ u: Bytes) -> Bool {
    guard u.count >= 14 else { return false }
    var i = 0
    if u[i] == 0x2D { i += 1 }
    func run(_ min: Int, _ max: Int) -> Bool {
      let start = i
      while i < u.count, isDigit(u[i]), i - start < max { i += 1 }
      return i - start >= min
    }
    func char(_ c: UInt8) -> Bool {
      guard i < u.count, u[i] == c else { return false }
      i += 1
      return true
    }
    guard run(4, 4), char(0x2D), run(1, 2), char(0x2D), run(1, 2) else { return false }
    if i < u.count, u[i] == 0x54 || u[i] == 0x74 {
      i += 1
    } else {
      let start = i
      while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 }
      if i == start { return false }
    }
    guard run(1, 2), char(0x3A), run(2, 2), char(0x3A), run(2, 2) else { return false }
    if char(0x2E) { _ = run(0, Int.max) }
    while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 }
    if i == u.count { return true }
    if char(0x5A) { return i == u.count }
    guard i < u.count, u[i] == 0x2B || u[i] == 0x2D else { return false }
    i += 1
    guard run(1, 2) else { return false }
    _ = char(0x3A)
    _ = run(0, 2)
    return i == u.count
  }
}

/// How Psych would type `text` written as a plain scalar; nil for dates and times `safe_load` refuses.
/// Emitters use it to decide whether a string can be written unquoted.
public func psychPlainValue(_ text: String) -> ScalarValue? {
  if case .value(let v) = ScalarResolver.resolvePlain(text) { return v }
  return nil
}
