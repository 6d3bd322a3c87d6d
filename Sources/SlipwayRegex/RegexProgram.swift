/// A compiled pattern: a Thompson NFA laid out as RE2's compiler lays it out (`re2/compile.cc`),
/// so that the Pike VM explores alternatives in the same priority order as RE2 and therefore
/// reports the same leftmost-first match and the same capture spans.
struct RegexProgram: Sendable {
  enum Op: UInt8, Sendable {
    /// Consume one code point equal to `argument`.
    case rune
    /// Consume one code point in `classes[argument]`.
    case charClass
    /// Try `next`, then `alternative` (lower priority).
    case split
    /// Go to `next` without consuming (RE2's Nop).
    case jump
    /// Record the position in capture slot `argument`.
    case save
    /// Continue only if the zero-width assertion `assertions[argument]` holds.
    case assert
    case match
    /// Never matches (an empty class, RE2's NoMatch).
    case fail
  }

  struct Instruction: Sendable {
    var op: Op
    var argument: UInt32 = 0
    var next: Int32 = -1
    var alternative: Int32 = -1
  }

  var instructions: [Instruction] = []
  var classes: [CharMatcher] = []
  var assertions: [EmptyAssertion] = []
  var start: Int32 = 0
  /// Capture groups, not counting the whole match.
  var captureCount = 0
  /// Set when every path from `start` must first pass `\A` / `^` (without `(?m)`): search then only
  /// needs to start at position 0.
  var anchoredAtStart = false
  /// Code points that can begin a match, when every path from `start` consumes one before any
  /// assertion or match; lets the search skip positions that cannot start a match.
  var firstCharacters: CharMatcher?
  /// Whether an empty match made only of `\B` can start inside a multi-byte character (see
  /// `PikeVM.matchInsideCharacter`).
  var matchesInsideCharacter = false
  /// The instruction lists the Pike VM runs (see `FlatProgram`).
  var flat = FlatProgram()
}

/// Turns a `RegexNode` into a `RegexProgram`, expanding counted repetition as RE2's simplifier does.
struct RegexCompiler {
  /// One unpatched exit of a fragment: instruction index and whether it is the `alternative` arm.
  private struct Hole {
    var index: Int32
    var isAlternative: Bool
  }

  private struct Fragment {
    var begin: Int32
    var holes: [Hole]
    var nullable: Bool

    /// RE2's NoMatch fragment (`begin == 0` there): it emits nothing and is absorbed by
    /// concatenation and alternation instead of leaving a dead branch in the graph, which would
    /// change where `FlatProgram` puts its roots.
    static let noMatch = Fragment(begin: -1, holes: [], nullable: false)
    var isNoMatch: Bool { begin < 0 }
  }

  /// Instructions allowed before compilation gives up, mirroring RE2's memory budget: RE2 gives a
  /// program 2/3 of `max_mem` (8 MiB) at 16 bytes per instruction, a quarter of that for the
  /// instruction array (`Compiler::Setup` in `re2/compile.cc`). RE2 counts UTF-8 byte-range
  /// instructions, so the limit here is approximate.
  static let maxInstructions = (8 << 20) * 2 / 3 / 4 / 16

  private var program = RegexProgram()

  static func compile(_ node: RegexNode, captureCount: Int) throws(RegexSyntaxError) -> RegexProgram {
    var compiler = RegexCompiler()
    compiler.program.captureCount = captureCount
    // Like RE2, no instructions for group 0: the VM records the start and the match position.
    let body = try compiler.compile(Self.simplify(Self.coalesce(node)))
    let match = Fragment(begin: compiler.emit(.init(op: .match)), holes: [], nullable: false)
    let whole = compiler.cat(body, match)
    // A pattern that can never match (RE2 keeps only its Fail instruction).
    compiler.program.start = whole.isNoMatch ? compiler.emit(.init(op: .fail)) : whole.begin
    compiler.skipJumps()
    compiler.analyzeStart()
    compiler.program.flat = FlatProgram(compiler.program)
    return compiler.program
  }

  private mutating func emit(_ instruction: RegexProgram.Instruction) -> Int32 {
    program.instructions.append(instruction)
    return Int32(program.instructions.count - 1)
  }

  private mutating func patch(_ holes: [Hole], to target: Int32) {
    for hole in holes {
      if hole.isAlternative {
        program.instructions[Int(hole.index)].alternative = target
      } else {
        program.instructions[Int(hole.index)].next = target
      }
    }
  }

