import Dispatch
import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// What every context shares once a configuration is compiled: normalised jobs, their variables,
/// instances, rules and the name tables `needs` resolution uses. Built once per compile (on every
/// core), so each extra context only evaluates.
final class PreparedConfig: Sendable {
  let root: YAMLNode
  let jobs: [PreparedJob]
  let diagnostics: [Diagnostic]
  let stages: [String]
  let globals: [String: String]
  let workflowRules: [PreparedRule]?
  let workflowName: String?
  let workflowLocation: SourceLocation?
  /// Every `rules:if` text, interned (see `PreparedCondition`).
  let conditions: [String: PreparedCondition]
  /// How many `rules:changes`/`rules:exists` pattern lists were interned (see `PatternList`).
  let patternListCount: Int
  /// The global index of each job's first instance; instances are numbered in definition order.
  let instanceStarts: [Int]
  let instanceCount: Int
  /// Job indices by definition name (the first; `nextJobNamed` chains repeats).
  let jobNamed: [String: Int]
  let nextJobNamed: [Int]
  /// Global instance indices by instance name (the first; `nextInstanceNamed` chains repeats).
  let instanceNamed: [String: Int]
  let nextInstanceNamed: [Int]
  /// Job indices per stage name, in definition order.
  let jobsByStage: [String: [Int]]
  /// Per job, the `jobNamed` index of each of its own `needs` (-1: none, or outside this
  /// pipeline): looked up once, not per context and admitted instance.
  let needTargets: [[Int]?]
  /// `rules:exists` answers by pattern list id over the project's own files, for every context.
  let existsAnswers: SharedFlags

