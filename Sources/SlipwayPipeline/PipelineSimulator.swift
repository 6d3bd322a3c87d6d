import Dispatch
import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// Simulates pipeline creation for a context in GitLab's order (gitlab-semantics.md §1, §8):
/// compile with the context's include-visible variables → `workflow:rules` → each job's `rules` or
/// `only`/`except` → `parallel` expansion → `needs` seeding checks → stages.
///
/// ```swift
/// let simulator = PipelineSimulator(source: OfflineIncludeSource(root: ".", settings: settings))
/// let plan = simulator.simulate(try PipelineContext.parse(shorthand: "tag:v1.2.3"))
/// ```
public struct PipelineSimulator: Sendable {
  public var source: IncludeSource
  public var mainPath: String
  public var options: CompilerOptions
  /// Shared across `simulate` calls: contexts that include the same files compile once.
  public var cache: CompileCache

  /// `needs` limit per job on GitLab.com (`ci_max_needs`; gitlab-semantics.md §7.3).
  public static let maxNeeds = 50
  /// `.gitlab-ci.yml` default stages (gitlab-semantics.md §7.1).
  public static let defaultStages = [".pre", "build", "test", "deploy", ".post"]
  /// GitLab's messages (lib/gitlab/ci/pipeline/chain/*.rb).
  public static let filteredMessage = "Pipeline filtered out by workflow rules."
  public static let emptyMessage =
    "Pipeline will not run for the selected trigger. The rules configuration prevented any jobs from being added to the pipeline."

  public init(source: IncludeSource, mainPath: String = ".gitlab-ci.yml", options: CompilerOptions = .gitlab, cache: CompileCache = CompileCache()) {
    self.source = source
    self.mainPath = mainPath
    self.options = options
    self.cache = cache
  }

  /// The compile a context sees: its Pre-pipeline variables decide `include:rules` and include paths.
  public func compile(for context: PipelineContext) -> CompileResult { prepare(context).0 }

  func prepare(_ context: PipelineContext) -> (CompileResult, PreparedConfig?) {
    let compileContext = CompileContext(
      variables: PredefinedVariables.prePipeline(context),
      changedFiles: context.hasChangeSet ? context.changedFiles : nil, serverHost: context.project.serverHost)
    return cache.result(for: compileContext) {
      Compiler(source: source, context: compileContext, options: options).compile(path: mainPath)
    }
  }

  /// Plans the pipeline `context` would create. `traced` keeps every rule's trace and the variables
  /// each expression read in `decisions` (for `explain`; plans of many contexts skip it).
  public func simulate(_ context: PipelineContext, traced: Bool = false) -> PipelinePlan {
    let (result, prepared) = prepare(context)
    var plan = PipelinePlan(
      context: context.label, status: .error, name: nil, stages: [], jobs: [], diagnostics: result.diagnostics,
      decisions: [], workflowRules: [], workflowVariables: [],
      includes: result.includes.map { IncludeInfo(type: $0.type, location: $0.location, displayPath: $0.displayPath, includedAt: $0.includedAt) })
    guard let prepared else { return plan }
    let source = self.source
    let env = EvaluationEnvironment(context: context, traced: traced, sharedExists: cache.exists, source: source) { source.localFiles(under: "") }
    JobSeeder(prepared: prepared, context: context, env: env, simulator: self).seed(into: &plan)
    plan.diagnostics += env.diagnostics
    if env.diagnostics.contains(where: { $0.severity == .error }) { plan.status = .error }
    return plan
  }

  /// Plans one pipeline per context, sharing compiles. The first context's compile runs alone (it
  /// fills the compile cache); then every context is evaluated in parallel.
  public func simulate(_ contexts: [PipelineContext]) -> [PipelinePlan] {
    guard let first = contexts.first else { return [] }
    _ = prepare(first)
    return Concurrently.map(contexts.count) { index in simulate(contexts[index]) }
  }

  /// The child pipeline of a `trigger:include`, as `parent_pipeline`.
  func simulateChild(_ includes: ChildIncludes, parent: PipelineContext, variables: [(String, String)]) -> PipelinePlan {
    var child = parent
    child.source = .parentPipeline
    child.mergeRequest = nil
    child.label = parent.label + " › " + includes.labels.joined(separator: ", ")
    for (k, v) in variables { child.variables[k] = v }
    let bytes = Array(includes.section.utf8)
    let compileContext = CompileContext(
      variables: PredefinedVariables.prePipeline(child), changedFiles: nil, serverHost: child.project.serverHost)
    let result = Compiler(source: source, context: compileContext, options: options).compile(bytes: bytes, displayPath: "(child of \(parent.label))")
    var plan = PipelinePlan(
      context: child.label, status: .error, name: nil, stages: [], jobs: [], diagnostics: result.diagnostics,
      decisions: [], workflowRules: [], workflowVariables: [], includes: [])
    guard let root = result.merged, !result.hasErrors else { return plan }
    let source = self.source
    let env = EvaluationEnvironment(context: child, source: source) { source.localFiles(under: "") }
    JobSeeder(prepared: PreparedConfig(root: root), context: child, env: env, simulator: nil).seed(into: &plan)
    plan.diagnostics += env.diagnostics
    if env.diagnostics.contains(where: { $0.severity == .error }) { plan.status = .error }
    return plan
  }
}
