import Foundation
import SlipwayConfig
import SlipwayPipeline
import SlipwayYAML
import XCTest

/// Shared pieces of the helm-deploy tests: fixtures, a real Helm 4, and the job runner.
enum HelmHarness {
  static let project = ProjectIdentity(path: "platform/inventory", defaultBranch: "main")
  static let goldenDir = Paths.root + "/tests/helm"
  static let helm = Paths.tools + "/bin/helm"
  static let kubernetesValidate = Paths.tools + "/bin/kubernetes-validate"
  static let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
  static let environments = ["dev", "prev", "prod"]

  /// The real Helm 4 and kubernetes-validate from `../shared/tools/install-helm`, or a skip.
  static func requireTools() throws {
    for tool in [helm, kubernetesValidate] where !FileManager.default.isExecutableFile(atPath: tool) {
      throw XCTSkip("\(tool) is missing: run `../shared/tools/install-helm` in the package root")
    }
  }

  /// A service pipeline: the python preset (for docker-publish) plus helm-cd, or one component.
  static func pipeline(presets: [String] = ["python", "helm-cd"], variables: String = "") -> String {
    var text = "include:\n"
    for preset in presets { text += "  - project: platform/slipway\n    file: presets/\(preset).yml\n" }
    return text + variables
  }

  /// Helm's writable homes in a fresh temporary directory (never ~/.cache or ~/.config).
  static func helmHomes(_ base: String) -> [String: String] {
    ["HELM_CACHE_HOME": base + "/helm-cache", "HELM_CONFIG_HOME": base + "/helm-config", "HELM_DATA_HOME": base + "/helm-data"]
  }

  static func temporaryDirectory(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "slipway-helm-\(label)-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Runs a process with exactly `environment` (no inherited variables) and returns status and output.
  static func exec(_ arguments: [String], in directory: String? = nil, environment: [String: String], stdin: String? = nil)
    throws -> (status: Int32, output: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0].hasPrefix("/") ? arguments[0] : "/usr/bin/env")
    process.arguments = arguments[0].hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Runs a compiled job's script with bash from a file (as GitLab Runner's bash shell does).
  /// `shell: "/bin/sh"` runs it the way the runner's sh shell does (images without bash).
  static func runJob(_ job: CompiledJob, in directory: String, environment: [String: String], shell: String = "/bin/bash")
    throws -> (status: Int32, output: String)
  {
    let script = (directory as NSString).deletingLastPathComponent + "/\(job.name)-\(UUID().uuidString).sh"
    let text = shell.hasSuffix("bash") ? job.shellText : (["set -e"] + job.script).joined(separator: "\n") + "\n"
    try text.write(toFile: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: script) }
    return try exec([shell, script], in: directory, environment: environment)
  }

  /// The `slipway` executable built next to the tests (or SLIPWAY_BIN).
  static func slipway() throws -> String {
    if let explicit = ProcessInfo.processInfo.environment["SLIPWAY_BIN"] { return explicit }
    let products = Bundle(for: HelmDeployTemplateTests.self).bundleURL.deletingLastPathComponent()
    for candidate in [products.appendingPathComponent("slipway").path, Paths.root + "/.build/debug/slipway"]
    where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    throw XCTSkip("no slipway binary next to the tests; run swift build or set SLIPWAY_BIN")
  }

  /// A copy of the example service (chart and values files) to run jobs in.
  static func serviceCopy(_ base: String) throws -> String {
    let copy = base + "/service"
    try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Paths.example + "/k8s", toPath: copy + "/k8s")
    return copy
  }
}

/// One job of a compiled pipeline, as a runner receives it.
struct CompiledJob {
  var name: String
  var script: [String]
  var variables: [(String, String)]
  var node: YAMLNode

  /// Compiles `fixture` and picks `name` (script lines flattened, `!reference`s resolved).
  init(_ fixture: ServiceFixture, name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let result = fixture.compile()
    XCTAssertFalse(result.hasErrors, "\(result.diagnostics.map(describe))", file: file, line: line)
    let root = try XCTUnwrap(result.merged, file: file, line: line)
    let jobs = JobNormalizer.normalize(root).jobs
    let job = try XCTUnwrap(jobs.first { $0.name == name }, "no job \(name) in \(jobs.map(\.name))", file: file, line: line)
    self.name = name
    node = job.node
    let scripts = ["before_script", "script"].flatMap { key in
      (job.node[key]?.sequence ?? []).compactMap { $0.rubyString }
    }
    script = scripts
    variables = (job.node["variables"]?.mapping ?? []).compactMap { pair in
      guard let key = pair.key.keyName, let value = pair.value.rubyString else { return nil }
      return (key, value)
    }
  }

  /// The shell text GitLab Runner's bash shell runs: `set -eo pipefail`, then every line.
  var shellText: String { (["set -eo pipefail"] + script).joined(separator: "\n") + "\n" }

  /// The job's environment: the job's (and global) YAML variables with their `$VAR` references
  /// expanded the way GitLab does before the job starts; `pipeline` (predefined variables,
  /// project and environment variables, dotenv reports) takes precedence over YAML variables.
  func environment(pipeline: [String: String]) -> [String: String] {
    var raw: [String: String] = [:]
    for (key, value) in variables { raw[key] = value }
    for (key, value) in pipeline { raw[key] = value }
    var result = raw
    for (key, value) in variables where pipeline[key] == nil {
      result[key] = VariableExpansion.expandExisting(value, raw)
    }
    return result
  }
}

/// The one fake in these tests: a recording `helm` (no Kubernetes cluster can run on this
/// machine). Commands that need a cluster (upgrade, rollback, test, history, diff, repo add,
/// plugin) are written to a log and succeed; `helm version` reports the Helm version under
/// test (`helm plugin list` prints HELM_SHIM_PLUGINS); everything else (package, lint, template, dependency) runs the real Helm 4.
struct RecordingHelm {
  let bin: String
  let log: String

  init(base: String, version: String) throws {
    bin = base + "/shim-bin"
    log = base + "/helm-calls.log"
    try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
    let script = """
      #!/bin/bash
      # Recording helm shim for Slipway's helm-deploy tests (see RecordingHelm).
      { printf 'helm'; printf ' %q' "$@"; printf '\\n'; } >> "\(log)"
      case "$1" in
        version) echo "\(version)"; exit 0 ;;
        plugin) printf '%s' "${HELM_SHIM_PLUGINS:-}"; exit 0 ;;
        upgrade|install|rollback|test|history|status|diff|uninstall) exit 0 ;;
        repo)
          for arg in "$@"; do
            if [ "$arg" = --password-stdin ]; then cat > "\(log).stdin"; fi
          done
          exit 0 ;;
        *) exec "\(HelmHarness.helm)" "$@" ;;
      esac

      """
    try script.write(toFile: bin + "/helm", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/helm")
    let kubectl = """
      #!/bin/bash
      { printf 'kubectl'; printf ' %q' "$@"; printf '\\n'; } >> "\(log)"

      """
    try kubectl.write(toFile: bin + "/kubectl", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/kubectl")
  }

  var calls: [String] {
    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  func call(_ command: String) -> String? { calls.first { $0.hasPrefix("helm \(command) ") } }
}
