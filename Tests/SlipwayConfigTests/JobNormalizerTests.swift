import SlipwayCore
import SlipwayYAML
import XCTest

@testable import SlipwayConfig

/// `slipway config --jobs`: jobs as GitLab's job entries see them.
final class JobNormalizerTests: XCTestCase {
  private func jobs(_ yaml: String) -> (jobs: [NormalizedJob], messages: [String]) {
    let result = compile([".gitlab-ci.yml": yaml])
    guard let merged = result.merged else { return ([], result.errorMessages) }
    let normalized = JobNormalizer.normalize(merged)
    return (normalized.jobs, result.errorMessages + normalized.diagnostics.map(\.message))
  }

  func testDefaultsFillOnlyMissingKeysAndRespectInherit() throws {
    let (list, messages) = jobs(
      """
      default:
        image: python:3.12
        tags: [docker]
        before_script: [setup]
      variables: {GLOBAL: g, OTHER: o}
      a:
        script: run
        tags: [shell]
      b:
        inherit: {default: [image], variables: [GLOBAL]}
        script: [[one, two], three]
        variables: {OWN: 1}
      """)
    XCTAssertEqual(messages, [])
    let a = try XCTUnwrap(list.first { $0.name == "a" }?.node)
    XCTAssertEqual(a["image"]?.string, "python:3.12")
    XCTAssertEqual(a["tags"]?.sequence?.compactMap(\.string), ["shell"])
    XCTAssertEqual(a["before_script"]?.sequence?.compactMap(\.string), ["setup"])
    XCTAssertEqual(a["script"]?.sequence?.compactMap(\.string), ["run"])
    XCTAssertEqual(a["stage"]?.string, "test")
    XCTAssertEqual(a["when"]?.string, "on_success")
    XCTAssertEqual(a["allow_failure"]?.scalar?.value, .bool(false))
    XCTAssertEqual(a["variables"]?.keys, ["GLOBAL", "OTHER"])
    let b = try XCTUnwrap(list.first { $0.name == "b" }?.node)
    XCTAssertEqual(b["image"]?.string, "python:3.12")
    XCTAssertNil(b["tags"])
    XCTAssertNil(b["before_script"])
    XCTAssertEqual(b["script"]?.sequence?.compactMap(\.string), ["one", "two", "three"])
    XCTAssertEqual(b["variables"]?.keys, ["GLOBAL", "OWN"])
    XCTAssertEqual(b["variables"]?["OWN"]?.string, "1")
  }

  func testManualJobsAllowFailureAndNeedsObjects() throws {
    let (list, _) = jobs("deploy:\n  when: manual\n  script: x\n  needs: [build, {job: test, artifacts: false}]\nbuild: {script: x}\ntest: {script: x}\n")
    let deploy = try XCTUnwrap(list.first?.node)
    XCTAssertEqual(deploy["allow_failure"]?.scalar?.value, .bool(true))
    let needs = try XCTUnwrap(deploy["needs"]?.sequence)
    XCTAssertEqual(needs[0]["job"]?.string, "build")
    XCTAssertEqual(needs[0]["artifacts"]?.scalar?.value, .bool(true))
    XCTAssertEqual(needs[0]["optional"]?.scalar?.value, .bool(false))
    XCTAssertEqual(needs[1]["artifacts"]?.scalar?.value, .bool(false))
  }

  func testTopLevelGlobalsActAsDefaultsAndConflictWithDefault() {
    let (list, messages) = jobs("image: ruby:3\njob: {script: x}\n")
    XCTAssertEqual(messages, [])
    XCTAssertEqual(list.first?.node["image"]?.string, "ruby:3")
    let conflict = jobs("image: ruby:3\ndefault: {image: ruby:2}\njob: {script: x}\n")
    XCTAssertEqual(conflict.messages, ["image is defined in top-level and `default:` entry"])
  }

  func testJobTypingHiddenJobsAndReservedNames() {
    let (list, messages) = jobs(".hidden: {script: x}\nstages: [build]\nbroken:\n  stage: build\nworkflow: {rules: [{when: always}]}\n")
    XCTAssertEqual(list.map(\.name), [])
    XCTAssertEqual(messages, ["jobs broken config should implement the script:, run:, or trigger: keyword"])
    XCTAssertEqual(jobs(".only-hidden: {script: x}\n").messages, ["jobs config should contain at least one visible job"])
  }

  func testVariablesAreStringsAsGitLabStoresThem() throws {
    let (list, _) = jobs("variables:\n  VERSION: 1.10\n  COUNT: 3\n  FLAG: {value: 'on', description: d}\njob: {script: x}\n")
    let vars = try XCTUnwrap(list.first?.node["variables"])
    XCTAssertEqual(vars["VERSION"]?.string, "1.1")
    XCTAssertEqual(vars["COUNT"]?.string, "3")
    XCTAssertEqual(vars["FLAG"]?.string, "on")
  }

