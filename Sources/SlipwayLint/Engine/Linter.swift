import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// The result of a lint: every finding (compile, GitLab validation, Slipway rules), sorted, with
/// suppressions and severity settings applied; and the variables each job needs from outside.
public struct LintReport: Sendable {
  public var diagnostics: [Diagnostic]
  /// Per job, variables that nothing in the configuration defines (for `--required-vars`).
  public var requiredVariables: [(job: String, variables: [String])]

  public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
  public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Runs GitLab's validation and the enabled Slipway rules over a compile result.
public struct Linter: Sendable {
  public var configuration: LintConfiguration
  public var rules: [any LintRule]
  public var processRunner: ProcessRunner?
  /// Whether to fill `LintReport.requiredVariables` (`slipway lint --required-vars`).
  public var collectRequiredVariables: Bool

  public init(
    configuration: LintConfiguration = LintConfiguration(), rules: [any LintRule] = RuleRegistry.all,
    processRunner: ProcessRunner? = nil, collectRequiredVariables: Bool = false
  ) {
    self.configuration = configuration
    self.rules = rules
    self.processRunner = processRunner
    self.collectRequiredVariables = collectRequiredVariables
  }

  public func lint(_ result: CompileResult) -> LintReport {
    var diagnostics = result.diagnostics
    var required: [(job: String, variables: [String])] = []
    if let root = result.merged {
      let normalized = JobNormalizer.normalize(root)
      diagnostics += GitLabValidator.validate(root, normalized: normalized)
      let context = LintContext(
        result: result, root: root, jobs: normalized.jobs, configuration: configuration, processRunner: processRunner)
      for rule in rules where configuration.isEnabled(rule.description) {
        let description = rule.description
        for finding in rule.check(context) {
          diagnostics.append(Diagnostic(
            DiagnosticCode(rawValue: description.id), description.defaultSeverity, finding.message, at: finding.location,
            notes: finding.notes, help: finding.help))
        }
      }
      if collectRequiredVariables { required = UndefinedVariableRule.requiredVariables(context) }
    }
    let suppressions = Suppressions(sources: result.sources)
    var kept: [Diagnostic] = []
    var seen: Set<Diagnostic> = []
    for var diagnostic in diagnostics where !suppressions.isSuppressed(diagnostic) {
      let id = diagnostic.code.rawValue
      guard let severity = configuration.severity(for: id, default: diagnostic.severity, file: diagnostic.location?.file) else {
        continue
      }
      diagnostic.severity = severity
      if seen.insert(diagnostic).inserted { kept.append(diagnostic) }
    }
    return LintReport(diagnostics: kept.sorted(), requiredVariables: required)
  }
}
