import SlipwayCore
import SlipwayLint
import XCTest

/// GitLab's logical checks: stages, needs, dependencies, cycles, on_stop, warnings.
final class PipelineValidationTests: XCTestCase {
  func messages(_ yaml: String) throws -> [String] {
    try LintTestSupport.validate(yaml).map { "\($0.location?.line ?? 0) \($0.message)" }
  }

  func testUndefinedStage() throws {
    XCTAssertEqual(
      try messages("stages: [build, test]\njob:\n  stage: deploy\n  script: x\n"),
      ["3 job job: chosen stage deploy does not exist; available stages are build, test"])
    XCTAssertEqual(
      try messages("job:\n  stage: release\n  script: x\n"),
      ["2 job job: chosen stage release does not exist; available stages are .pre, build, test, deploy, .post"])
    XCTAssertEqual(try messages("job:\n  stage: .pre\n  script: x\nlater:\n  stage: .post\n  script: x\n"), [])
  }

  func testNeeds() throws {
    XCTAssertEqual(
      try messages("a:\n  script: x\n  needs: [missing]\n"), ["3 a job: undefined need: missing"])
    XCTAssertEqual(try messages("a:\n  script: x\n  needs: [{job: missing, optional: true}]\n"), [])
    XCTAssertEqual(
      try messages("a:\n  stage: build\n  script: x\n  needs: [b]\nb:\n  stage: test\n  script: x\n"),
      ["4 a job: need b is not defined in current or prior stages"])
    // Same-stage needs are allowed (GitLab 14.2+).
    XCTAssertEqual(try messages("a:\n  script: x\n  needs: [b]\nb:\n  script: x\n"), [])
    XCTAssertEqual(
      try messages("a:\n  script: x\n  needs: [b, b]\nb:\n  script: x\n"),
      ["3 a has the following needs duplicated: b."])
    XCTAssertEqual(
      try messages("a:\n  script: x\n  rules:\n    - needs: [nope]\n"), ["4 a job: undefined need: nope"])
  }

  func testNeedsLimit() throws {
    var yaml = "a:\n  script: x\n  needs:\n"
    for i in 0..<51 { yaml += "    - j\(i)\n" }
    for i in 0..<51 { yaml += "j\(i):\n  script: x\n" }
    XCTAssertEqual(
      try messages(yaml),
      ["4 a: one job can only need 50 others, but you have listed 51. See needs keyword documentation for more details"])
  }

  func testParallelInstancesCanBeNeeded() throws {
    let yaml = "build:\n  script: x\n  parallel:\n    matrix: [{OS: [linux, mac]}]\nt:\n  script: x\n  needs: ['build: [linux]']\n"
    XCTAssertEqual(try messages(yaml), [])
  }

  func testCycles() throws {
    XCTAssertEqual(
      try messages("a:\n  script: x\n  needs: [b]\nb:\n  script: x\n  needs: [a]\n"),
      ["3 The pipeline has circular dependencies: topological sort failed: [\"a\", \"b\"]"])
  }

  func testDependencies() throws {
    XCTAssertEqual(
      try messages("a:\n  script: x\n  dependencies: [nope]\n"), ["3 a job: undefined dependency: nope"])
    XCTAssertEqual(
      try messages("a:\n  stage: build\n  script: x\n  dependencies: [b]\nb:\n  stage: test\n  script: x\n"),
      ["4 a job: dependency b is not defined in current or prior stages"])
  }

  func testOnStop() throws {
    XCTAssertEqual(
      try messages("a:\n  script: x\n  environment: {name: review, on_stop: stop}\n"),
      ["3 a job: on_stop job stop is not defined"])
    XCTAssertEqual(
      try messages("a:\n  script: x\n  environment: {name: review, on_stop: stop}\nstop:\n  script: x\n  environment: {name: review}\n"),
      ["3 a job: on_stop job stop needs to have action stop defined"])
    XCTAssertEqual(
      try messages("a:\n  script: x\n  environment: {name: review, on_stop: stop}\nstop:\n  script: x\n  environment: {name: review, action: stop}\n"), [])
  }

  func testJobTyping() throws {
    XCTAssertEqual(
      try messages("a:\n  stage: test\n"),
      ["1 jobs a config should implement the script:, run:, or trigger: keyword"])
    XCTAssertEqual(try messages(".a:\n  script: x\n"), ["1 jobs config should contain at least one visible job"])
  }

  func testRulesWhenWarning() throws {
    let yaml = "a:\n  script: x\n  rules:\n    - if: $A\n    - when: always\n"
    let diagnostics = try LintTestSupport.validate(yaml)
    XCTAssertEqual(diagnostics.map(\.severity), [.warning])
    XCTAssertEqual(diagnostics.first?.location?.line, 5)
    XCTAssertTrue(diagnostics.first?.message.hasPrefix("jobs:a may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules`") ?? false)
    XCTAssertEqual(try messages("workflow:\n  rules: [{when: always}]\n" + yaml), [])
    XCTAssertEqual(try messages("a:\n  script: x\n  rules:\n    - if: $A\n    - when: never\n"), [])
  }
}
