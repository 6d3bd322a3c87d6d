import SlipwayConfig
import SlipwayYAML

/// Untraced answers for plans: the same results as the traced `ConditionTrace` methods, read
/// from flat per-context caches so that evaluating 5,000 jobs builds no trace values.
extension EvaluationEnvironment {
  /// Sizes the flat caches for a prepared configuration's interned conditions and pattern lists.
  func prepareCaches(conditions: Int, patternLists: Int, existsAnswers: SharedFlags) {
    sharedExistsAnswers = existsAnswers
    contextTruthFlags = Array(repeating: 0, count: conditions)
    changesFlags = Array(repeating: 0, count: patternLists)
    existsFlags = Array(repeating: 0, count: patternLists)
  }

  /// `contextTruth(…).result`.
  func contextTruthValue(_ condition: PreparedCondition, _ rule: PreparedRule, _ scope: VariableScope) -> Bool {
    let id = condition.id
    guard id < contextTruthFlags.count else { return contextTruth(condition, rule.condition!, scope).result }
    let known = contextTruthFlags[id]
    if known != 0 { return known == 2 }
    let result = contextTruth(condition, rule.condition!, scope).result
    contextTruthFlags[id] = result ? 2 : 1
    return result
  }

  /// `truthful(…).result`, from the cache of answers by values read when possible.
  func isTrue(_ condition: PreparedCondition, _ rule: PreparedRule, _ scope: VariableScope) -> Bool {
    if let (result, _) = truthCache[TruthKey(condition, scope)] { return result }
    return truthful(condition, rule.condition!, scope).result
  }

  /// `changes(…).result` for a clause without variables (§8.4).
  func changesAnswer(_ list: PatternList) -> Bool {
    let changed: [String]
    if let ref = list.compareTo {
      guard let files = context.changedFilesAgainst(ref) ?? context.changedFiles else { return true }
      changed = files
    } else {
      guard context.hasChangeSet, let files = context.changedFiles else { return true }
      changed = files
    }
    let known = changesFlags[list.id]
    if known != 0 { return known == 2 }
    let result = changed.contains { file in list.patterns.indices.contains { list.matches($0, file) } }
    changesFlags[list.id] = result ? 2 : 1
    return result
  }

  /// `exists(…).result` for a clause without variables, cached by list id (across contexts when
  /// they all use the project's own files).
  func existsAnswer(_ list: PatternList, _ rule: PreparedRule, _ scope: VariableScope) -> Bool {
    let known = existsFlags[list.id]
    if known != 0 { return known == 2 }
    let shared = sharedExists != nil ? sharedExistsAnswers : nil
    let result = shared?[list.id] ?? exists(rule.exists!, scope).result
    if let shared { shared[list.id] = result }
    existsFlags[list.id] = result ? 2 : 1
    return result
  }
}
