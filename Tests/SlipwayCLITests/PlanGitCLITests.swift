import Foundation
import XCTest

/// `plan` and `explain` in a real git repository: changed files come from the HEAD commit (push)
/// or the merge base with the target (merge request), commit facts from HEAD; `--changed` wins
/// over git and `--no-git` reads nothing.
final class PlanGitCLITests: XCTestCase {
  private var project: CLIProject!

  override func setUpWithError() throws {
    try CLIProject.requireBinary()
    project = try PipelineFixture.project()
    try project.git("init", "-q", "-b", "main")
    try project.commit("initial", ["README.md": "hello\n"])
  }

  override func tearDown() { project = nil }

  private func jobs(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
    let run = try project.slipway(["plan", "--format", "json"] + args)
    XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    return JSON.jobNames(try JSON.object(run.stdout, file: file, line: line))
  }

  func testPushChangesComeFromTheHeadCommit() throws {
    try project.commit("add the app", ["src/app.py": "print()\n"])
    XCTAssertEqual(try jobs(["--context", "push:main"]), ["build", "test", "deploy"])
    try project.commit("docs", ["docs/index.md": "# docs\n"])
    XCTAssertEqual(try jobs(["--context", "push:main"]), ["build", "deploy"])
    // --changed replaces what git says; --no-git leaves changes unknown (rules:changes holds).
    XCTAssertEqual(try jobs(["--context", "push:main", "--changed", "src/app.py"]), ["build", "test", "deploy"])
    XCTAssertEqual(try jobs(["--context", "push:main", "--no-git"]), ["build", "test", "deploy"])
  }

  func testMergeRequestChangesComeFromTheMergeBase() throws {
    try project.git("checkout", "-q", "-b", "feature")
    try project.commit("code", ["src/lib.py": "x = 1\n"])
    try project.commit("docs", ["docs/index.md": "# docs\n"])
    // The last commit touched docs only, but the merge request changes src/ since main.
    XCTAssertEqual(try jobs(["--context", "mr:feature->main"]), ["build", "test", "lint"])
    try project.git("checkout", "-q", "main")
    try project.git("checkout", "-q", "-b", "docs-only")
    try project.commit("docs", ["docs/other.md": "# more\n"])
    XCTAssertEqual(try jobs(["--context", "mr:docs-only->main"]), ["build", "lint"])
  }

  func testCommitMessageFromGitFeedsRules() throws {
    try project.commit("release notes [announce]", ["NOTES.md": "1.0\n"])
    XCTAssertEqual(try jobs(["--context", "tag:v1.0.0"]), ["build", "test", "deploy", "announce"])
    XCTAssertFalse(try jobs(["--context", "tag:v1.0.0", "--no-git"]).contains("announce"))
    let explained = try project.slipway(["explain", "announce", "--context", "tag:v1.0.0"])
    XCTAssertEqual(explained.status, 0, explained.stderr)
    XCTAssertTrue(explained.stdout.contains("$CI_COMMIT_MESSAGE = \"release notes [announce]\""), explained.stdout)
    XCTAssertTrue(explained.stdout.contains("result: added to stage `deploy`"), explained.stdout)

    try project.commit("plain", ["NOTES.md": "1.1\n"])
    let excluded = try project.slipway(["explain", "announce", "--context", "tag:v1.1.0"])
    XCTAssertTrue(excluded.stdout.hasPrefix("Job `announce` for tag:v1.1.0: not in the pipeline\n"), excluded.stdout)
    XCTAssertTrue(excluded.stdout.contains("$CI_COMMIT_MESSAGE = \"plain\""), excluded.stdout)
  }
}
