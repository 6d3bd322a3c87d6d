import SlipwayCore
import SlipwayLint
import XCTest

/// GitLab's keyword validation: per keyword, a triggering example with GitLab's exact message and
/// location, and a clean example.
final class KeywordValidationTests: XCTestCase {
  /// (YAML, expected `line:column message` lines of errors). Each also runs structurally.
  static let triggering: [(String, [String])] = [
    ("job:\n  script: x\n  foo: 1\n", ["3:3 jobs:job config contains unknown keys: foo"]),
    ("job:\n  script: x\n  stage: [a]\n", ["3:10 jobs:job:stage config should be a string"]),
    ("job:\n  script: {a: 1}\n", ["2:11 jobs:job:script config should be a string or a nested array of strings up to 10 levels deep"]),
    ("job:\n  script: x\n  when: sometimes\n", ["3:9 jobs:job when should be one of: on_success, on_failure, always, manual, delayed"]),
    ("job:\n  script: x\n  when: delayed\n", ["3:9 jobs:job start in should be a duration"]),
    ("job:\n  script: x\n  when: delayed\n  start_in: 2 weeks\n", ["4:13 jobs:job start in should not exceed the limit"]),
    ("job:\n  script: x\n  start_in: 1 hour\n", ["3:3 jobs:job start in must be blank"]),
    ("job:\n  script: x\n  rules: [{when: always}]\n  only: [main]\n", ["4:3 jobs:job config key may not be used with `rules`: only"]),
    ("job:\n  script: x\n  trigger: a/b\n", ["3:3 jobs:job config these keys cannot be used together: script, trigger"]),
    ("job:\n  script: x\n  retry: 3\n", ["3:10 retry config must be less than or equal to 2"]),
    ("job:\n  script: x\n  retry: {max: 1, when: [bogus]}\n", ["3:25 retry when contains unknown values: bogus"]),
    ("job:\n  script: x\n  timeout: forever\n", ["3:12 jobs:job timeout should be a duration"]),
    ("job:\n  script: x\n  artifacts: {expire_in: soon}\n", ["3:26 jobs:job:artifacts expire in should be a duration"]),
    ("job:\n  script: x\n  artifacts: {when: never}\n", ["3:21 jobs:job:artifacts when should be on_success, on_failure or always"]),
    ("job:\n  script: x\n  parallel: 201\n", ["3:13 jobs:job:parallel config must be less than or equal to 200"]),
    ("job:\n  script: x\n  parallel:\n    matrix:\n      - A: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]\n        B: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]\n",
     ["5:7 jobs:job:parallel:matrix config generates too many jobs (maximum is 200)"]),
    ("job:\n  script: x\n  cache: {key: a/b}\n", ["3:16 jobs:job:cache:key config cannot contain the \"/\" character"]),
    ("job:\n  script: x\n  cache: {policy: pull-only}\n", ["3:19 jobs:job:cache policy should be pull-push, push, or pull"]),
    ("job:\n  script: x\n  cache: [{key: a}, {key: b}, {key: c}, {key: d}, {key: e}]\n",
     ["3:10 jobs:job:cache config no more than 4 caches can be created"]),
    ("job:\n  script: x\n  services: [{alias: db}]\n", ["3:14 jobs:job:services:service name can't be blank"]),
    ("job:\n  script: x\n  image: {name: a, pull_policy: sometimes}\n", ["3:33 jobs:job:image:pull_policy config contains unknown values: sometimes"]),
    ("job:\n  script: x\n  environment: {name: prod, action: deploy}\n", ["3:37 jobs:job:environment action should be start, stop, prepare, verify, or access"]),
    ("job:\n  script: x\n  release: {name: r}\n", [
      "3:12 jobs:job:release tag name should be a string", "3:12 jobs:job:release tag name can't be blank",
      "3:12 jobs:job:release description should be a string", "3:12 jobs:job:release description can't be blank",
    ]),
    ("a:\n  script: x\njob:\n  script: x\n  needs: [{job: a, optinal: true}]\n", ["5:20 jobs:job:needs:need config contains unknown keys: optinal"]),
    ("job:\n  script: x\n  inherit: {default: [imag]}\n", ["3:22 jobs:job:inherit:default config contains unknown values: imag"]),
    ("job:\n  script: x\n  hooks: {pre_clone_script: x}\n", ["3:11 jobs:job:hooks config contains unknown keys: pre_clone_script"]),
    ("job:\n  script: x\n  id_tokens: {T: {sub: x}}\n", [
      "3:18 jobs:job:id_tokens:t config missing required keys: aud", "3:19 jobs:job:id_tokens:t config contains unknown keys: sub",
      "3:18 jobs:job:id_tokens:t aud should be an array of strings or a string",
    ]),
    ("job:\n  script: x\n  secrets: {S: {token: x}}\n",
     ["3:16 jobs:job:secrets:s config must use exactly one of these keys: vault, azure_key_vault, gcp_secret_manager, akeyless, gitlab_secrets_manager, aws_secrets_manager"]),
    ("job:\n  script: x\n  pages: {publish: 1}\n", ["3:20 jobs:job:pages publish should be a string"]),
    ("job:\n  trigger: {project: a/b, strategy: wait}\n", ["2:37 jobs:job:trigger strategy should be either depend or mirror"]),
    ("job:\n  script: x\n  variables: {A: {value: x, expand: maybe}}\n", ["3:37 jobs:job:variables:a expand should be a boolean value"]),
    ("job:\n  script: x\n  rules: [{if: '$A ==', when: always}]\n", ["3:16 jobs:job:rules:rule if invalid expression syntax"]),
    ("job:\n  script: x\n  rules: [{when: later}]\n", ["3:18 jobs:job:rules:rule when unknown value: later"]),
    ("job:\n  script: x\n  rules: [{when: delayed}]\n", ["3:11 jobs:job:rules:rule start in can't be blank"]),
    ("job:\n  script: x\n  rules: [{iff: $A}]\n", ["3:12 jobs:job:rules:rule config contains unknown keys: iff"]),
    ("workflow:\n  rules: [{when: manual}]\njob:\n  script: x\n", ["2:18 workflow:rules:rule when unknown value: manual"]),
    ("workflow:\n  auto_cancel: {on_new_commit: all}\njob:\n  script: x\n",
     ["2:32 workflow:auto_cancel on new commit config must be one of: conservative, interruptible, none"]),
    ("default:\n  stage: build\njob:\n  script: x\n", ["2:3 default config contains unknown keys: stage"]),
    ("stages: build\njob:\n  script: x\n", ["1:9 stages config should be an array of strings or a nested array of strings up to 10 levels deep"]),
    (".hidden:\njob:\n  script: x\n", ["1:1 jobs:.hidden config can't be blank"]),
  ]

