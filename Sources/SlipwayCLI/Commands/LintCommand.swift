import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayYAML

/// `slipway lint`: load and check CI configuration files.
struct LintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check .gitlab-ci.yml files offline and report every finding with its location.")

  @OptionGroup var global: GlobalOptions

  @Flag(name: .long, help: "Treat warnings as errors (exit 1 when there are any).")
  var strict = false

  @Argument(help: "Files to lint (default: .gitlab-ci.yml).")
  var files: [String] = []

  func run() throws {
    let paths = files.isEmpty ? [".gitlab-ci.yml"] : files
    var sink = DiagnosticSink()
    let fs = LocalFileSystem()
    for path in paths {
      guard let bytes = fs.contents(atPath: path) else {
        throw CommandFailure("slipway: cannot read \(path): no such file")
      }
      let file = SourceFile(path: path)
      do {
        let loaded = try YAMLLoader.loadDocuments(bytes, file: file)
        sink.emit(contentsOf: loaded.warnings)
        for document in loaded.documents where !(document.root?.isMapping ?? false) {
          sink.emit(.error("YAML004", "Invalid configuration format", at: document.root?.mark.location))
        }
      } catch {
        sink.emit(error.diagnostic)
      }
    }
    let diagnostics = sink.sorted
    let renderer = DiagnosticRenderer(useColor: global.useColor)
    switch global.format {
    case .text: Output.out(renderer.text(diagnostics))
    case .json: Output.out(DiagnosticRenderer.jsonDocument(diagnostics).rendered(pretty: true) + "\n")
    }
    let failing = diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    if failing { throw ExitStatus.findings.exitCode }
  }
}
