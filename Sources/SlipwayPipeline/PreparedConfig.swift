import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// What every context shares once a configuration is compiled: normalised jobs, their variables,
/// instances and rules. Built once per compile, so each extra context only evaluates.
final class PreparedConfig: Sendable {
  let root: YAMLNode
  let jobs: [PreparedJob]
  let diagnostics: [Diagnostic]
  let stages: [String]
  let globals: [String: String]
  let workflowRules: [PreparedRule]?

  init(root: YAMLNode) {
    self.root = root
    let normalized = JobNormalizer.normalize(root)
    var index: [String: YAMLNode] = [:]
    for pair in root.mapping ?? [] { if let name = pair.key.keyName { index[name] = pair.value } }
    stages = root["stages"].map(\.textList) ?? PipelineSimulator.defaultStages
    var globals: [String: String] = [:]
    for (k, v) in root["variables"]?.variablePairs ?? [] { globals[k] = v }
    self.globals = globals
    workflowRules = PreparedConfig.flatten(root["workflow"]?["rules"])?.map(PreparedRule.init)
    var diagnostics = normalized.diagnostics
    var jobs: [PreparedJob] = []
    for job in normalized.jobs {
      let stage = job.node["stage"]?.text ?? "test"
      if !stages.contains(stage) {
        diagnostics.append(
          .error(
            PipelineCode.unknownStage,
            "\(job.name) job: chosen stage \(stage) does not exist; available stages are \(stages.joined(separator: ", "))",
            at: job.node["stage"]?.location ?? job.node.location))
        continue
      }
      jobs.append(PreparedJob(job: job, stage: stage, definition: index[job.name]))
    }
    self.jobs = jobs
    self.diagnostics = diagnostics
  }

  /// Nested rule lists (from `!reference`) flattened, as GitLab does.
  static func flatten(_ node: YAMLNode?) -> [YAMLNode]? {
    guard let items = node?.sequence else { return nil }
    return items.flatMap { $0.isSequence ? (flatten($0) ?? []) : [$0] }
  }
}

/// One job definition, with what does not depend on the context.
struct PreparedJob: Sendable {
  let job: NormalizedJob
  let stage: String
  /// Inherited globals and the job's own variables, in order.
  let variables: [(String, String)]
  let ownValues: [String: String]
  let inheritedValues: [String: String]
  let instances: [JobInstance]
  let rules: [PreparedRule]?
  let needs: [NeedSpec]?
  let when: String
  /// Keys `decide` reads for every context.
  let allowFailure: Bool?
  let startIn: String?
  let interruptible: Bool?
  let only: YAMLNode?
  let except: YAMLNode?
  let environment: String?
  let resourceGroup: String?
  let trigger: YAMLNode?

  init(job: NormalizedJob, stage: String, definition: YAMLNode?) {
    self.job = job
    self.stage = stage
    let own = Set((definition?["variables"]?.variablePairs ?? []).map(\.0))
    variables = job.node["variables"]?.variablePairs ?? []
    var ownValues: [String: String] = [:]
    var inheritedValues: [String: String] = [:]
    for (k, v) in variables {
      if own.contains(k) { ownValues[k] = v } else { inheritedValues[k] = v }
    }
    self.ownValues = ownValues
    self.inheritedValues = inheritedValues
    instances = ParallelExpansion.instances(name: job.name, parallel: job.node["parallel"]).map { instance in
      var copy = instance
      copy.jobSlug = PredefinedVariables.slug(instance.name)
      return copy
    }
    let node = job.node
    rules = PreparedConfig.flatten(node["rules"])?.map(PreparedRule.init)
    needs = NeedSpec.list(node["needs"])
    when = node["when"]?.text ?? "on_success"
    allowFailure = node["allow_failure"]?.bool
    startIn = node["start_in"]?.text
    interruptible = node["interruptible"]?.bool
    only = node["only"]
    except = node["except"]
    let environment = node["environment"]
    self.environment = environment?.isMapping == true ? environment?["name"]?.text : environment?.text
    resourceGroup = node["resource_group"]?.text
    trigger = node["trigger"]
  }
}
