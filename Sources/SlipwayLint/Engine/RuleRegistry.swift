/// Every Slipway rule, in documentation order.
public enum RuleRegistry {
  public static let all: [any LintRule] = [
    UndefinedVariableRule(),
    RulesIfVariableFormRule(),
    JobWhenOutsideRulesRule(),
    UnpinnedImageRule(),
    NeedsOptionalRule(),
    DuplicateHiddenJobRule(),
    SecretEchoRule(),
    UnusedInputRule(),
    ShellCheckRule(),
  ]

  /// The rule with `id`, if any.
  public static func rule(_ id: String) -> (any LintRule)? {
    all.first { $0.description.id == id }
  }
}
