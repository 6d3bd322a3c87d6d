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

  func seed(into plan: inout PipelinePlan) {
    let root = prepared.root
    env.sharedConditions = prepared.conditions
    // Predefined < `.gitlab-ci.yml` globals < workflow < the context's own variables.
    var predefined = PredefinedVariables.pipeline(context)
    let pipelineScope = VariableScope([context.variables, prepared.globals, predefined])
    var workflow: [String: String] = [:]
    if let workflowRules = prepared.workflowRules {
      let (match, trace) = RuleEvaluator.evaluate(workflowRules, variables: pipelineScope, in: env)
      plan.workflowRules = trace
      guard let match, match.when != "never" else {
        plan.status = .filtered
        plan.diagnostics.append(.info(PipelineCode.workflowFiltered, PipelineSimulator.filteredMessage, at: root["workflow"]?.location))
        return
      }
      plan.workflowVariables = match.variables
      for (k, v) in match.variables { workflow[k] = v }
    }
    if let name = root["workflow"]?["name"]?.text {
      let expanded = env.expand(name, pipelineScope.adding(workflow), keepUnknown: false)
      plan.name = expanded
      predefined["CI_PIPELINE_NAME"] = expanded
    }
    plan.diagnostics += prepared.diagnostics
    let hasWorkflowRules = prepared.workflowRules != nil
    var admitted: [(job: PlannedJob, needs: [NeedSpec]?)] = []
    var instancesByDefinition: [String: [JobInstance]] = [:]
    var instanceNames: Set<String> = []
    // rules:variables > job > workflow:rules:variables > globals > predefined (§10.4); job-level
    // predefined and matrix values sit just below the context's own variables. One scope is
    // reused: only the job layers change, so no layer array is allocated per instance.
    var scope = VariableScope([context.variables, [:], [:], workflow, [:], predefined])
    for job in prepared.jobs {
      scope.layers[2] = job.ownValues
      scope.layers[4] = job.inheritedValues
      for instance in job.instances {
        scope.layers[1] = instance.jobLevel
        let (decision, planned, needs) = decide(job, instance, scope: scope, workflow: plan.workflowVariables, hasWorkflowRules: hasWorkflowRules)
        plan.decisions.append(decision)
        if let planned {
          admitted.append((planned, needs))
          instancesByDefinition[job.name, default: []].append(instance)
          instanceNames.insert(instance.name)
        }
      }
    }
    var jobs: [PlannedJob] = []
    for var entry in admitted {
      if let needs = entry.needs {
        entry.job.needs = resolve(needs, of: entry.job, instancesByDefinition, instanceNames, &plan.diagnostics)
      }
      jobs.append(entry.job)
    }
    // GitLab lists jobs by stage, then in definition order.
    let stages = prepared.stages
    var buckets: [String: [PlannedJob]] = [:]
    for job in jobs { buckets[job.stage, default: []].append(job) }
    plan.stages = stages.filter { buckets[$0] != nil }
    plan.jobs = plan.stages.flatMap { buckets[$0] ?? [] }
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

  /// `needs` of admitted jobs: names of jobs in the pipeline; missing required needs fail seeding.
  func resolve(
    _ needs: [NeedSpec], of job: PlannedJob, _ instances: [String: [JobInstance]], _ names: Set<String>,
    _ diagnostics: inout [Diagnostic]
  ) -> [PlannedNeed] {
    var out: [PlannedNeed] = []
    if needs.count > PipelineSimulator.maxNeeds {
      diagnostics.append(
        .error(
          PipelineCode.needsLimit,
          "\(job.name): one job can only need \(PipelineSimulator.maxNeeds) others, but you have listed \(needs.count). See needs keyword documentation for more details",
          at: job.location))
    }
    for need in needs {
      if need.crossPipeline {
        out.append(PlannedNeed(job: need.job, artifacts: need.artifacts, optional: need.optional))
        continue
      }
      if let group = instances[need.job] {
        let selected = ParallelExpansion.select(group, matrix: need.matrix)
        for name in selected { out.append(PlannedNeed(job: name, artifacts: need.artifacts, optional: need.optional)) }
        // GitLab names matrix needs exactly (`job: [a, b]`); a selector matching no instance is undefined.
        if selected.isEmpty && !need.optional {
          diagnostics.append(.error(PipelineCode.missingNeed, "\(job.definitionName) job: undefined need: \(need.job)", at: need.location))
        }
        continue
      }
      if names.contains(need.job) {
        out.append(PlannedNeed(job: need.job, artifacts: need.artifacts, optional: need.optional))
        continue
      }
      if need.optional { continue }
      diagnostics.append(
        .error(
          PipelineCode.missingNeed,
          "'\(job.name)' job needs '\(need.job)' job, but '\(need.job)' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.",
          at: need.location))
    }
    return out
  }
}

/// One `needs` entry as written.
struct NeedSpec: Sendable {
  var job: String
  var artifacts: Bool
  var optional: Bool
  var matrix: YAMLNode?
  /// `needs:project` or `needs:pipeline`: outside this pipeline, never checked.
  var crossPipeline: Bool
  var location: SourceLocation

  static func list(_ node: YAMLNode?) -> [NeedSpec]? {
    guard let node else { return nil }
    let items = node.sequence ?? [node]
    return items.compactMap { item in
      if let name = item.text, item.isScalar {
        return NeedSpec(job: name, artifacts: true, optional: false, matrix: nil, crossPipeline: false, location: item.location)
      }
      if let pipeline = item["pipeline"]?.text, item["job"] == nil {
        return NeedSpec(job: pipeline, artifacts: true, optional: false, matrix: nil, crossPipeline: true, location: item.location)
      }
      guard let name = item["job"]?.text else { return nil }
      return NeedSpec(
        job: name, artifacts: item["artifacts"]?.bool ?? true, optional: item["optional"]?.bool ?? false,
        matrix: item["parallel"]?["matrix"], crossPipeline: item["project"] != nil || item["pipeline"] != nil,
        location: item.location)
    }
  }
}
