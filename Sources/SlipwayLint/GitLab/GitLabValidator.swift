import Foundation
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
    let keywords = keywordDiagnostics(root, options: options)
    guard keywords.rootIsHash, !options.structuralOnly else { return keywords.diagnostics }
    let (jobs, typing) = normalized ?? JobNormalizer.normalize(root)
    return keywords.diagnostics + typing + pipelineDiagnostics(root, jobs: jobs)
  }

  /// Keyword checks of the root and of every job as written (before defaults, so a default's
  /// error is reported once, at the default). Jobs are checked in chunks on all cores; the
  /// diagnostics keep the document's order.
  static func keywordDiagnostics(_ root: YAMLNode, options: Options = Options()) -> (diagnostics: [Diagnostic], rootIsHash: Bool) {
    let (rootFindings, entries) = keywordRootDiagnostics(root, options: options)
    guard let entries else { return (rootFindings, false) }
    let findings = Concurrently.flatMapChunks(entries.count) { keywordEntryDiagnostics(entries, $0, options: options) }
    return (rootFindings + findings, true)
  }

  /// The root's own keywords; the top-level entries to check one by one, or nil when the root is
  /// not a hash (then nothing else is checked).
  static func keywordRootDiagnostics(_ root: YAMLNode, options: Options = Options()) -> ([Diagnostic], entries: [YAMLPair]?) {
    var checker = EntryChecker()
    guard checker.expect(root, "root", "config", .hash) else { return (checker.diagnostics, nil) }
    // Templates repeat the same `rules:if` in thousands of jobs; parse each text once.
    let cache = ExpressionValidityCache()
    let expressionCheck: (String) -> Bool = { cache.isValid($0) }
    checker.root(root, expressionCheck: expressionCheck)
    if options.structuralOnly {
      if let include = root["include"] { checker.include(include, expressionCheck: expressionCheck) }
      if let spec = root["spec"] { checker.spec(spec) }
    }
    return (checker.diagnostics, root.mapping ?? [])
  }

  /// Keyword checks of the top-level entries in `range` (hidden keys and jobs as written); one
  /// call per chunk, so chunks can run on different cores.
  static func keywordEntryDiagnostics(_ entries: [YAMLPair], _ range: Range<Int>, options: Options = Options()) -> [Diagnostic] {
    var checker = EntryChecker()
    let cache = ExpressionValidityCache()
    let expressionCheck: (String) -> Bool = { cache.isValid($0) }
    let memo = EntryMemo()
    for index in range {
      checkEntry(entries[index], options: options, expressionCheck: expressionCheck, memo: memo, into: &checker)
    }
    return checker.diagnostics
  }

  /// One top-level entry: a hidden key, a job, or nothing to check here.
  private static func checkEntry(
    _ pair: YAMLPair, options: Options, expressionCheck: @escaping (String) -> Bool, memo: EntryMemo,
    into checker: inout EntryChecker
  ) {
    guard let name = pair.key.keyName ?? Optional(pair.key.rubyText) else { return }
    if name.hasPrefix(".") {
      checker.hidden(name, pair.value, key: pair.key)
      return
    }
    if options.structuralOnly && (name == "include" || name == "spec") { return }
    if JobNormalizer.reservedNames.contains(name) { return }
    if JobNormalizer.rootKeys.contains(name) && !JobNormalizer.isJobLike(pair.value) { return }
    // Not a job: `JobNormalizer` reports the typing error (`config should implement the script:…`).
    if !options.structuralOnly && !JobNormalizer.isJobLike(pair.value) { return }
    var job = JobValidator(checker: EntryChecker(memo: memo), expressionCheck: expressionCheck)
    job.validate(name: name, job: pair.value)
    checker.diagnostics += job.checker.diagnostics
  }

  /// GitLab's checks across jobs (stages, needs, dependencies, cycles, `on_stop`, warnings).
  static func pipelineDiagnostics(_ root: YAMLNode, jobs: [NormalizedJob]) -> [Diagnostic] {
    var pipeline = PipelineValidator(root: root, jobs: jobs)
    pipeline.run(hasWorkflowRules: root["workflow"]?["rules"] != nil)
    return pipeline.diagnostics
  }
}

/// Memoised `Statement#valid?`. Each chunk of jobs has its own table (no lock on the common path);
/// a miss asks the process-wide table, since validity depends on the text alone and parsing an
/// expression costs far more than a lookup: without it every chunk parsed every distinct text.
final class ExpressionValidityCache {
  private static let shared = SharedExpressionValidity()
  private var results: [String: Bool] = [:]

  func isValid(_ text: String) -> Bool {
    if let known = results[text] { return known }
    let valid = Self.shared.isValid(text)
    results[text] = valid
    return valid
  }
}

/// The process-wide answers behind `ExpressionValidityCache`, bounded so that a long-running
/// process cannot grow it without limit.
private final class SharedExpressionValidity: @unchecked Sendable {
  private static let capacity = 50_000
  private let lock = NSLock()
  private var results: [String: Bool] = [:]

  func isValid(_ text: String) -> Bool {
    lock.lock()
    let known = results[text]
    lock.unlock()
    if let known { return known }
    // Parsed outside the lock: two chunks may parse the same text at once, with the same answer.
    let valid = ExpressionStatement(text).isValid
    lock.lock()
    if results.count >= Self.capacity { results.removeAll(keepingCapacity: true) }
    results[text] = valid
    lock.unlock()
    return valid
  }
}
