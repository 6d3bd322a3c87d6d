import SlipwayYAML

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

  /// `Entry::Rules` and each `Entry::Rules::Rule`.
  mutating func rules(
    _ node: YAMLNode, _ path: String, allowedWhen: [String], workflow: Bool, expressionCheck: (String) -> Bool
  ) {
    guard !node.isNull else { return }
    guard expect(node, path, "config", .nestedHashes(GitLabLimits.maxNesting)) else { return }
    // Jobs share rules through `!reference` and templates: a job rule found clean is not re-checked.
    let memoizable = !workflow && allowedWhen == GitLabLimits.ruleWhen
    for rule in flattenRules(node) {
      if memoizable {
        once(.jobRule, rule) {
          $0.rule(rule, path + ":rule", allowedWhen: allowedWhen, workflow: workflow, expressionCheck: expressionCheck)
        }
      } else {
        self.rule(rule, path + ":rule", allowedWhen: allowedWhen, workflow: workflow, expressionCheck: expressionCheck)
      }
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
    _ rule: YAMLNode, _ path: String, allowedWhen: [String], workflow: Bool, expressionCheck: (String) -> Bool
  ) {
    allowedKeys(rule, path, workflow ? Self.workflowRuleKeys : Self.jobRuleKeys)
    if let condition = rule["if"], !condition.isNull {
      if !condition.isStringLike || !expressionCheck(condition.rubyText) {
        add(GitLabCode.expression, path, "if", "invalid expression syntax", at: condition,
            help: "`rules:if` takes `$VARIABLE` comparisons joined with && and ||; see the rules-if-variable-form rule")
      }
    }
    oneOf(rule["when"], path, "when", allowedWhen)
    let delayed = rule["when"]?.rubyText == "delayed"
    if delayed {
      if let startIn = rule["start_in"] {
        duration(startIn, path, "start in", limit: GitLabLimits.maxStartInSeconds)
      } else {
        add(GitLabCode.missing, path, "start in", "can't be blank", at: rule)
      }
    } else if !workflow, let startIn = rule.pair("start_in") {
      add(GitLabCode.exclusiveKeys, path, "config", "contains disallowed keys: start_in", at: startIn.key)
    }
    expect(rule["allow_failure"], path, "allow failure", .boolean)
    expect(rule["interruptible"], path, "interruptible", .boolean)
    if let changes = rule["changes"] { ruleChanges(changes, path + ":changes") }
    if let exists = rule["exists"] { ruleExists(exists, path + ":exists") }
    if let variables = rule["variables"] { self.variables(variables, path + ":variables") }
    if let needs = rule["needs"] {
      for item in needs.sequence ?? [] where item.isMapping && (item["pipeline"] != nil || item["project"] != nil) {
        add(GitLabCode.invalidValue, path + ":needs:need", "config", "is not a valid need type for rules", at: item)
      }
      self.needs(needs, path + ":needs")
    }
    if let autoCancel = rule["auto_cancel"] { self.autoCancel(autoCancel, path + ":auto_cancel") }
  }

  /// `Entry::Rules::Rule::Changes`: a list of paths or `paths:` plus `compare_to:`.
  private mutating func ruleChanges(_ node: YAMLNode, _ path: String) {
    if node.isMapping {
      allowedKeys(node, path, ["paths", "compare_to"])
      if let paths = node["paths"] {
        if expect(paths, path, "paths", .arrayOfStrings) { patternLimit(paths, path, "paths") }
      } else {
        add(GitLabCode.missing, path, "paths", "can't be blank", at: node)
      }
      expect(node["compare_to"], path, "compare to", .string)
      return
    }
    if expect(node, path, "config", .arrayOfStrings) { patternLimit(node, path, "config") }
  }

  /// `Entry::Rules::Rule::Exists`: globs, or `paths:` with optional `project:` and `ref:`.
  private mutating func ruleExists(_ node: YAMLNode, _ path: String) {
    if node.isMapping {
      allowedKeys(node, path, ["paths", "project", "ref"])
      if let paths = node["paths"] {
        if expect(paths, path, "paths", .arrayOfStrings) { patternLimit(paths, path, "paths") }
      } else {
        add(GitLabCode.missing, path, "paths", "can't be blank", at: node)
      }
      expect(node["project"], path, "project", .string)
      expect(node["ref"], path, "ref", .string)
      if node["ref"] != nil && node["project"] == nil {
        add(GitLabCode.missing, path, "project", "can't be blank", at: node)
      }
      return
    }
    if expect(node, path, "config", .arrayOfStrings) { patternLimit(node, path, "config") }
  }

  private mutating func patternLimit(_ node: YAMLNode, _ path: String, _ attribute: String) {
    if (node.sequence?.count ?? 0) > GitLabLimits.maxRulePatterns {
      add(GitLabCode.limit, path, attribute, "has too many entries (maximum \(GitLabLimits.maxRulePatterns))", at: node)
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
