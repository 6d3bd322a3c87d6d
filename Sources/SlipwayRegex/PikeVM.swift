/// Runs a `RegexProgram` over code points with a Pike VM: every NFA thread advances in lock step,
/// one code point at a time, so the time is O(pattern × input) whatever the pattern — RE2's
/// guarantee. Threads are kept in priority order and a thread that reaches `match` cuts off all
/// lower-priority ones, which gives RE2's leftmost-first answer (`re2/nfa.cc`). It walks the
/// flattened instruction lists (`FlatProgram`), as RE2's NFA does.
struct PikeVM: ~Copyable {
  enum Mode {
    /// Any match at all: stops at the first thread that reaches `match`.
    case exists
    /// The leftmost-first match and its capture spans.
    case leftmostFirst
    /// A match covering the whole input (RE2's ANCHOR_BOTH).
    case full
  }

  private let program: RegexProgram
  private let flat: FlatProgram
  private let input: [UInt32]
  /// Capture slots per thread: 0/1 are the whole match, then two per group.
  private let slotCount: Int

  // Two thread lists (current and next): dense lists of consuming entries plus their captures.
  private var currentIDs: [Int32]
  private var nextIDs: [Int32]
  private var currentCaptures: [Int]
  private var nextCaptures: [Int]
  private var currentCount = 0
  private var nextCount = 0
  /// Visited marks per entry: `position + 1` of the closure that last reached it. Positions only
  /// grow, so a stamp never needs clearing.
  private var visited: [Int]
  private var scratch: [Int]
  /// Explicit DFS stack: id >= 0 explores an entry, id < 0 restores slot `-id - 1` to `value`.
  private var stack: [(id: Int32, value: Int)] = []

  init(program: RegexProgram, input: [UInt32], captures: Bool) {
    self.program = program
    self.flat = program.flat
    self.input = input
    slotCount = captures ? 2 * (program.captureCount + 1) : 0
    // Thread lists grow on demand: most programs keep only a handful of threads alive.
    currentIDs = []
    nextIDs = []
    currentCaptures = []
    nextCaptures = []
    visited = Array(repeating: 0, count: flat.entries.count)
    scratch = Array(repeating: -1, count: slotCount)
    stack.reserveCapacity(16)
  }

  /// The capture slots of the match (slot 0/1 = whole match), `[]` for `.exists`; nil if none.
  mutating func run(_ mode: Mode) -> [Int]? {
    let count = input.count
    let anchored = program.anchoredAtStart || mode == .full
    var matched: [Int]? = nil
    var position = 0
    while true {
      if matched == nil && (!anchored || position == 0) {
        if currentCount == 0, !anchored, let firsts = program.firstCharacters {
          while position < count && !firsts.matches(input[position]) { position += 1 }
          if position == count { break }
        }
        for slot in 0..<slotCount { scratch[slot] = -1 }
        if slotCount > 0 { scratch[0] = position }
        addThread(list: flat.startList, at: position, toNext: false)
      }
      if currentCount == 0 {
        if matched != nil || anchored || position >= count { break }
        if program.matchesInsideCharacter, input[position] >= 0x80,
          let slots = matchInsideCharacter(reportedAt: position + 1)
        {
          return mode == .exists ? [] : slots
        }
        position += 1
        continue
      }
      let scalar: UInt32? = position < count ? input[position] : nil
      nextCount = 0
      nextIDs.removeAll(keepingCapacity: true)
      nextCaptures.removeAll(keepingCapacity: true)
      var index = 0
      stepping: while index < currentCount {
        let entry = flat.entries[Int(currentIDs[index])]
        switch entry.kind {
        case .match:
          if mode == .full && position != count { break }
          if mode == .exists { return [] }
          let base = index * slotCount
          var slots = Array(currentCaptures[base..<(base + slotCount)])
          if slotCount > 0 { slots[1] = position }
          matched = slots
          // Lower-priority threads can only find worse matches.
          break stepping
        case .rune:
          if let scalar, scalar == entry.argument { advance(index, to: entry.target, at: position + 1) }
        case .charClass:
          if let scalar, program.classes[Int(entry.argument)].matches(scalar) {
            advance(index, to: entry.target, at: position + 1)
          }
        default:
          break
        }
        index += 1
      }
      if matched == nil, !anchored, program.matchesInsideCharacter, let scalar, scalar >= 0x80,
        let slots = matchInsideCharacter(reportedAt: position + 1)
      {
        if mode == .exists { return [] }
        matched = slots
      }
      swap(&currentIDs, &nextIDs)
      swap(&currentCaptures, &nextCaptures)
      currentCount = nextCount
      if position >= count { break }
      position += 1
    }
    return matched
  }

