import SlipwayCore

/// Diagnostic codes of GitLab's own validation (documented in docs/diagnostics-lint.md).
/// Messages reproduce GitLab's wording; the code groups them by kind.
public enum GitLabCode {
  /// `config contains unknown keys: …`
  public static let unknownKeys: DiagnosticCode = "GL001"
  /// A value of the wrong type (`should be a string`, `should be a hash`, …).
  public static let wrongType: DiagnosticCode = "GL002"
  /// A value outside the allowed set (`when`, `policy`, `action`, …).
  public static let invalidValue: DiagnosticCode = "GL003"
  /// Keys that cannot be combined (`rules` with `only`, `script` with `trigger`, …).
  public static let exclusiveKeys: DiagnosticCode = "GL004"
  /// A malformed or too long duration (`timeout`, `expire_in`, `start_in`).
  public static let duration: DiagnosticCode = "GL005"
  /// A size limit (`parallel`, `parallel:matrix`, caches, `rules:changes` patterns, …).
  public static let limit: DiagnosticCode = "GL006"
  /// A required key or value is missing (`start_in` with `delayed`, `environment:name`, …).
  public static let missing: DiagnosticCode = "GL007"
  /// `rules:if` that is not a valid expression.
  public static let expression: DiagnosticCode = "GL008"
  /// A value with the right type but an invalid form (cache key with `/`, variable names, …).
  public static let invalidFormat: DiagnosticCode = "GL009"
  /// `chosen stage X does not exist`.
  public static let undefinedStage: DiagnosticCode = "GL010"
  /// `undefined need` / `undefined dependency`.
  public static let undefinedJob: DiagnosticCode = "GL011"
  /// A need or dependency in a later stage.
  public static let laterStage: DiagnosticCode = "GL012"
  /// `has the following needs duplicated`.
  public static let duplicateNeeds: DiagnosticCode = "GL013"
  /// `The pipeline has circular dependencies`.
  public static let cycle: DiagnosticCode = "GL014"
  /// More needs than GitLab allows (50 on GitLab.com).
  public static let needsLimit: DiagnosticCode = "GL015"
  /// `environment:on_stop` problems.
  public static let onStop: DiagnosticCode = "GL016"
  /// Job or need names that are too long.
  public static let nameLength: DiagnosticCode = "GL017"
  /// A hidden key with an empty value.
  public static let emptyHidden: DiagnosticCode = "GL018"
  /// Warning: last `rules:when` without `workflow:rules`.
  public static let multiplePipelines: DiagnosticCode = "GL019"
  /// `dependencies` naming a job that is not in `needs`.
  public static let dependencyNotNeeded: DiagnosticCode = "GL020"
}
