import SlipwayCore

/// Whether a pipeline would be created.
public enum PlanStatus: String, Sendable {
  /// At least one job was added.
  case created
  /// `workflow:rules` filtered the pipeline out.
  case filtered
  /// No job was added: "Pipeline will not run for the selected trigger."
  case empty
  /// The configuration or seeding failed (compile errors, a missing need): no pipeline.
  case error
}

/// A job `needs` entry as planned.
public struct PlannedNeed: Sendable, Hashable {
  /// The job's name (empty for an upstream pipeline's status).
  public var job: String
  public var artifacts: Bool
  public var optional: Bool
  /// Set for needs outside this pipeline (`needs:project`, `needs:pipeline`).
  public var outside: OutsideNeed?

  public init(job: String, artifacts: Bool, optional: Bool, outside: OutsideNeed? = nil) {
    self.job = job
    self.artifacts = artifacts
    self.optional = optional
    self.outside = outside
  }
}

/// One job of a planned pipeline, after rules and parallel expansion.
public struct PlannedJob: Sendable {
  public var name: String
  /// The job's name in `.gitlab-ci.yml` (differs from `name` for `parallel` instances).
  public var definitionName: String
  public var stage: String
  /// `on_success`, `on_failure`, `always`, `manual` or `delayed`.
  public var when: String
  public var allowFailure: Bool
  /// nil: no `needs` (the job waits for earlier stages); [] starts immediately.
  public var needs: [PlannedNeed]?
  /// Job variables after rules (`.gitlab-ci.yml` global, job, matrix and `rules:variables`).
  public var variables: [(String, String)]
  /// The expanded environment name.
  public var environment: String?
  public var resourceGroup: String?
  public var startIn: String?
  public var interruptible: Bool?
  /// For trigger jobs: the project or local child pipeline it triggers.
  public var trigger: String?
  /// The child pipeline a `trigger:include` of local files would create.
  public var childPlan: ChildPlan?
  public var location: SourceLocation
}

/// A simulated child pipeline (boxed: plans nest).
public final class ChildPlan: Sendable {
  public let plan: PipelinePlan
  init(_ plan: PipelinePlan) { self.plan = plan }
}

/// Why a job is not in the pipeline, or how it got in: the data `explain` prints.
public struct JobDecision: Sendable {
  public enum Mechanism: String, Sendable { case rules, onlyExcept = "only/except", none }
  public var name: String
  public var definitionName: String
  public var included: Bool
  public var mechanism: Mechanism
  /// Human-readable reason (`no rule matched`, `rule 2 matched with when: never`, `except:refs matched`).
  public var reason: String
  /// Every rule evaluated, in order (only when simulated with `traced: true`).
  public var rules: [RuleTrace]
  /// `only`/`except` policies checked, in order.
  public var policies: [ConditionTrace]
  /// `when` after rules (nil when excluded).
  public var when: String?
  public var allowFailure: Bool?
  /// Where the job is defined.
  public var location: SourceLocation
}

/// The outcome of simulating one context.
public struct PipelinePlan: Sendable {
  public var context: String
  public var status: PlanStatus
  /// `workflow:name`, expanded.
  public var name: String?
  /// Stages that have at least one job, in pipeline order.
  public var stages: [String]
  public var jobs: [PlannedJob]
  public var diagnostics: [Diagnostic]
  /// Every job definition's decision, in file order (parallel instances separately).
  public var decisions: [JobDecision]
  /// `workflow:rules` as evaluated (empty when there are none).
  public var workflowRules: [RuleTrace]
  /// Variables `workflow:rules:variables` set.
  public var workflowVariables: [(String, String)]
  /// The files the compile read (for `explain`: which include brought a job).
  public var includes: [IncludeInfo]

  public func job(named name: String) -> PlannedJob? { jobs.first { $0.name == name } }
}

