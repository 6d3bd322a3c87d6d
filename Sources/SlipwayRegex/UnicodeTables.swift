/// Unicode data the parser needs: RE2's general categories, scripts and case-folding orbits.
///
/// The raw tables (`GeneratedUnicodeTables`) are measured from google-re2 itself by
/// `benchmarks/regex/gen-unicode-tables.py`, so `\p{Greek}` or `(?i)k` answer exactly as the RE2
/// GitLab runs (Unicode 15.1), rather than as the newer Unicode in Swift's own scalar properties.
enum UnicodeTables {
  /// `\p{Name}` lookups: general categories, scripts and `Any`. Parsed once, on first use.
  static let groups: [String: CharRanges] = {
    var result: [String: CharRanges] = [:]
    for (name, table) in GeneratedUnicodeTables.categories { result[name] = CharRanges(table: table) }
    for (name, table) in GeneratedUnicodeTables.scripts { result[name] = CharRanges(table: table) }
    result["Any"] = CharRanges([0...CharRanges.maxRune])
    return result
  }()

  static func group(named name: String) -> CharRanges? { groups[name] }
}

/// RE2's simple case folding, as orbits of code points that `(?i)` treats as equal.
enum CaseFolding {
  static let orbits: [[UInt32]] = GeneratedUnicodeTables.foldOrbits
    .split(whereSeparator: { $0 == " " || $0 == "\n" })
    .map { entry in entry.split(separator: ",").compactMap { UInt32($0, radix: 16) } }
    .filter { $0.count > 1 }

  /// Orbit of each folding code point, for literals.
  static let orbitByScalar: [UInt32: [UInt32]] = {
    var result: [UInt32: [UInt32]] = [:]
    for orbit in orbits {
      for member in orbit { result[member] = orbit }
    }
    return result
  }()

  /// The code points equal to `scalar` ignoring case, itself included; `nil` when it has none.
  /// ASCII is answered without the table: parsing all 1,424 orbits costs more than compiling the
  /// `/…/i` pattern that asks.
  static func orbit(of scalar: UInt32) -> [UInt32]? { scalar < 0x80 ? asciiOrbit(scalar) : orbitByScalar[scalar] }

  /// The orbits with an ASCII member, in table order: each letter pair, with U+212A (Kelvin sign)
  /// beside K and U+017F (long s) beside S.
  static let asciiOrbits: [[UInt32]] = (UInt32(0x41)...0x5A).compactMap(asciiOrbit)

  static func asciiOrbit(_ scalar: UInt32) -> [UInt32]? {
    let upper: UInt32
    switch scalar {
    case 0x41...0x5A: upper = scalar
    case 0x61...0x7A: upper = scalar - 0x20
    default: return nil
    }
    switch upper {
    case 0x4B: return [0x4B, 0x6B, 0x212A]
    case 0x53: return [0x53, 0x73, 0x17F]
    default: return [upper, upper + 0x20]
    }
  }
}
