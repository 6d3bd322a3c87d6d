/// The first position of each key name in a mapping being built. A job or a variables block has a
/// few dozen keys at most, where comparing names beats hashing them; past `linearLimit` (a
/// generated or hostile mapping) the positions are hashed so the work stays linear.
struct KeyPositions {
  static let linearLimit = 32

  private var names: [String?] = []
  private var positions: [Int] = []
  private var hashed: [String?: Int]?

  init(capacity: Int) {
    names.reserveCapacity(min(capacity, Self.linearLimit))
    positions.reserveCapacity(min(capacity, Self.linearLimit))
  }

  func position(of name: String?) -> Int? {
    if let hashed { return hashed[name] }
    return names.firstIndex(of: name).map { positions[$0] }
  }

  /// Records `name` at `position` unless it has a position already.
  mutating func record(_ name: String?, at position: Int) {
    guard self.position(of: name) == nil else { return }
    recordNew(name, at: position)
  }

  /// Records `name`, which `position(of:)` has just not found, at `position`.
  mutating func recordNew(_ name: String?, at position: Int) {
    if hashed != nil {
      hashed![name] = position
      return
    }
    names.append(name)
    positions.append(position)
    if names.count > Self.linearLimit {
      hashed = Dictionary(uniqueKeysWithValues: zip(names, positions))
      names = []
      positions = []
    }
  }
}
