import ArgumentParser
import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayPipeline

/// Options shared by `plan`, `explain` and `graph`: the CI file and the pipeline context.
struct PipelineOptions: ParsableArguments {
  @Option(name: .customLong("file"), help: "The CI file (default: .gitlab-ci.yml).")
  var file: String = ".gitlab-ci.yml"

  @Option(help: "The pipeline: push:BRANCH, tag:TAG, mr:SOURCE->TARGET, schedule:BRANCH, web:, api:, trigger:, pipeline:, parent_pipeline:, chat:… (default: push to the default branch).")
  var context: String?

  @Option(help: "Override the pipeline source (CI_PIPELINE_SOURCE).")
  var source: String?

  @Option(name: .customLong("mr-label"), help: "A merge request label (repeatable).")
  var mrLabels: [String] = []

  @Flag(name: .customLong("mr-draft"), help: "The merge request is a draft.")
  var mrDraft = false

  @Option(name: .customLong("mr-iid"), help: "The merge request IID.")
  var mrIID: Int?

  @Option(name: .customLong("mr-event-type"), help: "detached, merged_result or merge_train.")
  var mrEventType: String?

  @Option(name: .customLong("open-mr"), help: "The IID of an open merge request from the branch (repeatable): sets CI_OPEN_MERGE_REQUESTS in branch pipelines.")
  var openMergeRequests: [Int] = []

  @Option(name: .customLong("changed"), help: "A changed file (repeatable); default: from git.")
  var changed: [String] = []

  @Option(name: .customLong("var"), help: "A project or pipeline variable, NAME=VALUE (repeatable).")
  var variables: [String] = []

  @Option(name: .customLong("var-file"), help: "A variables file: YAML (`variables:` map) or dotenv (repeatable).")
  var variableFiles: [String] = []

  @Option(name: .customLong("default-branch"), help: "The project's default branch (default: .slipway.yml, else main).")
  var defaultBranch: String?

  @Option(name: .customLong("project-root"), help: "Project root (default: the file's folder).")
  var projectRoot: String?

  @Flag(name: .customLong("no-git"), help: "Do not read commit facts or changed files from git.")
  var noGit = false

  @Option(help: "Colour of diagnostics: auto, always or never.")
  var color: ColorChoice = .auto

  /// The simulator for the file, and the project identity from `.slipway.yml`.
  func simulator() throws -> (PipelineSimulator, ProjectIdentity, root: String, [Diagnostic]) {
    guard LocalFileSystem().contents(atPath: file) != nil else {
      throw CommandFailure("slipway: cannot read \(file): no such file")
    }
    let url = URL(fileURLWithPath: file)
    let root = projectRoot ?? (file.contains("/") ? url.deletingLastPathComponent().path : ".")
    var mainPath = url.lastPathComponent
    if let projectRoot {
      let rootPath = URL(fileURLWithPath: projectRoot).standardizedFileURL.path
      let full = url.standardizedFileURL.path
      mainPath = full.hasPrefix(rootPath + "/") ? String(full.dropFirst(rootPath.count + 1)) : file
    }
    let (settings, diagnostics) = ProjectSettings.load(root: root)
    let project = ProjectIdentity(
      path: settings.projectPath, defaultBranch: defaultBranch ?? settings.defaultBranch, serverHost: settings.serverHost)
    let simulator = PipelineSimulator(source: OfflineIncludeSource(root: root, settings: settings), mainPath: mainPath)
    return (simulator, project, root, diagnostics)
  }

  /// Project variables (.slipway.yml, its variables_files), then --var-file, then --var.
  func baseVariables(root: String) throws -> [String: String] {
    let (settings, _) = ProjectSettings.load(root: root)
    var result = settings.variables
    let files = settings.variablesFiles.map { root == "." || $0.hasPrefix("/") ? $0 : root + "/" + $0 } + variableFiles
    for path in files {
      guard let bytes = LocalFileSystem().contents(atPath: path) else {
        throw CommandFailure("slipway: cannot read variables file \(path)")
      }
      result.merge(VariableFiles.parse(String(decoding: bytes, as: UTF8.self), fileName: path)) { _, new in new }
    }
    result.merge(try parseVariables(variables)) { _, new in new }
    return result
  }

  /// The context the flags describe, enriched from git unless `--no-git`.
  func pipelineContext(project: ProjectIdentity, root: String) throws -> PipelineContext {
    var ctx: PipelineContext
    do {
      ctx = try context.map { text throws(ContextError) in try PipelineContext.parse(shorthand: text, project: project) }
        ?? PipelineContext.defaultPush(project: project)
    } catch {
      throw ValidationError(error.description)
    }
    try refine(&ctx, root: root)
    return ctx
  }

  func refine(_ ctx: inout PipelineContext, root: String) throws {
    if let source {
      guard let parsed = PipelineSource(rawValue: source) else {
        throw ValidationError("unknown --source `\(source)`; one of \(PipelineSource.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      ctx.source = parsed
    }
    if var mr = ctx.mergeRequest {
      if !mrLabels.isEmpty { mr.labels = mrLabels }
      if mrDraft { mr.draft = true }
      if let mrIID { mr.iid = mrIID }
      if let mrEventType { mr.eventType = mrEventType }
      ctx.mergeRequest = mr
    }
    if !openMergeRequests.isEmpty { ctx.openMergeRequests = openMergeRequests }
    ctx.variables.merge(try baseVariables(root: root)) { _, new in new }
    if !changed.isEmpty { ctx.changedFiles = changed }
    if !noGit { GitContextReader(directory: root).enrich(&ctx) }
  }
}

/// Renders diagnostics of a simulation on standard error.
func reportPipelineDiagnostics(_ diagnostics: [Diagnostic], color: ColorChoice = .auto) {
  if let text = pipelineDiagnosticsText(diagnostics, color: color) { Output.err(text) }
}

/// The text `reportPipelineDiagnostics` prints (nil: nothing to show).
func pipelineDiagnosticsText(_ diagnostics: [Diagnostic], color: ColorChoice = .auto) -> String? {
  // Plans of many contexts repeat most diagnostics: drop repeats before sorting (the first of
  // each stays, so the sort sees what `DiagnosticSink.sortedUnique` would).
  let shown = Diagnostic.firstOccurrences(diagnostics.filter { $0.severity != .info }).sorted()
  guard !shown.isEmpty else { return nil }
  var options = GlobalOptions()
  options.color = color
  // One read per file: thousands of diagnostics point into a few files.
  var files: [String: [UInt8]?] = [:]
  let source: (String) -> [UInt8]? = { path in
    if let known = files[path] { return known }
    let bytes = LocalFileSystem().contents(atPath: path)
    files[path] = bytes
    return bytes
  }
  return DiagnosticRenderer(useColor: options.useColorOnStderr, source: source).text(shown)
}
