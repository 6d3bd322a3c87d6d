import Foundation
import SlipwayPipeline
import XCTest

/// The deploy, rollback and release jobs' exact command lines. Their scripts are taken from the
/// compiled python + helm-cd pipeline and run with bash exactly as written, with the variables a
/// real pipeline sets (GitLab's predefined variables for the context, docker-publish's dotenv
/// report, a File-type KUBECONFIG).
///
/// THE ONE FAKE: no Kubernetes cluster can run on this machine, so `helm` on PATH is a
/// recording shim (RecordingHelm): cluster commands (upgrade, rollback, test, history, diff,
/// repo add) are logged and succeed, `helm version` reports Helm 3 or Helm 4, and everything
/// else (package, lint, template, dependency) runs the real Helm 4.
final class HelmDeployCommandTests: XCTestCase {
  static let helm3 = "v3.16.2"
  static let helm4 = "v4.1.4"
  static let releaseImage = "registry.example.com/platform/inventory/release"
  var base = ""
  var service = ""

  override func setUpWithError() throws {
    try HelmHarness.requireTools()
    base = try HelmHarness.temporaryDirectory("deploy")
    service = try HelmHarness.serviceCopy(base)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: base) }

  struct Run {
    var status: Int32
    var output: String
    var helm: RecordingHelm
  }

  /// Runs `job` of the compiled pipeline in `context` with Helm `version` on PATH.
  func runJob(
    _ name: String, context shorthand: String, helmVersion: String, pipelineYAML: String = HelmHarness.pipeline(),
    extra: [String: String] = [:], dotenv: Bool = true, shell: String = "/bin/bash"
  ) throws -> Run {
    let fixture = try ServiceFixture(pipeline: pipelineYAML)
    defer { fixture.remove() }
    let job = try CompiledJob(fixture, name: name)
    let runDir = try HelmHarness.temporaryDirectory("run")
    addTeardownBlock { try? FileManager.default.removeItem(atPath: runDir) }
    let shim = try RecordingHelm(base: runDir, version: helmVersion)
    let kubeconfig = runDir + "/kubeconfig"
    try "apiVersion: v1\nkind: Config\nusers: [{name: ci, user: {token: kube-token-do-not-print}}]\n"
      .write(toFile: kubeconfig, atomically: true, encoding: .utf8)

    let context = try PipelineContext.parse(shorthand: shorthand, project: HelmHarness.project)
    var pipeline = PredefinedVariables.pipeline(context)
    pipeline.merge([
      "CI_PROJECT_NAME": "inventory", "CI_PROJECT_DIR": service, "CI_REGISTRY": "registry.example.com",
      "CI_REGISTRY_IMAGE": "registry.example.com/platform/inventory", "CI_JOB_NAME": name,
      "GITLAB_USER_LOGIN": "alice", "KUBECONFIG": kubeconfig,
      "PATH": shim.bin + ":" + Paths.tools + "/bin:/usr/local/bin:/usr/bin:/bin", "HOME": runDir,
    ]) { $1 }
    if let env = job.node["environment"]?["name"]?.string {
      pipeline["CI_ENVIRONMENT_NAME"] = env
      pipeline["CI_ENVIRONMENT_TIER"] = job.node["environment"]?["deployment_tier"]?.string ?? "other"
    }
    if dotenv, let tag = pipeline["CI_COMMIT_TAG"] {
      // docker-publish's dotenv report in a tag pipeline.
      pipeline["DOCKER_RELEASE_IMAGE"] = Self.releaseImage + ":" + tag.dropFirst()
      pipeline["DOCKER_RELEASE_DIGEST"] = HelmHarness.digest
    } else if dotenv {
      pipeline["DOCKER_RELEASE_IMAGE"] = "registry.example.com/platform/inventory/main:latest"
      pipeline["DOCKER_RELEASE_DIGEST"] = HelmHarness.digest
    }
    pipeline.merge(HelmHarness.helmHomes(runDir)) { $1 }
    pipeline.merge(extra) { $1 }
    let result = try HelmHarness.runJob(job, in: service, environment: job.environment(pipeline: pipeline), shell: shell)
    return Run(status: result.status, output: result.output, helm: shim)
  }

  func expectedUpgrade(env: String, appVersion: String, rollbackFlag: String, repository: String = releaseImage, extra: String = "") -> String {
    "helm upgrade inventory .helm-build/inventory-0.1.0.tgz --install --wait --timeout 5m0s"
      + " --namespace inventory --values k8s/envs/\(env).yaml\(extra)"
      + " --set-string image.repository=\(repository) --set-string image.digest=\(HelmHarness.digest) \(rollbackFlag)"
  }

  func testStagingDeployOnTagWithHelm3AndHelm4() throws {
    for (version, flag) in [(Self.helm3, "--atomic"), (Self.helm4, "--rollback-on-failure")] {
      let run = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: version)
      XCTAssertEqual(run.status, 0, run.output)
      XCTAssertEqual(run.helm.call("upgrade"), expectedUpgrade(env: "prev", appVersion: "1.2.3", rollbackFlag: flag), version)
      XCTAssertEqual(run.helm.call("package"), "helm package k8s --app-version 1.2.3 --destination .helm-build")
      XCTAssertEqual(run.helm.call("test"), "helm test inventory --namespace inventory --timeout 5m0s --logs")
      XCTAssertTrue(run.output.contains("Helm major version \(version.dropFirst().prefix(1))"), run.output)
      // The real Helm 4 packaged the chart with appVersion = the released version.
      let shown = try HelmHarness.exec(
        [HelmHarness.helm, "show", "chart", service + "/.helm-build/inventory-0.1.0.tgz"],
        environment: HelmHarness.helmHomes(base).merging(["HOME": base]) { $1 })
      XCTAssertTrue(shown.output.contains("appVersion: 1.2.3"), shown.output)
      let dotenv = try String(contentsOfFile: service + "/helm-deploy.env", encoding: .utf8)
      XCTAssertEqual(dotenv, "HELM_DEPLOYED_IMAGE=\(Self.releaseImage)@\(HelmHarness.digest)\nHELM_DEPLOYED_APP_VERSION=1.2.3\n")
    }
  }

  /// Helm images often have no bash (alpine/helm has busybox sh): the scripts are POSIX sh.
  func testDeployAndRollbackRunUnderPOSIXSh() throws {
    let shell = FileManager.default.isExecutableFile(atPath: "/usr/bin/dash") ? "/usr/bin/dash" : "/bin/sh"
    let run = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm3, shell: shell)
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertEqual(run.helm.call("upgrade"), expectedUpgrade(env: "prev", appVersion: "1.2.3", rollbackFlag: "--atomic"))
    let rollback = try runJob("rollback-prod", context: "tag:v1.2.3", helmVersion: Self.helm4, shell: shell)
    XCTAssertEqual(rollback.status, 0, rollback.output)
    XCTAssertEqual(rollback.helm.call("rollback"), "helm rollback inventory --namespace inventory --wait --timeout 5m0s")
  }

  func testDevDeployOnTheDefaultBranch() throws {
    for (version, flag) in [(Self.helm3, "--atomic"), (Self.helm4, "--rollback-on-failure")] {
      let run = try runJob("deploy-dev", context: "push:main", helmVersion: version)
      XCTAssertEqual(run.status, 0, run.output)
      XCTAssertEqual(
        run.helm.call("upgrade"),
        expectedUpgrade(env: "dev", appVersion: "", rollbackFlag: flag, repository: "registry.example.com/platform/inventory/main"))
      let sha = try XCTUnwrap(PredefinedVariables.pipeline(
        try PipelineContext.parse(shorthand: "push:main", project: HelmHarness.project))["CI_COMMIT_SHORT_SHA"])
      XCTAssertEqual(run.helm.call("package"), "helm package k8s --app-version \(sha) --destination .helm-build")
    }
  }

  func testProductionDeployWithPerEnvironmentSetAndSetFile() throws {
    let tlsFile = base + "/tls.crt"
    try "certificate".write(toFile: tlsFile, atomically: true, encoding: .utf8)
    let pipelineYAML = HelmHarness.pipeline() + "variables:\n  HELM_PRODUCTION_SET: \"podDisruptionBudget.minAvailable=1\"\n"
    let run = try runJob(
      "deploy-prod", context: "tag:v2.0.0", helmVersion: Self.helm4, pipelineYAML: pipelineYAML,
      extra: ["HELM_SET_PROD": "replicaCount=4 env.REGION=eu", "HELM_SET_FILE_PROD": "tls.crt=PROD_TLS_FILE", "PROD_TLS_FILE": tlsFile])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertEqual(
      run.helm.call("upgrade"),
      expectedUpgrade(
        env: "prod", appVersion: "2.0.0", rollbackFlag: "--rollback-on-failure",
        extra: " --set podDisruptionBudget.minAvailable=1 --set replicaCount=4 --set env.REGION=eu --set-file tls.crt=\(tlsFile)"))
  }

  func testHelmMajorCanBeForced() throws {
    let run = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: ["HELM_MAJOR": "3"])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(run.helm.call("upgrade")?.hasSuffix(" --atomic") ?? false, run.helm.calls.joined(separator: "\n"))
    let off = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: ["HELM_ROLLBACK_ON_FAILURE": "false"])
    XCTAssertEqual(off.helm.call("upgrade"), expectedUpgrade(env: "prev", appVersion: "1.2.3", rollbackFlag: "").trimmingCharacters(in: .whitespaces))
  }

  func testDeployRefusesWithoutAPromotedDigest() throws {
    let run = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4, dotenv: false)
    XCTAssertNotEqual(run.status, 0)
    XCTAssertTrue(run.output.contains("No promoted image digest"), run.output)
    XCTAssertNil(run.helm.call("upgrade"))
  }

  func testDeployRefusesWithoutAKubeconfigFile() throws {
    let run = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: ["KUBECONFIG": "apiVersion: v1"])
    XCTAssertNotEqual(run.status, 0)
    XCTAssertTrue(run.output.contains("set KUBECONFIG or KUBECONFIG_PREV as a File-type variable"), run.output)
    XCTAssertFalse(run.output.contains("apiVersion: v1"), "the variable's value must not be printed")
    XCTAssertNil(run.helm.call("upgrade"))
  }

  /// `set -x` (SW_TRACE=true) must not leak the repository password or the kubeconfig.
  func testTracingDoesNotLeakSecrets() throws {
    let secret = "s3cr3t-Repo-Pa55"
    let run = try runJob(
      "deploy-prod", context: "tag:v1.2.3", helmVersion: Self.helm4,
      extra: ["SW_TRACE": "true", "HELM_REPO_URL": "https://charts.example.com", "HELM_REPO_USERNAME": "deployer",
              "HELM_REPO_PASSWORD": secret, "HELM_PRODUCTION_GUARD": "test \"$GITLAB_USER_LOGIN\" = alice # \(secret)"])
    XCTAssertEqual(run.status, 0, run.output)
    XCTAssertTrue(run.output.contains("+ helm upgrade"), "tracing is on: \(run.output.prefix(2000))")
    XCTAssertFalse(run.output.contains(secret), run.output)
    XCTAssertFalse(run.output.contains("kube-token-do-not-print"), run.output)
    XCTAssertEqual(run.helm.call("repo"), "helm repo add --force-update --username deployer --password-stdin charts https://charts.example.com")
    XCTAssertEqual(try String(contentsOfFile: run.helm.log + ".stdin", encoding: .utf8), secret + "\n")
    XCTAssertFalse(run.helm.calls.joined().contains(secret))
  }

  func testProductionGuardBlocksOtherUsers() throws {
    let guardCommand = ["HELM_PRODUCTION_GUARD": "test \"$GITLAB_USER_LOGIN\" = bob"]
    let denied = try runJob("deploy-prod", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: guardCommand)
    XCTAssertNotEqual(denied.status, 0)
    XCTAssertTrue(denied.output.contains("alice is not allowed to change prod"), denied.output)
    XCTAssertEqual(denied.helm.calls, [])
    let rollback = try runJob("rollback-prod", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: guardCommand)
    XCTAssertNotEqual(rollback.status, 0)
    XCTAssertNil(rollback.helm.call("rollback"))
    // Staging ignores the production guard.
    let staging = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: guardCommand)
    XCTAssertEqual(staging.status, 0, staging.output)
  }

  func testRollbackGoesToThePreviousRevision() throws {
    for version in [Self.helm3, Self.helm4] {
      let run = try runJob("rollback-prev", context: "tag:v1.2.3", helmVersion: version)
      XCTAssertEqual(run.status, 0, run.output)
      XCTAssertEqual(run.helm.call("rollback"), "helm rollback inventory --namespace inventory --wait --timeout 5m0s")
    }
    let chosen = try runJob("rollback-prod", context: "tag:v1.2.3", helmVersion: Self.helm4, extra: ["HELM_ROLLBACK_REVISION": "7"])
    XCTAssertEqual(chosen.helm.call("rollback"), "helm rollback inventory 7 --namespace inventory --wait --timeout 5m0s")
  }

  func testNamespaceCreationAndLabelsOnlyWhenAsked() throws {
    let plain = try runJob("deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4)
    XCTAssertFalse(plain.helm.calls.contains { $0.contains("create-namespace") || $0.hasPrefix("kubectl") })
    let asked = try runJob(
      "deploy-prev", context: "tag:v1.2.3", helmVersion: Self.helm4,
      extra: ["HELM_CREATE_NAMESPACE": "true", "HELM_NAMESPACE_LABELS": "team=platform tier=backend"])
    XCTAssertEqual(asked.status, 0, asked.output)
    XCTAssertTrue(asked.helm.call("upgrade")?.contains("--create-namespace") ?? false)
    XCTAssertEqual(asked.helm.calls.filter { $0.hasPrefix("kubectl") }, [
      "kubectl label namespace inventory team=platform --overwrite",
      "kubectl label namespace inventory tier=backend --overwrite",
    ])
  }

  /// release-mark-<env> calls `slipway version mark` with the environment and the tag.
  func testReleaseMarkCommand() throws {
    let fixture = try ServiceFixture(pipeline: HelmHarness.pipeline())
    defer { fixture.remove() }
    for env in ["prev", "prod"] {
      let job = try CompiledJob(fixture, name: "release-mark-\(env)")
      XCTAssertEqual(job.script.last, "slipway version mark --env \"$HELM_ENV\" --ref \"$CI_COMMIT_TAG\" --push")
      XCTAssertEqual(job.environment(pipeline: [:])["HELM_ENV"], env)
      XCTAssertEqual(job.environment(pipeline: [:])["GIT_DEPTH"], "0")
    }
  }

  /// release-mark-prev, run as compiled with the real slipway and git against a local remote:
  /// release-prev ends up on the commit of v1.2.3, not on the branch head.
  func testReleaseMarkMovesTheTagInARealRepository() throws {
    let slipway = try HelmHarness.slipway()
    let git: [String: String] = [
      "PATH": (slipway as NSString).deletingLastPathComponent + ":/usr/local/bin:/usr/bin:/bin", "HOME": base,
      "GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.com", "GIT_COMMITTER_NAME": "ci",
      "GIT_COMMITTER_EMAIL": "ci@example.com", "GIT_CONFIG_NOSYSTEM": "1",
    ]
    let remote = base + "/remote.git"
    let work = base + "/work"
    for command in [["git", "init", "--quiet", "--bare", "--initial-branch=main", remote],
                    ["git", "clone", "--quiet", remote, work]] {
      let result = try HelmHarness.exec(command, environment: git)
      XCTAssertEqual(result.status, 0, result.output)
    }
    for command in [["git", "checkout", "--quiet", "-b", "main"], ["git", "commit", "--quiet", "--allow-empty", "-m", "first"],
                    ["git", "tag", "v1.2.3"], ["git", "commit", "--quiet", "--allow-empty", "-m", "Merge branch 'feature/x'"],
                    ["git", "push", "--quiet", "origin", "main", "v1.2.3"]] {
      let result = try HelmHarness.exec(command, in: work, environment: git)
      XCTAssertEqual(result.status, 0, "\(command): \(result.output)")
    }
    let fixture = try ServiceFixture(pipeline: HelmHarness.pipeline())
    defer { fixture.remove() }
    let job = try CompiledJob(fixture, name: "release-mark-prev")
    var pipeline = PredefinedVariables.pipeline(try PipelineContext.parse(shorthand: "tag:v1.2.3", project: HelmHarness.project))
    pipeline.merge(git) { $1 }
    pipeline["CI_PROJECT_DIR"] = work
    let run = try HelmHarness.runJob(job, in: work, environment: job.environment(pipeline: pipeline))
    XCTAssertEqual(run.status, 0, run.output)
    let tagged = try HelmHarness.exec(["git", "rev-parse", "v1.2.3^{commit}"], in: work, environment: git).output
    let marked = try HelmHarness.exec(["git", "ls-remote", remote, "refs/tags/release-prev^{}", "refs/tags/release-prev"], environment: git).output
    XCTAssertTrue(marked.contains(tagged.trimmingCharacters(in: .whitespacesAndNewlines)), "\(marked) vs \(tagged)")
  }

  /// helm-diff in a merge request: skipped without the plugin or a kubeconfig, else a diff
  /// against dev with dev's values.
  func testHelmDiffInMergeRequests() throws {
    let noPlugin = try runJob("helm-diff", context: "mr:feature/x->main", helmVersion: Self.helm4)
    XCTAssertEqual(noPlugin.status, 0, noPlugin.output)
    XCTAssertTrue(noPlugin.output.contains("helm-diff plugin is not installed"), noPlugin.output)
    XCTAssertNil(noPlugin.helm.call("diff"))
    let plugin = ["HELM_SHIM_PLUGINS": "NAME\tVERSION\tDESCRIPTION\ndiff\t3.9.11\tPreview helm upgrade changes as a diff\n"]
    let noKubeconfig = try runJob("helm-diff", context: "mr:feature/x->main", helmVersion: Self.helm4,
                                  extra: plugin.merging(["KUBECONFIG": ""]) { $1 })
    XCTAssertEqual(noKubeconfig.status, 0, noKubeconfig.output)
    XCTAssertTrue(noKubeconfig.output.contains("No kubeconfig for dev in this pipeline"), noKubeconfig.output)
    let diff = try runJob("helm-diff", context: "mr:feature/x->main", helmVersion: Self.helm4, extra: plugin)
    XCTAssertEqual(diff.status, 0, diff.output)
    XCTAssertEqual(diff.helm.call("diff"),
                   "helm diff upgrade inventory k8s --allow-unreleased --namespace inventory --values k8s/envs/dev.yaml")
  }
}
