/// Repetition operators: `*`, `+`, `?`, `{n,m}`, RE2's merging of stacked operators and its
/// limit on nested counts.
extension RegexParser {
  mutating func applyRepeatOperator(
    _ op: Unicode.Scalar, text opText: String, nonGreedy: Bool
  ) throws(RegexSyntaxError) {
    guard case .node(let top)? = stack.last else {
      throw RegexSyntaxError(.repeatArgument, opText)
    }
    var opFlags = flags
    if nonGreedy { opFlags.formSymmetricDifference(.nonGreedy) }
    stack.removeLast()
    // RE2 squashes `(?:a*)*`, `(?:a+)?` and friends into a single `*` when the flags agree.
    switch top {
    case .star(_, let f) where op == "*" && f == opFlags,
      .plus(_, let f) where op == "+" && f == opFlags,
      .quest(_, let f) where op == "?" && f == opFlags:
      push(top)
      return
    case .star(let sub, let f) where f == opFlags,
      .plus(let sub, let f) where f == opFlags,
      .quest(let sub, let f) where f == opFlags:
      push(.star(sub, flags: f))
      return
    default:
      break
    }
    switch op {
    case "*": push(.star(top, flags: opFlags))
    case "+": push(.plus(top, flags: opFlags))
    default: push(.quest(top, flags: opFlags))
    }
  }

  mutating func applyCountedRepeat(
    _ low: Int, _ high: Int, text opText: String, nonGreedy: Bool
  ) throws(RegexSyntaxError) {
    if (high != -1 && high < low) || low > Self.maxRepeat || high > Self.maxRepeat {
      throw RegexSyntaxError(.repeatSize, opText)
    }
    guard case .node(let top)? = stack.last else {
      throw RegexSyntaxError(.repeatArgument, opText)
    }
    var opFlags = flags
    if nonGreedy { opFlags.formSymmetricDifference(.nonGreedy) }
    stack.removeLast()
    let node = RegexNode.repeat(top, min: low, max: high, flags: opFlags)
    // Nested counts multiply: RE2 rejects when the product passes 1000 (RepetitionWalker).
    if low >= 2 || high >= 2, Self.repetitionBudget(node, Self.maxRepeat) == 0 {
      throw RegexSyntaxError(.repeatSize, opText)
    }
    push(node)
  }

  private static func repetitionBudget(_ node: RegexNode, _ parent: Int) -> Int {
    var budget = parent
    var children: [RegexNode] = []
    switch node {
    case .repeat(let sub, let low, let high, _):
      let count = high < 0 ? low : high
      if count > 0 { budget /= count }
      children = [sub]
    case .capture(_, _, let sub), .star(let sub, _), .plus(let sub, _), .quest(let sub, _):
      children = [sub]
    case .concat(let subs), .alternate(let subs):
      children = subs
    default:
      break
    }
    var result = budget
    for child in children { result = min(result, repetitionBudget(child, budget)) }
    return result
  }

  /// `{n}`, `{n,}` or `{n,m}` at `position`; `nil` (and nothing consumed) when it is a literal `{`.
  mutating func parseRepeatCounts() -> (Int, Int)? {
    var index = position + 1
    guard let low = parseInteger(&index) else { return nil }
    var high = low
    guard index < pattern.count else { return nil }
    if pattern[index] == "," {
      index += 1
      guard index < pattern.count else { return nil }
      if pattern[index] == "}" {
        high = -1
      } else {
        guard let parsed = parseInteger(&index) else { return nil }
        high = parsed
      }
    }
    guard index < pattern.count, pattern[index] == "}" else { return nil }
    position = index + 1
    return (low, high)
  }

  /// Decimal digits without a leading zero; like RE2, gives up past nine digits.
  private func parseInteger(_ index: inout Int) -> Int? {
    func digit(_ i: Int) -> Int? {
      guard i < pattern.count, ("0"..."9").contains(pattern[i]) else { return nil }
      return Int(pattern[i].value) - 48
    }
    guard digit(index) != nil else { return nil }
    if pattern[index] == "0", digit(index + 1) != nil { return nil }
    var value = 0
    while let d = digit(index) {
      if value >= 100_000_000 { return nil }
      value = value * 10 + d
      index += 1
    }
    return value
  }
}
