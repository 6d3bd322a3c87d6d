/// The first position of each key name in a mapping being built. A job or a variables block has a
/// few dozen keys at most, where comparing names beats hashing them; past `linearLimit` (a
/// generated or hostile mapping) the positions are hashed so the work stays linear.
///
/// Each name carries a `fingerprint` (byte count, first, middle and last byte) so a lookup compares
/// the strings of fingerprint matches only: variable names share prefixes, and comparing every
/// recorded name cost more than the rest of the merge.
struct KeyPositions: Sendable {
  static let linearLimit = 32

  private struct Entry: Sendable {
    var name: String?
    var fingerprint: UInt32
    var position: Int
  }

  private var entries: [Entry] = []
  private var hashed: [String?: Int]?
  /// One bit per recorded fingerprint (all bits once a Unicode name is recorded): most lookups
  /// are of names not recorded, and a clear bit answers them without a scan.
  private var filter: UInt64 = 0

  init(capacity: Int) {
    if capacity > 0 { entries.reserveCapacity(min(capacity, Self.linearLimit)) }
  }

  /// Names that can equal a differently spelled name: String equality is canonical equivalence,
  /// and some non-ASCII scalars are canonically equivalent to ASCII ones (U+212A and `K`), so a
  /// name with any non-ASCII byte is compared with every name.
  private static let unicodeName: UInt32 = 2

  /// Equal names have equal fingerprints, unless one is `unicodeName` (which matches anything).
  static func fingerprint(_ name: String?) -> UInt32 {
    guard let name else { return 0 }
    let fast = name.utf8.withContiguousStorageIfAvailable { bytes -> UInt32 in
      var nonASCII: UInt8 = 0
      for byte in bytes { nonASCII |= byte }
      if nonASCII >= 0x80 { return unicodeName }
      guard let first = bytes.first, let last = bytes.last else { return 1 }
      let middle = bytes[bytes.count / 2]
      return 1 | UInt32(truncatingIfNeeded: bytes.count & 0x3F) << 2 | UInt32(first) << 8 | UInt32(last) << 16
        | UInt32(middle) << 24
    }
    return fast ?? unicodeName
  }

  /// A Unicode name's bit is all bits, so it scans whenever anything is recorded.
  private static func filterBit(_ fingerprint: UInt32) -> UInt64 {
    fingerprint == unicodeName ? ~0 : 1 << UInt64((fingerprint &* 0x9E37_79B1) >> 26)
  }

  func position(of name: String?) -> Int? { position(of: name, fingerprint: Self.fingerprint(name)) }

  func position(of name: String?, fingerprint: UInt32) -> Int? {
    if let hashed { return hashed[name] }
    if filter & Self.filterBit(fingerprint) == 0 { return nil }
    if fingerprint == Self.unicodeName {
      for entry in entries where entry.name == name { return entry.position }
      return nil
    }
    for entry in entries where entry.fingerprint == fingerprint || entry.fingerprint == Self.unicodeName {
      if entry.name == name { return entry.position }
    }
    return nil
  }

  /// Records `name` at `position` unless it has a position already.
  mutating func record(_ name: String?, at position: Int) {
    let fingerprint = Self.fingerprint(name)
    guard self.position(of: name, fingerprint: fingerprint) == nil else { return }
    recordNew(name, fingerprint: fingerprint, at: position)
  }

  mutating func recordNew(_ name: String?, at position: Int) {
    recordNew(name, fingerprint: Self.fingerprint(name), at: position)
  }

  /// Records `name`, which `position(of:)` has just not found, at `position`.
  mutating func recordNew(_ name: String?, fingerprint: UInt32, at position: Int) {
    if hashed != nil {
      hashed![name] = position
      return
    }
    entries.append(Entry(name: name, fingerprint: fingerprint, position: position))
    filter |= Self.filterBit(fingerprint)
    if entries.count > Self.linearLimit {
      hashed = Dictionary(entries.map { ($0.name, $0.position) }, uniquingKeysWith: { first, _ in first })
      entries = []
    }
  }
}
