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
      plans = simulator.simulate(list)
    } else {
      plans = [simulator.simulate(try options.pipelineContext(project: project, root: root))]
    }
    reportPipelineDiagnostics(settingsDiagnostics + plans.flatMap(\.diagnostics))
    switch format {
    case .json:
      let value: JSONValue = contexts == nil ? plans[0].json : .object([("contexts", .array(plans.map(\.json)))])
      Output.out(value.rendered(pretty: true) + "\n")
    case .text:
      let renderer = PlanTextRenderer()
      Output.out(contexts == nil ? renderer.render(plans[0]) : renderer.matrix(plans))
    }
    // The compiled tree and the plans live until the process exits: freeing millions of nodes one
    // by one costs several percent of a large plan, for memory the exit returns anyway.
    _ = Unmanaged.passRetained(KeptUntilExit([simulator, plans]))
    if plans.contains(where: { $0.status == .error }) { throw ExitStatus.findings.exitCode }
  }
}

/// Values deliberately never released (see `PlanCommand.run`).
private final class KeptUntilExit {
  let values: [Any]
  init(_ values: [Any]) { self.values = values }
}