  private mutating func single(_ instruction: RegexProgram.Instruction, nullable: Bool) -> Fragment {
    let index = emit(instruction)
    return Fragment(begin: index, holes: [Hole(index: index, isAlternative: false)], nullable: nullable)
  }

  /// RE2 allocates both capture instructions after the body (post-order), which fixes the
  /// instruction order `FlatProgram` relies on.
  private mutating func compileCapture(_ group: Int, _ node: RegexNode) throws(RegexSyntaxError) -> Fragment {
    let body = try compile(node)
    if body.isNoMatch { return .noMatch }
    let open = emit(.init(op: .save, argument: UInt32(2 * group), next: body.begin))
    let close = emit(.init(op: .save, argument: UInt32(2 * group + 1)))
    patch(body.holes, to: close)
    return Fragment(begin: open, holes: [Hole(index: close, isAlternative: false)], nullable: body.nullable)
  }

  private mutating func compile(_ node: RegexNode) throws(RegexSyntaxError) -> Fragment {
    if program.instructions.count > Self.maxInstructions {
      throw RegexSyntaxError(.patternTooLarge)
    }
    switch node {
    case .emptyMatch:
      return single(.init(op: .jump), nullable: true)
    case .noMatch:
      return .noMatch
    case .literal(let scalar):
      return single(.init(op: .rune, argument: scalar), nullable: false)
    case .charClass(let ranges):
      // RE2's simplifier turns an empty class into NoMatch.
      if ranges.isEmpty { return .noMatch }
      program.classes.append(CharMatcher(ranges))
      return single(.init(op: .charClass, argument: UInt32(program.classes.count - 1)), nullable: false)
    case .assertion(let assertion):
      program.assertions.append(assertion)
      return single(.init(op: .assert, argument: UInt32(program.assertions.count - 1)), nullable: true)
    case .capture(let index, _, let sub):
      return try compileCapture(index, sub)
    case .concat(let subs):
      var fragments: [Fragment] = []
      for sub in subs { fragments.append(try compile(sub)) }
      return concatenate(fragments)
    case .alternate(let subs):
      var fragments: [Fragment] = []
      for sub in subs { fragments.append(try compile(sub)) }
      return alternate(fragments)
    case .star(let sub, let flags):
      return star(try compile(sub), greedy: !flags.contains(.nonGreedy))
    case .plus(let sub, let flags):
      return plus(try compile(sub), greedy: !flags.contains(.nonGreedy))
    case .quest(let sub, let flags):
      return quest(try compile(sub), greedy: !flags.contains(.nonGreedy))
    case .repeat(let sub, let low, let high, let flags):
      // Normally gone after `simplify`.
      return try compile(Self.simplifyRepeat(Self.simplify(sub), low, high, flags))
    }
  }

  /// RE2's `CoalesceWalker`, which runs before simplification: in a concatenation a repeated
  /// literal or class absorbs the same atom, or a repetition of it, right after it (`a+a` becomes
  /// `a{2,}`, i.e. `aa+`; `a*a?` becomes `a{0,}`), and the slots left empty are dropped. The
  /// shape decides priorities in nested empty loops: `\b?(?:(?:bc*?)*|a+a)*` on "aa" is [0,2].
  /// (RE2 also compares the case-fold flag of literals such as `(?i)1`; this tree drops it.)
  static func coalesce(_ node: RegexNode) -> RegexNode {
    switch node {
    case .capture(let index, let name, let sub):
      return .capture(index: index, name: name, coalesce(sub))
    case .alternate(let subs):
      return .alternate(subs.map(coalesce))
    case .star(let sub, let flags):
      return .star(coalesce(sub), flags: flags)
    case .plus(let sub, let flags):
      return .plus(coalesce(sub), flags: flags)
    case .quest(let sub, let flags):
      return .quest(coalesce(sub), flags: flags)
    case .repeat(let sub, let low, let high, let flags):
      return .repeat(coalesce(sub), min: low, max: high, flags: flags)
    case .concat(let subs):
      var items = subs.map(coalesce)
      var merged = false
      for index in items.indices.dropLast() {
        if let combined = coalescePair(items[index], items[index + 1]) {
          items[index] = .emptyMatch
          items[index + 1] = combined
          merged = true
        }
      }
      guard merged else { return .concat(items) }
      items.removeAll { if case .emptyMatch = $0 { true } else { false } }
      // Even a single survivor stays a concatenation, as in RE2, so no squashing applies to it.
      return .concat(items)
    default:
      return node
    }
  }

