import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// The result of a lint: every finding (compile, GitLab validation, Slipway rules), sorted, with
/// suppressions and severity settings applied; and the variables each job needs from outside.
public struct LintReport: Sendable {
  public var diagnostics: [Diagnostic]
  /// Per job, variables that nothing in the configuration defines (for `--required-vars`).
  public var requiredVariables: [(job: String, variables: [String])]

  /// The normalised jobs the rules read. Kept with the report so that a command that exits right
  /// after can leave them to the OS instead of freeing thousands of trees node by node.
  public let workingSet: (any Sendable)?

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
    var workingSet: LintContext?
    if let root = result.merged {
      let settings = configuration
      let enabled = rules.filter { settings.isEnabled($0.description) }
      // Jobs are normalised first (on every core); then one flat list of independent tasks shares
      // the cores: each enabled rule, GitLab's cross-job checks, and the keyword checks of the
      // jobs as written in chunks. Nested splits would run serially, so the list is flat, and the
      // findings keep a fixed order: keywords, job typing and cross-job checks, rules in order.
      let normalized = JobNormalizer.normalize(root)
      let context = LintContext(
        result: result, root: root, jobs: normalized.jobs, configuration: settings, processRunner: processRunner)
      let (rootKeywords, entries) = GitLabValidator.keywordRootDiagnostics(root)
      let keywordChunks = entries.map { Concurrently.chunks($0.count, minimumSize: 256) } ?? []
      let ruleTasks = enabled.count
      let pipelineTask = ruleTasks
      // Cores take tasks in list order: the long ones (cross-job checks, then rules that read
      // every job) go first, and the small keyword chunks even out the end.
      let started = [pipelineTask] + Array(0..<ruleTasks) + Array((pipelineTask + 1)..<(pipelineTask + 1 + keywordChunks.count))
      let finished = Concurrently.map(started.count) { position -> [Diagnostic] in
        let index = started[position]
        if index > pipelineTask {
          return GitLabValidator.keywordEntryDiagnostics(entries ?? [], keywordChunks[index - pipelineTask - 1])
        }
        if index == pipelineTask {
          // A root that is not a hash gets no job typing or cross-job checks (`GitLabValidator.validate`).
          return entries == nil ? [] : GitLabValidator.pipelineDiagnostics(root, jobs: normalized.jobs)
        }
        let description = enabled[index].description
        return enabled[index].check(context).map { finding in
          Diagnostic(
            DiagnosticCode(rawValue: description.id), description.defaultSeverity, finding.message,
            at: finding.location, notes: finding.notes, help: finding.help)
        }
      }
      var outputs = Array(repeating: [Diagnostic](), count: started.count)
      for (position, index) in started.enumerated() { outputs[index] = finished[position] }
      diagnostics += rootKeywords + outputs[(pipelineTask + 1)...].joined()
      if entries != nil { diagnostics += normalized.diagnostics + outputs[pipelineTask] }
      diagnostics += outputs[..<ruleTasks].joined()
      if collectRequiredVariables { required = UndefinedVariableRule.requiredVariables(context) }
      workingSet = context
    }
    let suppressions = Suppressions(sources: result.sources)
    let adjusted = diagnostics.compactMap { diagnostic -> Diagnostic? in
      guard !suppressions.isSuppressed(diagnostic),
        let severity = configuration.severity(
          for: diagnostic.code.rawValue, default: diagnostic.severity, file: diagnostic.location?.file)
      else { return nil }
      var adjusted = diagnostic
      adjusted.severity = severity
      return adjusted
    }
    let kept = Diagnostic.firstOccurrences(adjusted)
    return LintReport(diagnostics: kept.sorted(), requiredVariables: required, workingSet: workingSet)
  }
}
