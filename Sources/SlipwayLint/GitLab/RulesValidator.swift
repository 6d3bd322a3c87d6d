import SlipwayYAML
import SlipwayCore

extension EntryChecker {
  /// `Entry::Rules::Rule` keys for jobs (`Entry::Processable`).
  static let jobRuleKeys: Set<String> = [
    "if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "interruptible",
  ]
  /// `Entry::Workflow` rule keys (`start_in`, `allow_failure` and `needs` are accepted and ignored;
  /// gitlab-org/gitlab#436473).
  static let workflowRuleKeys: Set<String> = [
    "if", "changes", "exists", "when", "variables", "auto_cancel", "start_in", "allow_failure", "needs",
  ]

  /// `Entry::Rules` and each `Entry::Rules::Rule`. The path is built only for a finding.
  mutating func rules(
    _ node: YAMLNode, _ path: @autoclosure () -> String, allowedWhen: [String], workflow: Bool,
    expressionCheck: (String) -> Bool
  ) {
    guard !node.isNull else { return }
    guard expect(node, path(), "config", .nestedHashes(GitLabLimits.maxNesting)) else { return }
    // Jobs share rules through `!reference` and templates: a job rule found clean is not re-checked.
    let memoizable = !workflow && allowedWhen == GitLabLimits.ruleWhen
    guard case .sequence(let items) = node.content else { return }
    for index in items.indices {
      if items[index].isSequence {
        // `!reference` items arrive as nested lists; their rules come in order.
        for rule in flattenRules(items[index]) {
          checkRule(rule, path(), allowedWhen: allowedWhen, workflow: workflow, memoizable: memoizable,
                    expressionCheck: expressionCheck)
        }
      } else {
        checkRule(items[index], path(), allowedWhen: allowedWhen, workflow: workflow, memoizable: memoizable,
                  expressionCheck: expressionCheck)
      }
    }
  }

  private mutating func checkRule(
    _ rule: YAMLNode, _ path: @autoclosure () -> String, allowedWhen: [String], workflow: Bool, memoizable: Bool,
    expressionCheck: (String) -> Bool
  ) {
    if memoizable {
      once(.jobRule, rule) {
        $0.rule(rule, path() + ":rule", allowedWhen: allowedWhen, workflow: workflow, expressionCheck: expressionCheck)
      }
    } else {
      self.rule(rule, path() + ":rule", allowedWhen: allowedWhen, workflow: workflow, expressionCheck: expressionCheck)
    }
  }

  /// The rules of nested lists (`!reference` items), in order; one array instead of one per level and item.
  private func flattenRules(_ node: YAMLNode) -> [YAMLNode] {
    var rules: [YAMLNode] = []
    func collect(_ list: YAMLNode) {
      for item in list.sequence ?? [] {
        if item.isSequence { collect(item) } else { rules.append(item) }
      }
    }
    collect(node)
    return rules
  }

  private mutating func rule(
    _ rule: YAMLNode, _ path: @autoclosure () -> String, allowedWhen: [String], workflow: Bool,
    expressionCheck: (String) -> Bool
  ) {
    // One pass over the rule's keys instead of a scan per keyword read.
    let keys = KeySlots(rule, RuleKey.table, allowed: workflow ? RuleKey.workflowMask : RuleKey.jobMask)
    if keys.hasUnknownKey { allowedKeys(rule, path(), workflow ? Self.workflowRuleKeys : Self.jobRuleKeys) }
    if let condition = keys[RuleKey.ifCondition], !condition.isNull {
      if !condition.isStringLike || !expressionCheck(condition.rubyText) {
        add(GitLabCode.expression, path(), "if", "invalid expression syntax", at: condition,
            help: "`rules:if` takes `$VARIABLE` comparisons joined with && and ||; see the rules-if-variable-form rule")
      }
    }
    let when = keys[RuleKey.when]
    oneOf(when, path(), "when", allowedWhen)
    let delayed = when?.rubyText == "delayed"
    if delayed {
      if let startIn = keys[RuleKey.startIn] {
        duration(startIn, path(), "start in", limit: GitLabLimits.maxStartInSeconds)
      } else {
        add(GitLabCode.missing, path(), "start in", "can't be blank", at: rule)
      }
    } else if !workflow, let startIn = keys.key(RuleKey.startIn) {
      add(GitLabCode.exclusiveKeys, path(), "config", "contains disallowed keys: start_in", at: startIn)
    }
    expect(keys[RuleKey.allowFailure], path(), "allow failure", .boolean)
    expect(keys[RuleKey.interruptible], path(), "interruptible", .boolean)
    if let changes = keys[RuleKey.changes] { ruleChanges(changes, path() + ":changes") }
    if let exists = keys[RuleKey.exists] { ruleExists(exists, path() + ":exists") }
    if let variables = keys[RuleKey.variables] { self.variables(variables, path() + ":variables") }
    if let needs = keys[RuleKey.needs] {
      for item in needs.sequence ?? [] where item.isMapping && (item["pipeline"] != nil || item["project"] != nil) {
        add(GitLabCode.invalidValue, path() + ":needs:need", "config", "is not a valid need type for rules", at: item)
      }
      self.needs(needs, path() + ":needs")
    }
    if let autoCancel = keys[RuleKey.autoCancel] { self.autoCancel(autoCancel, path() + ":auto_cancel") }
  }

