/// Runs a `RegexProgram` over code points with a Pike VM: every NFA thread advances in lock step,
/// one code point at a time, so the time is O(pattern × input) whatever the pattern — RE2's
/// guarantee. Threads are kept in priority order and a thread that reaches `match` cuts off all
/// lower-priority ones, which gives RE2's leftmost-first answer (`re2/nfa.cc`).
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
  private let input: [UInt32]
  private let slotCount: Int
  private let instructionCount: Int

  // Two thread lists (current and next), each a dense list of consuming pcs plus their captures.
  private var currentPCs: [Int32]
  private var nextPCs: [Int32]
  private var currentCaptures: [Int]
  private var nextCaptures: [Int]
  private var currentCount = 0
  private var nextCount = 0
  /// Visited marks per instruction: `position + 1` of the closure that last reached it. Positions
  /// only grow, so a stamp never needs clearing.
  private var visited: [Int]
  private var scratch: [Int]
  /// Explicit DFS stack: pc >= 0 explores, pc < 0 restores capture slot `-pc - 1` to `value`.
  private var stack: [(pc: Int32, value: Int)] = []

  init(program: RegexProgram, input: [UInt32], captures: Bool) {
    self.program = program
    self.input = input
    self.instructionCount = program.instructions.count
    self.slotCount = captures ? 2 * (program.captureCount + 1) : 0
    currentPCs = Array(repeating: 0, count: instructionCount)
    nextPCs = Array(repeating: 0, count: instructionCount)
    currentCaptures = Array(repeating: -1, count: instructionCount * slotCount)
    nextCaptures = Array(repeating: -1, count: instructionCount * slotCount)
    visited = Array(repeating: 0, count: instructionCount)
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
        addThread(program.start, at: position, toNext: false)
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
      var index = 0
      stepping: while index < currentCount {
        let pc = Int(currentPCs[index])
        let instruction = program.instructions[pc]
        switch instruction.op {
        case .match:
          if mode == .full && position != count { break }
          if mode == .exists { return [] }
          let base = index * slotCount
          matched = Array(currentCaptures[base..<(base + slotCount)])
          // Lower-priority threads can only find worse matches.
          break stepping
        case .rune:
          if let scalar, scalar == instruction.argument { advance(index, to: instruction.next, at: position + 1) }
        case .charClass:
          if let scalar, program.classes[Int(instruction.argument)].matches(scalar) {
            advance(index, to: instruction.next, at: position + 1)
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
      swap(&currentPCs, &nextPCs)
      swap(&currentCaptures, &nextCaptures)
      currentCount = nextCount
      if position >= count { break }
      position += 1
    }
    return matched
  }

  /// Continues thread `index` of the current list into the next list.
  private mutating func advance(_ index: Int, to pc: Int32, at position: Int) {
    let base = index * slotCount
    for slot in 0..<slotCount { scratch[slot] = currentCaptures[base + slot] }
    addThread(pc, at: position, toNext: true)
  }

  /// Adds the epsilon closure of `pc` in priority order (depth first, `next` before `alternative`).
  private mutating func addThread(_ startPC: Int32, at position: Int, toNext: Bool) {
    stack.append((startPC, 0))
    while let (pc, value) = stack.popLast() {
      if pc < 0 {
        scratch[Int(-pc - 1)] = value
        continue
      }
      let index = Int(pc)
      if visited[index] == position + 1 { continue }
      visited[index] = position + 1
      let instruction = program.instructions[index]
      switch instruction.op {
      case .jump:
        stack.append((instruction.next, 0))
      case .split:
        stack.append((instruction.alternative, 0))
        stack.append((instruction.next, 0))
      case .save:
        let slot = Int(instruction.argument)
        if slot < slotCount {
          stack.append((Int32(-slot - 1), scratch[slot]))
          scratch[slot] = position
        }
        stack.append((instruction.next, 0))
      case .assert:
        if holds(program.assertions[Int(instruction.argument)], at: position) {
          stack.append((instruction.next, 0))
        }
      case .rune, .charClass, .match:
        if toNext {
          nextPCs[nextCount] = pc
          let base = nextCount * slotCount
          for slot in 0..<slotCount { nextCaptures[base + slot] = scratch[slot] }
          nextCount += 1
        } else {
          currentPCs[currentCount] = pc
          let base = currentCount * slotCount
          for slot in 0..<slotCount { currentCaptures[base + slot] = scratch[slot] }
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
  /// capture slots of that match, following epsilon edges in priority order.
  private mutating func matchInsideCharacter(reportedAt position: Int) -> [Int]? {
    var seen = Set<Int32>()
    for slot in 0..<slotCount { scratch[slot] = -1 }
    stack.removeAll(keepingCapacity: true)
    stack.append((program.start, 0))
    while let (pc, value) = stack.popLast() {
      if pc < 0 {
        scratch[Int(-pc - 1)] = value
        continue
      }
      guard seen.insert(pc).inserted else { continue }
      let instruction = program.instructions[Int(pc)]
      switch instruction.op {
      case .jump: stack.append((instruction.next, 0))
      case .split:
        stack.append((instruction.alternative, 0))
        stack.append((instruction.next, 0))
      case .save:
        let slot = Int(instruction.argument)
        if slot < slotCount {
          stack.append((Int32(-slot - 1), scratch[slot]))
          scratch[slot] = position
        }
        stack.append((instruction.next, 0))
      case .assert:
        if program.assertions[Int(instruction.argument)] == .nonWordBoundary { stack.append((instruction.next, 0)) }
      case .match:
        stack.removeAll(keepingCapacity: true)
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
