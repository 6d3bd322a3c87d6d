import SlipwayCore
import SlipwayLint
import XCTest

/// Messages checked against GitLab's Ruby (lint audit): `retry`, `environment`, `release`,
/// `id_tokens`, `secrets`, `run` and job `inputs`. Each triggering case gives GitLab's exact text
/// and where Slipway points; each clean case is a config GitLab accepts.
final class GitLabWordingTests: XCTestCase {
  static let triggering: [(String, [String])] = [
    // `Entry::Retry`: locations are the constants `retry` / `retry config`.
    ("job:\n  script: x\n  retry: -1\n", ["3:10 retry config must be greater than or equal to 0"]),
    ("job:\n  script: x\n  retry: {max: 3}\n", ["3:16 retry max must be less than or equal to 2"]),
    ("job:\n  script: x\n  retry: {max: a}\n", ["3:16 retry max is not a number"]),
    ("job:\n  script: x\n  retry: {max: 1.5}\n", ["3:16 retry max must be an integer"]),
    ("job:\n  script: x\n  retry: abc\n", ["3:10 retry config has to be either an integer or a hash"]),
    ("job:\n  script: x\n  retry: {foo: 1}\n", ["3:11 retry config contains unknown keys: foo"]),
    ("job:\n  script: x\n  retry: {when: bogus}\n", ["3:17 retry when is not included in the list"]),
    ("job:\n  script: x\n  retry: {when: [script_failure, Bad, other]}\n", ["3:17 retry when contains unknown values: Bad, other"]),
    ("job:\n  script: x\n  retry: {when: 5}\n", ["3:17 retry when should be an array of strings or a string"]),
    ("job:\n  script: x\n  retry: {exit_codes: [1, a]}\n", ["3:23 retry exit codes should be an array of integers or an integer"]),
    ("default:\n  retry: 5\njob:\n  script: x\n", ["2:10 retry config must be less than or equal to 2"]),
    // `Entry::Environment`.
    ("job:\n  script: x\n  environment: {name: p, deployment_tier: prod}\n",
     ["3:43 jobs:job:environment deployment tier must be one of production, staging, testing, development, other"]),
    ("job:\n  script: x\n  environment: {name: p, deployment_tier: 5}\n", [
      "3:43 jobs:job:environment deployment tier should be a string",
      "3:43 jobs:job:environment deployment tier must be one of production, staging, testing, development, other",
    ]),
    ("job:\n  script: x\n  environment: {name: a b@c}\n",
     ["3:23 jobs:job:environment name can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'"]),
    ("job:\n  script: x\n  environment: review/\n",
     ["3:16 jobs:job:environment name can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'"]),
    // `Entry::Release` and `Release::Assets`.
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, ref: 7}\n", ["3:48 jobs:job:release ref must be a valid ref"]),
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, ref: 'a..b'}\n", ["3:48 jobs:job:release ref must be a valid ref"]),
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, released_at: tomorrow}\n",
     ["3:56 jobs:job:release released at must be a valid datetime"]),
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, released_at: '2024-02-30T10:00:00Z'}\n",
     ["3:56 jobs:job:release released at must be a valid datetime"]),
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, milestones: [1]}\n",
     ["3:55 jobs:job:release milestones should be an array of strings or a string"]),
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, assets: {links: 5}}\n",
     ["3:59 jobs:job:release:assets links should be an array of hashes"]),
    ("job:\n  script: x\n  release: {tag_name: v1, description: d, assets: {}}\n", [
      "3:51 jobs:job:release:assets links should be an array of hashes",
      "3:51 jobs:job:release:assets links can't be blank",
    ]),
    // `Entry::IdToken`: required and allowed keys, then `aud` (no hash check of the token).
    ("job:\n  script: x\n  id_tokens: {TOK: {}}\n", [
      "3:20 jobs:job:id_tokens:tok config missing required keys: aud",
      "3:20 jobs:job:id_tokens:tok aud should be an array of strings or a string",
    ]),
    ("job:\n  script: x\n  id_tokens: {TOK: abc}\n", [
      "3:20 jobs:job:id_tokens:tok config missing required keys: aud",
      "3:20 jobs:job:id_tokens:tok aud should be an array of strings or a string",
    ]),
    // EE `Entry::Secret`, `Vault::Secret`, `Vault::Engine`.
    ("job:\n  script: x\n  secrets: {DB: {gcp_secret_manager: {name: n}}}\n",
     ["3:17 jobs:job:secrets:db token is required with gcp secrets manager"]),
    ("job:\n  script: x\n  secrets: {DB: {vault: a/b@c, file: yes please}}\n",
     ["3:38 jobs:job:secrets:db:file config should be a boolean value"]),
    ("job:\n  script: x\n  secrets: {DB: {vault: {path: a}}}\n", [
      "3:25 jobs:job:secrets:db:vault field can't be blank", "3:25 jobs:job:secrets:db:vault field should be a string",
      "3:25 jobs:job:secrets:db:vault engine can't be blank", "3:25 jobs:job:secrets:db:vault engine should be a hash",
    ]),
    ("job:\n  script: x\n  secrets: {DB: {vault: {path: a, field: f, engine: {name: kv}}}}\n", [
      "3:53 jobs:job:secrets:db:vault:engine config missing required keys: path",
      "3:53 jobs:job:secrets:db:vault:engine path can't be blank",
      "3:53 jobs:job:secrets:db:vault:engine path should be a string",
    ]),
    ("job:\n  script: x\n  secrets: {DB: {vault: 5}}\n", ["3:25 jobs:job:secrets:db:vault should be a hash or a string"]),
    // `run` (run_steps.json through `JsonSchemaValidator`).
    ("job:\n  run: [{script: echo}]\n", ["2:9 jobs:job run value at /0 should use only one of: name, script"]),
    ("job:\n  run: [{name: a, script: x}, {name: 'bad name', script: x}]\n",
     ["2:31 jobs:job run value at /1 should use only one of: name, script"]),
    ("job:\n  run: [{name: a, step: s, script: x}]\n", ["2:9 jobs:job run value at /0 should use only one of: name, script"]),
    // run_steps.json's `exec` branch allows only `env` and `exec`: no `name`.
    ("job:\n  run: [{name: a, exec: {command: [ls]}}]\n", ["2:9 jobs:job run value at /0 should use only one of: name, script"]),
    ("job:\n  run: [{exec: {command: []}}]\n", ["2:9 jobs:job run value at /0 should use only one of: name, script"]),
    ("job:\n  run: {name: a, script: x}\n", ["2:8 jobs:job run value at root is not an array"]),
    // `Entry::JobInput` / `Entry::BaseInput`.
    ("job:\n  script: x\n  inputs:\n    env: {type: string}\n", ["4:10 jobs:job:inputs:env must have a default value"]),
    ("job:\n  script: x\n  inputs:\n    env: abc\n", ["4:10 jobs:job:inputs:env config should be a hash"]),
    ("job:\n  script: x\n  inputs:\n    env: {default: a, type: str}\n", ["4:29 jobs:job:inputs:env input type unknown value: str"]),
    ("job:\n  script: x\n  inputs:\n    env: {default: a, options: a, regex: 5, description: [x]}\n", [
      "4:58 jobs:job:inputs:env input description must be an alphanumeric string",
      "4:42 jobs:job:inputs:env input regex should be a string",
      "4:32 jobs:job:inputs:env input options should be an array",
    ]),
  ]

  static let clean = [
    "job:\n  script: x\n  retry: {max: 2, when: missing_dependency_failure}\n",
    "job:\n  script: x\n  retry: {max: '1', when: [runner_configuration_error, job_execution_server_timeout, no_updates_running, job_token_expired, always]}\n",
    "job:\n  script: x\n  retry: {exit_codes: [1, 1]}\n",
    "job:\n  script: x\n  environment: {name: 'review/${CI_COMMIT_REF_SLUG} x.y', deployment_tier: other}\n",
    "job:\n  script: x\n  release: {tag_name: v1, description: d, name: 5, ref: $CI_COMMIT_SHA, released_at: '2024-02-29T10:00:00+01:00', milestones: [m1]}\n",
    "job:\n  script: x\n  release: {tag_name: v1, description: d, ref: main, released_at: '2024-02-29'}\n",
    "job:\n  script: x\n  secrets: {DB: {gcp_secret_manager: {name: n}, token: $TOK}}\n",
    "job:\n  script: x\n  secrets: {DB: {vault: {path: p, field: f, engine: {name: kv-v2, path: kv}}, file: true}}\n",
    "job:\n  run: [{exec: {command: [ls, -la], work_dir: /tmp}}]\n",
    "job:\n  run: [{exec: {command: [ls]}, env: {A: b}}, {name: s, action: owner/act@v1, inputs: {x: 1}}]\n",
    "job:\n  run: [{name: f, func: registry.gitlab.com/functions/echo:1.0.1, inputs: {message: hi}}]\n",
    "job:\n  run: [{name: g, step: {git: {url: gitlab.com/a/b, rev: v1, file: step.yml}}}, {run: [{name: x, script: y}]}]\n",
    "job:\n  run: [{name: o, step: {oci: {registry: r, repository: p, tag: '1'}}, env: {A_1: b}}]\n",
    "job:\n  script: x\n  inputs:\n    env: {default: a, options: [a, b], regex: '^a', description: 5, type: string}\n",
  ]

  func testTriggeringExamples() throws {
    for (yaml, expected) in Self.triggering {
      let errors = try LintTestSupport.locatedErrors(yaml)
      XCTAssertEqual(errors, expected.map { $0.lowercased() }, yaml)
    }
  }

  func testCleanExamples() throws {
    for yaml in Self.clean {
      XCTAssertEqual(try LintTestSupport.validate(yaml).filter { $0.severity == .error }.map(\.message), [], yaml)
    }
  }

  /// `retry:when` accepts every `Ci::Build.failure_reasons` key and `always`, and nothing else.
  func testRetryWhenAcceptsEveryFailureReason() throws {
    XCTAssertEqual(GitLabLimits.failureReasons.count, 52)
    XCTAssertEqual(Set(GitLabLimits.failureReasons).count, GitLabLimits.failureReasons.count)
    let list = (GitLabLimits.failureReasons + ["always"]).joined(separator: ", ")
    XCTAssertEqual(try LintTestSupport.validate("job:\n  script: x\n  retry: {when: [\(list)]}\n").map(\.message), [])
  }
}
