import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayRelease

/// `slipway version`: semantic versions from git history, release tags and environment marks.
struct VersionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "version",
    abstract: "Compute the next semantic version, create release tags, mark environments.",
    subcommands: [VersionNextCommand.self, VersionTagCommand.self, VersionMarkCommand.self],
    defaultSubcommand: VersionNextCommand.self)
}

/// Output formats of `slipway version` (dotenv for `artifacts:reports:dotenv`).
enum VersionOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case text, json, dotenv
}

/// Options shared by `version next`, `tag` and `mark`; flags override `.slipway.yml`.
struct VersionOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text, json or dotenv.")
  var format: VersionOutputFormat = .text

  @Option(name: .long, help: "Colour: auto, always or never.")
  var color: ColorChoice = .auto

  @Option(name: [.customShort("C"), .long], help: "Repository directory (default: current directory).")
  var directory: String = "."

  @Option(name: .long, help: "Configuration file with a version: section.")
  var config: String = ".slipway.yml"

  @Option(name: .long, help: "merge-branch, conventional or auto.")
  var strategy: VersionStrategy?

  @Option(name: .customLong("tag-prefix"), help: "Text before the version in tags (v, payments/v, or '').")
  var tagPrefix: String?

  @Option(name: .customLong("path"), help: "Only commits touching this path count (repeatable).")
  var paths: [String] = []

  @Option(name: .customLong("initial-version"), help: "Version when no tag exists yet (default 1.0.0).")
  var initialVersion: String?

  @Option(name: .long, help: "The branch being built (default: CI_COMMIT_BRANCH, then git).")
  var branch: String?

  @Option(
    name: .customLong("default-branch"), help: "The release branch (default: CI_DEFAULT_BRANCH, main/master)."
  )
  var defaultBranch: String?

  @Option(name: .customLong("preview-format"), help: "Preview template, e.g. '{version}-rc.{pipeline}'.")
  var previewFormat: String?

  @Option(name: .long, help: "Remote to fetch from and push to (default origin).")
  var remote: String?

  @Option(
    name: .customLong("token-env"),
    help: "Environment variable holding the push token (default SLIPWAY_GIT_TOKEN).")
  var tokenEnv: String?

  @Flag(name: .customLong("no-fetch"), help: "Never fetch; fail on shallow clones instead of deepening.")
  var noFetch = false

  /// Configuration file, then flags; CI variables for the branch context.
  func resolve() -> (VersionConfiguration, BranchContext, GitCredentials?, [Diagnostic]) {
    var configuration = VersionConfiguration()
    let file = config.hasPrefix("/") ? config : directory + "/" + config
    var diagnostics = VersionConfigurationLoader.load(path: file, into: &configuration)
    if let strategy { configuration.strategy = strategy }
    if let tagPrefix { configuration.tagPrefix = tagPrefix }
    if !paths.isEmpty { configuration.paths = paths }
    if let initialVersion {
      if let version = SemanticVersion(initialVersion) {
        configuration.initialVersion = version
      } else {
        diagnostics.append(
          .error(
            ReleaseCode.invalidConfiguration, "--initial-version \(initialVersion) is not a semantic version")
        )
      }
    }
    if let defaultBranch { configuration.defaultBranch = defaultBranch }
    if let previewFormat { configuration.previewFormat = previewFormat }
    if let remote { configuration.remote = remote }
    if let tokenEnv { configuration.tokenVariable = tokenEnv }
    if noFetch { configuration.allowFetch = false }
    let environment = ProcessInfo.processInfo.environment
    var context = BranchContext.fromEnvironment(environment)
    if let branch { context.branch = branch }
    if let defaultBranch { context.defaultBranch = defaultBranch }
    let credentials = GitCredentials.fromEnvironment(
      variable: configuration.tokenVariable, user: environment["SLIPWAY_GIT_USER"] ?? configuration.tokenUser)
    return (configuration, context, credentials, diagnostics)
  }

  var useColor: Bool {
    var global = GlobalOptions()
    global.color = color
    return global.useColor
  }

  /// Diagnostics go to stderr in text and dotenv output, so stdout stays machine-readable.
  func report(_ diagnostics: [Diagnostic]) {
    guard !diagnostics.isEmpty, format != .json else { return }
    let renderer = DiagnosticRenderer(useColor: useColor && isatty(STDERR_FILENO) == 1)
    Output.err(diagnostics.map { renderer.text($0) }.joined())
  }

  func finish(_ diagnostics: [Diagnostic]) throws {
    if diagnostics.contains(where: { $0.severity == .error }) { throw ExitStatus.findings.exitCode }
  }
}

