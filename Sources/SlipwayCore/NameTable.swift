/// A fixed set of short names (a format's keywords) looked up by byte count and first byte before
/// one comparison: validators look up every key of every job, and hashing each key cost more than
/// the rest of the lookup.
///
/// ```swift
/// let table = NameTable(["script", "stage"])
/// table.index(of: "stage")  // 1
/// ```
public struct NameTable: Sendable {
  /// Per bucket (length below 32, first byte), the indices of the names that fall there.
  private let buckets: [[Int]]
  private let names: [String]

  public init(_ names: [String]) {
    var buckets = [[Int]](repeating: [], count: 32 * 256)
    for (index, name) in names.enumerated() where name.utf8.count < 32 {
      buckets[Self.bucket(name)].append(index)
    }
    self.buckets = buckets
    self.names = names
  }

  /// The position of `name` in the table's names, or nil.
  public func index(of name: String) -> Int? {
    let count = name.utf8.count
    guard count < 32 else { return nil }
    for index in buckets[Self.bucket(name)] where names[index] == name { return index }
    return nil
  }

  private static func bucket(_ name: String) -> Int { name.utf8.count << 8 | Int(name.utf8.first ?? 0) }
}
