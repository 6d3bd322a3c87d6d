import SlipwayCore
import SlipwayYAML
import XCTest

@testable import SlipwayLint

/// Rules, `artifacts:`, caches and jobs read their keywords through one pass into slots
/// (`KeySlots`, `JobView`); the findings must be those of one lookup per keyword read.
final class GitLabEntrySlotsTests: XCTestCase {
  /// Every finding of a job that exercises the slot paths: unknown and disallowed keys next to
  /// known ones, a symbol key, nested rule lists, report kinds, several caches, data variables.
  /// Expected lines are those of the validator before slots (sorted: order is checked elsewhere).
  func testFindingsOfEntriesReadThroughSlots() throws {
    let yaml = """
      job:
        script: x
        rules:
          - if: $A == "1"
            when: delayed
          - if: "$A ==="
            start_in: 1 hour
            auto_cancel: {on_new_commit: sometimes}
            bogus: 1
          - - when: sometimes
              :exists: [a]
              allow_failure: maybe
        artifacts:
          public: true
          access: all
          paths: a
          extra: 1
          when: never
          reports: {junit: r.xml, coverage_report: {coverage_format: x}, load_performance: [a], nope: b, dotenv: ~}
        cache:
          - {key: a/b, policy: pulls, untracked: 1, wat: 2}
          - {key: {files: [a], prefix: [x]}, fallback_keys: a}
        needs: [{job: a, optional: 1}, b]
        variables:
          A: {value: 1, options: [2], bogus: 3}
          B: [1]
      a:
        script: x
      b:
        script: x
      """
    let errors = try LintTestSupport.locatedErrors(yaml)
    XCTAssertEqual(errors.sorted(), [
      "10:15 jobs:job:rules:rule when unknown value: sometimes",
      "12:24 jobs:job:rules:rule allow failure should be a boolean value",
      "15:5 jobs:job:artifacts config these keys cannot be used together: public, access",
      "16:12 jobs:job:artifacts paths should be an array of strings",
      "17:5 jobs:job:artifacts config contains unknown keys: extra",
      "18:11 jobs:job:artifacts when should be on_success, on_failure or always",
      "19:108 jobs:job:artifacts:reports dotenv should be an array of strings or a string",
      "19:64 jobs:job:artifacts:reports:coverage_report coverage format unknown value: x",
      "19:86 jobs:job:artifacts:reports load_performance should be a string",
      "19:91 jobs:job:artifacts:reports config contains unknown keys: nope",
      "21:13 jobs:job:cache:key config cannot contain the \"/\" character",
      "21:26 jobs:job:cache policy should be pull-push, push, or pull",
      "21:44 jobs:job:cache untracked should be a boolean value",
      "21:47 jobs:job:cache config contains unknown keys: wat",
      "22:34 jobs:job:cache:key prefix should be a string",
      "22:55 jobs:job:cache fallback keys should be an array of strings",
      "23:30 jobs:job:needs:need optional should be a boolean value",
      "25:28 jobs:job:variables:a options should be an array of strings",
      "25:8 jobs:job:variables:a config uses invalid data keys: options, bogus",
      "26:8 jobs:job:variables config should be a hash of key value pairs",
      "4:7 jobs:job:rules:rule start in can't be blank",
      "6:11 jobs:job:rules:rule if invalid expression syntax",
      "7:7 jobs:job:rules:rule config contains disallowed keys: start_in",
      "8:36 jobs:job:rules:rule:auto_cancel on new commit config must be one of: conservative, interruptible, none",
      "8:7 jobs:job:rules:rule config contains unknown keys: auto_cancel, bogus",
    ])
  }

  /// A slot holds the last pair of a repeated key, as `YAMLNode.subscript` does; symbols count
  /// by name; a key that is not a string, or not allowed here, makes the entry report unknown keys.
  func testSlotsAgreeWithSubscripts() throws {
    let loaded = try LintTestSupport.load("if: $A\nwhen: never\n:changes: [a]\n1: x\n")
    let repeated = try XCTUnwrap(try LintTestSupport.load("when: always\n").mapping)
    let pairs = try XCTUnwrap(loaded.mapping) + repeated
    let node = YAMLNode(.mapping(pairs), mark: loaded.mark)
    let slots = KeySlots(node, RuleKey.table, allowed: RuleKey.jobMask)
    for (index, name) in RuleKey.names.enumerated() {
      XCTAssertEqual(slots[index]?.rubyText, node[name]?.rubyText, name)
      XCTAssertEqual(slots.contains(index), node[name] != nil, name)
    }
    XCTAssertEqual(slots[RuleKey.when]?.rubyText, "always")
    XCTAssertTrue(slots.hasUnknownKey)
    let known = YAMLNode(.mapping(Array(pairs.prefix(3)) + repeated), mark: loaded.mark)
    XCTAssertFalse(KeySlots(known, RuleKey.table, allowed: RuleKey.jobMask).hasUnknownKey)
    let autoCancel = try LintTestSupport.load("when: never\nauto_cancel: {}\n")
    XCTAssertTrue(KeySlots(autoCancel, RuleKey.table, allowed: RuleKey.jobMask).hasUnknownKey)
    XCTAssertFalse(KeySlots(autoCancel, RuleKey.table, allowed: RuleKey.workflowMask).hasUnknownKey)
  }

  /// The forms of a `needs:` entry (pipeline, cross-project, local with `parallel:`), read through slots.
  func testNeedFindingsThroughSlots() throws {
    let yaml = """
      a:
        script: x
      job:
        script: x
        needs:
          - {pipeline: $P}
          - {pipeline: $P, optional: true, x: 1}
          - {job: a, project: g/p, pipeline: 1, wat: 2}
          - {job: ~, artifacts: 1, parallel: [1]}
          - {job: a, parallel: {matrix: [{A: [1]}], y: 1}}
      """
    let errors = try LintTestSupport.locatedErrors(yaml)
    XCTAssertEqual(errors.sorted(), [
      "10:47 jobs:job:needs:need:parallel config contains unknown keys: y",
      "7:22 jobs:job:needs:need config contains unknown keys: optional, x",
      "8:43 jobs:job:needs:need config contains unknown keys: wat",
      "8:7 jobs:job:needs:need config these keys cannot be used together: pipeline, project",
      "8:7 jobs:job:needs:need ref can't be blank",
      "9:27 jobs:job:needs:need artifacts should be a boolean value",
      "9:40 jobs:job:needs:need:parallel config should be a hash",
      "9:7 jobs:job:needs:need job can't be blank",
    ])
  }

  /// A job with null values is read without them (`key: null` means "not set").
  func testNullValuedKeysAreUnsetInTheJobView() throws {
    let errors = LintTestSupport.located(try LintTestSupport.validate("job:\n  script: x\n  image: ~\n  foo: 1\n  stage:\n  bar: ~\n"))
    XCTAssertEqual(errors, ["4:3 jobs:job config contains unknown keys: foo"])
  }
}
