import ArgumentParser
import Foundation

/// When to colour text output.
public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case auto, always, never
}

/// Output formats shared by commands that print diagnostics.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case text, json
}

/// Options every command takes.
public struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text or json.")
  public var format: OutputFormat = .text

  @Option(name: .long, help: "Colour: auto (a terminal and NO_COLOR unset), always or never.")
  public var color: ColorChoice = .auto

  public init() {}

  /// Whether to emit ANSI colours on standard error.
  public var useColorOnStderr: Bool { decide(isatty(STDERR_FILENO) == 1) }

  /// Whether to emit ANSI colours on standard output.
  public var useColor: Bool { decide(isatty(STDOUT_FILENO) == 1) }

  private func decide(_ isTerminal: Bool) -> Bool {
    switch color {
    case .always: return true
    case .never: return false
    case .auto:
      if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
      return isTerminal
    }
  }
}