  /// Reads jobs straight from the merged root, as GitLab's job entries see them (`default:`,
  /// `inherit:`, stage and `when` defaults, gitlab-semantics.md §6) without rebuilding nodes:
  /// only the keys simulation needs.
  init(root: YAMLNode) {
    self.root = root
    let stages = root["stages"].map(\.textList) ?? PipelineSimulator.defaultStages
    self.stages = stages
    let globalPairs = root["variables"]?.variablePairs ?? []
    var globals: [String: String] = [:]
    var globalIndex: [String: Int] = [:]
    for (index, (k, v)) in globalPairs.enumerated() {
      globals[k] = v
      if globalIndex[k] == nil { globalIndex[k] = index }
    }
    self.globals = globals
    let table = ConditionTable()
    let workflow = root["workflow"]
    workflowRules = PreparedConfig.flatten(workflow?["rules"])?.map { PreparedRule($0, conditions: table) }
    workflowName = workflow?["name"]?.text
    workflowLocation = workflow?.location
    var shared = PreparedJob.Shared(
      globals: globalPairs, globalValues: globals, globalIndex: globalIndex, defaultInterruptible: root["default"]?["interruptible"]?.bool,
      stages: Set(stages), conditions: table)
    shared.globalLengths = globalPairs.map { $0.0.utf8.count }
    let outcomes = PreparedConfig.prepareConcurrently(root.mapping ?? [], stages: stages, shared: shared)
    var diagnostics: [Diagnostic] = []
    var jobs: [PreparedJob] = []
    jobs.reserveCapacity(outcomes.count)
    for outcome in outcomes {
      switch outcome {
      case .job(let job): jobs.append(job)
      case .rejected(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    if jobs.isEmpty && diagnostics.isEmpty {
      diagnostics.append(.error(ConfigCode.noVisibleJob, "jobs config should contain at least one visible job", at: root.location))
    }
    self.jobs = jobs
    self.diagnostics = diagnostics
    conditions = table.byText
    patternListCount = table.patternListCount

    // The name tables in two halves on two cores (they read only `jobs`).
    let allJobs = jobs
    let (definitions, instances) = Concurrently.both(
      { DefinitionTables(allJobs) }, { InstanceTables(allJobs) })
    instanceStarts = definitions.starts
    instanceCount = instances.count
    jobNamed = definitions.jobNamed
    nextJobNamed = definitions.nextJobNamed
    instanceNamed = instances.instanceNamed
    nextInstanceNamed = instances.nextInstanceNamed
    jobsByStage = instances.jobsByStage
    // On every core: the jobs are all known, and this is the one name lookup per need.
    let named = jobNamed
    let ranges = Concurrently.chunks(jobs.count, minimumSize: 512)
    needTargets = Concurrently.map(ranges.count) { chunk in
      allJobs[ranges[chunk]].map { job in job.needs.map { $0.map { $0.isOutside ? -1 : named[$0.job] ?? -1 } } }
    }.flatMap { $0 }
    existsAnswers = SharedFlags(count: patternListCount)
  }

  /// Jobs by definition name, and where each job's instances start.
  private struct DefinitionTables: Sendable {
    var starts: [Int] = []
    var jobNamed: [String: Int]
    var nextJobNamed: [Int]

    init(_ jobs: [PreparedJob]) {
      starts.reserveCapacity(jobs.count)
      jobNamed = [String: Int](minimumCapacity: jobs.count)
      nextJobNamed = Array(repeating: -1, count: jobs.count)
      var count = 0
      for (index, job) in jobs.enumerated() {
        starts.append(count)
        PreparedConfig.chain(job.name, index, &jobNamed, &nextJobNamed)
        count += job.instances.count
      }
    }
  }

  /// Instances by name, and jobs by stage.
  private struct InstanceTables: Sendable {
    var count = 0
    var instanceNamed: [String: Int] = [:]
    var nextInstanceNamed: [Int] = []
    var jobsByStage: [String: [Int]] = [:]

    init(_ jobs: [PreparedJob]) {
      for (index, job) in jobs.enumerated() {
        jobsByStage[job.stage, default: []].append(index)
        for instance in job.instances {
          nextInstanceNamed.append(-1)
          // An instance named like its own job is found through the job (see `JobSeeder.resolve`).
          if instance.name != job.name { PreparedConfig.chain(instance.name, count, &instanceNamed, &nextInstanceNamed) }
          count += 1
        }
      }
    }
  }

  /// Records `index` under `name`: the first in `first`, later ones (rare) at the end of its chain.
  private static func chain(_ name: String, _ index: Int, _ first: inout [String: Int], _ next: inout [Int]) {
    guard var last = first[name] else {
      first[name] = index
      return
    }
    while next[last] >= 0 { last = next[last] }
    next[last] = index
  }

  enum Outcome: Sendable {
    case job(PreparedJob)
    case rejected(Diagnostic)
  }

  /// Prepares the entries on every core, keeping their order: jobs do not depend on one another.
  private static func prepareConcurrently(_ entries: [YAMLPair], stages: [String], shared: PreparedJob.Shared) -> [Outcome] {
    let chunkSize = 64
    let chunks = (entries.count + chunkSize - 1) / chunkSize
    return Concurrently.map(chunks) { chunk in
      let range = (chunk * chunkSize)..<min(entries.count, (chunk + 1) * chunkSize)
      var local = shared
      local.conditions = shared.conditions.front(jobs: range.count)
      return range.compactMap { index in
        isJobEntry(entries[index]) ? PreparedJob.prepare(entries[index], stages: stages, shared: local) : nil
      }
    }.flatMap { $0 }
  }

  /// `JobNormalizer.jobEntries`, one entry at a time (so the filter runs on every core too).
  private static func isJobEntry(_ pair: YAMLPair) -> Bool {
    guard let name = pair.key.rubyString else { return false }
    if name.hasPrefix(".") || JobNormalizer.reservedNames.contains(name) { return false }
    if JobNormalizer.rootKeys.contains(name) { return JobNormalizer.isJobLike(pair.value) }
    return true
  }

  /// Nested rule lists (from `!reference`) flattened, as GitLab does.
  static func flatten(_ node: YAMLNode?) -> [YAMLNode]? {
    guard let items = node?.sequence else { return nil }
    var out: [YAMLNode] = []
    out.reserveCapacity(items.count)
    appendFlattened(items, to: &out)
    return out
  }

  private static func appendFlattened(_ items: [YAMLNode], to out: inout [YAMLNode]) {
    for index in items.indices {
      if case .sequence(let nested) = items[index].content { appendFlattened(nested, to: &out) } else { out.append(items[index]) }
    }
  }

  /// `inherit:<kind>`: true (all), false (none) or a list of names.
  static func inherits(_ value: YAMLNode?) -> (String) -> Bool {
    guard let value else { return { _ in true } }
    if let flag = value.bool { return { _ in flag } }
    let names = Set(value.textList)
    return { names.contains($0) }
  }
}

/// Yes/no answers by id, filled by concurrent contexts (0 unknown, 1 false, 2 true).
final class SharedFlags: @unchecked Sendable {
  private let lock = NSLock()
  private var flags: [UInt8]

  init(count: Int) { flags = Array(repeating: 0, count: count) }

  subscript(id: Int) -> Bool? {
    get {
      lock.lock()
      defer { lock.unlock() }
      let flag = flags[id]
      return flag == 0 ? nil : flag == 2
    }
    set {
      lock.lock()
      flags[id] = newValue.map { $0 ? 2 : 1 } ?? 0
      lock.unlock()
    }
  }
}
