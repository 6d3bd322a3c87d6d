import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint
import SlipwayTemplates
import XCTest

/// `slipway init`'s scaffolding: what it writes compiles and lints offline, and it never
/// overwrites without --force.
final class ScaffoldTests: XCTestCase {
  private var folder = ""

  override func setUpWithError() throws {
    folder = NSTemporaryDirectory() + "slipway-init-" + UUID().uuidString
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

  func testEveryPresetScaffoldLintsCleanOffline() throws {
    for preset in ServiceScaffold.presets {
      try? FileManager.default.removeItem(atPath: folder)
      // No ref: the offline checkout's working tree is read (a ref is read with `git show`).
      let scaffold = ServiceScaffold(
        choice: .preset(preset), ref: "", servicePath: "platform/inventory", centralCheckout: Paths.root)
      XCTAssertEqual(try scaffold.write(into: folder, force: false), [".gitlab-ci.yml", ".slipway.yml"])
      let settings = ProjectSettings.load(root: folder).0
      XCTAssertEqual(settings.projectCheckouts["platform/slipway"], Paths.root)
      let result = Compiler(
        source: OfflineIncludeSource(root: folder, settings: settings), context: settings.defaultContext(),
        options: .gitlab
      ).compile(path: ".gitlab-ci.yml")
      let report = Linter(processRunner: SystemProcessRunner()).lint(result)
      XCTAssertEqual(report.diagnostics.map(describe), [], preset)
    }
  }

  func testRefusesToOverwriteWithoutForce() throws {
    let scaffold = ServiceScaffold(choice: .preset("python-postgres"), servicePath: "platform/inventory")
    try scaffold.write(into: folder, force: false)
    try "# mine\n".write(toFile: folder + "/.gitlab-ci.yml", atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try scaffold.write(into: folder, force: false)) { error in
      XCTAssertTrue("\(error)".contains("already exists"), "\(error)")
      XCTAssertTrue("\(error)".contains("--force"), "\(error)")
    }
    XCTAssertEqual(try String(contentsOfFile: folder + "/.gitlab-ci.yml", encoding: .utf8), "# mine\n")
    try scaffold.write(into: folder, force: true)
    let written = try String(contentsOfFile: folder + "/.gitlab-ci.yml", encoding: .utf8)
    XCTAssertTrue(written.contains("file: presets/python-postgres.yml"), written)
    XCTAssertTrue(written.contains("ref: v1.0.0"), written)
  }

  func testComponentScaffoldAndGroupVariables() throws {
    let scaffold = ServiceScaffold(
      choice: .component("python-test"), centralProject: "platform/ci", ref: "v2.1.0",
      groupVariables: (project: "platform/ci-settings", file: "group-vars.yml"))
    let files = Dictionary(uniqueKeysWithValues: scaffold.files().map { ($0.path, $0.contents) })
    let pipeline = try XCTUnwrap(files[".gitlab-ci.yml"])
    XCTAssertTrue(pipeline.contains("component: $CI_SERVER_FQDN/platform/ci/python-test@2.1.0"), pipeline)
    XCTAssertTrue(pipeline.contains("project: platform/ci-settings\n    file: group-vars.yml"), pipeline)
    XCTAssertNotNil(files[".slipway-stages.yml"])
    XCTAssertTrue(try XCTUnwrap(files[".slipway.yml"]).contains("platform/ci-settings: ../ci-settings"))
  }

  func testUnknownNamesAreRejectedWithTheValidOnes() {
    XCTAssertThrowsError(try ServiceScaffold(choice: .preset("java")).validate()) { error in
      XCTAssertTrue("\(error)".contains("python-postgres"), "\(error)")
    }
    XCTAssertThrowsError(try ServiceScaffold(choice: .component("nope")).validate())
  }

  func testEveryListedNameExists() {
    for preset in ServiceScaffold.presets {
      XCTAssertTrue(FileManager.default.fileExists(atPath: Paths.root + "/presets/\(preset).yml"), preset)
    }
    for component in ServiceScaffold.components {
      XCTAssertTrue(FileManager.default.fileExists(atPath: Paths.root + "/templates/\(component)/template.yml"), component)
    }
  }
}
