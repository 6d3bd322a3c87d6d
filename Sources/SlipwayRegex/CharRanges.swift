/// A set of Unicode code points stored as sorted, non-overlapping, non-adjacent closed ranges.
///
/// Classes are built once at compile time and then only queried, so the representation favours
/// lookup: a 128-bit ASCII bitmap answers most inputs without touching the range list.
struct CharRanges: Sendable, Equatable {
  /// Largest code point RE2 accepts (`\x{10FFFF}`).
  static let maxRune: UInt32 = 0x10FFFF

  private(set) var ranges: [ClosedRange<UInt32>] = []

  init() {}

  init(_ ranges: [ClosedRange<UInt32>]) {
    for range in ranges { add(range.lowerBound, range.upperBound) }
  }

  var isEmpty: Bool { ranges.isEmpty }

  var isFull: Bool { ranges.count == 1 && ranges[0].lowerBound == 0 && ranges[0].upperBound == Self.maxRune }

  /// Adds `lo...hi`, merging with neighbours so the list stays canonical.
  mutating func add(_ lo: UInt32, _ hi: UInt32) {
    guard lo <= hi else { return }
    var newLo = lo
    var newHi = hi
    var result: [ClosedRange<UInt32>] = []
    result.reserveCapacity(ranges.count + 1)
    var inserted = false
    for range in ranges {
      if range.upperBound &+ 1 < newLo {
        result.append(range)
      } else if newHi &+ 1 < range.lowerBound {
        if !inserted {
          result.append(newLo...newHi)
          inserted = true
        }
        result.append(range)
      } else {
        newLo = min(newLo, range.lowerBound)
        newHi = max(newHi, range.upperBound)
      }
    }
    if !inserted { result.append(newLo...newHi) }
    ranges = result
  }

  mutating func add(_ scalar: UInt32) { add(scalar, scalar) }

  mutating func add(_ other: CharRanges) {
    if ranges.isEmpty {
      ranges = other.ranges
      return
    }
    self = CharRanges(merging: ranges + other.ranges)
  }

  /// Canonicalises any list of ranges in O(n log n).
  init(merging input: [ClosedRange<UInt32>]) {
    let sorted = input.sorted { $0.lowerBound < $1.lowerBound }
    var result: [ClosedRange<UInt32>] = []
    result.reserveCapacity(sorted.count)
    for range in sorted {
      if let last = result.last, range.lowerBound <= last.upperBound &+ 1 {
        if range.upperBound > last.upperBound { result[result.count - 1] = last.lowerBound...range.upperBound }
      } else {
        result.append(range)
      }
    }
    ranges = result
  }

  /// The complement within `0...maxRune`.
  func negated() -> CharRanges {
    var result = CharRanges()
    var next: UInt32 = 0
    for range in ranges {
      if range.lowerBound > next { result.ranges.append(next...(range.lowerBound - 1)) }
      next = range.upperBound &+ 1
    }
    if next <= Self.maxRune && !(ranges.last?.upperBound == Self.maxRune) {
      result.ranges.append(next...Self.maxRune)
    }
    return result
  }

  func contains(_ scalar: UInt32) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let mid = (low + high) >> 1
      let range = ranges[mid]
      if scalar < range.lowerBound {
        high = mid - 1
      } else if scalar > range.upperBound {
        low = mid + 1
      } else {
        return true
      }
    }
    return false
  }

  /// Adds every code point that is case-fold equivalent to a member (RE2's `AddFoldedRange`).
  func caseFolded() -> CharRanges {
    var extra = ranges
    // A class of ASCII code points can only meet the orbits that have an ASCII member.
    let orbits = (ranges.last?.upperBound ?? 0) < 0x80 ? CaseFolding.asciiOrbits : CaseFolding.orbits
    for orbit in orbits where orbit.contains(where: contains) {
      for member in orbit { extra.append(member...member) }
    }
    return CharRanges(merging: extra)
  }

  /// Parses the generated table format: space-separated hex code points or `lo-hi` ranges.
  init(table: String) {
    for item in table.split(separator: " ") {
      if let dash = item.firstIndex(of: "-"),
        let lo = UInt32(item[item.startIndex..<dash], radix: 16),
        let hi = UInt32(item[item.index(after: dash)...], radix: 16)
      {
        ranges.append(lo...hi)
      } else if let single = UInt32(item, radix: 16) {
        ranges.append(single...single)
      }
    }
    // The generator emits sorted, disjoint ranges; re-canonicalise adjacent ones to be safe.
    self = CharRanges(merging: ranges)
  }
}

/// A compiled class: the ranges plus an ASCII bitmap for the common case.
struct CharMatcher: Sendable {
  let ranges: CharRanges
  private let asciiLow: UInt64
  private let asciiHigh: UInt64
  private let hasNonASCII: Bool

  init(_ ranges: CharRanges) {
    self.ranges = ranges
    var low: UInt64 = 0
    var high: UInt64 = 0
    for range in ranges.ranges where range.lowerBound < 128 {
      for scalar in range.lowerBound...min(range.upperBound, 127) {
        if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
      }
    }
    asciiLow = low
    asciiHigh = high
    hasNonASCII = ranges.ranges.last.map { $0.upperBound >= 128 } ?? false
  }

  @inline(__always)
  func matches(_ scalar: UInt32) -> Bool {
    if scalar < 64 { return asciiLow & (1 << UInt64(scalar)) != 0 }
    if scalar < 128 { return asciiHigh & (1 << UInt64(scalar - 64)) != 0 }
    return hasNonASCII && ranges.contains(scalar)
  }
}