  /// `r1 r2` as one repeat, when RE2's `CanCoalesce` allows it.
  private static func coalescePair(_ r1: RegexNode, _ r2: RegexNode) -> RegexNode? {
    let atom: RegexNode
    var low: Int
    var high: Int
    let flags: RegexFlags
    switch r1 {
    case .star(let sub, let f): (atom, low, high, flags) = (sub, 0, -1, f)
    case .plus(let sub, let f): (atom, low, high, flags) = (sub, 1, -1, f)
    case .quest(let sub, let f): (atom, low, high, flags) = (sub, 0, 1, f)
    case .repeat(let sub, let min, let max, let f): (atom, low, high, flags) = (sub, min, max, f)
    default: return nil
    }
    // RE2's parser turns a one-rune class into a literal (and `[Aa]` into a case-folded `a`), so
    // atoms compare by the set they match.
    func ranges(_ node: RegexNode) -> CharRanges? {
      switch node {
      case .literal(let scalar): return CharRanges([scalar...scalar])
      case .charClass(let set): return set
      default: return nil
      }
    }
    guard let atomSet = ranges(atom) else { return nil }
    func same(_ node: RegexNode) -> Bool { ranges(node) == atomSet }
    let greedy = !flags.contains(.nonGreedy)
    switch r2 {
    case .star(let sub, let f) where same(sub) && greedy == !f.contains(.nonGreedy):
      high = -1
    case .plus(let sub, let f) where same(sub) && greedy == !f.contains(.nonGreedy):
      low += 1
      high = -1
    case .quest(let sub, let f) where same(sub) && greedy == !f.contains(.nonGreedy):
      if high != -1 { high += 1 }
    case .repeat(let sub, let min, let max, let f) where same(sub) && greedy == !f.contains(.nonGreedy):
      low += min
      if max == -1 {
        high = -1
      } else if high != -1 {
        high += max
      }
    default:
      guard same(r2) else { return nil }
      low += 1
      if high != -1 { high += 1 }
    }
    return .repeat(atom, min: low, max: high, flags: flags)
  }

  /// RE2's `SimplifyWalker` for the parts that shape the program: counted repetition is expanded
  /// (`simplifyRepeat`), and an operator over the empty match is the empty match. Which form RE2
  /// compiles matters beyond the language: priorities inside nested empty loops depend on it.
  static func simplify(_ node: RegexNode) -> RegexNode {
    switch node {
    case .capture(let index, let name, let sub):
      return .capture(index: index, name: name, simplify(sub))
    case .concat(let subs):
      return .concat(subs.map(simplify))
    case .alternate(let subs):
      return .alternate(subs.map(simplify))
    case .star(let sub, let flags), .plus(let sub, let flags), .quest(let sub, let flags):
      let simple = simplify(sub)
      if case .emptyMatch = simple { return .emptyMatch }
      // `(?:x{0,})*` became `(?:x*)*`, which RE2 squashes to `x*` when the flags agree (the
      // parser already squashed the stacks it saw).
      switch (node, simple) {
      case (.star, .star(_, let f)) where f == flags: return simple
      case (.plus, .plus(_, let f)) where f == flags: return simple
      case (.quest, .quest(_, let f)) where f == flags: return simple
      case (.star, _): return .star(simple, flags: flags)
      case (.plus, _): return .plus(simple, flags: flags)
      default: return .quest(simple, flags: flags)
      }
    case .repeat(let sub, let low, let high, let flags):
      let simple = simplify(sub)
      if case .emptyMatch = simple { return .emptyMatch }
      return simplifyRepeat(simple, low, high, flags)
    default:
      return node
    }
  }

  /// RE2's `Regexp::Star/Plus/Quest`, which the simplifier builds repeats with: stacked operators
  /// with the same flags collapse, `(?:x*){1,}` into `x*` and `(?:x?){2,}` into `x?x*`.
  private static func squash(_ op: UnicodeScalar, _ sub: RegexNode, _ flags: RegexFlags) -> RegexNode {
    switch sub {
    case .star(_, let f) where f == flags:
      return sub
    case .plus(let inner, let f) where f == flags:
      return op == "+" ? sub : .star(inner, flags: f)
    case .quest(let inner, let f) where f == flags:
      return op == "?" ? sub : .star(inner, flags: f)
    default:
      switch op {
      case "*": return .star(sub, flags: flags)
      case "+": return .plus(sub, flags: flags)
      default: return .quest(sub, flags: flags)
      }
    }
  }

