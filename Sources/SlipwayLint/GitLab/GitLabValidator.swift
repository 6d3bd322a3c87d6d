import SlipwayConfig
import SlipwayCore
import SlipwayExpressions
import SlipwayYAML

/// GitLab's validation of a compiled configuration (its `merged_yaml`): every keyword, job typing,
/// stages, needs, dependencies, `on_stop` and warnings, with GitLab's wording and the location of the
/// value at fault. Reports every finding, not only the first.
public enum GitLabValidator {
  /// What to check.
  public struct Options: Sendable {
    /// Keyword structure only (the editor-schema fixtures): no job typing and no cross-job checks,
    /// but `include:` and `spec:` are checked structurally.
    public var structuralOnly: Bool
    public init(structuralOnly: Bool = false) { self.structuralOnly = structuralOnly }
  }

  /// Validates a merged root. `jobs` is `JobNormalizer.normalize(root)` when the caller has it already.
  public static func validate(
    _ root: YAMLNode, options: Options = Options(), normalized: (jobs: [NormalizedJob], diagnostics: [Diagnostic])? = nil
  ) -> [Diagnostic] {
    var checker = EntryChecker()
    // Templates repeat the same `rules:if` in thousands of jobs; parse each text once.
    let cache = ExpressionValidityCache()
    let expressionCheck: (String) -> Bool = { cache.isValid($0) }
    guard checker.expect(root, "root", "config", .hash) else { return checker.diagnostics }
    checker.root(root, expressionCheck: expressionCheck)
    if options.structuralOnly {
      if let include = root["include"] { checker.include(include, expressionCheck: expressionCheck) }
      if let spec = root["spec"] { checker.spec(spec) }
    }
    // Jobs as written (before defaults), so a default's error is reported once, at the default.
    for pair in root.mapping ?? [] {
      guard let name = pair.key.keyName ?? Optional(pair.key.rubyText) else { continue }
      if name.hasPrefix(".") {
        checker.hidden(name, pair.value, key: pair.key)
        continue
      }
      if options.structuralOnly && (name == "include" || name == "spec") { continue }
      if JobNormalizer.reservedNames.contains(name) { continue }
      if JobNormalizer.rootKeys.contains(name) && !JobNormalizer.isJobLike(pair.value) { continue }
      // Not a job: `JobNormalizer` reports the typing error (`config should implement the script:…`).
      if !options.structuralOnly && !JobNormalizer.isJobLike(pair.value) { continue }
      var job = JobValidator(checker: checker, expressionCheck: expressionCheck)
      job.validate(name: name, job: pair.value)
      checker = job.checker
    }
    var diagnostics = checker.diagnostics
    if !options.structuralOnly {
      let (jobs, typing) = normalized ?? JobNormalizer.normalize(root)
      diagnostics += typing
      var pipeline = PipelineValidator(root: root, jobs: jobs)
      pipeline.run(hasWorkflowRules: root["workflow"]?["rules"] != nil)
      diagnostics += pipeline.diagnostics
    }
    return diagnostics
  }
}

/// Memoised `Statement#valid?` for one validation run (not shared across threads).
final class ExpressionValidityCache {
  private var results: [String: Bool] = [:]

  func isValid(_ text: String) -> Bool {
    if let known = results[text] { return known }
    let valid = ExpressionStatement(text).isValid
    results[text] = valid
    return valid
  }
}
