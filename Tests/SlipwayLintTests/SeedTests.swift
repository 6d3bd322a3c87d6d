import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint
import XCTest

/// The talk's example files (../shared/seed) contain real mistakes; the linter must find each at
/// its line. Expected findings are `file:line code` (errors exactly; the listed warnings at least).
final class SeedTests: XCTestCase {
  static let expectedErrors: [String: Set<String>] = [
    "public-example.yml": [
      "jobs.yml:134 GL010",  // publish: stage after-test does not exist
      "jobs.yml:147 GL008",  // r'…' in rules:if
      "jobs.yml:147 rules-if-variable-form",
      "jobs.yml:353 REF001",  // !reference [.podman-login-arti, script]: no such template
    ],
    "helm-cd.yml": [
      "helm-cd.yml:86 REF001",  // .docker-login-arti does not exist
      "helm-cd.yml:92 REF001",  // .docker-logout-arti
      "helm-cd.yml:151 REF001",
      "helm-cd.yml:123 GL008", "helm-cd.yml:123 rules-if-variable-form",
      "helm-cd.yml:138 GL008", "helm-cd.yml:138 rules-if-variable-form",
      "helm-cd.yml:156 GL008", "helm-cd.yml:156 rules-if-variable-form",
      "jobs.yml:91 GL008", "jobs.yml:91 rules-if-variable-form",  // .restricted-for-tag, via extends
      "jobs.yml:353 REF001",
    ],
  ]

  static let expectedWarnings: [String: Set<String>] = [
    "public-example.yml": [
      "jobs.yml:8 undefined-variable",  // $PROJECT_SLUG is never defined
      "jobs.yml:26 undefined-variable",  // $DOCKER_REGISTRY_USER / _PASSWORD: CI/CD variables
      "jobs.yml:99 secret-echo",  // set -x before docker login -p $DOCKER_REGISTRY_PASSWORD
      "jobs.yml:40 GL019",  // `- when: always` without workflow:rules
      "jobs.yml:198 undefined-variable",  // $JUNIT_FILE_NAME / $OUT_DIR_IN_DOCKER
    ],
    "helm-cd.yml": [
      "helm-cd.yml:70 duplicate-hidden-job", "jobs.yml:177 duplicate-hidden-job",  // .tag-release-job twice
      "helm-cd.yml:167 needs-optional",  // needs deploy-production, which rules can exclude
    ],
  ]

  func lint(_ file: String) throws -> [Diagnostic] {
    let folder = LintTestSupport.shared.appendingPathComponent("seed").path
    guard FileManager.default.fileExists(atPath: folder + "/" + file) else { throw XCTSkip("seed files not found") }
    let settings = ProjectSettings()
    let compiler = Compiler(
      source: OfflineIncludeSource(root: folder, settings: settings), context: settings.defaultContext(), options: .gitlab)
    return Linter().lint(compiler.compile(path: file)).diagnostics
  }

  func testSeedFindings() throws {
    for file in ["public-example.yml", "helm-cd.yml"] {
      let diagnostics = try lint(file)
      let key = { (d: Diagnostic) in "\(d.location?.file ?? "-"):\(d.location?.line ?? 0) \(d.code)" }
      let errors = Set(diagnostics.filter { $0.severity == .error }.map(key))
      XCTAssertEqual(errors, Self.expectedErrors[file], file)
      let warnings = Set(diagnostics.filter { $0.severity == .warning }.map(key))
      let missing = (Self.expectedWarnings[file] ?? []).subtracting(warnings)
      XCTAssertEqual(missing, [], "\(file): expected warnings not reported")
    }
  }

  func testGroupVariablesFileDefinesVariables() throws {
    let folder = LintTestSupport.shared.appendingPathComponent("seed").path
    var settings = ProjectSettings()
    settings.variablesFiles = ["group-vars.yml"]
    let (configuration, problems) = LintConfiguration.load(settings: settings, root: folder)
    XCTAssertEqual(problems, [])
    XCTAssertTrue(configuration.knownVariables.contains("SONAR_HOST_URL"))
  }
}
