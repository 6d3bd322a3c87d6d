import XCTest

@testable import SlipwayRelease

final class VersionNextTests: XCTestCase {
  func testNoTagGivesFirstVersion() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    let (plan, _) = try repo.plan()
    XCTAssertNil(plan.current)
    XCTAssertEqual(plan.next?.description, "1.0.0")
    XCTAssertEqual(plan.tag, "v1.0.0")
    XCTAssertEqual(plan.commits, 1)

    var config = VersionConfiguration()
    config.initialVersion = SemanticVersion(major: 0, minor: 1, patch: 0)
    XCTAssertEqual(try repo.plan(config).0.next?.description, "0.1.0")
  }

  func testGitLabMergesHighestBumpWins() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "-a", "v1.3.2", "-m", "Release v1.3.2")
    try repo.mergeRequest("bugfix/PLAT-1-crash")
    try repo.mergeRequest("feature/PLAT-2-labels")
    try repo.mergeRequest("hotfix/PLAT-3-typo")
    let (plan, _) = try repo.plan(VersionConfiguration(strategy: .mergeBranch))
    XCTAssertEqual(plan.current?.description, "1.3.2")
    XCTAssertEqual(plan.next?.description, "1.4.0")
    XCTAssertEqual(plan.bump, .minor)
    XCTAssertEqual(plan.tag, "v1.4.0")
    XCTAssertEqual(plan.strategy, .mergeBranch)
    XCTAssertTrue(plan.reason.contains("feature/PLAT-2-labels"), plan.reason)
    XCTAssertEqual(plan.commits, 6)
  }

  func testGitMergeFormatsAndBreakingPrefix() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v2.0.0")  // lightweight
    try repo.mergeRequest("hotfix/a", message: "Merge branch 'hotfix/a'")
    XCTAssertEqual(try repo.plan().0.next?.description, "2.0.1")
    try repo.mergeRequest("breaking/b", message: "Merge remote-tracking branch 'origin/breaking/b' into main")
    XCTAssertEqual(try repo.plan().0.next?.description, "3.0.0")
  }

  func testSquashMergeTitleWithMergeRequestReference() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v1.0.0")
    try repo.commit("feature/PLAT-7: image labels (!17)")
    let (plan, _) = try repo.plan(VersionConfiguration(strategy: .mergeBranch))
    XCTAssertEqual(plan.next?.description, "1.1.0")
  }

  /// `Merge branch 'main' into 'feature/x'` sits on the feature branch, not on main's
  /// first-parent chain: it must not count, and neither may main's own name.
  func testMergesOfMainIntoFeatureBranchesDoNotCount() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v1.0.0")
    try repo.git("checkout", "-q", "-b", "bugfix/x")
    try repo.commit("fix on branch")
    try repo.git("checkout", "-q", "main")
    try repo.mergeRequest("feature/other")
    try repo.git("checkout", "-q", "bugfix/x")
    try repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'main' into 'bugfix/x'", "main")
    try repo.git("checkout", "-q", "main")
    try repo.git("tag", "v1.1.0")
    try repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'bugfix/x' into 'main'", "bugfix/x")
    let (plan, _) = try repo.plan(VersionConfiguration(strategy: .mergeBranch))
    XCTAssertEqual(plan.current?.description, "1.1.0")
    XCTAssertEqual(plan.next?.description, "1.1.1")
  }

  func testSemverOrderNotDateOrStringAndTraps() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v1.9.0")
    try repo.commit("more")
    try repo.git("tag", "-a", "v1.10.0", "-m", "x")
    // Maintenance release on a branch that main never merged: newer by date, not reachable.
    try repo.git("checkout", "-q", "-b", "release/1.9", "v1.9.0")
    try repo.commit("fix: backport")
    try repo.git("tag", "v1.9.1")
    try repo.git("tag", "v9.9.9-rc.1")
    try repo.git("checkout", "-q", "main")
    try repo.commit("fix: something")
    try repo.git("tag", "v1.11.0-rc.1")  // prerelease: not a release
    try repo.git("tag", "v1.12")  // two-part: not semver
    try repo.git("tag", "nightly-20230829")
    try repo.git("tag", "release-prod", "v1.10.0")
    let (plan, notes) = try repo.plan()
    XCTAssertEqual(plan.currentTag, "v1.10.0")
    XCTAssertEqual(plan.next?.description, "1.10.1")
    XCTAssertEqual(plan.strategy, .conventional)
    XCTAssertTrue(notes.contains { $0.code == "REL003" && $0.message.contains("v1.12") }, "\(notes)")
  }

  /// HEAD on an old maintenance branch: every newer tag is unreachable (and newer by date,
  /// which switches from per-tag checks to one walk of HEAD's history).
  func testMaintenanceBranchHead() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v1.9.0")
    try repo.git("branch", "release/1.9")
    for minor in 10...20 {
      try repo.commit("feat: minor \(minor)")
      try repo.git("tag", "v1.\(minor).0")
    }
    repo.advanceClock(days: 30)
    try repo.commit("feat: later")
    try repo.git("tag", "v2.0.0")
    try repo.git("checkout", "-q", "release/1.9")
    try repo.commit("fix: backport")
    try repo.git("tag", "v1.9.1")
    try repo.commit("fix: another backport")
    let context = BranchContext(branch: "release/1.9", defaultBranch: "release/1.9")
    var (plan, _) = try repo.plan(context: context)
    XCTAssertEqual(plan.currentTag, "v1.9.1")
    XCTAssertEqual(plan.next?.description, "1.9.2")
    // Same answer when the newer tags are close in date (per-tag checks, then the walk).
    try repo.git("checkout", "-q", "main")
    try repo.git("tag", "-d", "v2.0.0")
    try repo.git("checkout", "-q", "release/1.9")
    (plan, _) = try repo.plan(context: context)
    XCTAssertEqual(plan.currentTag, "v1.9.1")
  }

  func testConventionalStrategyAndMajorVersionZero() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v0.4.1")
    try repo.commit("docs: readme")
    try repo.commit("fix(api): null check")
    XCTAssertEqual(try repo.plan().0.next?.description, "0.4.2")
    try repo.commit("feat(api): pagination")
    XCTAssertEqual(try repo.plan().0.next?.description, "0.5.0")
    try repo.commit("refactor!: drop v1 endpoints")
    let (plan, _) = try repo.plan()
    XCTAssertEqual(plan.next?.description, "0.5.0", "breaking bumps minor while major is 0")
    XCTAssertTrue(plan.reason.contains("major version is 0"), plan.reason)
    var config = VersionConfiguration(strategy: .conventional)
    config.majorVersionZero = false
    XCTAssertEqual(try repo.plan(config).0.next?.description, "1.0.0")
  }

  func testBreakingChangeFooterOnMergedBranch() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v3.1.0")
    try repo.mergeRequest(
      "topic/x", commits: ["chore: rework\n\nBREAKING CHANGE: config renamed"],
      message: "Merge branch 'topic/x' into 'main'")
    let (plan, notes) = try repo.plan()
    // auto: the only merge has an unknown prefix, so conventional decides.
    XCTAssertEqual(plan.strategy, .conventional)
    XCTAssertEqual(plan.next?.description, "4.0.0")
    XCTAssertFalse(notes.contains { $0.code == "REL007" })
    let mergeOnly = try repo.plan(VersionConfiguration(strategy: .mergeBranch))
    XCTAssertNil(mergeOnly.0.next)
    XCTAssertTrue(mergeOnly.1.contains { $0.code == "REL007" && $0.message.contains("topic/x") })
  }

  func testNothingToBumpAndHeadAlreadyTagged() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "-a", "v1.3.2", "-m", "x")
    var (plan, _) = try repo.plan()
    XCTAssertTrue(plan.headTagged)
    XCTAssertNil(plan.next)
    XCTAssertEqual(plan.tag, "v1.3.2")
    XCTAssertTrue(plan.reason.contains("already tagged"))
    try repo.commit("docs: typo")
    (plan, _) = try repo.plan()
    XCTAssertFalse(plan.headTagged)
    XCTAssertNil(plan.next)
    XCTAssertNil(plan.bump)
    XCTAssertTrue(plan.reason.hasPrefix("nothing to release"), plan.reason)
    XCTAssertTrue(plan.dotenv.contains("VERSION=1.3.2\n"), plan.dotenv)
  }

  func testMonorepoPrefixAndPathFilter() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "payments/v2.1.0")
    try repo.git("tag", "billing/v7.0.0")
    try repo.git("tag", "v9.0.0")
    try repo.mergeRequest("feature/billing-x", file: "services/billing/a.txt")
    try repo.mergeRequest("bugfix/payments-y", file: "services/payments/a.txt")
    try repo.commit("feat: billing only", file: "services/billing/b.txt")
    var config = VersionConfiguration(
      strategy: .mergeBranch, tagPrefix: "payments/v", paths: ["services/payments"])
    var (plan, _) = try repo.plan(config)
    XCTAssertEqual(plan.current?.description, "2.1.0")
    XCTAssertEqual(plan.next?.description, "2.1.1")
    XCTAssertEqual(plan.tag, "payments/v2.1.1")
    XCTAssertEqual(plan.commits, 2, "the payments commit and its merge")
    config.strategy = .conventional
    (plan, _) = try repo.plan(config)
    XCTAssertNil(plan.next, "the feat commit touches billing only")
    config = VersionConfiguration(tagPrefix: "billing/v", paths: ["services/billing"])
    XCTAssertEqual(try repo.plan(config).0.next?.description, "7.1.0")
  }

  func testPreviewOnFeatureBranchAndMergeRequest() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v1.3.2")
    try repo.mergeRequest("bugfix/a")
    try repo.git("checkout", "-q", "-b", "feature/x")
    try repo.commit("work")
    var (plan, _) = try repo.plan()
    XCTAssertTrue(plan.preview)
    XCTAssertEqual(plan.next?.description, "1.4.0-feature-x.3")
    XCTAssertEqual(plan.tag, "v1.4.0-feature-x.3")
    XCTAssertTrue(plan.dotenv.contains("VERSION_RELEASE=false"))
    var config = VersionConfiguration()
    config.previewFormat = "{version}-rc.{pipeline}"
    let mr = BranchContext.fromEnvironment([
      "CI_MERGE_REQUEST_IID": "12", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature/x",
      "CI_PIPELINE_IID": "3",
      "CI_DEFAULT_BRANCH": "main",
    ])
    (plan, _) = try repo.plan(config, context: mr)
    XCTAssertEqual(plan.next?.description, "1.4.0-rc.3")
  }

  func testDetachedHeadIsReportedAndComputed() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "v1.0.0")
    try repo.mergeRequest("feature/a")
    try repo.git("checkout", "-q", "--detach")
    let (plan, notes) = try repo.plan()
    XCTAssertEqual(plan.next?.description, "1.1.0")
    XCTAssertFalse(plan.preview)
    XCTAssertTrue(notes.contains { $0.code == "REL004" })
    let (ci, ciNotes) = try repo.plan(context: BranchContext(branch: "main", defaultBranch: "main"))
    XCTAssertEqual(ci.next?.description, "1.1.0")
    XCTAssertFalse(ciNotes.contains { $0.code == "REL004" })
  }

  func testBadInput() throws {
    let empty = try GitFixture(initialise: false)
    var outcome = empty.planner().plan()
    XCTAssertNil(outcome.value)
    XCTAssertEqual(outcome.diagnostics.map(\.code.rawValue), ["REL001"])
    let unborn = try GitFixture()
    outcome = unborn.planner().plan()
    XCTAssertEqual(outcome.diagnostics.map(\.code.rawValue), ["REL002"])
  }
}
