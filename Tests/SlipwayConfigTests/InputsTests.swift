import SlipwayYAML
import XCTest

@testable import SlipwayConfig

/// `spec:inputs` and `$[[ ]]` interpolation (gitlab-semantics.md §3.7, GitLab's interpolation classes).
final class InputsTests: XCTestCase {
  private let component = """
    spec:
      inputs:
        stage: {default: test}
        python: {default: '3.12', options: ['3.11', '3.12']}
        parallel: {type: number, default: 1}
        strict: {type: boolean, default: false}
        tags: {type: array, default: [docker]}
        name: {regex: '^[a-z-]+$', default: svc}
        required-one:
    ---
    "$[[ inputs.name ]]-test":
      stage: $[[ inputs.stage ]]
      image: python:$[[ inputs.python ]]
      parallel: $[[ inputs.parallel ]]
      allow_failure: $[[ inputs.strict ]]
      tags: $[[ inputs.tags ]]
      script:
        - echo $[[ inputs.required-one | truncate(0,3) ]] $[[ inputs.required-one | posix_escape ]]
        - echo "$[[ inputs.tags ]] $[[ inputs.parallel ]] $[[ inputs.strict ]]"
    """

  private func include(_ inputs: String) -> CompileResult {
    compile([".gitlab-ci.yml": "include:\n  - local: c.yml\n    inputs: \(inputs)\n", "c.yml": component])
  }

  func testWholeScalarKeepsTypeEmbeddedBecomesString() throws {
    let result = include("{required-one: \"it's big\", parallel: 3, strict: true, name: api}")
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    let job = try XCTUnwrap(result.merged?["api-test"])
    XCTAssertEqual(job["stage"]?.string, "test")
    XCTAssertEqual(job["image"]?.string, "python:3.12")
    XCTAssertEqual(job["parallel"]?.scalar?.value, .int(3))
    XCTAssertEqual(job["allow_failure"]?.scalar?.value, .bool(true))
    XCTAssertEqual(job["tags"]?.sequence?.compactMap(\.string), ["docker"])
    let script = job["script"]?.sequence?.compactMap(\.string)
    XCTAssertEqual(script?[0], "echo it' it\\'s\\ big")
    XCTAssertEqual(script?[1], "echo \"[\"docker\"] 3 true\"")
  }

  func testInputErrorsUseGitLabsWordingAndPrefixTheLocation() {
    XCTAssertEqual(include("{}").errorMessages, ["`c.yml`: `required-one` input: required value has not been provided"])
    XCTAssertEqual(
      include("{required-one: x, python: '2.7'}").errorMessages,
      ["`c.yml`: `python` input: `2.7` cannot be used because it is not in the list of allowed options"])
    XCTAssertEqual(
      include("{required-one: x, parallel: many}").errorMessages, ["`c.yml`: `parallel` input: provided value is not a number"])
    XCTAssertEqual(
      include("{required-one: x, name: Bad_Name}").errorMessages,
      ["`c.yml`: `name` input: provided value does not match required RegEx pattern"])
    XCTAssertEqual(include("{required-one: x, unknown: 1, other: 2}").errorMessages, ["`c.yml`: unknown input arguments: unknown, other"])
    XCTAssertEqual(
      include("{required-one: x, strict: 'yes'}").errorMessages, ["`c.yml`: `strict` input: provided value is not a boolean"])
  }

  func testInputsWithoutHeaderAndUnknownKeysAndFunctions() {
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include:\n  - local: p.yml\n    inputs: {a: 1}\n", "p.yml": "job: {script: x}\n"]).errorMessages,
      ["`p.yml`: Given inputs not defined in the `spec` section of the included configuration file"])
    let header = "spec:\n  inputs:\n    a: {default: x}\n---\n"
    func body(_ b: String) -> [String] {
      compile([".gitlab-ci.yml": "include: p.yml\n", "p.yml": header + b]).errorMessages
    }
    XCTAssertEqual(body("job: {script: '$[[ inputs.b ]]'}\n"), ["`p.yml`: unknown interpolation key: `b`"])
    XCTAssertEqual(body("job: {script: '$[[ inputs ]]'}\n"), ["`p.yml`: invalid interpolation access pattern"])
    XCTAssertEqual(
      body("job: {script: '$[[ inputs.a | a | b | c | d ]]'}\n"), ["`p.yml`: too many functions in interpolation block"])
    XCTAssertEqual(
      body("job: {script: '$[[ inputs.a | nope ]]'}\n"),
      ["`p.yml`: no function matching `nope`: check that the function name, arguments, and types are correct"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include: p.yml\n", "p.yml": "spec:\n  inputs:\n    n: {type: number, default: 1}\n---\njob: {script: '$[[ inputs.n | truncate(0,1) ]]'}\n"]).errorMessages,
      ["`p.yml`: error in `truncate` function: invalid input type: truncate can only be used with string inputs"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include: p.yml\n", "p.yml": "spec:\n  inputs:\n    n: {type: hash}\n---\njob: {script: x}\n"]).errorMessages,
      ["`p.yml`: unknown input specification for `n` (valid types: array, boolean, number, string)"])
  }

  func testSplitExpandVarsAndMatrixLeftAlone() throws {
    let result = compile([
      ".gitlab-ci.yml": "include:\n  - local: p.yml\n    inputs: {list: 'a, b,,c', path: '$CI_PROJECT_PATH/x'}\n",
      "p.yml": "spec:\n  inputs:\n    list:\n    path:\n---\njob:\n  script: $[[ inputs.list | split(',') ]]\n  variables: {P: '$[[ inputs.path | expand_vars ]]', M: '$[[ matrix.OS ]]'}\n",
    ])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertEqual(result.merged?["job"]?["script"]?.sequence?.compactMap(\.string), ["a", "b", "c"])
    XCTAssertEqual(result.merged?["job"]?["variables"]?["P"]?.string, "group/project/x")
    XCTAssertEqual(result.merged?["job"]?["variables"]?["M"]?.string, "$[[ matrix.OS ]]")
  }

  func testMainFileHeaderDefaultsApply() throws {
    let result = compile([".gitlab-ci.yml": "spec:\n  inputs:\n    env: {default: dev}\n---\ndeploy:\n  script: ['deploy $[[ inputs.env ]]']\n"])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertEqual(result.merged?["deploy"]?["script"]?.sequence?.first?.string, "deploy dev")
    XCTAssertEqual(result.inputSpecs.map(\.name), ["env"])
  }

  func testFileWithoutHeaderIsNotInterpolated() throws {
    let result = compile([".gitlab-ci.yml": "job:\n  script: ['echo $[[ inputs.x ]]']\n"])
    XCTAssertTrue(result.errors.isEmpty)
    XCTAssertEqual(result.merged?["job"]?["script"]?.sequence?.first?.string, "echo $[[ inputs.x ]]")
  }
}
