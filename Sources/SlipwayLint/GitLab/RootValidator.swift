import SlipwayConfig
import SlipwayYAML

extension EntryChecker {
  /// Root keywords (`Entry::Root`): `stages`, `variables`, `workflow`, `default` and the deprecated
  /// global defaults. Returns nothing; jobs are validated separately.
  mutating func root(_ root: YAMLNode, expressionCheck: (String) -> Bool) {
    if let stages = root["stages"] {
      expect(stages, "stages", "config", .nestedStrings(GitLabLimits.maxNesting))
    }
    if let variables = root["variables"] { self.variables(variables, "variables", root: true) }
    if let workflow = root["workflow"], !JobNormalizer.isJobLike(workflow) { self.workflow(workflow, expressionCheck: expressionCheck) }
    if let defaults = root["default"], !JobNormalizer.isJobLike(defaults) { self.defaults(defaults, "default") }
    for key in JobNormalizer.globalDefaultKeys {
      guard let value = root[key] else { continue }
      defaultEntry(key, value, key)
    }
  }

  /// `Entry::Workflow`: `name`, `rules`, `auto_cancel`.
  mutating func workflow(_ node: YAMLNode, expressionCheck: (String) -> Bool) {
    guard expect(node, "workflow", "config", .hash) else { return }
    allowedKeys(node, "workflow", ["name", "rules", "auto_cancel"])
    expect(node["name"], "workflow", "name", .string)
    if let rules = node["rules"] {
      self.rules(rules, "workflow:rules", allowedWhen: GitLabLimits.workflowWhen, workflow: true, expressionCheck: expressionCheck)
    }
    if let autoCancel = node["auto_cancel"] { self.autoCancel(autoCancel, "workflow:auto_cancel") }
  }

  /// `Entry::Default`.
  mutating func defaults(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, Set(JobNormalizer.defaultKeys))
    for pair in node.mapping ?? [] {
      guard let key = pair.key.keyName else { continue }
      defaultEntry(key, pair.value, "\(path):\(key)")
    }
  }

  /// One `default:` (or deprecated global) keyword, validated like the job entry of the same name.
  private mutating func defaultEntry(_ key: String, _ value: YAMLNode, _ path: String) {
    switch key {
    case "image": image(value, path)
    case "services": services(value, path)
    case "cache": cache(value, path)
    case "artifacts": artifacts(value, path)
    case "retry": retry(value, path)
    case "hooks": hooks(value, path)
    case "id_tokens": idTokens(value, path)
    case "before_script", "after_script":
      expect(value, path, "config", .stringOrNestedStrings(GitLabLimits.maxNesting))
    case "tags": expect(value, path, "config", .arrayOfStrings)
    case "interruptible": expect(value, path, "config", .boolean)
    case "timeout": duration(value, path, "config", limit: GitLabLimits.maxTimeoutSeconds)
    default: break
    }
  }

  /// A hidden key (`Entry::Hidden`) must not be empty.
  mutating func hidden(_ name: String, _ value: YAMLNode, key: YAMLNode) {
    let empty = value.isNull || (value.mapping?.isEmpty ?? false) || (value.sequence?.isEmpty ?? false)
      || (value.isStringLike && value.rubyText.isEmpty)
    if empty {
      add(GitLabCode.emptyHidden, "jobs:\(name)", "config", "can't be blank", at: key)
    }
  }
}
