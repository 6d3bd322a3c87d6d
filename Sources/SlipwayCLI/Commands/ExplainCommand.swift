import ArgumentParser
import SlipwayPipeline

/// `slipway explain JOB`: why a job is (not) in the pipeline.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain why a job is or is not in the pipeline for a context.",
    discussion: """
      Prints the include that brought the job, its extends chain, workflow:rules, each rule with its
      expression, the values of the variables it read and its result, and the resulting when — or
      why the job is absent (workflow, rules, only/except, a missing need).
      """)

  @Argument(help: "The job name (a parallel job's name covers all its instances).")
  var job: String

  @OptionGroup var pipeline: PipelineOptions

  func run() throws {
    let (simulator, project, root, _) = try pipeline.simulator()
    let context = try pipeline.pipelineContext(project: project, root: root)
    guard let text = JobExplainer(simulator: simulator).explain(job: job, in: context) else {
      let plan = simulator.simulate(context)
      reportPipelineDiagnostics(plan.diagnostics, color: pipeline.color)
      throw CommandFailure("slipway: no job named `\(job)` in \(pipeline.file)")
    }
    Output.out(text)
  }
}
