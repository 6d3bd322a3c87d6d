import SlipwayCore
import SlipwayYAML

extension YAMLNode {
  /// Ruby `to_s` of a scalar (nil for collections): how GitLab reads most keyword values.
  var text: String? { rubyString }

  /// A boolean scalar's value.
  var bool: Bool? {
    if case .scalar(let s) = content, case .bool(let b) = s.value { return b }
    return nil
  }

  /// A string, or each string of a list.
  var textList: [String] {
    if let items = sequence { return items.compactMap(\.text) }
    return text.map { [$0] } ?? []
  }

  /// A mapping of names to `to_s` values (variables), keeping order.
  var variablePairs: [(String, String)] {
    guard case .mapping(let pairs) = content else { return [] }
    // By index: iterating would copy every pair (both nodes) first.
    var out: [(String, String)] = []
    out.reserveCapacity(pairs.count)
    for index in pairs.indices {
      guard let name = pairs[index].key.keyName else { continue }
      let text = pairs[index].value.isMapping ? pairs[index].value["value"]?.text : pairs[index].value.text
      out.append((name, text ?? ""))
    }
    return out
  }

  /// The `file:line:col` of this node.
  var location: SourceLocation { mark.location }
}

/// Variable maps in YAML files.
enum YAMLVariables {
  static func load(_ text: String) throws -> [String: String] {
    let (root, _) = try YAMLLoader.load(Array(text.utf8), file: SourceFile(path: "variables"))
    guard let root else { return [:] }
    let map = root["variables"] ?? root
    var out: [String: String] = [:]
    for (k, v) in map.variablePairs { out[k] = v }
    return out
  }
}

/// Diagnostic codes of pipeline simulation.
public enum PipelineCode {
  /// `Pipeline filtered out by workflow rules.`
  public static let workflowFiltered: DiagnosticCode = "PLN001"
  /// `Pipeline will not run for the selected trigger. …` (no job was added).
  public static let emptyPipeline: DiagnosticCode = "PLN002"
  /// A need on a job that is not in the pipeline (seeding error).
  public static let missingNeed: DiagnosticCode = "PLN003"
  /// An invalid `rules:if` / `only:variables` expression: GitLab rejects the configuration.
  public static let invalidExpression: DiagnosticCode = "PLN004"
  /// A job's stage is not declared in `stages:`.
  public static let unknownStage: DiagnosticCode = "PLN005"
  /// A local child pipeline (`trigger:include`) could not be simulated.
  public static let childPipeline: DiagnosticCode = "PLN006"
  /// `rules:changes:compare_to` could not be resolved offline; treated as changed.
  public static let compareTo: DiagnosticCode = "PLN007"
  /// Too many needs for one job.
  public static let needsLimit: DiagnosticCode = "PLN008"
  /// `rules:exists:project`/`ref` names no project or ref GitLab would find, or a project Slipway
  /// cannot read offline.
  public static let existsProject: DiagnosticCode = "PLN009"
}
