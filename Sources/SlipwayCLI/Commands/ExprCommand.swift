import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayExpressions

/// `slipway expr`: evaluates one `rules:if` expression exactly as GitLab would.
struct ExprCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "expr",
    abstract: "Evaluate a rules:if expression the way GitLab does.",
    discussion: """
      Variables are used as given (never expanded); an undefined variable is null.
      The value is what GitLab's Statement#evaluate returns (&& and || return an operand);
      'truthy' is whether a rule with this `if` would match.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(name: .customLong("var"), help: "A variable as NAME=VALUE (repeatable).")
  var variables: [String] = []

  @Argument(help: "The expression, e.g. '$CI_COMMIT_BRANCH == \"main\"'.")
  var expression: String

  func run() throws {
    var values: [String: String] = [:]
    for item in variables {
      guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
        throw ValidationError("--var expects NAME=VALUE, got '\(item)'")
      }
      values[String(item[..<equals])] = String(item[item.index(after: equals)...])
    }
    let statement = ExpressionStatement(expression)
    do {
      let value = try statement.evaluate(variables: values)
      switch global.format {
      case .text: Output.out("value: \(value.json)\ntruthy: \(value.isPresent)\n")
      case .json: Output.out(value.jsonDocument.rendered(pretty: true) + "\n")
      }
    } catch {
      let diagnostic = Diagnostic.error(
        "EXPR001", "invalid expression syntax: \(error.detailedMessage)",
        help: "GitLab reports this as `<job>:rules:rule if invalid expression syntax`.")
      switch global.format {
      case .text: Output.err(DiagnosticRenderer(useColor: global.useColorOnStderr).text([diagnostic]))
      case .json: Output.out(DiagnosticRenderer.jsonDocument([diagnostic]).rendered(pretty: true) + "\n")
      }
      throw ExitStatus.findings.exitCode
    }
  }
}
