import SlipwayCore
import XCTest

@testable import SlipwayConfig

/// `include:` as GitLab's `External::Processor` (gitlab-semantics.md §3).
final class IncludeTests: XCTestCase {
  func testMergeOrderIncludedFilesInOrderThenTheIncludingFile() throws {
    let result = compile([
      ".gitlab-ci.yml": "include: [a.yml, b.yml]\nvariables: {X: main}\njob:\n  script: [main]\n",
      "a.yml": "variables: {X: a, A: a}\njob:\n  script: [a]\n  stage: build\n",
      "b.yml": "variables: {X: b, B: b}\njob:\n  image: b\n",
    ])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    let merged = try XCTUnwrap(result.merged)
    XCTAssertEqual(merged["variables"]?["X"]?.string, "main")
    XCTAssertEqual(merged["variables"]?["A"]?.string, "a")
    XCTAssertEqual(merged["variables"]?["B"]?.string, "b")
    XCTAssertEqual(merged["job"]?["script"]?.sequence?.compactMap(\.string), ["main"])
    XCTAssertEqual(merged["job"]?["stage"]?.string, "build")
    XCTAssertEqual(merged["job"]?["image"]?.string, "b")
    XCTAssertNil(merged["include"])
    // Provenance through includes: the stage came from a.yml line 4.
    XCTAssertEqual(merged["job"]?["stage"]?.mark.location, SourceLocation(file: "a.yml", line: 4, column: 10))
    XCTAssertEqual(result.includes.map(\.location), ["a.yml", "b.yml"])
  }

  func testNestedIncludesResolveFromTheProjectRootDepthFirst() throws {
    let result = compile([
      ".gitlab-ci.yml": "include: '/ci/templates.yml'\n",
      "ci/templates.yml": "include: {local: ci/snippets.yml}\n.t: {script: [from-templates]}\n",
      "ci/snippets.yml": ".s: {script: [from-snippets]}\n.t: {script: [overridden]}\n",
    ])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertEqual(result.merged?[".t"]?["script"]?.sequence?.first?.string, "from-templates")
    XCTAssertEqual(result.merged?[".s"]?["script"]?.sequence?.first?.string, "from-snippets")
  }

  func testWildcardForms() {
    let files = [
      "configs/a.yml": ".a: {x: 1}\n", "configs/sub/b.yml": ".b: {x: 1}\n", "configs/sub/deep/c.yml": ".c: {x: 1}\n",
      "other/d.yml": ".d: {x: 1}\n",
    ]
    func keys(_ pattern: String) -> [String] {
      var project = files
      project[".gitlab-ci.yml"] = "include: '\(pattern)'\njob: {script: x}\n"
      return compile(project).merged?.mapping?.compactMap(\.key.keyName).filter { $0.hasPrefix(".") }.sorted() ?? []
    }
    XCTAssertEqual(keys("configs/*.yml"), [".a"])
    XCTAssertEqual(keys("configs/**.yml"), [".a", ".b", ".c"])
    XCTAssertEqual(keys("configs/**/*.yml"), [".b", ".c"])
  }

  func testIncludeLimitCountsDuplicates150Passes151Fails() {
    func project(_ n: Int) -> [String: String] {
      let list = Array(repeating: "  - local: same.yml", count: n).joined(separator: "\n")
      return [".gitlab-ci.yml": "include:\n\(list)\njob: {script: x}\n", "same.yml": ".x: {y: 1}\n"]
    }
    XCTAssertEqual(compile(project(150)).errorMessages, [])
    let over = compile(project(151))
    XCTAssertEqual(over.errorMessages, ["Maximum of 150 nested includes are allowed!"])
    XCTAssertEqual(over.errors.first?.location?.line, 152)
  }

  func testSelfIncludingLoopHitsTheLimitInsteadOfHanging() {
    let result = compile([".gitlab-ci.yml": "include: loop.yml\njob: {script: x}\n", "loop.yml": "include: loop.yml\n.x: {y: 1}\n"])
    XCTAssertEqual(result.errorMessages, ["Maximum of 150 nested includes are allowed!"])
  }

  func testLocalFileErrorsUseGitLabsWording() {
    XCTAssertEqual(compile([".gitlab-ci.yml": "include: missing.yml\n"]).errorMessages, ["Local file `missing.yml` does not exist!"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include: notes.txt\n"]).errorMessages,
      ["Included file `notes.txt` does not have YAML extension!"])
    XCTAssertEqual(compile([".gitlab-ci.yml": "include: e.yml\n", "e.yml": "  \n"]).errorMessages, ["Local file `e.yml` is empty!"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include: c.yml\n", "c.yml": "# only comments\n"]).errorMessages,
      ["Included file `c.yml` does not have valid YAML syntax!"])
    let syntax = compile([".gitlab-ci.yml": "include: bad.yml\n", "bad.yml": "a: [1, 2\n"])
    XCTAssertEqual(syntax.errors.first?.location?.file, "bad.yml")
    XCTAssertTrue(syntax.errorMessages.first?.hasPrefix("`bad.yml`: (<unknown>): did not find expected ',' or ']'") ?? false, "\(syntax.errorMessages)")
    XCTAssertEqual(syntax.errors.first?.notes.first?.location?.file, ".gitlab-ci.yml")
  }

  func testMalformedEntries() {
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include:\n  - {local: a.yml, remote: 'https://x/y.yml'}\n"]).errorMessages,
      ["Each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include:\n  - {file: a.yml}\n"]).errorMessages,
      ["`{\"file\":\"a.yml\"}` does not have a valid subkey for include. Valid subkeys are: `local`, `project`, `remote`, `template`, `artifact`, `component`"])
  }

