/// The program as RE2's NFA actually runs it: "flattened" into one list of instructions per root
/// (`Prog::Flatten` in `re2/prog.cc`).
///
/// Why it matters: a thread's priority comes from the order in which the epsilon closure visits
/// instructions. RE2 does not walk its split graph directly; it first cuts the graph into lists
/// that start at "roots" (the start, every instruction after a consuming / capture / assertion
/// instruction, and "dominator" roots shared by several lists) and expands each list on its own.
/// Inside nested nullable loops such as `((?:a*|b)*)+` that gives a different (RE2's) priority
/// than a plain depth-first walk, so the Pike VM follows these lists to report RE2's spans.
struct FlatProgram: Sendable {
  enum Kind: UInt8, Sendable {
    case rune, charClass, save, assert, match, fail
    /// Continue with another root's list (RE2 emits a Nop here).
    case list
  }

  struct Entry: Sendable {
    var kind: Kind
    var argument: UInt32 = 0
    /// For `rune`, `charClass`, `save`, `assert`, `list`: the index of the list to continue with.
    var target: Int32 = -1
    /// Whether this is the last entry of its list.
    var last = false
  }

  var entries: [Entry] = []
  /// First entry of each list.
  var listStart: [Int32] = []
  /// List to start a new thread with.
  var startList: Int32 = 0

  init() {}

  init(_ program: RegexProgram) {
    let instructions = program.instructions
    let count = instructions.count
    var rootIndex = [Int32](repeating: -1, count: count)
    var roots: [Int32] = []
    func markRoot(_ pc: Int32) {
      guard pc >= 0, rootIndex[Int(pc)] < 0 else { return }
      rootIndex[Int(pc)] = Int32(roots.count)
      roots.append(pc)
    }
    markRoot(program.start)

    // Pass 1 (MarkSuccessors): after every non-epsilon instruction is a root; record which splits
    // lead to each instruction.
    var predecessors = [[Int32]](repeating: [], count: count)
    var reachable = [Bool](repeating: false, count: count)
    var stack: [Int32] = [program.start]
    while let top = stack.popLast() {
      var pc = top
      while pc >= 0, !reachable[Int(pc)] {
        reachable[Int(pc)] = true
        let instruction = instructions[Int(pc)]
        switch instruction.op {
        case .split:
          if instruction.next >= 0 { predecessors[Int(instruction.next)].append(pc) }
          if instruction.alternative >= 0 { predecessors[Int(instruction.alternative)].append(pc) }
          stack.append(instruction.alternative)
          pc = instruction.next
        case .rune, .charClass, .save, .assert:
          markRoot(instruction.next)
          pc = instruction.next
        case .jump:
          pc = instruction.next
        case .match, .fail:
          pc = -1
        }
      }
    }

    // Pass 2 (MarkDominator), highest instruction first: an instruction reachable from a root
    // (without crossing another root) but also entered from outside becomes a root itself.
    // Visit marks stamped with the current walk's number, so no set is rebuilt per root.
    var stamp = [Int](repeating: -1, count: count)
    var walk = 0
    func firstVisit(_ pc: Int32) -> Bool {
      if stamp[Int(pc)] == walk { return false }
      stamp[Int(pc)] = walk
      return true
    }
    for root in roots.sorted(by: >) where root != program.start {
      walk += 1
      var seen: [Int32] = []
      var pending: [Int32] = [root]
      while let top = pending.popLast() {
        var pc = top
        while pc >= 0, firstVisit(pc) {
          seen.append(pc)
          if pc != root && rootIndex[Int(pc)] >= 0 { break }
          let instruction = instructions[Int(pc)]
          switch instruction.op {
          case .split:
            pending.append(instruction.alternative)
            pc = instruction.next
          case .jump:
            pc = instruction.next
          default:
            pc = -1
          }
        }
      }
      for pc in seen where predecessors[Int(pc)].contains(where: { stamp[Int($0)] != walk }) {
        markRoot(pc)
      }
    }

    // Pass 3 (EmitList): one list per root, in depth-first order.
    var lists: [[Entry]] = []
    for root in roots {
      walk += 1
      var list: [Entry] = []
      var pending: [Int32] = [root]
      while let top = pending.popLast() {
        var pc = top
        while pc >= 0, firstVisit(pc) {
          if pc != root && rootIndex[Int(pc)] >= 0 {
            list.append(Entry(kind: .list, target: rootIndex[Int(pc)]))
            break
          }
          let instruction = instructions[Int(pc)]
          switch instruction.op {
          case .split:
            pending.append(instruction.alternative)
            pc = instruction.next
          case .jump:
            pc = instruction.next
          case .rune, .charClass, .save, .assert:
            let kind: Kind =
              switch instruction.op {
              case .rune: .rune
              case .charClass: .charClass
              case .save: .save
              default: .assert
              }
            list.append(Entry(kind: kind, argument: instruction.argument, target: rootIndex[Int(instruction.next)]))
            pc = -1
          case .match:
            list.append(Entry(kind: .match))
            pc = -1
          case .fail:
            pc = -1
          }
        }
      }
      if list.isEmpty { list.append(Entry(kind: .fail)) }
      list[list.count - 1].last = true
      lists.append(list)
    }
    for list in lists {
      listStart.append(Int32(entries.count))
      entries.append(contentsOf: list)
    }
    startList = rootIndex[Int(program.start)]
  }
}
