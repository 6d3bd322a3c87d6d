import Foundation
import SlipwayConfig
import SlipwayCore

/// Finds the project root for a CI file and builds a compiler for it.
struct ProjectLoader {
  var root: String
  var mainPath: String
  var settings: ProjectSettings
  var diagnostics: [Diagnostic]

  /// `file` is the CI file as the user named it; `projectRoot` overrides the root (default: the
  /// file's folder).
  init(file: String, projectRoot: String?) {
    let url = URL(fileURLWithPath: file)
    let folder = url.deletingLastPathComponent().path
    root = projectRoot ?? (file.contains("/") ? folder : ".")
    if let projectRoot {
      let rootURL = URL(fileURLWithPath: projectRoot).standardizedFileURL.path
      let full = url.standardizedFileURL.path
      mainPath = full.hasPrefix(rootURL + "/") ? String(full.dropFirst(rootURL.count + 1)) : file
    } else {
      mainPath = url.lastPathComponent
    }
    (settings, diagnostics) = ProjectSettings.load(root: root)
  }

  func compiler(variables: [String: String] = [:]) -> Compiler {
    Compiler(
      source: OfflineIncludeSource(root: root, settings: settings),
      context: settings.defaultContext(extraVariables: variables),
      options: Evaluators.compilerOptions())
  }

  /// Source lookup for snippets: files the compile read, then the disk relative to the root.
  func sourceLookup(_ result: CompileResult?) -> (String) -> [UInt8]? {
    let root = self.root
    return { path in
      if let bytes = result?.sources[path] { return bytes }
      return LocalFileSystem().contents(atPath: root == "." ? path : root + "/" + path)
    }
  }
}
