import SlipwayCore

/// What `workflow:` leaves for the job decisions of one context.
struct SeedSetup {
  var workflow: [String: String]
  var workflowVariables: [(String, String)]
  var predefined: [String: String]
  var hasWorkflowRules: Bool
}

/// The decisions of every instance of one context, written by passes over disjoint runs of jobs
/// (on different cores), then moved into one array: concatenating per-run arrays would copy, and
/// so retain, every field of 5,000 decisions.
final class DecisionBuffer: @unchecked Sendable {
  private let base: UnsafeMutablePointer<JobDecision>
  let count: Int
  /// false: the caller does not read decisions (a plan's outputs do not show them), so none is
  /// built, and `take` returns none.
  let keeps: Bool

  init(count: Int, keeps: Bool = true) {
    self.count = keeps ? count : 0
    self.keeps = keeps
    base = .allocate(capacity: max(1, self.count))
  }

  /// Each index is written once, before `take`.
  func initialize(_ index: Int, to decision: consuming JobDecision) { (base + index).initialize(to: decision) }

  /// The decisions, once every index is written; the buffer is empty afterwards.
  func take() -> [JobDecision] {
    defer { base.deallocate() }
    let count = self.count
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 { buffer.baseAddress!.moveInitialize(from: base, count: count) }
      initialized = count
    }
  }
}

/// The jobs a pass admitted over a contiguous run of jobs in one context, by instance in
/// definition order.
struct DecidedJobs {
  /// Admitted instances' jobs, densely.
  var planned: [PlannedJob?] = []
  /// Per instance of the run: its index in `planned`, or -1 when not admitted.
  var slot: [Int32] = []
  /// Per instance of the run: the `needs` to resolve; empty when no admitted job has any.
  var needs: [[NeedSpec]?] = []
  var instanceCount: Int { slot.count }
}

/// Decides jobs one at a time for one context, in definition order, keeping the variable scope
/// between jobs (only the job layers change, so no layer array is allocated per instance).
struct DecisionPass {
  let seeder: JobSeeder
  let setup: SeedSetup
  let decisions: DecisionBuffer
  /// The global index of the next instance (where its decision goes).
  var nextInstance: Int
  var scope: VariableScope
  var decided = DecidedJobs()

  init(seeder: JobSeeder, setup: SeedSetup, decisions: DecisionBuffer, firstInstance: Int, instanceCount: Int) {
    self.seeder = seeder
    self.setup = setup
    self.decisions = decisions
    nextInstance = firstInstance
    // rules:variables > job > workflow:rules:variables > globals > predefined (§10.4); job-level
    // predefined and matrix values sit just below the context's own variables.
    scope = VariableScope([seeder.context.variables, [:], [:], setup.workflow, [:], setup.predefined])
    decided.slot.reserveCapacity(instanceCount)
    decided.planned.reserveCapacity(instanceCount)
  }

  mutating func add(_ jobIndex: Int) {
    let job = seeder.prepared.jobs[jobIndex]
    scope.layers[2] = job.ownValues
    scope.layers[4] = job.inheritedValues
    for instance in job.instances {
      scope.layers[1] = instance.jobLevel
      let (decision, planned, needs) = seeder.decide(
        job, instance, scope: scope, workflow: setup.workflowVariables, hasWorkflowRules: setup.hasWorkflowRules,
        keepingDecision: decisions.keeps)
      if let decision { decisions.initialize(nextInstance, to: decision) }
      nextInstance += 1
      // `needs` stays empty until an admitted instance has some, then has one entry per instance.
      if planned != nil, let needs {
        if decided.needs.isEmpty { decided.needs = Array(repeating: nil, count: decided.slot.count) }
        decided.needs.append(needs)
      } else if !decided.needs.isEmpty {
        decided.needs.append(nil)
      }
      if let planned {
        decided.slot.append(Int32(decided.planned.count))
        decided.planned.append(planned)
      } else {
        decided.slot.append(-1)
      }
    }
  }
}

extension EvaluationEnvironment {
  /// The diagnostics of environments that evaluated consecutive runs of jobs for one context, as
  /// one environment would have reported them: in order, each `reported` key once.
  static func mergedDiagnostics(_ environments: [EvaluationEnvironment]) -> [Diagnostic] {
    guard environments.count > 1 else { return environments.first?.diagnostics ?? [] }
    var seen: Set<String> = []
    var out: [Diagnostic] = []
    for env in environments {
      for (diagnostic, key) in zip(env.diagnostics, env.diagnosticKeys) where seen.insert(key).inserted {
        out.append(diagnostic)
      }
    }
    return out
  }
}

/// A value handed from one task to another (never used by two at once).
struct Handoff<Value>: @unchecked Sendable {
  var value: Value
}

/// Values handed to concurrent tasks, each task moving out its own one: the task then holds the
/// only reference and mutates it in place (a copy left behind would make the first mutation copy
/// every element, and the copies be destroyed one by one at the end).
final class TakeOnce<Value>: @unchecked Sendable {
  private let buffer: UnsafeMutableBufferPointer<Value?>

  init(_ values: [Value]) {
    buffer = .allocate(capacity: values.count)
    for index in values.indices { (buffer.baseAddress! + index).initialize(to: values[index]) }
  }

  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }

  /// The value at `index`, once: each index belongs to one task.
  func take(_ index: Int) -> Value {
    let value = buffer[index]!
    buffer[index] = nil
    return value
  }
}
