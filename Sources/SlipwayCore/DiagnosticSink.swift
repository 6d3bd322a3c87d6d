/// Collects diagnostics as passes run. Libraries append; only the CLI renders them.
public struct DiagnosticSink: Sendable {
  public private(set) var diagnostics: [Diagnostic] = []

  public init() {}

  public mutating func emit(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  public mutating func emit(contentsOf more: some Sequence<Diagnostic>) { diagnostics.append(contentsOf: more) }

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  public func count(of severity: Severity) -> Int { diagnostics.count { $0.severity == severity } }

  /// Diagnostics in stable source order, duplicates removed.
  public var sorted: [Diagnostic] { Self.sortedUnique(diagnostics) }

  public static func sortedUnique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    Diagnostic.firstOccurrences(diagnostics.sorted())
  }
}

extension Diagnostic {
  /// The first of each set of equal diagnostics, in order (plans of many contexts and lints
  /// through shared templates repeat most of theirs). Cheap: `Diagnostic` hashes its code,
  /// location and message length, and compares whole diagnostics only when those collide.
  public static func firstOccurrences(_ diagnostics: some Sequence<Diagnostic>) -> [Diagnostic] {
    // Sized once: thousands of findings would otherwise rehash the set a dozen times.
    var seen = Set<Diagnostic>(minimumCapacity: diagnostics.underestimatedCount)
    return diagnostics.filter { seen.insert($0).inserted }
  }
}
