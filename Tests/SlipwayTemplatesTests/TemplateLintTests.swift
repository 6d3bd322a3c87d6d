import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint
import SlipwayTemplates
import SlipwayYAML
import XCTest

/// Every preset and component, included by a minimal service pipeline, compiles and lints with
/// zero findings at --strict (GitLab's validation, Slipway's rules, shellcheck on the scripts).
final class TemplateLintTests: XCTestCase {
  func testEveryPresetLintsWithZeroFindings() throws {
    for preset in Paths.presets {
      let fixture = try ServiceFixture(pipeline: presetPipeline(preset))
      defer { fixture.remove() }
      let report = fixture.lint()
      XCTAssertEqual(report.diagnostics.map(describe), [], "preset \(preset)")
      XCTAssertNotNil(fixture.compile().merged, "preset \(preset)")
    }
  }

  func testGroupVariablesFileOverridesTheDefaults() throws {
    let pipeline = presetPipeline("python-postgres") + "  - project: platform/slipway\n    file: group-vars.example.yml\n"
    let fixture = try ServiceFixture(pipeline: pipeline)
    defer { fixture.remove() }
    XCTAssertEqual(fixture.lint().diagnostics.map(describe), [])
    let variables = fixture.compile().merged?["variables"]
    XCTAssertEqual(variables?["PY_PYLINT_MIN_SCORE"]?.string, "9.5")
    XCTAssertEqual(variables?["SW_CI_IMAGE"]?.string, "registry.example.com/platform/slipway/ci:1.0.0")
  }

  func testEveryComponentLintsWithZeroFindings() throws {
    for component in Paths.components {
      let fixture = try ServiceFixture(pipeline: componentPipeline(component))
      defer { fixture.remove() }
      XCTAssertEqual(fixture.lint().diagnostics.map(describe), [], "component \(component)")
    }
  }

  func testComponentWithEveryOptionCompiles() throws {
    for services in ["none", "postgres", "keydb", "postgres-keydb"] {
      let pipeline = componentPipeline("python-test") + "    inputs: {services: \(services), workers: \"4\"}\n"
      let fixture = try ServiceFixture(pipeline: pipeline)
      defer { fixture.remove() }
      let result = fixture.compile()
      XCTAssertFalse(result.hasErrors, "\(services): \(result.diagnostics.map(describe))")
      let job = result.merged?["py-test"]
      XCTAssertEqual(job?["services"]?.sequence?.count ?? 0, services == "none" ? 0 : services.split(separator: "-").count)
    }
  }

  func testInputValidationRejectsBadValues() throws {
    let pipeline = componentPipeline("python-test") + "    inputs: {services: mysql, workers: many}\n"
    let fixture = try ServiceFixture(pipeline: pipeline)
    defer { fixture.remove() }
    let messages = fixture.compile().diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "\n")
    XCTAssertTrue(messages.contains("services"), messages)
  }

  func testExamplePipelineLintsWithZeroFindings() throws {
    let settings = ProjectSettings.load(root: Paths.example).0
    let result = Compiler(
      source: OfflineIncludeSource(root: Paths.example, settings: settings), context: settings.defaultContext(),
      options: .gitlab
    ).compile(path: ".gitlab-ci.yml")
    let report = Linter(processRunner: SystemProcessRunner()).lint(result)
    XCTAssertEqual(report.diagnostics.map(describe), [])
    let jobs = (result.merged?.mapping ?? []).compactMap(\.key.keyName).filter { !$0.hasPrefix(".") }
    for job in ["vars-check", "docker-build", "py-test", "py-pylint", "py-mypy", "docker-publish", "docker-cleanup"] {
      XCTAssertTrue(jobs.contains(job), "example lacks \(job): \(jobs)")
    }
  }

  /// E14: a header comment, documented typed inputs, `<prefix>-<tool>` names, kill switch first.
  func testComponentsFollowTheTemplateConventions() throws {
    for component in Paths.components {
      let path = Paths.root + "/templates/\(component)/template.yml"
      let text = try String(contentsOfFile: path, encoding: .utf8)
      XCTAssertTrue(text.hasPrefix("# Slipway component `\(component)`"), "\(component): header comment")
      guard case .success(let doc) = TemplateDoc.load(name: component, root: Paths.root) else {
        return XCTFail("\(component) does not compile on its own")
      }
      for input in doc.inputs {
        XCTAssertFalse((input.description ?? "").isEmpty, "\(component): input \(input.name) has no description")
        XCTAssertNotNil(input.defaultValue, "\(component): input \(input.name) has no default")
      }
      for job in doc.jobs {
        XCTAssertNotNil(job.name.range(of: #"^[a-z]+-[a-z-]+$"#, options: .regularExpression), job.name)
        if job.name != "fe-install" {
          XCTAssertNotNil(job.killSwitch, "\(component): \(job.name) has no kill switch as its first rule")
        }
      }
    }
  }

  func testNoOnlyExceptNoHardcodedDefaultBranch() throws {
    let files = try FileManager.default.subpathsOfDirectory(atPath: Paths.root + "/templates").map { "templates/" + $0 }
      + FileManager.default.subpathsOfDirectory(atPath: Paths.root + "/presets").map { "presets/" + $0 }
    for file in files where file.hasSuffix(".yml") {
      let text = try String(contentsOfFile: Paths.root + "/" + file, encoding: .utf8)
      for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
        XCTAssertFalse(line.contains("only:") || line.contains("except:"), "\(file): \(line)")
        XCTAssertFalse(line.contains("== \"main\"") || line.contains("\"master\""), "\(file): \(line)")
      }
    }
  }
}

func describe(_ diagnostic: Diagnostic) -> String {
  "\(diagnostic.location.map { "\($0.file):\($0.line)" } ?? "-"): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)] \(diagnostic.message)"
}
