/// GitLab's wildcard paths for `include:local` (`search_files_by_wildcard_path`): `**` matches across
/// folders, `*` within one folder, everything else literally.
struct WildcardPath {
  private enum Token: Equatable {
    case literal(UInt8)
    case anyInFolder
    case anyAcrossFolders
  }

  private let tokens: [Token]

  init(_ pattern: String) {
    var tokens: [Token] = []
    let u = Array(pattern.utf8)
    var i = 0
    while i < u.count {
      if u[i] == 0x2A {
        if i + 1 < u.count, u[i + 1] == 0x2A {
          tokens.append(.anyAcrossFolders)
          i += 2
        } else {
          tokens.append(.anyInFolder)
          i += 1
        }
      } else {
        tokens.append(.literal(u[i]))
        i += 1
      }
    }
    self.tokens = tokens
  }

  /// The folder before the first wildcard (`ci/deploy` for `ci/deploy/*.yml`), to list only there.
  static func literalFolder(of pattern: String) -> String {
    guard let star = pattern.firstIndex(of: "*") else { return "" }
    let head = pattern[..<star]
    guard let slash = head.lastIndex(of: "/") else { return "" }
    return String(head[..<slash])
  }

  func matches(_ path: String) -> Bool {
    let s = Array(path.utf8)
    // Linear-time matching over (token, position) states.
    var states = Set([0])
    var expanded = closure(states, s, 0)
    for (position, byte) in s.enumerated() {
      var next = Set<Int>()
      for t in expanded where t < tokens.count {
        switch tokens[t] {
        case .literal(let b): if b == byte { next.insert(t + 1) }
        case .anyInFolder: if byte != 0x2F { next.insert(t) }
        case .anyAcrossFolders: next.insert(t)
        }
      }
      states = next
      expanded = closure(states, s, position + 1)
      if expanded.isEmpty { return false }
    }
    return expanded.contains(tokens.count)
  }

  /// Wildcards may also match nothing.
  private func closure(_ states: Set<Int>, _ s: [UInt8], _ position: Int) -> Set<Int> {
    var result = states
    var stack = Array(states)
    while let t = stack.popLast() {
      guard t < tokens.count else { continue }
      if tokens[t] != .anyInFolder && tokens[t] != .anyAcrossFolders { continue }
      if result.insert(t + 1).inserted { stack.append(t + 1) }
    }
    return result
  }
}