  /// `Entry::Rules::Rule::Changes`: a list of paths or `paths:` plus `compare_to:`.
  private mutating func ruleChanges(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    if node.isMapping {
      allowedKeys(node, path(), ["paths", "compare_to"])
      if let paths = node["paths"] {
        if expect(paths, path(), "paths", .arrayOfStrings) { patternLimit(paths, path(), "paths") }
      } else {
        add(GitLabCode.missing, path(), "paths", "can't be blank", at: node)
      }
      expect(node["compare_to"], path(), "compare to", .string)
      return
    }
    if expect(node, path(), "config", .arrayOfStrings) { patternLimit(node, path(), "config") }
  }

  /// `Entry::Rules::Rule::Exists`: globs, or `paths:` with optional `project:` and `ref:`.
  private mutating func ruleExists(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    if node.isMapping {
      allowedKeys(node, path(), ["paths", "project", "ref"])
      if let paths = node["paths"] {
        if expect(paths, path(), "paths", .arrayOfStrings) { patternLimit(paths, path(), "paths") }
      } else {
        add(GitLabCode.missing, path(), "paths", "can't be blank", at: node)
      }
      expect(node["project"], path(), "project", .string)
      expect(node["ref"], path(), "ref", .string)
      if node["ref"] != nil && node["project"] == nil {
        add(GitLabCode.missing, path(), "project", "can't be blank", at: node)
      }
      return
    }
    if expect(node, path(), "config", .arrayOfStrings) { patternLimit(node, path(), "config") }
  }

  private mutating func patternLimit(_ node: YAMLNode, _ path: @autoclosure () -> String, _ attribute: String) {
    if (node.sequence?.count ?? 0) > GitLabLimits.maxRulePatterns {
      add(GitLabCode.limit, path(), attribute, "has too many entries (maximum \(GitLabLimits.maxRulePatterns))", at: node)
    }
  }

  /// `Entry::AutoCancel`.
  mutating func autoCancel(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["on_new_commit", "on_job_failure"])
    oneOf(node["on_new_commit"], path, "on new commit", GitLabLimits.autoCancelOnNewCommit,
          message: "config must be one of: \(GitLabLimits.autoCancelOnNewCommit.joined(separator: ", "))")
    oneOf(node["on_job_failure"], path, "on job failure", GitLabLimits.autoCancelOnJobFailure,
          message: "config must be one of: \(GitLabLimits.autoCancelOnJobFailure.joined(separator: ", "))")
  }
}

/// The keys of a job or workflow rule, as positions in one `NameTable` (see `KeySlots`).
enum RuleKey {
  static let names = [
    "if", "changes", "exists", "when", "start_in", "allow_failure", "variables", "needs", "interruptible", "auto_cancel",
  ]
  static let table = NameTable(names)
  static let jobMask = KeySlots.mask(table, EntryChecker.jobRuleKeys)
  static let workflowMask = KeySlots.mask(table, EntryChecker.workflowRuleKeys)

  static let ifCondition = 0, changes = 1, exists = 2, when = 3, startIn = 4, allowFailure = 5, variables = 6, needs = 7,
    interruptible = 8, autoCancel = 9
}
