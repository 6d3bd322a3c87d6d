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

extension GitLabCode {
  /// One line per code, for reporters (SARIF rule descriptions) and documentation.
  public static let summaries: [String: String] = [
    "GL001": "Unknown keyword in a GitLab CI entry", "GL002": "A keyword value has the wrong type",
    "GL003": "A keyword value is not one of the allowed values", "GL004": "Keywords that cannot be used together",
    "GL005": "Invalid or too long duration", "GL006": "A GitLab limit is exceeded",
    "GL007": "A required keyword or value is missing", "GL008": "rules:if is not a valid expression",
    "GL009": "A value has an invalid form", "GL010": "The job's stage does not exist",
    "GL011": "A need or dependency names a job that does not exist", "GL012": "A need or dependency is in a later stage",
    "GL013": "The same job is needed twice", "GL014": "needs form a cycle", "GL015": "Too many needs",
    "GL016": "environment:on_stop problem", "GL017": "A job or need name is too long",
    "GL018": "A hidden key is empty", "GL019": "rules:when without workflow:rules may run duplicate pipelines",
    "GL020": "A dependency is not part of needs",
  ]
}
