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
    let source = self.source
    let exists = cache.exists
    return cache.result(
      for: compileContext,
      compile: { Compiler(source: source, context: compileContext, options: options).compile(path: mainPath) },
      alongside: { result in
        // `rules:exists` reads the project's files: listed while the jobs are prepared.
        guard result.sources.values.contains(where: { ByteSearch.contains($0, "exists") }) else { return }
        exists.preload { source.localFiles(under: "") }
      })
  }

  /// Plans the pipeline `context` would create. `traced` keeps every rule's trace and the variables
  /// each expression read in `decisions` (for `explain`; plans of many contexts skip it).
  public func simulate(_ context: PipelineContext, traced: Bool = false) -> PipelinePlan {
    plans([context], traced: traced, keepingDecisions: true)[0]
  }

  /// Plans one pipeline per context, sharing compiles. The first context's compile runs alone (it
  /// fills the compile cache); then the contexts are evaluated together (see `plans`).
  /// `keepingDecisions: false` leaves `PipelinePlan.decisions` empty (for callers that show only
  /// the jobs: building a decision for every instance of every context costs time and memory).
  public func simulate(_ contexts: [PipelineContext], keepingDecisions: Bool = true) -> [PipelinePlan] {
    plans(contexts, traced: false, keepingDecisions: keepingDecisions)
  }

  /// Compiles (through the cache), then decides jobs in runs of definitions: each run is decided
  /// for every context before the next (a job's prepared data is read once for all contexts),
  /// and runs go to different cores (no two cores touch one job).
  private func plans(_ contexts: [PipelineContext], traced: Bool, keepingDecisions: Bool) -> [PipelinePlan] {
    guard let first = contexts.first else { return [] }
    _ = prepare(first)
    let prepared = Concurrently.map(contexts.count) { index in prepare(contexts[index]) }
    let source = self.source
    let sharedExists = cache.exists
    @Sendable func environment(_ context: PipelineContext) -> EvaluationEnvironment {
      EvaluationEnvironment(context: context, traced: traced, sharedExists: sharedExists, source: source) { source.localFiles(under: "") }
    }
    var plans: [PipelinePlan] = []
    // Per context: the seeder of its first run (workflow, needs, stages) and what workflow left.
    var seeders: [JobSeeder?] = []
    var setups: [SeedSetup?] = []
    for (index, context) in contexts.enumerated() {
      let (result, config) = prepared[index]
      var plan = PipelinePlan(
        context: context.label, status: .error, name: nil, stages: [], jobs: [], diagnostics: result.diagnostics,
        decisions: [], workflowRules: [], workflowVariables: [],
        includes: result.includes.map { IncludeInfo(type: $0.type, location: $0.location, displayPath: $0.displayPath, includedAt: $0.includedAt) })
      let seeder = config.map { JobSeeder(prepared: $0, context: context, env: environment(context), simulator: self) }
      setups.append(seeder.flatMap { $0.begin(into: &plan) })
      seeders.append(seeder)
      plans.append(plan)
    }
    // Runs of jobs per prepared configuration (contexts usually share one), each with the
    // contexts it serves.
    struct Run: Sendable {
      let config: PreparedConfig
      let jobs: Range<Int>
      let contexts: [Int]
    }
    var runs: [Run] = []
    var grouped: [ObjectIdentifier: [Int]] = [:]
    var order: [PreparedConfig] = []
    for index in contexts.indices where setups[index] != nil {
      guard let config = seeders[index]?.prepared else { continue }
      if grouped[ObjectIdentifier(config)] == nil { order.append(config) }
      grouped[ObjectIdentifier(config), default: []].append(index)
    }
    for config in order {
      for range in Concurrently.chunks(config.jobs.count, minimumSize: 256) {
        runs.append(Run(config: config, jobs: range, contexts: grouped[ObjectIdentifier(config)] ?? []))
      }
    }
    let runList = runs
    let decisionBuffers = contexts.indices.map { index in
      setups[index] == nil ? nil : seeders[index].map { DecisionBuffer(count: $0.prepared.instanceCount, keeps: keepingDecisions) }
    }
    // Each seeder's environment is used by one run at a time: its context's first.
    let handoff = Handoff(value: (seeders, setups))
    var decided = Concurrently.map(runList.count) { runIndex -> Handoff<[(Int, DecidedJobs, EvaluationEnvironment)]> in
      let (frozenSeeders, frozenSetups) = handoff.value
      let run = runList[runIndex]
      let end = run.jobs.upperBound < run.config.jobs.count ? run.config.instanceStarts[run.jobs.upperBound] : run.config.instanceCount
      let firstInstance = run.jobs.isEmpty ? end : run.config.instanceStarts[run.jobs.lowerBound]
      var passes = run.contexts.map { index in
        // The first run of a context uses the seeder's own environment; the others their own.
        let seeder = frozenSeeders[index]!
        let own = run.jobs.lowerBound == 0 ? seeder : JobSeeder(prepared: run.config, context: contexts[index], env: environment(contexts[index]), simulator: self)
        if run.jobs.lowerBound != 0 { own.prepareEnvironment() }
        return DecisionPass(
          seeder: own, setup: frozenSetups[index]!, decisions: decisionBuffers[index]!, firstInstance: firstInstance,
          instanceCount: end - firstInstance)
      }
      for jobIndex in run.jobs {
        for pass in passes.indices { passes[pass].add(jobIndex) }
      }
      return Handoff(value: zip(run.contexts, passes).map { ($0, $1.decided, $1.seeder.env) })
    }
    var parts: [[DecidedJobs]] = Array(repeating: [], count: contexts.count)
    var environments: [[EvaluationEnvironment]] = Array(repeating: [], count: contexts.count)
    for runResult in decided {
      for (index, part, env) in runResult.value {
        parts[index].append(part)
        if env !== seeders[index]?.env { environments[index].append(env) }
      }
    }
    decided = []
    let started = plans
    // Each context's parts are held by its task alone (see `TakeOnce`).
    let finishedParts = TakeOnce(parts)
    parts = []
    let finishing = Handoff(value: (seeders, setups, environments))
    return Concurrently.map(contexts.count) { index in
      let (frozenSeeders, frozenSetups, extraEnvironments) = finishing.value
      var plan = started[index]
      var ownParts = finishedParts.take(index)
      guard let seeder = frozenSeeders[index] else { return plan }
      if frozenSetups[index] != nil, let decisions = decisionBuffers[index] {
        seeder.finish(&ownParts, decisions: decisions, into: &plan)
      }
      let diagnostics = EvaluationEnvironment.mergedDiagnostics([seeder.env] + extraEnvironments[index])
      plan.diagnostics += diagnostics
      if diagnostics.contains(where: { $0.severity == .error }) { plan.status = .error }
      return plan
    }
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
