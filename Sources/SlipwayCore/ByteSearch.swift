import Foundation

/// Substring search in raw bytes, to skip files without decoding them.
public enum ByteSearch {
  /// `text` contains `needle`, compared as UTF-8 without Foundation (hot paths run per script item).
  public static func contains(_ text: String, _ needle: String) -> Bool {
    var text = text
    return text.withUTF8 { contains($0, needle) }
  }

  /// Whether `text` contains the ASCII byte `byte`, scanning its UTF-8 storage directly (the
  /// generic `utf8.contains` walks the view one index at a time).
  public static func containsByte(_ text: String, _ byte: UInt8) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      for candidate in bytes where candidate == byte { return true }
      return false
    }
  }

  /// `anchor`: the index of a rare byte of `needle` (the `x` of `expand_vars`), which `memchr`
  /// looks for; the default is the first byte.
  public static func contains(_ bytes: [UInt8], _ needle: String, anchor: Int = 0) -> Bool {
    bytes.withUnsafeBufferPointer { contains($0, needle, anchor: anchor) }
  }

  public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String, anchor: Int = 0) -> Bool {
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty, pattern.indices.contains(anchor), let base = bytes.baseAddress, bytes.count >= pattern.count
    else { return false }
    // libc's vectorised `memchr` finds each candidate byte across megabytes of sources; `memcmp`
    // checks the whole needle around it.
    return pattern.withUnsafeBufferPointer { needleBytes in
      guard let needleBase = needleBytes.baseAddress else { return false }
      let last = bytes.count - needleBytes.count  // the last possible start
      var start = 0
      while start <= last {
        guard let found = memchr(base + start + anchor, Int32(needleBytes[anchor]), last - start + 1) else { return false }
        let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - anchor
        if memcmp(candidate, needleBase, needleBytes.count) == 0 { return true }
        start = base.distance(to: candidate) + 1
      }
      return false
    }
  }
}