  /// RE2's `SimplifyRepeat`: `x{2,}` → `xx+`, `x{2,5}` → `xx(x(x(x)?)?)?`, `x{0}` → empty, and
  /// empty-width operands (`\b{2,}`, `(?:^$){3}`) repeat at most once.
  static func simplifyRepeat(_ sub: RegexNode, _ low: Int, _ high: Int, _ flags: RegexFlags) -> RegexNode {
    func isEmptyWidth(_ node: RegexNode) -> Bool {
      if case .assertion = node { return true }
      return false
    }
    var low = low
    var high = high
    switch sub {
    case .assertion:
      (low, high) = (min(low, 1), min(high, 1))
    case .concat(let subs), .alternate(let subs):
      if subs.allSatisfy(isEmptyWidth) { (low, high) = (min(low, 1), min(high, 1)) }
    default:
      break
    }
    if high == -1 {
      if low == 0 { return squash("*", sub, flags) }
      if low == 1 { return squash("+", sub, flags) }
      return .concat(Array(repeating: sub, count: low - 1) + [squash("+", sub, flags)])
    }
    if low == 0 && high == 0 { return .emptyMatch }
    if low == 1 && high == 1 { return sub }
    var prefix: RegexNode? = nil
    if low > 0 { prefix = low == 1 ? sub : .concat(Array(repeating: sub, count: low)) }
    guard high > low else { return prefix ?? .noMatch }
    // The optional copies nest from the inside out, as RE2 builds them.
    var suffix = squash("?", sub, flags)
    if high - low > 1 {
      for _ in (low + 1)..<high { suffix = squash("?", .concat([sub, suffix]), flags) }
    }
    guard let prefix else { return suffix }
    return .concat([prefix, suffix])
  }

  /// `ab`, as RE2's `Compiler::Cat`: NoMatch absorbs, and a leading bare jump (an empty match
  /// such as `x{0}` or `(?:)`) is dropped, so the pattern may start at `b` itself. Starting at a
  /// jump instead would hide a loop's entry from `FlatProgram`'s root marking (jumps are not
  /// predecessors there) and change priorities, e.g. `x{0}(?:a??)+` on "a" must give [0,0].
  private mutating func cat(_ a: Fragment, _ b: Fragment) -> Fragment {
    if a.isNoMatch || b.isNoMatch { return .noMatch }
    let first = program.instructions[Int(a.begin)]
    if first.op == .jump, first.next == -1, a.holes.count == 1, a.holes[0].index == a.begin,
      !a.holes[0].isAlternative
    {
      patch(a.holes, to: b.begin)
      return b
    }
    patch(a.holes, to: b.begin)
    return Fragment(begin: a.begin, holes: b.holes, nullable: a.nullable && b.nullable)
  }

  private mutating func concatenate(_ fragments: [Fragment]) -> Fragment {
    guard var result = fragments.first else { return single(.init(op: .jump), nullable: true) }
    for fragment in fragments.dropFirst() { result = cat(result, fragment) }
    return result
  }

  /// `a|b|c` as `Alt(Alt(a, b), c)`, as RE2 builds it: earlier branches have priority; a NoMatch
  /// branch disappears.
  private mutating func alternate(_ fragments: [Fragment]) -> Fragment {
    guard var result = fragments.first else { return single(.init(op: .jump), nullable: true) }
    for fragment in fragments.dropFirst() {
      if result.isNoMatch {
        result = fragment
        continue
      }
      if fragment.isNoMatch { continue }
      let split = emit(.init(op: .split, next: result.begin, alternative: fragment.begin))
      result = Fragment(
        begin: split, holes: result.holes + fragment.holes, nullable: result.nullable || fragment.nullable)
    }
    return result
  }

  /// A split whose preferred arm enters `body` (greedy) or leaves (non-greedy).
  private mutating func loopSplit(into body: Int32, greedy: Bool) -> (Int32, Hole) {
    if greedy {
      let split = emit(.init(op: .split, next: body, alternative: -1))
      return (split, Hole(index: split, isAlternative: true))
    }
    let split = emit(.init(op: .split, next: -1, alternative: body))
    return (split, Hole(index: split, isAlternative: false))
  }

