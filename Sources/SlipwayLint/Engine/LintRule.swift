import SlipwayCore
import SlipwayYAML

/// One example for a rule: files (the first is the main `.gitlab-ci.yml`) and, for triggering
/// examples, how many findings the rule reports. Examples are the rule's tests and documentation.
public struct RuleExample: Sendable {
  public var files: [(path: String, text: String)]
  public var findings: Int
  /// `lint:` settings needed for the example (e.g. to enable an opt-in rule), as YAML.
  public var settings: String?

  public init(_ text: String, findings: Int = 0, extraFiles: [(path: String, text: String)] = [], settings: String? = nil) {
    self.files = [(".gitlab-ci.yml", text)] + extraFiles
    self.findings = findings
    self.settings = settings
  }

  public var main: String { files[0].text }
}

/// What a Slipway rule is and why it exists; generated into `docs/rules/ID.md`.
public struct RuleDescription: Sendable {
  public var id: String
  public var summary: String
  public var rationale: String
  public var defaultSeverity: Severity
  public var enabledByDefault: Bool
  public var triggering: [RuleExample]
  public var clean: [RuleExample]

  public init(
    id: String, summary: String, rationale: String, defaultSeverity: Severity, enabledByDefault: Bool = true,
    triggering: [RuleExample], clean: [RuleExample]
  ) {
    self.id = id
    self.summary = summary
    self.rationale = rationale
    self.defaultSeverity = defaultSeverity
    self.enabledByDefault = enabledByDefault
    self.triggering = triggering
    self.clean = clean
  }
}

/// A finding before severity and suppression are applied.
public struct LintFinding: Sendable {
  public var message: String
  public var location: SourceLocation?
  public var help: String?
  public var notes: [Diagnostic.Note]

  public init(_ message: String, at location: SourceLocation?, help: String? = nil, notes: [Diagnostic.Note] = []) {
    self.message = message
    self.location = location
    self.help = help
    self.notes = notes
  }
}

/// A Slipway lint rule: a small type with a description and a check over the compiled pipeline.
public protocol LintRule: Sendable {
  var description: RuleDescription { get }
  func check(_ context: LintContext) -> [LintFinding]
}
