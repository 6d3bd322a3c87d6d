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
  static func orbit(of scalar: UInt32) -> [UInt32]? { orbitByScalar[scalar] }
}
