import Foundation
import SlipwayCore

/// Inline `# slipway: ignore[RULE-ID, …]` comments, on the finding's line or the line above.
/// Read from the raw bytes of each file (`CompileResult.sources`), so comments survive includes.
struct Suppressions {
  static let marker = "slipway: ignore["
  /// file → line → ignored ids (`*` ignores everything).
  private var byFile: [String: [Int: Set<String>]] = [:]

  init(sources: [String: [UInt8]]) {
    for (path, bytes) in sources {
      // Cheap pre-check on the bytes: most files have no suppression at all.
      // Anchored on the `[`: a YAML file has ten times more `s` bytes, each a `memcmp`.
      guard ByteSearch.contains(bytes, Self.marker, anchor: Self.marker.utf8.count - 1) else { continue }
      let text = String(decoding: bytes, as: UTF8.self)
      var lines: [Int: Set<String>] = [:]
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        guard let range = line.range(of: Self.marker) else { continue }
        let rest = line[range.upperBound...]
        guard let close = rest.firstIndex(of: "]") else { continue }
        let ids = rest[..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        lines[index + 1] = Set(ids.isEmpty ? ["*"] : ids)
      }
      byFile[path] = lines
    }
  }

  func isSuppressed(_ diagnostic: Diagnostic) -> Bool {
    guard let location = diagnostic.location, let lines = byFile[location.file] else { return false }
    for line in [location.line, location.line - 1] {
      if let ids = lines[line], ids.contains(diagnostic.code.rawValue) || ids.contains("*") { return true }
    }
    return false
  }
}
