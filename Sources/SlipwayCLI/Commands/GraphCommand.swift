import ArgumentParser
import SlipwayPipeline

extension PipelineGraph.Format: ExpressibleByArgument {}

/// `slipway graph`: the planned pipeline as a picture.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Draw the pipeline for a context: stages, jobs and needs (mermaid, dot, svg, html).",
    discussion: "SVG and HTML are standalone and need no network access.")

  @Argument(help: "The CI file (default: .gitlab-ci.yml).")
  var path: String?

  @OptionGroup var pipeline: PipelineOptions

  @Option(help: "mermaid, dot, svg or html.")
  var format: PipelineGraph.Format = .mermaid

  func run() throws {
    var options = pipeline
    if let path { options.file = path }
    let (simulator, project, root, _) = try options.simulator()
    let plan = simulator.simulate(try options.pipelineContext(project: project, root: root))
    reportPipelineDiagnostics(plan.diagnostics, color: pipeline.color)
    Output.out(PipelineGraph(plan: plan).render(format))
    if plan.status == .error { throw ExitStatus.findings.exitCode }
  }
}
