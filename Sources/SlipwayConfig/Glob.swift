/// Ruby's `File.fnmatch?(pattern, path, FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB)`, which GitLab
/// uses for `rules:changes` and `rules:exists`: `*` and `?` stay within a folder, `**/` spans
/// folders, `[...]` classes, `{a,b}` alternatives, `\` escapes.
public struct Glob: Sendable {
  private let alternatives: [[UInt8]]

  public init(_ pattern: String) {
    alternatives = Self.expandBraces(Array(pattern.utf8))
  }

  public func matches(_ path: String) -> Bool {
    let s = Array(path.utf8)
    return alternatives.contains { Self.match($0, s) }
  }

  private static func expandBraces(_ p: [UInt8]) -> [[UInt8]] {
    guard let open = p.firstIndex(of: 0x7B) else { return [p] }
    var depth = 0
    var close: Int?
    var commas: [Int] = []
    for i in open..<p.count {
      if p[i] == 0x7B { depth += 1 }
      if p[i] == 0x7D {
        depth -= 1
        if depth == 0 {
          close = i
          break
        }
      }
      if p[i] == 0x2C && depth == 1 { commas.append(i) }
    }
    guard let close else { return [p] }
    var parts: [[UInt8]] = []
    var start = open + 1
    for c in commas + [close] {
      parts.append(Array(p[start..<c]))
      start = c + 1
    }
    let prefix = Array(p[..<open])
    let suffix = Array(p[(close + 1)...])
    return parts.flatMap { expandBraces(prefix + $0 + suffix) }
  }

  private static func match(_ p: [UInt8], _ s: [UInt8]) -> Bool {
    var memo = [Int: Bool]()
    func go(_ pi: Int, _ si: Int) -> Bool {
      let key = pi * (s.count + 1) + si
      if let known = memo[key] { return known }
      let result = step(pi, si)
      memo[key] = result
      return result
    }
    func step(_ pi: Int, _ si: Int) -> Bool {
      if pi == p.count { return si == s.count }
      let c = p[pi]
      if c == 0x2A {
        // `**/` matches zero or more whole folders.
        if pi + 2 < p.count + 0, pi + 1 < p.count, p[pi + 1] == 0x2A, pi + 2 < p.count, p[pi + 2] == 0x2F,
          pi == 0 || p[pi - 1] == 0x2F
        {
          if go(pi + 3, si) { return true }
          var i = si
          while i < s.count {
            if s[i] == 0x2F, go(pi + 3, i + 1) { return true }
            i += 1
          }
          return false
        }
        var i = si
        while true {
          if go(pi + 1, i) { return true }
          if i >= s.count || s[i] == 0x2F { return false }
          i += 1
        }
      }
      guard si < s.count else { return false }
      switch c {
      case 0x3F:
        return s[si] != 0x2F && go(pi + 1, si + 1)
      case 0x5B:
        guard let (matched, next) = matchClass(p, pi, s[si]) else {
          return s[si] == c && go(pi + 1, si + 1)
        }
        return matched && s[si] != 0x2F && go(next, si + 1)
      case 0x5C where pi + 1 < p.count:
        return s[si] == p[pi + 1] && go(pi + 2, si + 1)
      default:
        return s[si] == c && go(pi + 1, si + 1)
      }
    }
    return go(0, 0)
  }

  /// Matches one byte against the class starting at `pi`; returns (matched, index after `]`).
  private static func matchClass(_ p: [UInt8], _ pi: Int, _ b: UInt8) -> (Bool, Int)? {
    var i = pi + 1
    var negate = false
    if i < p.count, p[i] == 0x21 || p[i] == 0x5E {
      negate = true
      i += 1
    }
    var matched = false
    var first = true
    while i < p.count, p[i] != 0x5D || first {
      first = false
      var lo = p[i]
      if lo == 0x5C, i + 1 < p.count {
        i += 1
        lo = p[i]
      }
      if i + 2 < p.count, p[i + 1] == 0x2D, p[i + 2] != 0x5D {
        if lo <= b && b <= p[i + 2] { matched = true }
        i += 3
      } else {
        if lo == b { matched = true }
        i += 1
      }
    }
    guard i < p.count else { return nil }
    return (matched != negate, i + 1)
  }
}
