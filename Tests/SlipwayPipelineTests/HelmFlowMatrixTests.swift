import SlipwayPipeline
import XCTest

/// The seed's helm-cd flow (dev on the default branch, staging on vX.Y.Z tags, manual production,
/// jobs that need the deploys) across push, merge request, tag and schedule.
final class HelmFlowMatrixTests: XCTestCase {
  static let config = """
    stages: [build, deploy, release]
    variables:
      RELEASE_TAG: '/^v\\d+\\.\\d+\\.\\d+$/'
    build:
      stage: build
      script: [docker build .]
      rules:
        - if: $CI_PIPELINE_SOURCE == "schedule"
          when: never
        - when: on_success
    .deploy:
      stage: deploy
      script: [helm upgrade -i app k8s]
      environment: {name: $ENV_NAME, url: 'https://$ENV_NAME.example.com'}
      resource_group: deploy-$ENV_NAME
    deploy-dev:
      extends: .deploy
      variables: {ENV_NAME: dev}
      rules:
        - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"
    deploy-staging:
      extends: .deploy
      variables: {ENV_NAME: staging}
      rules:
        - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/
    deploy-production:
      extends: .deploy
      variables: {ENV_NAME: production}
      rules:
        - if: $CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/
          when: manual
    tag-release:
      stage: release
      needs: [deploy-production]
      script: [mark-release]
      rules:
        - if: $CI_COMMIT_TAG
    smoke-dev:
      stage: release
      needs: [{job: deploy-dev, optional: true}]
      script: [smoke]
      rules:
        - if: $CI_PIPELINE_SOURCE != "schedule"
    nightly-scan:
      stage: build
      script: [scan]
      only: [schedules]
    """

  func testMatrix() {
    let simulator = memorySimulator(Self.config)
    let contexts = ["push:main", "mr:feature/x->main", "tag:v1.2.3", "schedule:main", "push:feature/x", "tag:nightly"]
    let plans = simulator.simulate(contexts.map { context($0) })
    let jobs = plans.map(\.jobNames)
    XCTAssertEqual(jobs[0], ["build", "deploy-dev", "smoke-dev"])
    XCTAssertEqual(jobs[1], ["build", "smoke-dev"])
    XCTAssertEqual(jobs[2], ["build", "deploy-staging", "deploy-production", "tag-release", "smoke-dev"])
    XCTAssertEqual(jobs[3], ["nightly-scan"])
    XCTAssertEqual(jobs[4], ["build", "smoke-dev"])
    XCTAssertEqual(plans[5].status, .error, "tag-release needs deploy-production, absent for a non-semver tag")
    let tag = plans[2]
    XCTAssertEqual(tag.job(named: "deploy-production")?.when, "manual")
    XCTAssertEqual(tag.job(named: "deploy-production")?.allowFailure, false)
    XCTAssertEqual(tag.job(named: "deploy-staging")?.environment, "staging")
    XCTAssertEqual(tag.job(named: "deploy-staging")?.resourceGroup, "deploy-staging")
    XCTAssertEqual(tag.job(named: "tag-release")?.needs?.map(\.job), ["deploy-production"])
    XCTAssertEqual(plans[0].job(named: "smoke-dev")?.needs?.map(\.job), ["deploy-dev"])
    XCTAssertEqual(plans[1].job(named: "smoke-dev")?.needs?.map(\.job), [])
    XCTAssertEqual(simulator.cache.compileCount, 1, "no include reads the context: one compile for all")
    let matrix = PlanTextRenderer().matrix(plans)
    XCTAssertTrue(matrix.contains("deploy-production"))
    XCTAssertTrue(matrix.contains("manual"))
  }

  func testExplainCitesRulesVariablesAndExtends() throws {
    let simulator = memorySimulator(Self.config)
    let explainer = JobExplainer(simulator: simulator)
    let text = try XCTUnwrap(explainer.explain(job: "deploy-production", in: context("push:main")))
    XCTAssertTrue(text.contains("not in the pipeline"), text)
    XCTAssertTrue(text.contains("extends: .deploy"), text)
    XCTAssertTrue(text.contains("$CI_COMMIT_TAG = (undefined)"), text)
    XCTAssertTrue(text.contains(".gitlab-ci.yml:"), text)
    XCTAssertTrue(text.contains("no rule matched"), text)
    let onTag = try XCTUnwrap(explainer.explain(job: "deploy-production", in: context("tag:v1.2.3")))
    XCTAssertTrue(onTag.contains("$CI_COMMIT_TAG = \"v1.2.3\""), onTag)
    XCTAssertTrue(onTag.contains("when: manual"), onTag)
    XCTAssertNil(explainer.explain(job: "nope", in: context("push:main")))
  }
}
