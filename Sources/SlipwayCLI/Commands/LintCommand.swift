import ArgumentParser
import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint

/// Output formats of `slipway lint`.
enum LintFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, codequality, sarif, junit
}

/// `slipway lint`: compile, validate as GitLab does, run Slipway's rules, and report.
struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check .gitlab-ci.yml files offline and report every finding with its location.",
    discussion: """
      Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage or I/O problems.
      Rules are configured in .slipway.yml (lint: enable/disable/severity/overrides/required_variables);
      suppress one finding with `# slipway: ignore[RULE-ID]` on its line or the line above.
      """)

  @Option(name: .long, help: "Output format: text, json, codequality, sarif or junit.")
  var format: LintFormat = .text

  @Option(name: .long, help: "Colour: auto, always or never.")
  var color: ColorChoice = .auto

  @Flag(name: .long, help: "Treat warnings as errors (exit 1 when there are any).")
  var strict = false

  @Option(name: .customLong("disable"), help: "Disable a rule for this run (repeatable), e.g. --disable shellcheck.")
  var disabledRules: [String] = []

  @Option(name: .long, help: "Project root (default: the folder of each file).")
  var projectRoot: String?

  @Flag(name: .long, help: "List, per job, the variables that must be provided from outside.")
  var requiredVars = false

  @Flag(name: .long, help: "List Slipway's rules and exit.")
  var listRules = false

  @Option(name: .long, help: "Write the rules' documentation (ID.md and README.md) into DIR and exit.")
  var ruleDocs: String?

  @Option(name: .long, help: "Lint every preset (*.yml) in DIR, each combined with the --with files.")
  var presets: String?

  @Option(name: .customLong("with"), parsing: .upToNextOption, help: "Shared files to combine with each preset.")
  var withFiles: [String] = []

  @Argument(help: "Files to lint (default: .gitlab-ci.yml).")
  var files: [String] = []

  func run() throws {
    if listRules { return printRules() }
    if let ruleDocs { return try writeRuleDocs(ruleDocs) }
    let targets = try presets.map { try lintPresets($0) } ?? lintFiles()
    if requiredVars { return printRequiredVariables(targets) }
    render(targets.map { LintTarget(name: $0.name, diagnostics: $0.report.diagnostics) }, sources: targets)
    let all = targets.flatMap(\.report.diagnostics)
    // The process ends right after: letting the OS reclaim the trees beats freeing them node by node.
    ProcessLifetime.keep(targets)
    if all.contains(where: { $0.severity == .error || (strict && $0.severity == .warning) }) {
      throw ExitStatus.findings.exitCode
    }
  }

  struct Linted {
    var name: String
    var report: LintReport
    var lookup: (String) -> [UInt8]?
  }

  private func lintFiles() throws -> [Linted] {
    try (files.isEmpty ? [".gitlab-ci.yml"] : files).map { path in
      guard FileManager.default.fileExists(atPath: path) else {
        throw CommandFailure("slipway: cannot read \(path): no such file")
      }
      let loader = ProjectLoader(file: path, projectRoot: projectRoot)
      let result = loader.compiler().compile(path: loader.mainPath)
      ProcessLifetime.keep(result)
      return Linted(name: path, report: lint(result, loader), lookup: loader.sourceLookup(result))
    }
  }

  /// Each preset with the shared files, compiled as one pipeline (a synthetic main file that
  /// includes them all, as a project's `.gitlab-ci.yml` would).
  private func lintPresets(_ directory: String) throws -> [Linted] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw CommandFailure("slipway: cannot read preset folder \(directory)")
    }
    let presetFiles = names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
    let root = projectRoot ?? "."
    let loader = ProjectLoader(file: root + "/.gitlab-ci.yml", projectRoot: root)
    return presetFiles.map { name in
      let preset = relative(directory + "/" + name, to: root)
      let shared = withFiles.map { relative($0, to: root) }
      let text = "include:\n" + ([preset] + shared).map { "  - local: '\($0)'\n" }.joined()
      let display = ([preset] + shared).joined(separator: " + ")
      let result = loader.compiler().compile(bytes: Array(text.utf8), displayPath: display)
      return Linted(name: display, report: lint(result, loader), lookup: loader.sourceLookup(result))
    }
  }

  private func relative(_ path: String, to root: String) -> String {
    let full = URL(fileURLWithPath: path).standardizedFileURL.path
    let base = URL(fileURLWithPath: root).standardizedFileURL.path
    return full.hasPrefix(base + "/") ? String(full.dropFirst(base.count + 1)) : path
  }

  private func lint(_ result: CompileResult, _ loader: ProjectLoader) -> LintReport {
    var (configuration, configDiagnostics) = LintConfiguration.load(settings: loader.settings, root: loader.root)
    configuration.disabled.formUnion(disabledRules)
    var report = Linter(
      configuration: configuration, processRunner: SystemProcessRunner(), collectRequiredVariables: requiredVars
    ).lint(result)
    report.diagnostics = (loader.diagnostics + configDiagnostics + report.diagnostics)
    return report
  }

  private func render(_ targets: [LintTarget], sources: [Linted]) {
    switch format {
    case .text:
      let useColor = color == .always || (color == .auto && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
      for (target, linted) in zip(targets, sources) {
        if targets.count > 1 { Output.out("== \(target.name)\n") }
        Output.out(DiagnosticRenderer(useColor: useColor, source: linted.lookup).text(target.diagnostics))
      }
    case .json:
      if targets.count == 1 {
        Output.outBytes(DiagnosticRenderer.prettyJSONBytes(targets[0].diagnostics) + [0x0A])
      } else {
        let items = targets.map { DiagnosticRenderer.jsonDocument($0.diagnostics, extra: [("target", .string($0.name))]) }
        Output.out(JSONValue.object([("targets", .array(items))]).rendered(pretty: true) + "\n")
      }
    case .codequality: Output.out(CodeQualityReporter.render(targets))
    case .sarif: Output.out(SARIFReporter.render(targets, version: SlipwayVersion.current))
    case .junit: Output.out(JUnitReporter.render(targets))
    }
  }

  private func printRequiredVariables(_ targets: [Linted]) {
    for target in targets {
      if targets.count > 1 { Output.out("== \(target.name)\n") }
      if target.report.requiredVariables.isEmpty { Output.out("no job reads undefined variables\n") }
      for entry in target.report.requiredVariables {
        Output.out("\(entry.job): \(entry.variables.joined(separator: ", "))\n")
      }
    }
  }

  private func printRules() {
    for rule in RuleRegistry.all.map(\.description) {
      let state = rule.enabledByDefault ? rule.defaultSeverity.rawValue : "off"
      Output.out("\(rule.id) [\(state)]: \(rule.summary)\n")
    }
  }

  private func writeRuleDocs(_ directory: String) throws {
    let descriptions = RuleRegistry.all.map(\.description)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for rule in descriptions {
        try RuleDocs.markdown(rule).write(toFile: "\(directory)/\(rule.id).md", atomically: true, encoding: .utf8)
      }
      try RuleDocs.index(descriptions).write(toFile: "\(directory)/README.md", atomically: true, encoding: .utf8)
    } catch {
      throw CommandFailure("slipway: cannot write rule docs to \(directory): \(error.localizedDescription)")
    }
    Output.err("wrote \(descriptions.count) rule pages to \(directory)\n")
  }
}
