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
      guard ByteSearch.contains(bytes, Self.marker) else { continue }
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

/// Substring search in raw bytes, to skip files without decoding them.
enum ByteSearch {
  /// `text` contains `needle`, compared as UTF-8 without Foundation (hot paths run per script item).
  static func contains(_ text: String, _ needle: String) -> Bool {
    var text = text
    return text.withUTF8 { contains($0, needle) }
  }

  /// Whether `text` contains the ASCII byte `byte`, scanning its UTF-8 storage directly (the
  /// generic `utf8.contains` walks the view one index at a time).
  static func containsByte(_ text: String, _ byte: UInt8) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      for candidate in bytes where candidate == byte { return true }
      return false
    }
  }

  static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
    bytes.withUnsafeBufferPointer { contains($0, needle) }
  }

  static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, let base = bytes.baseAddress, bytes.count >= pattern.count else { return false }
    // libc's vectorised `memchr` finds each candidate first byte across megabytes of sources;
    // `memcmp` checks the rest.
    return pattern.withUnsafeBufferPointer { needleBytes in
      guard let needleBase = needleBytes.baseAddress else { return false }
      let end = base + bytes.count
      var cursor = base
      while end - cursor >= needleBytes.count {
        guard let found = memchr(cursor, Int32(needleBytes[0]), end - cursor - needleBytes.count + 1) else { return false }
        let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
        if memcmp(candidate, needleBase, needleBytes.count) == 0 { return true }
        cursor = candidate + 1
      }
      return false
    }
  }
}
