import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayPipeline

/// `slipway plan`: which jobs a pipeline gets for a context.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Simulate a pipeline: which jobs run for a branch, tag, merge request or schedule.",
    discussion: """
      Evaluates include:rules, workflow:rules, rules and only/except in GitLab's order for the
      context, expands parallel jobs and checks needs. --contexts FILE evaluates a list of contexts
      and prints a job × context matrix. Exit status 1 when the configuration or seeding fails.
      """)

  @Argument(help: "The CI file (default: .gitlab-ci.yml).")
  var path: String?

  @OptionGroup var pipeline: PipelineOptions

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(help: "A YAML list of contexts; prints a job × context matrix.")
  var contexts: String?

  func run() throws {
    var options = pipeline
    if let path { options.file = path }
    let (simulator, project, root, settingsDiagnostics) = try options.simulator()
    var plans: [PipelinePlan] = []
    if let contexts {
      guard let bytes = LocalFileSystem().contents(atPath: contexts) else {
        throw CommandFailure("slipway: cannot read \(contexts): no such file")
      }
      var list: [PipelineContext]
      do {
        list = try ContextList.parse(String(decoding: bytes, as: UTF8.self), project: project)
      } catch {
        throw CommandFailure("slipway: \(error.description)")
      }
      for index in list.indices { try options.refine(&list[index], root: root) }
      plans = simulator.simulate(list, keepingDecisions: false)
    } else {
      plans = simulator.simulate([try options.pipelineContext(project: project, root: root)], keepingDecisions: false)
    }
    // The diagnostics and the output do not depend on each other: render them on both cores,
    // then print in the usual order.
    let diagnostics = settingsDiagnostics + plans.flatMap(\.diagnostics)
    let format = format
    let matrix = contexts != nil
    let finished = plans
    let color = pipeline.color
    let (errors, out) = Concurrently.both(
      { pipelineDiagnosticsText(diagnostics, color: color) },
      { () -> [UInt8] in
        switch format {
        case .json:
          return matrix ? PlanJSON.matrix(finished) : PlanJSON.single(finished[0])
        case .text:
          let renderer = PlanTextRenderer()
          return matrix ? renderer.matrixBytes(finished) : Array(renderer.render(finished[0]).utf8)
        }
      })
    if let errors { Output.err(errors) }
    Output.outBytes(out)
    // The compiled tree and the plans live until the process exits: freeing millions of nodes one
    // by one costs several percent of a large plan, for memory the exit returns anyway.
    ProcessLifetime.keep([simulator, plans] as [Any])
    if plans.contains(where: { $0.status == .error }) { throw ExitStatus.findings.exitCode }
  }
}

/// `plan --format json`: `PipelinePlan.json`, pretty, written as bytes; the plans of a matrix are
/// written concurrently (each is independent) and joined in context order.
enum PlanJSON {
  static func single(_ plan: PipelinePlan) -> [UInt8] {
    var writer = JSONWriter(pretty: true)
    plan.writeJSON(to: &writer)
    return writer.bytes + [0x0A]
  }

  static func matrix(_ plans: [PipelinePlan]) -> [UInt8] {
    let parts = Concurrently.map(plans.count) { index in
      // Two containers are open where each plan goes: the document object and `contexts`.
      var writer = JSONWriter(pretty: true, depth: 2)
      plans[index].writeJSON(to: &writer)
      return writer.bytes
    }
    var writer = JSONWriter(pretty: true, capacity: parts.reduce(0) { $0 + $1.count } + 64)
    writer.beginObject()
    writer.key("contexts")
    writer.beginArray()
    for part in parts { writer.element(written: part) }
    writer.endArray()
    writer.endObject()
    return writer.bytes + [0x0A]
  }
}

extension Output {
  /// Standard output, bytes as they are (large JSON documents skip a `String` round trip).
  static func outBytes(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) }
  }
}
