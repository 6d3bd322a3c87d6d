import SlipwayYAML

/// What the compiler knows of the pipeline it compiles for: variables usable in `include` and
/// `include:rules`, changed files, and the GitLab instance's host (for components).
public struct CompileContext: Sendable {
  /// Project, group and instance variables plus the predefined pre-pipeline variables.
  public var variables: [String: String]
  /// Files changed by the push or merge request; nil when unknown (then `changes` is true, as GitLab
  /// treats pipelines without a push event).
  public var changedFiles: [String]?
  /// `CI_SERVER_FQDN`.
  public var serverHost: String

  public init(variables: [String: String], changedFiles: [String]? = nil, serverHost: String = "gitlab.com") {
    self.variables = variables
    self.changedFiles = changedFiles
    self.serverHost = serverHost
  }

  /// Variables GitLab lets `include` see.
  var includeVariables: [String: String] { variables }

  /// A push to the default branch of `projectPath`: the context Slipway assumes unless told otherwise.
  public static func defaultPush(
    projectPath: String = "group/project", defaultBranch: String = "main", serverHost: String = "gitlab.com",
    extra: [String: String] = [:]
  ) -> CompileContext {
    let parts = projectPath.split(separator: "/")
    var vars: [String: String] = [
      "CI": "true", "GITLAB_CI": "true",
      "CI_PIPELINE_SOURCE": "push",
      "CI_DEFAULT_BRANCH": defaultBranch,
      "CI_COMMIT_BRANCH": defaultBranch,
      "CI_COMMIT_REF_NAME": defaultBranch,
      "CI_COMMIT_REF_SLUG": defaultBranch.lowercased(),
      "CI_COMMIT_REF_PROTECTED": "true",
      "CI_PROJECT_PATH": projectPath,
      "CI_PROJECT_NAME": parts.last.map(String.init) ?? projectPath,
      "CI_PROJECT_NAMESPACE": parts.dropLast().joined(separator: "/"),
      "CI_PROJECT_ROOT_NAMESPACE": parts.first.map(String.init) ?? projectPath,
      "CI_SERVER_FQDN": serverHost,
      "CI_SERVER_HOST": serverHost,
      "CI_SERVER_URL": "https://\(serverHost)",
      "CI_PROJECT_URL": "https://\(serverHost)/\(projectPath)",
    ]
    vars.merge(extra) { _, new in new }
    return CompileContext(variables: vars, changedFiles: nil, serverHost: serverHost)
  }
}

/// Evaluates a `rules:if` expression: `.success(truthy)`, or `.failure` for invalid syntax.
public typealias ExpressionEvaluator = @Sendable (_ expression: String, _ variables: [String: String]) -> Result<Bool, ExpressionFailure>

/// An invalid `rules:if` expression.
public struct ExpressionFailure: Error, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
}

/// Tunable parts of a compile.
public struct CompilerOptions: Sendable {
  public var yaml: YAMLLoadOptions
  public var expressionEvaluator: ExpressionEvaluator
  public var regexMatcher: RegexMatcher
  /// `ci_max_total_yaml_size_bytes` default (150 × `max_yaml_size_bytes`).
  public var maxTotalBytes: Int
  /// GitLab gives the whole resolution 30 s (`Gitlab::Ci::Config::TIMEOUT_SECONDS`).
  public var timeout: Double = 30

  public init(
    yaml: YAMLLoadOptions = .gitlab, expressionEvaluator: @escaping ExpressionEvaluator,
    regexMatcher: @escaping RegexMatcher, maxTotalBytes: Int = 150 * YAMLLimits.maxYAMLSizeBytes
  ) {
    self.yaml = yaml
    self.expressionEvaluator = expressionEvaluator
    self.regexMatcher = regexMatcher
    self.maxTotalBytes = maxTotalBytes
  }
}