extension VersionStrategy: ExpressibleByArgument {}

/// `slipway version next`: the current version, the bump, the reason.
struct VersionNextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "next",
    abstract: "Print the current and next version, the bump and why (text, json or dotenv).")

  @OptionGroup var options: VersionOptions

  func run() throws {
    let (configuration, context, credentials, configDiagnostics) = options.resolve()
    if configDiagnostics.contains(where: { $0.severity == .error }) {
      options.report(configDiagnostics)
      throw ExitStatus.usage.exitCode
    }
    let outcome = VersionPlanner(
      directory: options.directory, configuration: configuration, context: context, credentials: credentials
    ).plan()
    let diagnostics = configDiagnostics + outcome.diagnostics
    switch options.format {
    case .json:
      Output.out(
        VersionJSON.document(plan: outcome.value, diagnostics: diagnostics).rendered(pretty: true) + "\n")
    case .dotenv:
      options.report(diagnostics)
      if let plan = outcome.value { Output.out(plan.dotenv) }
    case .text:
      if let plan = outcome.value { Output.out(VersionText.plan(plan)) }
      options.report(diagnostics)
    }
    try options.finish(diagnostics)
  }
}

/// JSON documents of the version commands.
enum VersionJSON {
  static func document(plan: VersionPlan?, diagnostics: [Diagnostic]) -> JSONValue {
    var extra: [(String, JSONValue)] = []
    if let plan {
      extra = [
        ("current", plan.current.map { .string($0.description) } ?? .null),
        ("next", plan.next.map { .string($0.description) } ?? .null),
        ("bump", plan.bump.map { .string($0.rawValue) } ?? .null),
        ("tag", plan.tag.map { .string($0) } ?? .null),
        ("reason", .string(plan.reason)),
        ("current_tag", plan.currentTag.map { .string($0) } ?? .null),
        ("commits", .int(plan.commits)),
        ("strategy", plan.strategy.map { .string($0.rawValue) } ?? .null),
        ("preview", .bool(plan.preview)),
        ("head_tagged", .bool(plan.headTagged)),
        ("head", .string(plan.head)),
        ("fetched", .array(plan.fetched.map { .string($0) })),
      ]
    }
    return DiagnosticRenderer.jsonDocument(diagnostics, extra: extra)
  }

  static func document(result: TagResult?, diagnostics: [Diagnostic]) -> JSONValue {
    var extra: [(String, JSONValue)] = []
    if let result {
      extra = [
        ("tag", .string(result.tag)), ("commit", .string(result.commit)), ("changed", .bool(result.changed)),
        ("pushed", .bool(result.pushed)), ("summary", .string(result.summary)),
      ]
    }
    return DiagnosticRenderer.jsonDocument(diagnostics, extra: extra)
  }
}

/// Human-readable text of the version commands.
enum VersionText {
  static func plan(_ plan: VersionPlan) -> String {
    let current = plan.currentTag ?? "none"
    var out = "current: \(current)\n"
    if let next = plan.next {
      out += "next:    \(plan.tag ?? next.description)\(plan.bump.map { " (\($0.rawValue))" } ?? "")"
      out += plan.preview ? " [preview]\n" : "\n"
    } else {
      out += "next:    none\n"
    }
    out += "reason:  \(plan.reason)\n"
    for fetch in plan.fetched { out += "fetched: \(fetch)\n" }
    return out
  }
}