  func testStagesGetPreAndPost() throws {
    let result = compile([".gitlab-ci.yml": "stages: [build, [test, .pre], deploy]\njob: {script: x}\n"])
    XCTAssertEqual(result.merged?["stages"]?.sequence?.compactMap(\.string), [".pre", "build", "test", "deploy", ".post"])
  }

  /// Jobs are normalised in chunks on every core: same jobs, same order, and the typing errors in
  /// document order, as one job at a time.
  func testManyJobsNormaliseInDocumentOrder() throws {
    var yaml = "default: {image: python:3.12}\nvariables: {GLOBAL: g}\n"
    for index in 0..<700 {
      yaml += index % 97 == 5 ? "not-a-job-\(index): {stage: test}\n" : "job-\(index): {script: [echo \(index)], variables: {OWN: \(index)}}\n"
    }
    let merged = try XCTUnwrap(compile([".gitlab-ci.yml": yaml]).merged)
    let normalized = JobNormalizer.normalize(merged)
    let expectedNames = (0..<700).filter { $0 % 97 != 5 }.map { "job-\($0)" }
    XCTAssertEqual(normalized.jobs.map(\.name), expectedNames)
    XCTAssertEqual(
      normalized.diagnostics.map(\.message),
      (0..<700).filter { $0 % 97 == 5 }.map { "jobs not-a-job-\($0) config should implement the script:, run:, or trigger: keyword" })
    var ignored: [Diagnostic] = []
    let context = JobContext({ merged[$0] }, mark: merged.mark, &ignored)
    for job in normalized.jobs {
      let written = try XCTUnwrap(merged[job.name])
      let alone = try XCTUnwrap(JobNormalizer.normalizeJob(written, context))
      XCTAssertEqual(job.node.rubyInspect, alone.rubyInspect)
    }
    XCTAssertEqual(normalized.jobs[3].node["variables"]?["OWN"]?.string, "3")
  }

  /// Key positions switch from comparing names to hashing them past 32 keys; order and overrides
  /// must not change at the switch.
  func testLargeVariableBlocksKeepOrderAndOverrides() throws {
    let globals = (0..<40).map { "G\($0): g\($0)" }.joined(separator: ", ")
    let own = (0..<40).filter { $0 % 3 == 0 }.map { "G\($0): own\($0)" }.joined(separator: ", ")
    let (list, messages) = jobs("variables: {\(globals)}\njob: {script: [x], variables: {\(own), EXTRA: e}}\n")
    XCTAssertEqual(messages, [])
    let variables = try XCTUnwrap(list.first?.node["variables"]?.mapping)
    XCTAssertEqual(variables.map { $0.key.keyName ?? "" }, (0..<40).map { "G\($0)" } + ["EXTRA"])
    XCTAssertEqual(variables.map { $0.value.string ?? "" }, (0..<40).map { $0 % 3 == 0 ? "own\($0)" : "g\($0)" } + ["e"])
  }
}

extension JobNormalizerTests {
  /// Scripts and rules are rebuilt only when GitLab's flattening changes them: nested lists
  /// (also in a default) are flattened, an explicit tag is dropped, a flat list keeps its storage.
  func testScriptsFlattenFromDefaultsAndDropTags() throws {
    let result = compile([
      ".gitlab-ci.yml": """
      default:
        before_script: [[a, [b]], c]
      plain:
        script: [x, y]
        rules: [[{when: always}], {when: never}]
      tagged:
        script: !!seq [z]
        needs: [plain, {job: plain, optional: true}, {job: plain, artifacts: false, optional: true}]
      """
    ])
    let merged = try XCTUnwrap(result.merged)
    let jobs = JobNormalizer.normalize(merged).jobs
    let plain = try XCTUnwrap(jobs.first { $0.name == "plain" }?.node)
    XCTAssertEqual(plain["before_script"]?.sequence?.compactMap(\.string), ["a", "b", "c"])
    XCTAssertEqual(plain["rules"]?.sequence?.count, 2)
    XCTAssertEqual(plain.keys, ["script", "rules", "before_script", "stage", "when", "variables"])
    XCTAssertEqual(plain["script"]?.storageIdentity, merged["plain"]?["script"]?.storageIdentity)
    let tagged = try XCTUnwrap(jobs.first { $0.name == "tagged" }?.node)
    XCTAssertNil(tagged["script"]?.tag)
    XCTAssertEqual(tagged["script"]?.sequence?.compactMap(\.string), ["z"])
    let needs = try XCTUnwrap(tagged["needs"]?.sequence)
    XCTAssertEqual(needs.map(\.keys), [["job", "artifacts", "optional"], ["job", "optional", "artifacts"], ["job", "artifacts", "optional"]])
    XCTAssertEqual(needs.map { $0["optional"]?.scalar?.value }, [.bool(false), .bool(true), .bool(true)])
  }
}
