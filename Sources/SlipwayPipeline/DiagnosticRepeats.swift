import SlipwayCore

extension Diagnostic {
  /// The first of each set of equal diagnostics, in order: plans of many contexts repeat most
  /// of theirs. A `Set<Diagnostic>` would hash every message (hundreds of bytes, thousands of
  /// times); this hashes where a diagnostic points and its message's length, and compares the
  /// few diagnostics that share those.
  public static func firstOccurrences(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    struct Place: Hashable {
      let file: String?
      let line: Int
      let column: Int
      let messageLength: Int
    }
    var kept: [Place: [Int]] = [:]
    var out: [Diagnostic] = []
    out.reserveCapacity(diagnostics.count)
    for diagnostic in diagnostics {
      let place = Place(
        file: diagnostic.location?.file, line: diagnostic.location?.line ?? 0, column: diagnostic.location?.column ?? 0,
        messageLength: diagnostic.message.utf8.count)
      if let earlier = kept[place], earlier.contains(where: { out[$0] == diagnostic }) { continue }
      kept[place, default: []].append(out.count)
      out.append(diagnostic)
    }
    return out
  }
}
