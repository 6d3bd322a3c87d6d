import XCTest

@testable import SlipwayRelease

/// GitLab clones shallowly (GIT_DEPTH 20/50) and detached: the planner must deepen, not guess.
final class ShallowCloneTests: XCTestCase {
  /// origin: v1.2.0, then 15 merge requests (30 commits).
  private func makeOrigin() throws -> (GitFixture, String) {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "-a", "v1.2.0", "-m", "Release v1.2.0")
    for index in 0..<15 { try repo.mergeRequest(index == 3 ? "feature/f\(index)" : "bugfix/b\(index)") }
    let bare = try repo.makeOrigin()
    return (repo, bare)
  }

  func testDeepensStepByStepUntilTheTagIsReachable() throws {
    let (repo, bare) = try makeOrigin()
    let clone = try repo.clone("file://\(bare)", name: "shallow", extra: ["--depth", "3", "--no-tags"])
    try repo.git("checkout", "-q", "--detach", in: clone)
    XCTAssertEqual(try repo.git("rev-parse", "--is-shallow-repository", in: clone), "true")

    var config = VersionConfiguration()
    config.deepenStep = 5
    let outcome = repo.planner(config, context: BranchContext(branch: "main"), directory: clone).plan()
    let plan = try XCTUnwrap(outcome.value, "\(outcome.diagnostics)")
    XCTAssertEqual(plan.current?.description, "1.2.0")
    XCTAssertEqual(plan.next?.description, "1.3.0")
    XCTAssertEqual(plan.commits, 30)
    XCTAssertFalse(plan.fetched.isEmpty)
    XCTAssertTrue(plan.fetched[0].hasPrefix("git ls-remote --tags origin"), "\(plan.fetched)")
    XCTAssertTrue(plan.fetched[1].hasPrefix("git fetch --deepen=5 origin"), "\(plan.fetched)")
    XCTAssertEqual(plan.fetched.last, "git fetch origin refs/tags/v1.2.0")
    XCTAssertEqual(try repo.git("tag", in: clone), "v1.2.0", "the release tag is now local too")
    // Say what was fetched.
    let note = try XCTUnwrap(outcome.diagnostics.first { $0.code == ReleaseCode.historyFetched })
    XCTAssertEqual(note.notes.count, plan.fetched.count)
    // Only as deep as needed: not necessarily the whole history.
    XCTAssertLessThanOrEqual(plan.fetched.count, 5)
    XCTAssertFalse(plan.fetched.contains { $0.contains("--unshallow") })
  }

  /// A linked worktree of a shallow clone keeps `shallow` in the common git directory.
  func testShallowWorktree() throws {
    let (repo, bare) = try makeOrigin()
    let clone = try repo.clone("file://\(bare)", name: "shallow", extra: ["--depth", "3", "--no-tags"])
    let worktree = repo.root.appendingPathComponent("worktree").path
    try repo.git("worktree", "add", "-q", "--detach", worktree, "HEAD", in: clone)
    let plan = try repo.plan(context: BranchContext(branch: "main"), directory: worktree).0
    XCTAssertEqual(plan.currentTag, "v1.2.0")
    XCTAssertEqual(plan.commits, 30)
    XCTAssertTrue(plan.fetched.contains { $0.hasPrefix("git fetch --deepen") }, "\(plan.fetched)")
  }

  func testShallowCloneWithTagInsideDepthFetchesNothing() throws {
    let (repo, bare) = try makeOrigin()
    try repo.git("tag", "v1.5.0", "HEAD~1")
    try repo.git("push", "-q", "origin", "v1.5.0")
    let clone = try repo.clone("file://\(bare)", name: "shallow", extra: ["--depth", "5"])
    let plan = try repo.plan(directory: clone).0
    XCTAssertEqual(plan.currentTag, "v1.5.0")
    XCTAssertEqual(plan.fetched, [])
    XCTAssertEqual(plan.next?.description, "1.5.1")
  }

  func testNeverComputesFromPartialHistoryWithoutRemote() throws {
    let (repo, bare) = try makeOrigin()
    let clone = try repo.clone("file://\(bare)", name: "shallow", extra: ["--depth", "3", "--no-tags"])
    try repo.git("remote", "remove", "origin", in: clone)
    let outcome = repo.planner(directory: clone).plan()
    XCTAssertNil(outcome.value)
    XCTAssertEqual(outcome.diagnostics.last?.code, ReleaseCode.partialHistory)
    XCTAssertTrue(outcome.diagnostics.last?.message.contains("no remote 'origin'") ?? false)

    var config = VersionConfiguration()
    config.allowFetch = false
    let clone2 = try repo.clone("file://\(bare)", name: "shallow2", extra: ["--depth", "3", "--no-tags"])
    XCTAssertEqual(
      repo.planner(config, directory: clone2).plan().diagnostics.last?.code, ReleaseCode.partialHistory)
  }

  /// A full clone whose fetch refspec skipped tags (GitLab's narrow refspecs): fetch the tags.
  func testFetchesTagsWhenNoneAreLocal() throws {
    let (repo, bare) = try makeOrigin()
    let clone = try repo.clone("file://\(bare)", name: "notags", extra: ["--no-tags"])
    XCTAssertEqual(try repo.git("tag", in: clone), "")
    let plan = try repo.plan(directory: clone).0
    XCTAssertEqual(plan.currentTag, "v1.2.0")
    XCTAssertEqual(plan.next?.description, "1.3.0")
    XCTAssertEqual(
      plan.fetched,
      [
        "git ls-remote --tags origin: 1 release tag(s) not in this clone",
        "git fetch origin refs/tags/v1.2.0",
      ])
  }

  /// No release tag anywhere: the remote says so, so the first version needs no deepening.
  func testFirstReleaseInShallowCloneAsksTheRemoteInsteadOfUnshallowing() throws {
    let repo = try GitFixture()
    for index in 0..<6 { try repo.commit("commit \(index)") }
    try repo.git("tag", "nightly-20230829")
    let bare = try repo.makeOrigin()
    let clone = try repo.clone("file://\(bare)", name: "shallow", extra: ["--depth", "2"])
    let (plan, notes) = try repo.plan(directory: clone)
    XCTAssertNil(plan.current)
    XCTAssertEqual(plan.next?.description, "1.0.0")
    XCTAssertEqual(plan.fetched, [])
    XCTAssertTrue(
      notes.contains { $0.code == "REL005" && $0.message.contains("shallow clone only") }, "\(notes)")
    XCTAssertEqual(try repo.git("rev-parse", "--is-shallow-repository", in: clone), "true")
  }
}