  static let clean = [
    "job:\n  script: [a, [b, [c]]]\n  when: delayed\n  start_in: 30 minutes\n",
    "job:\n  script: x\n  retry: {max: 2, when: [script_failure, api_failure], exit_codes: [1, 137]}\n  timeout: 1h 30m\n",
    "job:\n  script: x\n  artifacts: {expire_in: never, when: always, paths: [a], reports: {junit: r.xml, dotenv: [a.env]}}\n",
    "job:\n  script: x\n  parallel: {matrix: [{A: [x, y], B: z}]}\n",
    "job:\n  script: x\n  cache: [{key: {files: [Gemfile.lock], prefix: $CI_JOB_NAME}, paths: [vendor], policy: $POLICY}]\n",
    "job:\n  script: x\n  image: {name: ruby:3.3, entrypoint: [''], docker: {platform: arm64, user: dave}}\n  services: [postgres:16, {name: redis:7, alias: cache}]\n",
    "job:\n  script: x\n  environment: {name: review/$CI_COMMIT_REF_SLUG, url: https://x, action: start, auto_stop_in: 1 day}\n",
    "job:\n  script: x\n  release: {tag_name: v1, description: d, assets: {links: [{name: n, url: https://x}]}}\n",
    "job:\n  script: x\n  rules:\n    - if: $A == \"1\" && $B =~ /xy/\n      changes: {paths: [a/**], compare_to: main}\n      when: delayed\n      start_in: 1 hour\n    - exists: [Dockerfile]\n",
    "job:\n  script: x\n  secrets: {DB: {vault: production/db/password@ops, file: false}}\n  id_tokens: {T: {aud: https://vault}}\n",
    "job:\n  trigger: {include: [{local: child.yml}], strategy: depend, forward: {yaml_variables: true}}\n",
    "job:\n  script: x\n  parallel: null\n  inherit: {default: [image], variables: false}\n  hooks: {pre_get_sources_script: [echo]}\n",
    "workflow:\n  name: p\n  rules: [{if: $CI_COMMIT_TAG, auto_cancel: {on_new_commit: interruptible}}, {when: always}]\njob:\n  script: x\n",
    "variables:\n  A: {value: x, description: d, options: [x, y]}\n  B: 1\njob:\n  script: x\n",
  ]

  func testTriggeringExamples() throws {
    for (yaml, expected) in Self.triggering {
      let errors = try LintTestSupport.locatedErrors(yaml)
      XCTAssertEqual(errors, expected, yaml)
    }
  }

  func testCleanExamples() throws {
    for yaml in Self.clean {
      XCTAssertEqual(try LintTestSupport.validate(yaml).map(\.message), [], yaml)
    }
  }

  func testReportsAllFindingsNotOnlyTheFirst() throws {
    let yaml = "a:\n  script: x\n  when: never_ever\nb:\n  script: [1]\n  stage: nope\n  foo: 1\n"
    let codes = try LintTestSupport.validate(yaml).map(\.code.rawValue)
    XCTAssertEqual(codes.sorted(), ["GL001", "GL002", "GL003", "GL010"])
  }

  func testNullMeansUnset() throws {
    XCTAssertEqual(try LintTestSupport.validate("job:\n  script: x\n  image:\n  cache:\n").map(\.message), [])
  }
}
