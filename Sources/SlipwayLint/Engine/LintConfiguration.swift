import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// The `lint:` section of `.slipway.yml`:
///
/// ```yaml
/// lint:
///   enable: [job-when-outside-rules]     # opt-in rules
///   disable: [unpinned-image]
///   severity: {undefined-variable: error}
///   required_variables: [DEPLOY_TOKEN]   # CI/CD variables provided in GitLab's settings
///   variables_files: [group-vars.yml]    # besides the top-level variables_files
///   shell: bash                          # ShellCheck dialect when the image does not tell
///   overrides:
///     - files: ["legacy/*.yml"]
///       disable: [secret-echo]
///       severity: {undefined-variable: info}
/// ```
public struct LintConfiguration: Sendable {
  /// A per-path change of rule settings.
  public struct Override: Sendable {
    public var patterns: [String]
    public var disabled: Set<String>
    public var severities: [String: Severity]
    public init(patterns: [String], disabled: Set<String> = [], severities: [String: Severity] = [:]) {
      self.patterns = patterns
      self.disabled = disabled
      self.severities = severities
    }
  }

  public var enabled: Set<String> = []
  public var disabled: Set<String> = []
  public var severities: [String: Severity] = [:]
  public var overrides: [Override] = []
  /// CI/CD variables declared as provided from outside (project, group or instance settings).
  public var requiredVariables: Set<String> = []
  /// Variables known offline: `.slipway.yml` `variables:` and the names in variables files.
  public var knownVariables: Set<String> = []
  /// `sh` or `bash`, for ShellCheck when the image does not say (runners prefer bash).
  public var shell = "bash"

  public init() {}

  /// Reads the `lint:` section and the variables files it (or the project settings) names.
  public static func load(
    settings: ProjectSettings, root: String, fileSystem: FileSystem = LocalFileSystem()
  ) -> (LintConfiguration, [Diagnostic]) {
    var config = LintConfiguration()
    var diagnostics: [Diagnostic] = []
    config.knownVariables = Set(settings.variables.keys)
    var files = settings.variablesFiles
    if let lint = settings.raw?["lint"] {
      config.apply(lint, &diagnostics)
      files += lint["variables_files"]?.stringList ?? []
    }
    for file in files {
      let path = root == "." || file.hasPrefix("/") ? file : root + "/" + file
      guard let bytes = fileSystem.contents(atPath: path) else {
        diagnostics.append(.warning(LintCode.configuration, "variables file \(file) does not exist", at: nil))
        continue
      }
      do {
        let node = try YAMLLoader.load(bytes, file: SourceFile(path: file)).root
        let mapping = node?["variables"] ?? node
        config.knownVariables.formUnion((mapping?.mapping ?? []).compactMap(\.key.keyName))
      } catch {
        diagnostics.append(error.diagnostic)
      }
    }
    return (config, diagnostics)
  }

  mutating func apply(_ lint: YAMLNode, _ diagnostics: inout [Diagnostic]) {
    enabled.formUnion(lint["enable"]?.stringList ?? [])
    disabled.formUnion(lint["disable"]?.stringList ?? [])
    severities.merge(Self.severityMap(lint["severity"], &diagnostics)) { _, new in new }
    requiredVariables.formUnion(lint["required_variables"]?.stringList ?? [])
    if let shell = lint["shell"]?.string { self.shell = shell }
    for item in lint["overrides"]?.sequence ?? [] {
      overrides.append(Override(
        patterns: item["files"]?.stringList ?? [], disabled: Set(item["disable"]?.stringList ?? []),
        severities: Self.severityMap(item["severity"], &diagnostics)))
    }
  }

  static func severityMap(_ node: YAMLNode?, _ diagnostics: inout [Diagnostic]) -> [String: Severity] {
    var map: [String: Severity] = [:]
    for pair in node?.mapping ?? [] {
      guard let id = pair.key.keyName else { continue }
      if let severity = Severity(rawValue: pair.value.rubyText) {
        map[id] = severity
      } else if pair.value.rubyText == "off" {
        map[id] = nil
      } else {
        diagnostics.append(.warning(
          LintCode.configuration, "lint severity for \(id) should be error, warning or info", at: pair.value.mark.location))
      }
    }
    return map
  }

  /// Whether `rule` runs at all (before per-path overrides).
  public func isEnabled(_ rule: RuleDescription) -> Bool {
    if disabled.contains(rule.id) { return false }
    return rule.enabledByDefault || enabled.contains(rule.id)
  }

  /// The severity of a finding of `id` in `file`, or nil when an override disables it there.
  public func severity(for id: String, default fallback: Severity, file: String?) -> Severity? {
    var severity = severities[id] ?? fallback
    for override in overrides where file.map({ f in override.patterns.contains { Self.matches($0, f) } }) ?? false {
      if override.disabled.contains(id) { return nil }
      if let changed = override.severities[id] { severity = changed }
    }
    return severity
  }

  /// Shell-style glob match (`*`, `?`, `**`), via `fnmatch`.
  static func matches(_ pattern: String, _ path: String) -> Bool {
    let flags: Int32 = pattern.contains("**") ? 0 : FNM_PATHNAME
    return fnmatch(pattern, path, flags) == 0
  }
}

/// Codes of the lint engine itself.
public enum LintCode {
  /// A problem in the `lint:` section of `.slipway.yml`.
  public static let configuration: DiagnosticCode = "LNT001"
}
