import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// Seeds one pipeline from a compiled root: workflow, jobs, needs and stages (GitLab's pipeline
/// chain `EvaluateWorkflowRules`, `Seed::Stage`/`Seed::Build`, `Populate`).
struct JobSeeder {
  let prepared: PreparedConfig
  let context: PipelineContext
  let env: EvaluationEnvironment
  let simulator: PipelineSimulator?

  /// Seeds the whole pipeline with this seeder's environment.
  func seed(into plan: inout PipelinePlan) {
    guard let setup = begin(into: &plan) else { return }
    let decisions = DecisionBuffer(count: prepared.instanceCount)
    var pass = DecisionPass(seeder: self, setup: setup, decisions: decisions, firstInstance: 0, instanceCount: prepared.instanceCount)
    for jobIndex in prepared.jobs.indices { pass.add(jobIndex) }
    var parts = [pass.decided]
    pass.decided = DecidedJobs()
    finish(&parts, decisions: decisions, into: &plan)
  }

  /// Sizes the environment's caches for the prepared configuration (every environment that
  /// evaluates its jobs).
  func prepareEnvironment() {
    env.sharedConditions = prepared.conditions
    env.prepareCaches(conditions: prepared.conditions.count, patternLists: prepared.patternListCount, existsAnswers: prepared.existsAnswers)
  }

  /// `workflow:rules` and `workflow:name`: what job decisions need, or nil when the pipeline is
  /// filtered out.
  func begin(into plan: inout PipelinePlan) -> SeedSetup? {
    prepareEnvironment()
    // Predefined < `.gitlab-ci.yml` globals < workflow < the context's own variables.
    var predefined = PredefinedVariables.pipeline(context)
    let pipelineScope = VariableScope([context.variables, prepared.globals, predefined])
    var workflow: [String: String] = [:]
    if let workflowRules = prepared.workflowRules {
      let (match, trace) = RuleEvaluator.evaluate(workflowRules, variables: pipelineScope, in: env)
      plan.workflowRules = trace
      guard let match, match.when != "never" else {
        plan.status = .filtered
        plan.diagnostics.append(.info(PipelineCode.workflowFiltered, PipelineSimulator.filteredMessage, at: prepared.workflowLocation))
        return nil
      }
      plan.workflowVariables = match.variables
      for (k, v) in match.variables { workflow[k] = v }
    }
    if let name = prepared.workflowName {
      let expanded = env.expand(name, pipelineScope.adding(workflow), keepUnknown: false)
      plan.name = expanded
      predefined["CI_PIPELINE_NAME"] = expanded
    }
    plan.diagnostics += prepared.diagnostics
    return SeedSetup(
      workflow: workflow, workflowVariables: plan.workflowVariables, predefined: predefined,
      hasWorkflowRules: prepared.workflowRules != nil)
  }

  /// Needs and stages from the decisions of every job, `parts` covering the jobs in order. The
  /// admitted jobs are moved out of `parts` (held only here, they are not copied).
  func finish(_ parts: inout [DecidedJobs], decisions: DecisionBuffer, into plan: inout PipelinePlan) {
    plan.decisions = decisions.take()
    // Decisions first, by global instance index; jobs are then taken out in stage order, once
    // every admitted instance is known (needs may point forward). Admitted jobs stay in their
    // parts, densely (`slot` maps an instance of a part to its job): merging the parts would copy
    // every admitted job once more.
    var partStarts: [Int] = []
    var admitted: [Bool] = []
    admitted.reserveCapacity(prepared.instanceCount)
    for part in parts {
      partStarts.append(admitted.count)
      admitted.append(contentsOf: part.slot.lazy.map { $0 >= 0 })
    }
    // The part holding a global instance index, and the index within it.
    func locate(_ global: Int) -> (part: Int, local: Int) {
      var part = partStarts.count - 1
      while partStarts[part] > global { part -= 1 }
      return (part, global - partStarts[part])
    }
    // Needs in definition order (their diagnostics keep that order), in place.
    if parts.contains(where: { !$0.needs.isEmpty }) {
      for (jobIndex, job) in prepared.jobs.enumerated() {
        let start = prepared.instanceStarts[jobIndex]
        for (offset, instance) in job.instances.enumerated() {
          let (part, local) = locate(start + offset)
          guard !parts[part].needs.isEmpty, let needs = parts[part].needs[local] else { continue }
          parts[part].planned[Int(parts[part].slot[local])]?.needs = resolve(
            needs, name: instance.name, definitionName: job.name, location: job.location, admitted, &plan.diagnostics,
            targets: Self.sameStorage(needs, job.needs) ? prepared.needTargets[jobIndex] : nil)
        }
      }
    }
    // GitLab lists jobs by stage, then in definition order. A stage listed twice shows its jobs
    // twice, as stage buckets did.
    plan.jobs.reserveCapacity(parts.reduce(0) { $0 + $1.planned.count })
    var emitted: [String: Range<Int>] = [:]
    for stage in prepared.stages {
      if let range = emitted[stage] {
        plan.stages.append(stage)
        plan.jobs.append(contentsOf: plan.jobs[range])
        continue
      }
      guard let indices = prepared.jobsByStage[stage] else { continue }
      let begin = plan.jobs.count
      for jobIndex in indices {
        let start = prepared.instanceStarts[jobIndex]
        for global in start..<(start + prepared.jobs[jobIndex].instances.count) where admitted[global] {
          // Moved out, not copied: a copy retains every field.
          let (part, local) = locate(global)
          var job: PlannedJob? = nil
          swap(&job, &parts[part].planned[Int(parts[part].slot[local])])
          if let job { plan.jobs.append(job) }
        }
      }
      if plan.jobs.count > begin {
        plan.stages.append(stage)
        emitted[stage] = begin..<plan.jobs.count
      }
    }
    if plan.diagnostics.contains(where: { $0.severity == .error }) {
      plan.status = .error
    } else if plan.jobs.allSatisfy({ $0.stage == ".pre" || $0.stage == ".post" }) {
      // Only `.pre`/`.post` jobs: GitLab does not create the pipeline (§7.1).
      plan.status = .empty
      plan.diagnostics.append(.info(PipelineCode.emptyPipeline, PipelineSimulator.emptyMessage, at: nil))
    } else {
      plan.status = .created
    }
  }

