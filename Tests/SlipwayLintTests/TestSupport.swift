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

  /// `line:col message` of each diagnostic: findings compared with their places.
  static func located(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
  }

  /// GitLab validation's errors for `text`, located.
  static func locatedErrors(_ text: String) throws -> [String] {
    located(try validate(text).filter { $0.severity == .error })
  }

  /// Compiles and lints in-memory files; `settings` is the text of `.slipway.yml`.
  static func lint(
    _ files: [String: String], main: String = ".gitlab-ci.yml", settings: String? = nil,
    processRunner: ProcessRunner? = nil, requiredVariables: Bool = false
  ) throws -> LintReport {
    var all = files
    if let settings { all[ProjectSettings.fileName] = settings }
    let fs = InMemoryFileSystem(files: all)
    let (projectSettings, settingsDiagnostics) = ProjectSettings.load(root: ".", fileSystem: fs)
    XCTAssertEqual(settingsDiagnostics, [])
    let (configuration, configDiagnostics) = LintConfiguration.load(settings: projectSettings, root: ".", fileSystem: fs)
    XCTAssertEqual(configDiagnostics, [])
    let compiler = Compiler(
      source: OfflineIncludeSource(root: ".", settings: projectSettings, fileSystem: fs),
      context: projectSettings.defaultContext(), options: .gitlab)
    let result = compiler.compile(path: main)
    return Linter(configuration: configuration, processRunner: processRunner, collectRequiredVariables: requiredVariables)
      .lint(result)
  }

  /// Lints one `.gitlab-ci.yml` text and returns `code: message` lines, for compact assertions.
  static func findings(_ text: String, settings: String? = nil, extra: [String: String] = [:]) throws -> [String] {
    var files = extra
    files[".gitlab-ci.yml"] = text
    return try lint(files, settings: settings).diagnostics.map { "\($0.code): \($0.message)" }
  }
}
