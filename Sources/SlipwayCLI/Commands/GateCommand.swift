import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayTemplates

/// `slipway gate`: quality gates over linters' machine output, for the python-lint component.
struct GateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gate",
    abstract: "Pass or fail a pipeline on pylint's score or mypy's error count.",
    discussion: """
      Reads the linters' machine output (a file, or - for standard input), prints a summary and
      exits 0 when the gate passes, 1 when it fails, 2 when the report cannot be read.
      A baseline file holds a legacy service to where it is now, so it can only get better:
      write it once with --write-baseline, commit it, pass it with --baseline; --update-baseline
      ratchets it when the service improves.
      """,
    subcommands: [GatePylintCommand.self, GateMypyCommand.self, GateDiscoverCommand.self])
}

/// Options shared by the gates.
struct GateOptions: ParsableArguments {
  @Argument(help: "The linter's output file, or - for standard input.")
  var report: String = "-"

  @Option(help: "Baseline JSON file: the service may not get worse than it.")
  var baseline: String?

  @Flag(name: .customLong("update-baseline"), help: "Rewrite --baseline when the service improved.")
  var updateBaseline = false

  @Flag(name: .customLong("write-baseline"), help: "Write --baseline from this report and pass.")
  var writeBaseline = false

  func validate() throws {
    if (updateBaseline || writeBaseline) && baseline == nil {
      throw ValidationError("--update-baseline and --write-baseline need --baseline FILE")
    }
  }

  func readReport() throws -> String {
    if report == "-" {
      return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    guard let bytes = LocalFileSystem().contents(atPath: report) else {
      throw CommandFailure("slipway gate: cannot read \(report): no such file")
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The baseline, or nil when none is given or (with --write-baseline) it does not exist yet.
  func readBaseline() throws -> GateBaseline? {
    guard let baseline else { return nil }
    guard let bytes = LocalFileSystem().contents(atPath: baseline) else {
      if writeBaseline { return nil }
      throw CommandFailure("slipway gate: cannot read baseline \(baseline): no such file (create it with --write-baseline)")
    }
    do {
      return try GateBaseline.parse(String(decoding: bytes, as: UTF8.self))
    } catch let error as GateInputError {
      throw CommandFailure("slipway gate: \(baseline): \(error.description)")
    }
  }

  func write(_ value: GateBaseline) throws {
    guard let baseline else { return }
    do {
      try Data(value.rendered().utf8).write(to: URL(fileURLWithPath: baseline))
    } catch {
      throw CommandFailure("slipway gate: cannot write \(baseline): \(error.localizedDescription)")
    }
  }

  /// Prints the outcome, updates the baseline if asked, and picks the exit status.
  func finish(_ outcome: GateOutcome, fresh: GateBaseline) throws {
    if writeBaseline {
      try write(fresh)
      Output.out(outcome.summary.joined(separator: "\n") + "\n")
      Output.out("baseline written to \(baseline ?? "")\n")
      return
    }
    Output.out(outcome.summary.joined(separator: "\n") + "\n")
    if updateBaseline, let improved = outcome.improvedBaseline {
      try write(improved)
      Output.out("baseline \(baseline ?? "") updated: the service improved\n")
    }
    if !outcome.passed { throw ExitStatus.findings.exitCode }
  }
}

struct GatePylintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pylint",
    abstract: "Fail under a minimum pylint score (reads --output-format=json2, or the text report).")

  @Option(name: .customLong("min-score"), help: "Minimum score out of 10 (default 10).")
  var minScore: Double = 10

  @OptionGroup var options: GateOptions

  func validate() throws {
    guard (0...10).contains(minScore) else { throw ValidationError("--min-score must be between 0 and 10") }
  }

  func run() throws {
    let text = try options.readReport()
    let report: PylintReport
    do {
      report = try PylintReport.parse(text)
    } catch let error as GateInputError {
      throw CommandFailure("slipway gate pylint: \(error.description)")
    }
    let baseline = try options.readBaseline()
    let outcome = Gate.pylint(report, minScore: minScore, baseline: options.writeBaseline ? nil : baseline)
    try options.finish(outcome, fresh: Gate.baseline(from: baseline, pylint: report))
  }
}

struct GateMypyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mypy",
    abstract: "Fail over an error budget (reads mypy's text output or -O json lines).")

  @Option(name: .customLong("max-errors"), help: "Most errors allowed (default 0).")
  var maxErrors = 0

  @OptionGroup var options: GateOptions

  func validate() throws {
    guard maxErrors >= 0 else { throw ValidationError("--max-errors must be 0 or more") }
  }

  func run() throws {
    let report = MypyReport.parse(try options.readReport())
    let baseline = try options.readBaseline()
    let outcome = Gate.mypy(report, maxErrors: maxErrors, baseline: options.writeBaseline ? nil : baseline)
    try options.finish(outcome, fresh: Gate.baseline(from: baseline, mypy: report))
  }
}

struct GateDiscoverCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "discover",
    abstract: "Print the Python packages and modules to lint, space-separated.",
    discussion: "Skips doc, docs, bin, alembic, migrations, tests, virtual environments and hidden folders.")

  @Argument(help: "Project folder (default: .).")
  var directory = "."

  @Option(name: .customLong("exclude"), help: "Another name to skip (repeatable).")
  var excluded: [String] = []

  @Option(name: .customLong("include"), help: "A default-skipped name to keep, e.g. tests (repeatable).")
  var included: [String] = []

  func run() throws {
    guard FileManager.default.fileExists(atPath: directory) else {
      throw CommandFailure("slipway gate discover: no such folder \(directory)")
    }
    let skip = PackageDiscovery.defaultExcluded.union(excluded).subtracting(included)
    let found = PackageDiscovery(excluded: skip).discover(in: directory)
    guard !found.isEmpty else {
      throw CommandFailure("slipway gate discover: no Python package or module in \(directory)")
    }
    Output.out(found.joined(separator: " ") + "\n")
  }
}
