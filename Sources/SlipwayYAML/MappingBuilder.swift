import SlipwayCore

/// Builds a mapping the way Psych's `revive_hash` builds a Ruby Hash: keys keep the position of their
/// first occurrence, a repeated key replaces the value (last wins), `<<: *a` merges over the keys
/// written before it, and `<<: [*a, *b]` gives the earlier entry priority.
struct MappingBuilder {
  /// Identity of a key after GitLab's `deep_symbolize_keys`: `foo`, `"foo"` and `:foo` are one key.
  enum KeyID: Hashable {
    case name(String)
    case other(String)
    case unique(Int)
  }

  private(set) var pairs: [YAMLPair] = []
  private var ids: [KeyID] = []
  /// Whether each entry was written in this mapping (not merged in): only two written entries
  /// with the same key are a duplicate worth a warning.
  private var written: [Bool] = []
  private var index: [KeyID: Int]? = nil
  private static let indexThreshold = 12

  init(capacity: Int) {
    pairs.reserveCapacity(capacity)
    ids.reserveCapacity(capacity)
  }

  static func keyID(_ key: YAMLNode, uniqueSeed: Int) -> KeyID {
    guard case .scalar(let s) = key.content else { return .unique(uniqueSeed) }
    switch s.value {
    case .string(let v), .symbol(let v): return .name(v)
    case .null: return .other("null")
    case .bool(let b): return .other(b ? "true" : "false")
    case .int(let i): return .other("i\(i)")
    case .float(let f): return .other("f\(f)")
    }
  }

  /// True when `key` is a merge key: `<<` not explicitly tagged as a string (Psych checks the tag only).
  static func isMergeKey(_ key: YAMLNode) -> Bool {
    guard case .scalar(let s) = key.content, s.text.utf8.count == 2, s.text == "<<" else { return false }
    return key.tag != "tag:yaml.org,2002:str" && key.tag != "!!str"
  }

  private func position(of id: KeyID) -> Int? {
    if let index { return index[id] }
    return ids.firstIndex(of: id)
  }

  /// Sets `key` to `value`; returns the key it replaced when both were written in this mapping.
  @discardableResult
  mutating func set(_ key: YAMLNode, _ value: YAMLNode, id: KeyID, written isWritten: Bool = true) -> YAMLNode? {
    if let at = position(of: id) {
      let previous = pairs[at].key
      let duplicate = written[at] && isWritten
      pairs[at] = YAMLPair(key: key, value: value)
      written[at] = isWritten
      return duplicate ? previous : nil
    }
    pairs.append(YAMLPair(key: key, value: value))
    written.append(isWritten)
    ids.append(id)
    if index != nil {
      index?[id] = ids.count - 1
    } else if ids.count > Self.indexThreshold {
      var built: [KeyID: Int] = [:]
      built.reserveCapacity(ids.count * 2)
      for (i, existing) in ids.enumerated() { built[existing] = i }
      index = built
    }
    return nil
  }

  /// `hash.merge!(other)`.
  mutating func merge(_ other: [YAMLPair], seed: inout Int) {
    for pair in other {
      seed += 1
      set(pair.key, pair.value, id: Self.keyID(pair.key, uniqueSeed: seed), written: false)
    }
  }

  /// Applies one `<<` entry. Returns false when Psych would keep it as a literal `<<` key instead.
  mutating func applyMerge(_ value: YAMLNode, seed: inout Int) -> Bool {
    switch value.content {
    case .mapping(let other):
      merge(other, seed: &seed)
      return true
    case .sequence(let items):
      // Psych: `h = {}; val.reverse_each { |v| h.merge!(v) }; hash.merge!(h)`.
      var combined = MappingBuilder(capacity: 8)
      for item in items.reversed() {
        guard case .mapping(let other) = item.content else { return false }
        combined.merge(other, seed: &seed)
      }
      merge(combined.pairs, seed: &seed)
      return true
    case .scalar:
      return false
    }
  }
}
