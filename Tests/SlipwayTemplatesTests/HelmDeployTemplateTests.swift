import Foundation
import SlipwayConfig
import SlipwayPipeline
import SlipwayTemplates
import SlipwayYAML
import XCTest

/// The helm-deploy component and the helm-cd preset: they compile, lint clean at --strict,
/// follow the template conventions, and plan the right jobs per pipeline context.
final class HelmDeployTemplateTests: XCTestCase {
  static let helmJobs: Set<String> = [
    "helm-lint-dev", "helm-lint-prev", "helm-lint-prod", "helm-render-dev", "helm-render-prev", "helm-render-prod",
    "helm-diff", "deploy-dev", "deploy-prev", "deploy-prod", "release-mark-prev", "release-mark-prod",
    "rollback-dev", "rollback-prev", "rollback-prod",
  ]

  func testComponentAndPresetCompileWithZeroErrors() throws {
    for (label, pipeline) in [
      ("helm-cd preset", HelmHarness.pipeline(presets: ["helm-cd"])),
      ("python + helm-cd presets", HelmHarness.pipeline()),
      ("python-postgres + helm-cd presets", HelmHarness.pipeline(presets: ["python-postgres", "helm-cd"])),
      ("component", componentPipeline("helm-deploy")),
    ] {
      let fixture = try ServiceFixture(pipeline: pipeline)
      defer { fixture.remove() }
      let result = fixture.compile()
      XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(describe), [], label)
      let jobs = Set((result.merged?.mapping ?? []).compactMap(\.key.keyName))
      XCTAssertTrue(Self.helmJobs.isSubset(of: jobs), "\(label): missing \(Self.helmJobs.subtracting(jobs))")
    }
  }

  func testComponentAndPresetLintCleanAtStrict() throws {
    for (label, pipeline) in [
      ("helm-cd preset", HelmHarness.pipeline(presets: ["helm-cd"])),
      ("python + helm-cd presets", HelmHarness.pipeline()),
      ("component", componentPipeline("helm-deploy")),
    ] {
      let fixture = try ServiceFixture(pipeline: pipeline)
      defer { fixture.remove() }
      // --strict: warnings count too, so every finding of any severity must be absent.
      XCTAssertEqual(fixture.lint().diagnostics.map(describe), [], label)
    }
  }

  func testEnvironmentNamesAndEveryInputCanBeChanged() throws {
    let pipeline = componentPipeline("helm-deploy") + """
          inputs:
              chart: deploy/chart
              release-name: shop
              namespace: shop-ns
              create-namespace: true
              namespace-labels: team=shop
              values-dir: deploy/values
              dev-environment: review
              staging-environment: staging
              production-environment: production
              dev-url: https://review.example.com
              production-url: https://shop.example.com
              staging-set: replicaCount=2 ingress.enabled=true
              timeout: 10m
              helm-major: "4"
              rollback-on-failure: false
              run-tests: false
              kube-version: 1.33.0
              runner-tags: [k8s]

      """
    let fixture = try ServiceFixture(pipeline: pipeline)
    defer { fixture.remove() }
    let result = fixture.compile()
    XCTAssertFalse(result.hasErrors, "\(result.diagnostics.map(describe))")
    let root = try XCTUnwrap(result.merged)
    for job in ["helm-lint-review", "helm-render-staging", "deploy-review", "deploy-staging", "deploy-production",
                "release-mark-staging", "release-mark-production", "rollback-production"] {
      XCTAssertNotNil(root[job], job)
    }
    XCTAssertEqual(root["deploy-production"]?["environment"]?["name"]?.string, "production")
    XCTAssertEqual(root["deploy-production"]?["environment"]?["deployment_tier"]?.string, "production")
    XCTAssertEqual(root["deploy-production"]?["resource_group"]?.string, "production")
    XCTAssertEqual(root["deploy-review"]?["tags"]?.sequence?.compactMap(\.string), ["k8s"])
    XCTAssertEqual(root["release-mark-staging"]?["needs"]?.sequence?.first?["job"]?.string, "deploy-staging")
    XCTAssertEqual(root["variables"]?["HELM_NAMESPACE"]?.string, "shop-ns")
    XCTAssertEqual(root["variables"]?["HELM_STAGING_SET"]?.string, "replicaCount=2 ingress.enabled=true")
    XCTAssertEqual(root["variables"]?["HELM_ROLLBACK_ON_FAILURE"]?.rubyString, "false")
  }

  func testInputValidationRejectsBadValues() throws {
    let pipeline = componentPipeline("helm-deploy") + """
          inputs: {production-environment: Prod_Env, helm-major: "5", timeout: soon}

      """
    let fixture = try ServiceFixture(pipeline: pipeline)
    defer { fixture.remove() }
    let errors = fixture.compile().diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "\n")
    for input in ["production-environment", "helm-major", "timeout"] {
      XCTAssertTrue(errors.contains(input), "\(input) not rejected: \(errors)")
    }
  }

  /// E14: header comment, documented typed inputs with defaults, `<prefix>-<tool>` names, kill switch first.
  func testComponentFollowsTheTemplateConventions() throws {
    let text = try String(contentsOfFile: Paths.root + "/templates/helm-deploy/template.yml", encoding: .utf8)
    XCTAssertTrue(text.hasPrefix("# Slipway component `helm-deploy`"))
    guard case .success(let doc) = TemplateDoc.load(name: "helm-deploy", root: Paths.root) else {
      return XCTFail("helm-deploy does not compile on its own")
    }
    for input in doc.inputs {
      XCTAssertFalse((input.description ?? "").isEmpty, "input \(input.name) has no description")
      XCTAssertNotNil(input.defaultValue, "input \(input.name) has no default")
    }
    XCTAssertEqual(Set(doc.jobs.map(\.name)), Self.helmJobs)
    for job in doc.jobs {
      XCTAssertNotNil(job.name.range(of: #"^[a-z]+-[a-z-]+$"#, options: .regularExpression), job.name)
      XCTAssertNotNil(job.killSwitch, "\(job.name) has no kill switch as its first rule")
      XCTAssertTrue(job.killSwitch?.contains("$HELM_DISABLED") ?? false, "\(job.name): HELM_DISABLED")
    }
    for file in ["templates/helm-deploy/template.yml", "presets/helm-cd.yml"] {
      let body = try String(contentsOfFile: Paths.root + "/" + file, encoding: .utf8)
      for line in body.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
        XCTAssertFalse(line.contains("only:") || line.contains("except:"), "\(file): \(line)")
        XCTAssertFalse(line.contains("\"main\"") || line.contains("master"), "\(file): \(line)")
        XCTAssertFalse(line.contains("set -x"), "\(file): tracing only through .sw-trace: \(line)")
      }
    }
  }

  /// docs/templates/helm-deploy.md is generated from the component like the other pages.
  func testDocsPageMatchesTheComponent() throws {
    guard case .success(let doc) = TemplateDoc.load(name: "helm-deploy", root: Paths.root) else {
      return XCTFail("helm-deploy does not compile")
    }
    let fixture = try ServiceFixture(pipeline: componentPipeline("helm-deploy"))
    defer { fixture.remove() }
    let outside = Set(fixture.lint().requiredVariables.flatMap(\.variables)).sorted()
    try assertSnapshot(doc.markdown(requiredVariables: outside), path: Paths.docs + "/helm-deploy.md")
  }
}
