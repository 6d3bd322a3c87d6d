import Foundation
import SlipwayPipeline
import XCTest

/// The example chart (examples/python-service/k8s) with a real Helm 4 and kubernetes-validate
/// (`../shared/tools/install-helm`): it lints and renders for every environment, the rendered
/// manifests pass the manifest check, and the component's helm-lint-* / helm-render-* jobs do
/// the same when their scripts run with bash exactly as compiled.
///
/// The manifest check is `kubernetes-validate --strict` against the Kubernetes 1.35 JSON
/// schemas: every object's apiVersion/kind exists in that version, every field is known
/// (strict: no unexpected properties), values have the right types, required fields are present.
final class HelmDeployChartTests: XCTestCase {
  var base = ""
  var environment: [String: String] = [:]

  override func setUpWithError() throws {
    try HelmHarness.requireTools()
    base = try HelmHarness.temporaryDirectory("chart")
    environment = HelmHarness.helmHomes(base).merging([
      "PATH": Paths.tools + "/bin:/usr/local/bin:/usr/bin:/bin", "HOME": base,
    ]) { $1 }
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: base) }

  func testHelmIsVersion4() throws {
    let version = try HelmHarness.exec([HelmHarness.helm, "version", "--template", "{{.Version}}"], environment: environment)
    XCTAssertEqual(version.status, 0)
    XCTAssertTrue(version.output.hasPrefix("v4."), version.output)
  }

  func testExampleChartLintsRendersAndValidatesForEveryEnvironment() throws {
    let chart = Paths.example + "/k8s"
    let replicas = ["dev": 1, "prev": 2, "prod": 3]
    for env in HelmHarness.environments {
      let values = chart + "/envs/\(env).yaml"
      let lint = try HelmHarness.exec(
        [HelmHarness.helm, "lint", "--strict", "--kube-version", "1.35.0", chart, "--values", values], environment: environment)
      XCTAssertEqual(lint.status, 0, "\(env): \(lint.output)")
      XCTAssertTrue(lint.output.contains("1 chart(s) linted, 0 chart(s) failed"), lint.output)

      let manifests = base + "/\(env).yaml"
      let render = try HelmHarness.exec(
        ["/bin/sh", "-c", "\"$0\" template inventory \"$1\" --kube-version 1.35.0 --values \"$2\" --set-string image.digest=\"$3\" > \"$4\"",
         HelmHarness.helm, chart, values, HelmHarness.digest, manifests], environment: environment)
      XCTAssertEqual(render.status, 0, "\(env): \(render.output)")
      let text = try String(contentsOfFile: manifests, encoding: .utf8)
      XCTAssertTrue(text.contains("kind: Deployment"), env)
      XCTAssertTrue(text.contains("replicas: \(replicas[env] ?? 0)"), "\(env) replicas")
      XCTAssertTrue(text.contains("livenessProbe:") && text.contains("readinessProbe:"), "\(env) probes")
      XCTAssertTrue(text.contains("resources:") && text.contains("limits:"), "\(env) resources")
      XCTAssertTrue(text.contains("image: \"registry.example.com/platform/inventory/release@\(HelmHarness.digest)\""), "\(env) image by digest")
      XCTAssertTrue(text.contains("\"helm.sh/hook\": test") || text.contains("helm.sh/hook: test"), "\(env) test hook")
      XCTAssertTrue(text.contains("value: \"\(env)\""), "\(env) environment value")

      let check = try HelmHarness.exec(
        [HelmHarness.kubernetesValidate, "--strict", "--quiet", "--kubernetes-version", "1.35.0", manifests], environment: environment)
      XCTAssertEqual(check.status, 0, "\(env): \(check.output)")
    }
  }

  func testManifestCheckRejectsBrokenManifests() throws {
    let broken = base + "/broken.yaml"
    try """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: inventory}
      spec:
        replicas: two
        selector: {matchLabels: {app: inventory}}
        template:
          metadata: {labels: {app: inventory}}
          spec:
            containers: [{name: inventory, image: x, livenessProbes: {}}]

      """.write(toFile: broken, atomically: true, encoding: .utf8)
    let check = try HelmHarness.exec(
      [HelmHarness.kubernetesValidate, "--strict", "--quiet", "--kubernetes-version", "1.35.0", broken], environment: environment)
    XCTAssertNotEqual(check.status, 0)
    XCTAssertTrue(check.output.contains("replicas"), check.output)
  }

  /// helm-lint-<env> and helm-render-<env>, compiled from the helm-cd preset, run with bash in a
  /// copy of the example service, with the variables a branch pipeline sets.
  func testLintAndRenderJobsRunAsCompiled() throws {
    let service = try HelmHarness.serviceCopy(base)
    let fixture = try ServiceFixture(pipeline: HelmHarness.pipeline(presets: ["helm-cd"]))
    defer { fixture.remove() }
    let context = try PipelineContext.parse(shorthand: "push:feature/x", project: HelmHarness.project)
    var pipeline = PredefinedVariables.pipeline(context)
    pipeline["CI_PROJECT_NAME"] = "inventory"
    pipeline["CI_PROJECT_DIR"] = service
    pipeline["CI_REGISTRY"] = "registry.example.com"
    pipeline.merge(environment) { $1 }
    for env in HelmHarness.environments {
      for kind in ["helm-lint", "helm-render"] {
        let job = try CompiledJob(fixture, name: "\(kind)-\(env)")
        var variables = job.environment(pipeline: pipeline)
        variables["CI_JOB_NAME"] = job.name
        let result = try HelmHarness.runJob(job, in: service, environment: variables)
        XCTAssertEqual(result.status, 0, "\(job.name):\n\(result.output)")
      }
      let manifests = service + "/manifests/\(env).yaml"
      XCTAssertTrue(FileManager.default.fileExists(atPath: manifests), manifests)
    }

    // A broken values file makes the render job fail at the manifest check.
    try "environment: prod\nreplicaCount: two\n".write(toFile: service + "/k8s/envs/prod.yaml", atomically: true, encoding: .utf8)
    let job = try CompiledJob(fixture, name: "helm-render-prod")
    let result = try HelmHarness.runJob(job, in: service, environment: job.environment(pipeline: pipeline))
    XCTAssertNotEqual(result.status, 0, result.output)
    XCTAssertTrue(result.output.contains("did not validate"), result.output)
  }
}
