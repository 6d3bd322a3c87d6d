import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint
import SlipwayPipeline
import XCTest

/// Paths of the package and its template library.
enum Paths {
  /// Tests/SlipwayTemplatesTests/<file> → package root.
  static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
  static let example = root + "/examples/python-service"
  static let snapshots = root + "/Tests/SlipwayTemplatesTests/Snapshots"
  static let docs = root + "/docs/templates"
  static let tools = root + "/.tools"
  static var updateSnapshots: Bool { ProcessInfo.processInfo.environment["SLIPWAY_UPDATE_SNAPSHOTS"] == "1" }

  static let presets = ["python", "python-postgres", "pypi", "pypi-poetry", "docker-build", "frontend", "helm-cd"]
  static let components = [
    "vars-check", "docker-build", "python-test", "python-lint", "sonar", "semver", "pypi", "frontend", "helm-deploy",
  ]
}

/// A throwaway service folder whose `.slipway.yml` points `platform/slipway` at this package.
struct ServiceFixture {
  let folder: String

  init(pipeline: String, file: StaticString = #filePath, line: UInt = #line) throws {
    folder = NSTemporaryDirectory() + "slipway-tpl-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try pipeline.write(toFile: folder + "/.gitlab-ci.yml", atomically: true, encoding: .utf8)
    let settings = """
      project: {path: platform/inventory, default_branch: main}
      includes:
        projects:
          platform/slipway: \(Paths.root)

      """
    try settings.write(toFile: folder + "/.slipway.yml", atomically: true, encoding: .utf8)
  }

  var settings: ProjectSettings { ProjectSettings.load(root: folder).0 }
  var source: OfflineIncludeSource { OfflineIncludeSource(root: folder, settings: settings) }

  func compile() -> CompileResult {
    Compiler(source: source, context: settings.defaultContext(), options: .gitlab).compile(path: ".gitlab-ci.yml")
  }

  /// Compile diagnostics, GitLab's validation and every Slipway rule (shellcheck included).
  func lint() -> LintReport {
    let (configuration, _) = LintConfiguration.load(settings: settings, root: folder)
    return Linter(configuration: configuration, processRunner: SystemProcessRunner(), collectRequiredVariables: true)
      .lint(compile())
  }

  func simulator() -> PipelineSimulator { PipelineSimulator(source: source, mainPath: ".gitlab-ci.yml") }

  func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// A user pipeline that includes one preset, as `slipway init` writes it (without a ref, so the
/// working tree is read).
func presetPipeline(_ name: String) -> String {
  "include:\n  - project: platform/slipway\n    file: presets/\(name).yml\n"
}

/// A minimal user pipeline around one component with its default inputs.
func componentPipeline(_ name: String) -> String {
  """
  include:
    - project: platform/slipway
      file: presets/pipeline.yml
    - project: platform/slipway
      file: templates/\(name)/template.yml

  """
}

/// Runs a process and returns its status and combined output.
@discardableResult
func runProcess(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws
  -> (status: Int32, output: String)
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A virtual environment in .tools/ with the example's requirements and the linters, from PyPI.
enum PythonTools {
  static let venv = Paths.tools + "/templates-venv"
  static let python = venv + "/bin/python"
  static let packages = ["pylint==3.3.1", "mypy==1.13.0", "ruff==0.7.4"]

  static func ensure() throws -> String {
    let marker = venv + "/.slipway-ready"
    if FileManager.default.fileExists(atPath: marker) { return python }
    try FileManager.default.createDirectory(atPath: Paths.tools, withIntermediateDirectories: true)
    let created = try runProcess(["python3", "-m", "venv", venv])
    guard created.status == 0 else { throw XCTSkip("python3 -m venv failed (install python3-venv): \(created.output)") }
    let install = try runProcess(
      [python, "-m", "pip", "install", "--quiet", "-r", Paths.example + "/requirements.txt",
       "-r", Paths.example + "/requirements-test.txt"] + packages)
    guard install.status == 0 else { throw XCTSkip("pip install from PyPI failed: \(install.output)") }
    FileManager.default.createFile(atPath: marker, contents: Data())
    return python
  }
}

/// Compares `actual` with the committed golden file, or rewrites it with SLIPWAY_UPDATE_SNAPSHOTS=1.
func assertSnapshot(_ actual: String, path: String, file: StaticString = #filePath, line: UInt = #line) throws {
  if Paths.updateSnapshots {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try actual.write(toFile: path, atomically: true, encoding: .utf8)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    XCTFail("missing golden file \(path); run with SLIPWAY_UPDATE_SNAPSHOTS=1 to create it", file: file, line: line)
    return
  }
  if expected != actual {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    XCTFail(
      "\(path) differs at line \(first + 1):\n  golden: \(first < a.count ? String(a[first]) : "<end>")\n  actual: \(first < b.count ? String(b[first]) : "<end>")\n(SLIPWAY_UPDATE_SNAPSHOTS=1 rewrites it)",
      file: file, line: line)
  }
}

/// The `slipway` built next to the tests (swift build --build-tests builds it).
func slipwayBinary() throws -> String {
  if let explicit = ProcessInfo.processInfo.environment["SLIPWAY_BIN"] { return explicit }
  let bundle = Bundle.main.bundleURL.deletingLastPathComponent()
  for candidate in [bundle.appendingPathComponent("slipway").path,
                    Bundle(for: TemplateLintTests.self).bundleURL.deletingLastPathComponent().appendingPathComponent("slipway").path,
                    Paths.root + "/.build/debug/slipway"]
  where FileManager.default.isExecutableFile(atPath: candidate) {
    return candidate
  }
  throw XCTSkip("no slipway binary next to the tests; build it (swift build) or set SLIPWAY_BIN")
}
