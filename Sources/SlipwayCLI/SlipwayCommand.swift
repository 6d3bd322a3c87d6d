import ArgumentParser
import Foundation
import SlipwayCore

/// The `slipway` root command. Subcommands live in `Commands/`, one per file.
public struct SlipwayCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "slipway",
    abstract: "GitLab CI/CD for Python service fleets: compile, lint and simulate .gitlab-ci.yml offline.",
    discussion: """
      Exit codes:
        0  success, no error findings
        1  findings with errors (or warnings with --strict)
        2  usage error, or a file could not be read or written
      """,
    version: SlipwayVersion.current,
    subcommands: [
      LintCommand.self,
      ConfigCommand.self,
      DebugCommand.self,
      VersionCommand.self,
      ExprCommand.self,
      InitCommand.self,
      GateCommand.self,
      PlanCommand.self,
      ExplainCommand.self,
      GraphCommand.self,
    ]
  )

  public init() {}

  /// Runs the CLI with `arguments` and returns the process exit status. Commands never call `exit()`.
  public static func run(arguments: [String]) -> Int32 {
    MallocTuning.apply()
    var parsed: (any ParsableCommand)?
    do {
      var command = try parseAsRoot(arguments)
      parsed = command
      try command.run()
      return 0
    } catch let failure as ValidationError where parsed != nil {
      // Raised by a command while it runs: ArgumentParser would show the root's usage line.
      let usage = usageString(for: type(of: parsed!))
      // "slipway version next [<options>] …" → "slipway version next"
      let path = usage.split(separator: " ").prefix { !"[<-".contains($0.first ?? "[") }.joined(separator: " ")
      FileHandle.standardError.write(
        Data("Error: \(failure.message)\nUsage: \(usage)\n  See '\(path) --help' for more information.\n".utf8))
      return ExitStatus.usage.rawValue
    } catch let failure as CommandFailure {
      FileHandle.standardError.write(Data((failure.description + "\n").utf8))
      return ExitStatus.usage.rawValue
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        return 0
      }
      if let exit = error as? ExitCode { return exit.rawValue }
      let message = fullMessage(for: error)
      if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
      // ArgumentParser reports usage problems as EX_USAGE (64); Slipway documents 2.
      return code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue
    }
  }
}

/// Slipway's documented exit statuses.
public enum ExitStatus: Int32 {
  case ok = 0
  case findings = 1
  case usage = 2

  public var exitCode: ExitCode { ExitCode(rawValue) }
}

/// A failure that stops a command: reported on stderr, exit status 2.
public struct CommandFailure: Error, CustomStringConvertible {
  public var description: String
  public init(_ message: String) { description = message }
}
