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
    // The diagnostics and the output do not depend on each other: render them on both cores,
    // then print in the usual order.
    let diagnostics = settingsDiagnostics + plans.flatMap(\.diagnostics)
    let rendered = RenderedOutput()
    let format = format
    let matrix = contexts != nil
    let finished = plans
    let color = pipeline.color
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        rendered.errors = pipelineDiagnosticsText(diagnostics, color: color)
        return
      }
      switch format {
      case .json:
        rendered.out = matrix ? PlanJSON.matrix(finished) : PlanJSON.single(finished[0])
      case .text:
        let renderer = PlanTextRenderer()
        rendered.out = Array((matrix ? renderer.matrix(finished) : renderer.render(finished[0])).utf8)
      }
    }
    if let errors = rendered.errors { Output.err(errors) }
    Output.outBytes(rendered.out)
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
    let parts = ByteParts(count: plans.count)
    DispatchQueue.concurrentPerform(iterations: plans.count) { index in
      // Two containers are open where each plan goes: the document object and `contexts`.
      var writer = JSONWriter(pretty: true, depth: 2)
      plans[index].writeJSON(to: &writer)
      parts.set(index, writer.bytes)
    }
    var writer = JSONWriter(pretty: true, capacity: parts.totalCount + 64)
    writer.beginObject()
    writer.key("contexts")
    writer.beginArray()
    for part in parts.all { writer.element(written: part) }
    writer.endArray()
    writer.endObject()
    return writer.bytes + [0x0A]
  }
}

/// The two halves of a plan's output, each written by one worker.
private final class RenderedOutput: @unchecked Sendable {
  var errors: String?
  var out: [UInt8] = []
}

/// Byte buffers filled by concurrent workers, one slot each.
private final class ByteParts: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [[UInt8]]

  init(count: Int) { parts = Array(repeating: [], count: count) }

  func set(_ index: Int, _ bytes: [UInt8]) {
    lock.lock()
    parts[index] = bytes
    lock.unlock()
  }

  var all: [[UInt8]] {
    lock.lock()
    defer { lock.unlock() }
    return parts
  }

  var totalCount: Int { all.reduce(0) { $0 + $1.count } }
}

extension Output {
  /// Standard output, bytes as they are (large JSON documents skip a `String` round trip).
  static func outBytes(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) }
  }
}