  /// Continues thread `index` of the current list into the next list.
  private mutating func advance(_ index: Int, to list: Int32, at position: Int) {
    let base = index * slotCount
    for slot in 0..<slotCount { scratch[slot] = currentCaptures[base + slot] }
    addThread(list: list, at: position, toNext: true)
  }

  /// Adds the epsilon closure of a list in priority order: entries in list order, each nested
  /// list (after a capture, an assertion or a `list` entry) expanded before the next entry.
  private mutating func addThread(list: Int32, at position: Int, toNext: Bool) {
    guard list >= 0 else { return }
    stack.append((flat.listStart[Int(list)], 0))
    while let (id, value) = stack.popLast() {
      if id < 0 {
        scratch[Int(-id - 1)] = value
        continue
      }
      let index = Int(id)
      if visited[index] == position + 1 { continue }
      visited[index] = position + 1
      let entry = flat.entries[index]
      if !entry.last { stack.append((id + 1, 0)) }
      switch entry.kind {
      case .list:
        stack.append((flat.listStart[Int(entry.target)], 0))
      case .save:
        let slot = Int(entry.argument)
        if slot < slotCount {
          stack.append((Int32(-slot - 1), scratch[slot]))
          scratch[slot] = position
        }
        if entry.target >= 0 { stack.append((flat.listStart[Int(entry.target)], 0)) }
      case .assert:
        if entry.target >= 0, holds(program.assertions[Int(entry.argument)], at: position) {
          stack.append((flat.listStart[Int(entry.target)], 0))
        }
      case .rune, .charClass, .match:
        if toNext {
          nextIDs.append(id)
          nextCaptures.append(contentsOf: scratch)
          nextCount += 1
        } else {
          currentIDs.append(id)
          currentCaptures.append(contentsOf: scratch)
          currentCount += 1
        }
      case .fail:
        break
      }
    }
  }

  /// RE2 searches byte by byte, so an unanchored search also starts between the UTF-8 bytes of a
  /// multi-byte character. There only `\B` holds and nothing can be consumed, so the only possible
  /// match is empty; RE2's code-point span then rounds up to the character's end. Returns the
  /// capture slots of that match, following the lists in priority order.
  private mutating func matchInsideCharacter(reportedAt position: Int) -> [Int]? {
    var seen = Set<Int32>()
    for slot in 0..<slotCount { scratch[slot] = -1 }
    if slotCount > 0 { scratch[0] = position }
    stack.removeAll(keepingCapacity: true)
    stack.append((flat.listStart[Int(flat.startList)], 0))
    while let (id, value) = stack.popLast() {
      if id < 0 {
        scratch[Int(-id - 1)] = value
        continue
      }
      guard seen.insert(id).inserted else { continue }
      let entry = flat.entries[Int(id)]
      if !entry.last { stack.append((id + 1, 0)) }
      switch entry.kind {
      case .list:
        stack.append((flat.listStart[Int(entry.target)], 0))
      case .save:
        let slot = Int(entry.argument)
        if slot < slotCount {
          stack.append((Int32(-slot - 1), scratch[slot]))
          scratch[slot] = position
        }
        if entry.target >= 0 { stack.append((flat.listStart[Int(entry.target)], 0)) }
      case .assert:
        if entry.target >= 0, program.assertions[Int(entry.argument)] == .nonWordBoundary {
          stack.append((flat.listStart[Int(entry.target)], 0))
        }
      case .match:
        stack.removeAll(keepingCapacity: true)
        if slotCount > 0 { scratch[1] = position }
        return Array(scratch)
      case .rune, .charClass, .fail:
        break
      }
    }
    return nil
  }

  private func holds(_ assertion: EmptyAssertion, at position: Int) -> Bool {
    switch assertion {
    case .beginText: return position == 0
    case .endText: return position == input.count
    case .beginLine: return position == 0 || input[position - 1] == 10
    case .endLine: return position == input.count || input[position] == 10
    case .wordBoundary, .nonWordBoundary:
      let before = position > 0 && Self.isWordCharacter(input[position - 1])
      let after = position < input.count && Self.isWordCharacter(input[position])
      return (before != after) == (assertion == .wordBoundary)
    }
  }

  /// RE2's `\b` is ASCII-only: `[0-9A-Za-z_]`.
  @inline(__always)
  static func isWordCharacter(_ scalar: UInt32) -> Bool {
    (scalar >= 48 && scalar <= 57) || (scalar >= 65 && scalar <= 90) || (scalar >= 97 && scalar <= 122)
      || scalar == 95
  }
}