  func testIncludeRulesFilterWithExistsAndIf() throws {
    let result = compile(
      [
        ".gitlab-ci.yml": """
        include:
          - local: a.yml
            rules: [{if: '$CI_PROJECT_PATH == "group/project"'}]
          - local: b.yml
            rules: [{exists: [Dockerfile]}]
          - local: c.yml
            rules: [{exists: [missing/*.txt]}]
          - local: d.yml
            rules: [{when: never}]
        job: {script: x}
        """,
        "a.yml": ".a: {x: 1}\n", "b.yml": ".b: {x: 1}\n", "c.yml": ".c: {x: 1}\n", "d.yml": ".d: {x: 1}\n",
        "Dockerfile": "FROM x\n",
      ])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    let keys = result.merged?.mapping?.compactMap(\.key.keyName) ?? []
    XCTAssertEqual(keys.filter { $0.hasPrefix(".") }, [".a", ".b"])
  }

  func testIncludeRuleInvalidExpressionAndKeys() {
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include:\n  - local: a.yml\n    rules: [{if: '${X} == 1'}]\n", "a.yml": "x: 1\n"]).errorMessages,
      ["include:rule if invalid expression syntax"])
    XCTAssertEqual(
      compile([".gitlab-ci.yml": "include:\n  - local: a.yml\n    rules: [{when: manual}]\n", "a.yml": "x: 1\n"]).errorMessages,
      ["include:rule when unknown value: manual"])
  }

  func testVariablesInIncludePaths() throws {
    let result = compile(
      [".gitlab-ci.yml": "include: 'ci/$CI_DEFAULT_BRANCH.yml'\njob: {script: x}\n", "ci/main.yml": ".m: {x: 1}\n"])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertNotNil(result.merged?[".m"])
  }

  func testUnresolvableIncludesSayHowToConfigureThem() throws {
    let result = compile([
      ".gitlab-ci.yml": """
      include:
        - project: platform/templates
          file: python.yml
        - remote: https://example.com/ci/x.yml
        - template: Jobs/Build.gitlab-ci.yml
      job: {script: x}
      """
    ])
    XCTAssertEqual(result.errors.map(\.code.rawValue), ["INC003", "INC003", "INC003"])
    XCTAssertTrue(result.errors[0].help?.contains("includes: {projects: {platform/templates:") ?? false)
    XCTAssertTrue(result.errors[1].help?.contains(".slipway/remote/example.com/ci/x.yml") ?? false)
    XCTAssertTrue(result.errors[2].help?.contains("templates") ?? false)
    XCTAssertEqual(result.errors.map { $0.location?.line ?? 0 }, [3, 4, 5])
  }

  func testRemoteCacheAndTemplatesDirectory() throws {
    var settings = ProjectSettings()
    settings.templatesDirectory = "vendor/templates"
    let result = compile(
      [
        ".gitlab-ci.yml": "include:\n  - remote: https://example.com/ci/x.yml\n  - template: Bash.gitlab-ci.yml\njob: {script: x}\n",
        ".slipway/remote/example.com/ci/x.yml": ".remote: {x: 1}\n",
        "vendor/templates/Bash.gitlab-ci.yml": ".template: {x: 1}\n",
      ], settings: settings)
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertNotNil(result.merged?[".remote"])
    XCTAssertNotNil(result.merged?[".template"])
  }

  func testLocalIncludeInsideARemoteFileHasNoProject() {
    let result = compile([
      ".gitlab-ci.yml": "include: https://example.com/x.yml\n",
      ".slipway/remote/example.com/x.yml": "include: inner.yml\n.r: {x: 1}\n", "inner.yml": ".i: {x: 1}\n",
    ])
    XCTAssertEqual(result.errorMessages, ["Local file `inner.yml` does not have project!"])
  }
}

extension IncludeTests {
  /// GitLab stops resolving after 30 s; with a zero budget the first include already times out.
  func testResolutionDeadline() {
    var options = CompilerOptions.gitlab
    options.timeout = 0
    let fs = InMemoryFileSystem(files: [".gitlab-ci.yml": "include: a.yml\njob: {script: x}\n", "a.yml": ".a: {x: 1}\n"])
    let compiler = Compiler(
      source: OfflineIncludeSource(root: ".", settings: ProjectSettings(), fileSystem: fs),
      context: ProjectSettings().defaultContext(), options: options)
    XCTAssertEqual(compiler.compile(path: ".gitlab-ci.yml").errors.map(\.message), ["Resolving config took longer than expected"])
  }
}
