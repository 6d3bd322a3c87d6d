import Foundation

/// A lazily built DFA answering "is there a match anywhere?" — the question `=~` asks — in one
/// pass with no per-character thread bookkeeping, as RE2 does before it falls back to its NFA.
///
/// A state is the set of NFA instructions waiting to consume the next code point (plus what kind
/// of character came before, which `^`, `\b` and `(?m)^` need). Transitions are computed on first
/// use and cached, so a regex reused across many inputs soon runs from the cache alone. Priority
/// does not matter for a yes/no answer, so sets are unordered. When a pattern would need more
/// than `maxStates` states the DFA gives up and the caller uses the Pike VM (still linear).
final class LazyDFA: @unchecked Sendable {
  /// Bound on cached states (RE2 bounds its DFA by memory in the same spirit).
  static let maxStates = 10_000

  private enum Previous: UInt8 {
    case textStart, newline, word, other
  }

  private struct StateKey: Hashable {
    var kernel: [Int32]
    var previous: Previous
  }

  private struct State {
    var key: StateKey
    /// For code points < 128: `transition * 2 + accepts`, or -1 when not computed yet.
    var ascii: [Int32]
    var other: [UInt32: Int32]
    /// Whether a match ends at the end of the text from this state; nil until computed.
    var acceptsAtEnd: Bool?
  }

  private let program: RegexProgram
  private let anchored: Bool
  private let lock = NSLock()
  private var states: [State] = []
  private var index: [StateKey: Int32] = [:]
  private var exhausted = false

  init(program: RegexProgram) {
    self.program = program
    anchored = program.anchoredAtStart
  }

  /// `true`/`false` when the DFA could answer, `nil` when it ran out of states.
  func matches(_ input: [UInt32]) -> Bool? {
    lock.lock()
    defer { lock.unlock() }
    if exhausted { return nil }
    var state = stateID(StateKey(kernel: [program.start], previous: .textStart))
    for scalar in input {
      var packed: Int32
      if scalar < 128, states[Int(state)].ascii[Int(scalar)] >= 0 {
        packed = states[Int(state)].ascii[Int(scalar)]
      } else if scalar >= 128, let cached = states[Int(state)].other[scalar] {
        packed = cached
      } else {
        packed = computeTransition(from: state, on: scalar)
        if exhausted { return nil }
      }
      if packed & 1 == 1 { return true }
      state = packed >> 1
    }
    if let cached = states[Int(state)].acceptsAtEnd { return cached }
    let accepts = closure(states[Int(state)].key, next: nil).accepts
    states[Int(state)].acceptsAtEnd = accepts
    return accepts
  }

  private func stateID(_ key: StateKey) -> Int32 {
    if let id = index[key] { return id }
    if states.count >= Self.maxStates { exhausted = true }
    let id = Int32(states.count)
    states.append(State(key: key, ascii: Array(repeating: -1, count: 128), other: [:], acceptsAtEnd: nil))
    index[key] = id
    return id
  }

  private func computeTransition(from state: Int32, on scalar: UInt32) -> Int32 {
    let key = states[Int(state)].key
    let (consumers, accepts) = closure(key, next: scalar)
    var kernel: [Int32] = []
    if !accepts {
      for pc in consumers {
        let instruction = program.instructions[Int(pc)]
        let takes =
          instruction.op == .rune
          ? instruction.argument == scalar : program.classes[Int(instruction.argument)].matches(scalar)
        if takes { kernel.append(instruction.next) }
      }
      if !anchored { kernel.append(program.start) }
      kernel.sort()
      kernel = kernel.enumerated().filter { $0.offset == 0 || kernel[$0.offset - 1] != $0.element }.map(\.element)
    }
    let previous: Previous =
      scalar == 10 ? .newline : (PikeVM.isWordCharacter(scalar) ? .word : .other)
    let target = accepts ? 0 : stateID(StateKey(kernel: kernel, previous: previous))
    let packed = target << 1 | (accepts ? 1 : 0)
    if scalar < 128 {
      states[Int(state)].ascii[Int(scalar)] = packed
    } else {
      states[Int(state)].other[scalar] = packed
    }
    return packed
  }

  /// Follows epsilon edges from the kernel with the assertions evaluated between the previous
  /// character and `next` (nil at the end of the text).
  private func closure(_ key: StateKey, next: UInt32?) -> (consumers: [Int32], accepts: Bool) {
    var seen = Set<Int32>()
    var pending = key.kernel.reversed() as [Int32]
    var consumers: [Int32] = []
    let previousIsWord = key.previous == .word
    let nextIsWord = next.map(PikeVM.isWordCharacter) ?? false
    while let pc = pending.popLast() {
      guard pc >= 0, seen.insert(pc).inserted else { continue }
      let instruction = program.instructions[Int(pc)]
      switch instruction.op {
      case .jump, .save:
        pending.append(instruction.next)
      case .split:
        pending.append(instruction.alternative)
        pending.append(instruction.next)
      case .assert:
        let holds: Bool
        switch program.assertions[Int(instruction.argument)] {
        case .beginText: holds = key.previous == .textStart
        case .beginLine: holds = key.previous == .textStart || key.previous == .newline
        case .endText: holds = next == nil
        case .endLine: holds = next == nil || next == 10
        case .wordBoundary: holds = previousIsWord != nextIsWord
        case .nonWordBoundary: holds = previousIsWord == nextIsWord
        }
        if holds { pending.append(instruction.next) }
      case .match:
        return ([], true)
      case .rune, .charClass:
        consumers.append(pc)
      case .fail:
        break
      }
    }
    return (consumers, false)
  }
}
