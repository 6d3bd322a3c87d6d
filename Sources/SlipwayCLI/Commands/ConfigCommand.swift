import ArgumentParser
import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// `slipway config`: print the configuration GitLab would see.
struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Compile a .gitlab-ci.yml offline and print the merged configuration.",
    discussion: """
      Resolves include (local, project, remote, template, component), spec:inputs, extends and
      !reference exactly as GitLab does, and prints GitLab's merged_yaml. Includes of other projects,
      remote files and GitLab templates are read offline as configured in .slipway.yml.
      """)

  enum Format: String, ExpressibleByArgument { case yaml, json }

  @Argument(help: "The CI file (default: .gitlab-ci.yml).")
  var file: String = ".gitlab-ci.yml"

  @Option(help: "Output format: yaml or json.")
  var format: Format = .yaml

  @Flag(help: "Annotate every value with the file:line it came from.")
  var provenance = false

  @Flag(help: "Print every visible job fully normalised, as GitLab's job entries see it.")
  var jobs = false

  @Flag(help: "Compile and report diagnostics only; print no configuration.")
  var quiet = false

  @Option(name: .customLong("project-root"), help: "Project root (default: the file's folder).")
  var projectRoot: String?

  @Option(name: .customLong("var"), help: "A variable known to includes, NAME=VALUE (repeatable).")
  var variables: [String] = []

  @Option(name: .customLong("input"), help: "A pipeline input for the file's spec:inputs, NAME=VALUE (YAML-typed; repeatable).")
  var inputs: [String] = []

  @Option(help: "Colour: auto, always or never.")
  var color: ColorChoice = .auto

  func run() throws {
    guard LocalFileSystem().contents(atPath: file) != nil else {
      throw CommandFailure("slipway: cannot read \(file): no such file")
    }
    let project = ProjectLoader(file: file, projectRoot: projectRoot)
    let result = project.compiler(variables: try parseVariables(variables))
      .compile(path: project.mainPath, inputs: try parseInputs(inputs))
    var diagnostics = project.diagnostics + result.diagnostics
    var document: String?
    if let merged = result.merged, !quiet || jobs {
      if jobs {
        let normalized = JobNormalizer.normalize(merged)
        diagnostics += normalized.diagnostics
        let members = normalized.jobs.map { ($0.name, $0.node.json) }
        document = JSONValue.object([("jobs", .object(members))]).rendered(pretty: true) + "\n"
      } else if format == .json {
        let value: JSONValue = provenance ? .object([("config", merged.json), ("provenance", merged.provenance)]) : merged.json
        document = value.rendered(pretty: true) + "\n"
      } else {
        document = YAMLEmitter(provenance: provenance).emit(merged)
      }
    }
    let sorted = DiagnosticSink.sortedUnique(diagnostics)
    if !sorted.isEmpty {
      var options = GlobalOptions()
      options.color = color
      let renderer = DiagnosticRenderer(useColor: options.useColorOnStderr, source: project.sourceLookup(result))
      Output.err(renderer.text(sorted))
    }
    let hasErrors = sorted.contains { $0.severity == .error }
    if let document, !hasErrors { Output.out(document) }
    // The process ends right after: letting the OS reclaim a large tree beats freeing it node by node.
    ProcessLifetime.keep(result)
    if hasErrors { throw ExitStatus.findings.exitCode }
  }
}

/// `NAME=VALUE` pipeline inputs; the value is read as YAML so `3`, `true` and `[a, b]` keep their types.
func parseInputs(_ items: [String]) throws -> [YAMLPair] {
  try items.map { item in
    guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
      throw ValidationError("--input expects NAME=VALUE, got `\(item)`")
    }
    let file = SourceFile(path: "--input")
    let name = String(item[..<eq])
    let text = String(item[item.index(after: eq)...])
    let value = (try? YAMLLoader.load(Array(("v: " + text).utf8), file: file).root?["v"]) ?? nil
    let mark = Mark(file: file, line: 1, column: 1)
    return YAMLPair(
      key: YAMLNode(.scalar(.string(name)), mark: mark),
      value: value ?? YAMLNode(.scalar(.string(text)), mark: mark))
  }
}

/// `NAME=VALUE` pairs from repeated `--var` options.
func parseVariables(_ items: [String]) throws -> [String: String] {
  var result: [String: String] = [:]
  for item in items {
    guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
      throw ValidationError("--var expects NAME=VALUE, got `\(item)`")
    }
    result[String(item[..<eq])] = String(item[item.index(after: eq)...])
  }
  return result
}