/// An included file, as the plan reports it.
public struct IncludeInfo: Sendable {
  public var type: String
  public var location: String
  public var displayPath: String
  public var includedAt: SourceLocation?
}

extension PipelinePlan {
  /// `{"status", "name", "stages", "jobs": [...], "diagnostics": [...]}` (issue #6 shape).
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("context", .string(context)), ("status", .string(status.rawValue)),
      ("name", name.map(JSONValue.string) ?? .null), ("stages", .array(stages.map(JSONValue.string))),
      ("jobs", .array(jobs.map(\.json))),
    ]
    members.append(("diagnostics", .array(diagnostics.map(\.json))))
    return .object(members)
  }
}

extension PlannedJob {
  /// `{"name", "stage", "when", "allow_failure", "needs", "variables", "environment", …}`.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(name)), ("stage", .string(stage)), ("when", .string(when)),
      ("allow_failure", .bool(allowFailure)),
      ("needs", needs.map { list in .array(list.filter { !$0.isOutsidePipeline }.map { .string($0.job) }) } ?? .null),
    ]
    // Only when there are some: plans without them keep their shape.
    if let outside = needs?.filter(\.isOutsidePipeline), !outside.isEmpty {
      members.append(("cross_pipeline_needs", .array(outside.map(\.outsideJSON))))
    }
    members += [
      ("variables", .object(variables.map { ($0.0, .string($0.1)) })),
      ("environment", environment.map(JSONValue.string) ?? .null),
    ]
    if let startIn { members.append(("start_in", .string(startIn))) }
    if let resourceGroup { members.append(("resource_group", .string(resourceGroup))) }
    if let trigger { members.append(("trigger", .string(trigger))) }
    if let child = childPlan { members.append(("child_pipeline", child.plan.json)) }
    return .object(members)
  }
}

extension PipelinePlan {
  /// Writes `json` without building it: the same bytes, for outputs of thousands of jobs.
  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.key("context")
    writer.string(context)
    writer.key("status")
    writer.string(status.rawValue)
    writer.key("name")
    writer.string(name)
    writer.key("stages")
    writer.beginArray()
    for stage in stages { writer.string(stage) }
    writer.endArray()
    writer.key("jobs")
    writer.beginArray()
    for index in jobs.indices { jobs[index].writeJSON(to: &writer) }
    writer.endArray()
    writer.key("diagnostics")
    writer.beginArray()
    for diagnostic in diagnostics { writer.value(diagnostic.json) }
    writer.endArray()
    writer.endObject()
  }
}

extension PlannedJob {
  /// Writes `json` without building it.
  public func writeJSON(to writer: inout JSONWriter) {
    writer.beginObject()
    writer.key("name")
    writer.string(name)
    writer.key("stage")
    writer.string(stage)
    writer.key("when")
    writer.string(when)
    writer.key("allow_failure")
    writer.bool(allowFailure)
    writer.key("needs")
    if let needs {
      writer.beginArray()
      for need in needs where !need.isOutsidePipeline { writer.string(need.job) }
      writer.endArray()
      if needs.contains(where: \.isOutsidePipeline) {
        writer.key("cross_pipeline_needs")
        writer.beginArray()
        for need in needs where need.isOutsidePipeline { writer.value(need.outsideJSON) }
        writer.endArray()
      }
    } else {
      writer.null()
    }
    writer.key("variables")
    writer.beginObject()
    for (name, value) in variables {
      writer.key(name)
      writer.string(value)
    }
    writer.endObject()
    writer.key("environment")
    writer.string(environment)
    if let startIn {
      writer.key("start_in")
      writer.string(startIn)
    }
    if let resourceGroup {
      writer.key("resource_group")
      writer.string(resourceGroup)
    }
    if let trigger {
      writer.key("trigger")
      writer.string(trigger)
    }
    if let child = childPlan {
      writer.key("child_pipeline")
      child.plan.writeJSON(to: &writer)
    }
    writer.endObject()
  }
}
