import SlipwayCore
import SlipwayYAML

/// One `needs` entry as written. GitLab's `Entry::Need` strategies: a name or `{job:}` needs a job
/// of this pipeline; `{job:, pipeline:}` (`CrossPipelineDependency`) and `{job:, project:, ref:}`
/// (`CrossProjectDependency`) fetch artifacts from another pipeline or project; the trigger-job
/// form `needs: {pipeline: PROJECT}` (`BridgeNeeds`) mirrors an upstream pipeline's status. Only the
/// first kind joins jobs in this pipeline: the others are never seeded as dependencies.
struct NeedSpec: Sendable {
  var job: String
  var artifacts: Bool
  var optional: Bool
  var matrix: YAMLNode?
  /// nil for a job of this pipeline.
  var outside: OutsideNeed?
  var location: SourceLocation

  /// `outside != nil` as a tag test: comparing with nil copies the optional (and its strings).
  var isOutside: Bool {
    if case .some = outside { return true }
    return false
  }

  static func list(_ node: YAMLNode?) -> [NeedSpec]? {
    guard let node else { return nil }
    let items = node.sequence ?? [node]
    return items.compactMap { item in
      if let name = item.text, item.isScalar {
        return NeedSpec(job: name, artifacts: true, optional: false, matrix: nil, outside: nil, location: item.location)
      }
      let keys = NeedKeys(item)
      let project = keys.project?.text
      let pipeline = keys.pipeline?.text
      guard let name = keys.job?.text else {
        guard let pipeline else { return nil }
        // `needs: {pipeline: group/project}` on a trigger job: the upstream pipeline's status.
        return NeedSpec(
          job: "", artifacts: false, optional: false, matrix: nil, outside: OutsideNeed(upstream: pipeline), location: item.location)
      }
      var outside: OutsideNeed?
      if let project {
        outside = OutsideNeed(project: project, ref: keys.ref?.text)
      } else if let pipeline {
        outside = OutsideNeed(pipeline: pipeline)
      }
      return NeedSpec(
        job: name, artifacts: keys.artifacts?.bool ?? true, optional: keys.optional?.bool ?? false,
        matrix: outside == nil ? keys.parallel?["matrix"] : nil, outside: outside, location: item.location)
    }
  }

  /// The keys of a `needs` mapping, read in one pass (a subscript per key rescans the mapping and
  /// copies nodes on the way; thousands of jobs have several mapping needs). The last of a
  /// repeated key wins, as with subscripts.
  private struct NeedKeys {
    var job, project, pipeline, ref, artifacts, optional, parallel: YAMLNode?

    init(_ item: YAMLNode) {
      guard case .mapping(let pairs) = item.content else { return }
      pairs.withUnsafeBufferPointer { pairs in
        for index in pairs.indices {
          guard let key = pairs[index].key.keyName else { continue }
          switch key {
          case "job": job = pairs[index].value
          case "project": project = pairs[index].value
          case "pipeline": pipeline = pairs[index].value
          case "ref": ref = pairs[index].value
          case "artifacts": artifacts = pairs[index].value
          case "optional": optional = pairs[index].value
          case "parallel": parallel = pairs[index].value
          default: continue
          }
        }
      }
    }
  }

  /// `needs:project`, `job` and `ref` are expanded with the job's variables (gitlab-semantics.md
  /// §10, `ExpandVariables`); unknown ones are kept so the plan shows what would be asked for.
  func expanded(_ env: EvaluationEnvironment, _ scope: VariableScope) -> NeedSpec {
    guard let outside, outside.hasVariables || job.utf8.contains(0x24) else { return self }
    var copy = self
    copy.job = env.expand(job, scope)
    copy.outside = OutsideNeed(
      project: outside.project.map { env.expand($0, scope) }, ref: outside.ref.map { env.expand($0, scope) },
      pipeline: outside.pipeline.map { env.expand($0, scope) }, upstream: outside.upstream.map { env.expand($0, scope) })
    return copy
  }
}

/// Where a need outside this pipeline points.
public struct OutsideNeed: Sendable, Hashable {
  /// `needs:project` (with `ref`): the latest successful job of that project and ref.
  public var project: String?
  public var ref: String?
  /// `needs:pipeline` with `job`: a job of another pipeline of the hierarchy (`$PARENT_PIPELINE_ID`).
  public var pipeline: String?
  /// `needs: {pipeline: PROJECT}` on a trigger job: mirrors that upstream pipeline's status.
  public var upstream: String?

  public init(project: String? = nil, ref: String? = nil, pipeline: String? = nil, upstream: String? = nil) {
    self.project = project
    self.ref = ref
    self.pipeline = pipeline
    self.upstream = upstream
  }

  var hasVariables: Bool {
    [project, ref, pipeline, upstream].contains { $0?.utf8.contains(0x24) ?? false }
  }
}

extension PlannedNeed {
  /// Artifacts or status from outside this pipeline: no edge between jobs of the pipeline.
  public var isOutsidePipeline: Bool { outside != nil }

  /// How plans show the need: the job name for jobs of this pipeline, else where it comes from.
  public var label: String {
    guard let outside else { return job }
    if let project = outside.project { return "\(job) (project \(project)" + (outside.ref.map { ", ref \($0)" } ?? "") + ")" }
    if let pipeline = outside.pipeline { return "\(job) (pipeline \(pipeline))" }
    return "pipeline \(outside.upstream ?? "") (upstream status)"
  }

  /// The JSON of a need outside this pipeline (`cross_pipeline_needs`).
  var outsideJSON: JSONValue {
    var members: [(String, JSONValue)] = []
    if !job.isEmpty { members.append(("job", .string(job))) }
    if let project = outside?.project { members.append(("project", .string(project))) }
    if let ref = outside?.ref { members.append(("ref", .string(ref))) }
    if let pipeline = outside?.pipeline { members.append(("pipeline", .string(pipeline))) }
    if let upstream = outside?.upstream { members.append(("upstream_pipeline", .string(upstream))) }
    if outside?.upstream == nil { members.append(("artifacts", .bool(artifacts))) }
    return .object(members)
  }
}