  private mutating func quest(_ body: Fragment, greedy: Bool) -> Fragment {
    if body.isNoMatch { return single(.init(op: .jump), nullable: true) }
    let (split, exit) = loopSplit(into: body.begin, greedy: greedy)
    return Fragment(begin: split, holes: [exit] + body.holes, nullable: true)
  }

  private mutating func plus(_ body: Fragment, greedy: Bool) -> Fragment {
    if body.isNoMatch { return .noMatch }
    let (split, exit) = loopSplit(into: body.begin, greedy: greedy)
    patch(body.holes, to: split)
    return Fragment(begin: body.begin, holes: [exit], nullable: body.nullable)
  }

  /// RE2 turns `x*` with a nullable `x` into `(x+)?` so that priorities stay right.
  private mutating func star(_ body: Fragment, greedy: Bool) -> Fragment {
    if body.nullable { return quest(plus(body, greedy: greedy), greedy: greedy) }
    // RE2 keeps the loop split, its body arm pointing at the Fail instruction.
    if body.isNoMatch {
      let fail = emit(.init(op: .fail))
      let (split, exit) = loopSplit(into: fail, greedy: greedy)
      return Fragment(begin: split, holes: [exit], nullable: true)
    }
    let (split, exit) = loopSplit(into: body.begin, greedy: greedy)
    patch(body.holes, to: split)
    return Fragment(begin: split, holes: [exit], nullable: true)
  }

  /// RE2's `Prog::Optimize`: every reachable instruction's edges skip over jumps (the start itself
  /// stays). A jump left in the middle of the graph would hide the split it leads to from
  /// `FlatProgram`'s predecessor lists, e.g. in `b(?:)(?:a??)+`.
  private mutating func skipJumps() {
    func target(_ pc: Int32) -> Int32 {
      var pc = pc
      var steps = 0
      // The step bound only guards against a jump cycle, which the compiler never builds.
      while pc >= 0, program.instructions[Int(pc)].op == .jump, steps < program.instructions.count {
        pc = program.instructions[Int(pc)].next
        steps += 1
      }
      return pc
    }
    var seen = Set<Int32>()
    var pending = [program.start]
    while let pc = pending.popLast() {
      guard pc >= 0, seen.insert(pc).inserted else { continue }
      var instruction = program.instructions[Int(pc)]
      instruction.next = target(instruction.next)
      pending.append(instruction.next)
      if instruction.op == .split {
        instruction.alternative = target(instruction.alternative)
        pending.append(instruction.alternative)
      }
      program.instructions[Int(pc)] = instruction
    }
  }

  private func reachesMatchThroughNonWordBoundaryOnly() -> Bool {
    var seen = Set<Int32>()
    var pending = [program.start]
    while let pc = pending.popLast() {
      guard pc >= 0, seen.insert(pc).inserted else { continue }
      let instruction = program.instructions[Int(pc)]
      switch instruction.op {
      case .jump, .save: pending.append(instruction.next)
      case .split: pending.append(contentsOf: [instruction.next, instruction.alternative])
      case .assert:
        if program.assertions[Int(instruction.argument)] == .nonWordBoundary { pending.append(instruction.next) }
      case .match: return true
      default: break
      }
    }
    return false
  }

  /// Finds what every path from `start` meets first, for the search shortcuts.
  private mutating func analyzeStart() {
    var seen = Set<Int32>()
    var pending = [program.start]
    var firsts = CharRanges()
    var allAnchored = true
    var allConsume = true
    while let pc = pending.popLast() {
      guard pc >= 0, seen.insert(pc).inserted else { continue }
      let instruction = program.instructions[Int(pc)]
      switch instruction.op {
      case .jump, .save:
        pending.append(instruction.next)
      case .split:
        pending.append(instruction.next)
        pending.append(instruction.alternative)
      case .rune:
        firsts.add(instruction.argument)
        allAnchored = false
      case .charClass:
        firsts.add(program.classes[Int(instruction.argument)].ranges)
        allAnchored = false
      case .assert:
        if program.assertions[Int(instruction.argument)] != .beginText { allAnchored = false }
        allConsume = false
      case .match:
        allAnchored = false
        allConsume = false
      case .fail:
        break
      }
    }
    program.anchoredAtStart = allAnchored && !seen.isEmpty
    program.matchesInsideCharacter = reachesMatchThroughNonWordBoundaryOnly()
    program.firstCharacters = allConsume ? CharMatcher(firsts) : nil
  }
}
