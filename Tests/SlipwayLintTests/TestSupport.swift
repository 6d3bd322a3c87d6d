import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint
import SlipwayYAML
import XCTest

/// Paths and small helpers shared by the lint tests.
enum LintTestSupport {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let shared = repoRoot.appendingPathComponent("../shared").standardized

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Loads YAML text as one root node.
  static func load(_ text: String, file: String = "ci.yml") throws -> YAMLNode {
    guard let root = try YAMLLoader.load(bytes(text), file: SourceFile(path: file)).root else {
      throw XCTSkip("empty document")
    }
    return root
  }

  /// GitLab validation of an already merged document.
  static func validate(_ text: String, structural: Bool = false) throws -> [Diagnostic] {
    GitLabValidator.validate(try load(text), options: .init(structuralOnly: structural))
  }

  /// Compiles and lints a set of in-memory files.
  static func lint(
    _ files: [String: String], main: String = ".gitlab-ci.yml", configuration: LintConfiguration = LintConfiguration()
  ) -> LintReport {
    let fs = InMemoryFileSystem(files: files)
    let compiler = Compiler(
      source: OfflineIncludeSource(root: ".", settings: ProjectSettings(), fileSystem: fs),
      context: ProjectSettings().defaultContext(), options: .gitlab)
    let result = compiler.compile(path: main)
    return Linter(configuration: configuration).lint(result)
  }
}
