import ArgumentParser
import SlipwayCore
import SlipwayYAML

/// `slipway debug …`: developer tools (hidden from the main help).
struct DebugCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "debug", abstract: "Developer tools.", shouldDisplay: false,
    subcommands: [LoadYAML.self])

  /// Loads YAML files into Slipway's node tree and prints counts, like `yaml-floor tree`.
  struct LoadYAML: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "load-yaml", abstract: "Load YAML files into positioned nodes and print a summary.")

    @Argument(help: "YAML files.")
    var files: [String]

    func run() throws {
      var documents = 0
      var nodes = 0
      var topLevelKeys = 0
      var diagnostics: [Diagnostic] = []
      for path in files {
        guard let bytes = LocalFileSystem().contents(atPath: path) else {
          throw CommandFailure("slipway: cannot read \(path)")
        }
        do {
          let loaded = try YAMLLoader.loadDocuments(bytes, file: SourceFile(path: path))
          documents += loaded.documents.count
          for document in loaded.documents {
            if let root = document.root {
              nodes += count(root)
              topLevelKeys += root.mapping?.count ?? 0
            }
          }
        } catch {
          diagnostics.append(error.diagnostic)
        }
      }
      Output.out("files=\(files.count) documents=\(documents) nodes=\(nodes) top-level-keys=\(topLevelKeys)\n")
      if !diagnostics.isEmpty {
        Output.err(DiagnosticRenderer(useColor: false).text(diagnostics))
        throw ExitStatus.findings.exitCode
      }
    }

    private func count(_ node: YAMLNode) -> Int {
      switch node.content {
      case .scalar: return 1
      case .sequence(let items): return 1 + items.reduce(0) { $0 + count($1) }
      case .mapping(let pairs): return 1 + pairs.reduce(0) { $0 + count($1.key) + count($1.value) }
      }
    }
  }
}