  /// Whether `needs` is the job's own list (not a rule's or an expanded copy), so the targets
  /// looked up for that list apply.
  static func sameStorage(_ needs: [NeedSpec], _ own: [NeedSpec]?) -> Bool {
    guard let own, own.count == needs.count else { return false }
    return needs.withUnsafeBufferPointer { a in own.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
  }

  /// `needs` of admitted jobs: names of jobs in the pipeline; missing required needs fail seeding.
  /// `targets`: the `jobNamed` index of each need, when known.
  func resolve(
    _ needs: [NeedSpec], name: String, definitionName: String, location: SourceLocation, _ admitted: [Bool],
    _ diagnostics: inout [Diagnostic], targets: [Int]? = nil
  ) -> [PlannedNeed] {
    var out: [PlannedNeed] = []
    out.reserveCapacity(needs.count)
    // GitLab counts only needs on jobs of this pipeline (`Seed::Build#needs_errors`).
    let inPipeline = needs.count(where: { !$0.isOutside })
    if inPipeline > PipelineSimulator.maxNeeds {
      diagnostics.append(
        .error(
          PipelineCode.needsLimit,
          "\(name): one job can only need \(PipelineSimulator.maxNeeds) others, but you have listed \(inPipeline). See needs keyword documentation for more details",
          at: location))
    }
    for (needIndex, need) in needs.enumerated() {
      if let outside = need.outside {
        // Artifacts from another project or pipeline: no edge in this pipeline, never checked here.
        out.append(PlannedNeed(job: need.job, artifacts: need.artifacts, optional: need.optional, outside: outside))
        continue
      }
      if need.matrix == nil {
        // Every admitted instance of the definitions of that name, without collecting them first.
        var found = false
        var jobIndex = targets?[needIndex] ?? prepared.jobNamed[need.job] ?? -1
        while jobIndex >= 0 {
          let start = prepared.instanceStarts[jobIndex]
          for (offset, instance) in prepared.jobs[jobIndex].instances.enumerated() where admitted[start + offset] {
            out.append(PlannedNeed(job: instance.name, artifacts: need.artifacts, optional: need.optional))
            found = true
          }
          jobIndex = prepared.nextJobNamed[jobIndex]
        }
        if found { continue }
      } else if case let group = admittedInstances(of: need.job, admitted), !group.isEmpty {
        let selected = ParallelExpansion.select(group, matrix: need.matrix)
        for name in selected { out.append(PlannedNeed(job: name, artifacts: need.artifacts, optional: need.optional)) }
        // GitLab names matrix needs exactly (`job: [a, b]`); a selector matching no instance is undefined.
        if selected.isEmpty && !need.optional {
          diagnostics.append(.error(PipelineCode.missingNeed, "\(definitionName) job: undefined need: \(need.job)", at: need.location))
        }
        continue
      }
      if isAdmittedInstance(named: need.job, admitted) {
        out.append(PlannedNeed(job: need.job, artifacts: need.artifacts, optional: need.optional))
        continue
      }
      if need.optional { continue }
      diagnostics.append(
        .error(
          PipelineCode.missingNeed,
          "'\(name)' job needs '\(need.job)' job, but '\(need.job)' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.",
          at: need.location))
      // Kept as written, so an erroneous plan still shows what the job waits for.
      out.append(PlannedNeed(job: need.job, artifacts: need.artifacts, optional: need.optional))
    }
    return out
  }

  /// The admitted instances of every definition named `name`, in definition order.
  private func admittedInstances(of name: String, _ admitted: [Bool]) -> [JobInstance] {
    var out: [JobInstance] = []
    var jobIndex = prepared.jobNamed[name] ?? -1
    while jobIndex >= 0 {
      let start = prepared.instanceStarts[jobIndex]
      for (offset, instance) in prepared.jobs[jobIndex].instances.enumerated() where admitted[start + offset] { out.append(instance) }
      jobIndex = prepared.nextJobNamed[jobIndex]
    }
    return out
  }

  private func isAdmittedInstance(named name: String, _ admitted: [Bool]) -> Bool {
    var index = prepared.instanceNamed[name] ?? -1
    while index >= 0 {
      if admitted[index] { return true }
      index = prepared.nextInstanceNamed[index]
    }
    return false
  }
}
