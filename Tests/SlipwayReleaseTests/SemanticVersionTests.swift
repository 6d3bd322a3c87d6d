import XCTest

@testable import SlipwayRelease

final class SemanticVersionTests: XCTestCase {
  func testParsesAndPrints() throws {
    let version = try XCTUnwrap(SemanticVersion("1.4.0-rc.3+build.7"))
    XCTAssertEqual(version.major, 1)
    XCTAssertEqual(version.prerelease, ["rc", "3"])
    XCTAssertEqual(version.build, ["build", "7"])
    XCTAssertEqual(version.description, "1.4.0-rc.3+build.7")
  }

  func testRejectsWhatSemverRejects() {
    for text in [
      "1.2", "v1.2.3", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "1.2.3.4", "", "1..3", "1.2.3-a..b", "a.b.c",
    ] {
      XCTAssertNil(SemanticVersion(text), text)
    }
  }

  /// The precedence example from semver.org §11, plus numeric (not string) order.
  func testPrecedence() throws {
    let ordered = [
      "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
      "1.0.0-rc.1", "1.0.0", "1.2.0", "1.9.0", "1.10.0", "2.0.0",
    ].compactMap { SemanticVersion($0) }
    XCTAssertEqual(ordered.count, 12)
    XCTAssertEqual(ordered.shuffled().sorted(), ordered)
    XCTAssertEqual(SemanticVersion("1.0.0+a"), SemanticVersion("1.0.0+b"))
  }

  func testBumps() throws {
    let version = try XCTUnwrap(SemanticVersion("1.3.2-rc.1"))
    XCTAssertEqual(version.bumped(.patch).description, "1.3.3")
    XCTAssertEqual(version.bumped(.minor).description, "1.4.0")
    XCTAssertEqual(version.bumped(.major).description, "2.0.0")
    XCTAssertTrue(Bump.major > Bump.minor && Bump.minor > Bump.patch)
  }

  func testPreviewSlug() {
    XCTAssertEqual(PreviewVersion.slug("feature/PLAT-12_Image labels"), "feature-plat-12-image-labels")
    XCTAssertEqual(PreviewVersion.slug("123"), "b123")
    XCTAssertEqual(PreviewVersion.slug("///"), "branch")
  }
}

final class CommitMessageTests: XCTestCase {
  func testMergeSubjects() {
    let cases: [(String, String?)] = [
      ("Merge branch 'feature/PLAT-1-labels' into 'master'", "feature/PLAT-1-labels"),
      ("Merge branch 'hotfix/x'", "hotfix/x"),
      ("Merge branch 'bugfix/y' into main", "bugfix/y"),
      ("Merge branch 'fix/z' of https://gitlab.example.com/group/project into main", "fix/z"),
      ("Merge remote-tracking branch 'origin/feature/a'", "feature/a"),
      ("Merge pull request #12 from someone/feature/b", "feature/b"),
      ("Merge tag 'v1.0.0'", nil),
      ("feat: not a merge", nil),
    ]
    for (subject, branch) in cases {
      XCTAssertEqual(MergeMessage.sourceBranch(ofSubject: Substring(subject)), branch, subject)
    }
  }

  func testSquashMergeRequestCommits() {
    let config = VersionConfiguration()
    XCTAssertTrue(MergeMessage.isMergeRequestCommit("Feature/PLAT-9 image labels (!42)"))
    XCTAssertTrue(MergeMessage.isMergeRequestCommit("Add labels\n\nSee merge request group/project!42"))
    XCTAssertFalse(MergeMessage.isMergeRequestCommit("fix: parse (x) properly"))
    XCTAssertEqual(
      MergeMessage.sourceBranch(ofSquash: "feature/PLAT-9: image labels (!42)", configuration: config),
      "feature/PLAT-9")
    XCTAssertEqual(
      MergeMessage.sourceBranch(
        ofSquash: "Image labels\n\nMerge branch 'bugfix/labels' into 'main'\n\nSee merge request g/p!3",
        configuration: config), "bugfix/labels")
    XCTAssertNil(MergeMessage.sourceBranch(ofSquash: "Image labels (!42)", configuration: config))
  }

  func testConventionalBumps() {
    let config = VersionConfiguration()
    let cases: [(String, Bump?)] = [
      ("feat: add x", .minor), ("feat(api): add x", .minor), ("fix: y", .patch), ("perf(db): faster", .patch),
      ("refactor!: drop z", .major), ("feat(api)!: new", .major), ("docs: readme", nil),
      ("chore: deps\n\nBREAKING CHANGE: node 20", .major), ("fix: a\n\nBREAKING-CHANGE: b", .major),
      ("WIP", nil), ("Revert \"feat: x\"", nil), ("feat:missing space", nil), ("Update README.md", nil),
    ]
    for (message, bump) in cases {
      XCTAssertEqual(ConventionalCommit.bump(of: message, configuration: config), bump, message)
    }
  }

  func testBranchPrefixLongestWins() {
    var config = VersionConfiguration()
    config.branchBumps["feature/breaking-"] = .major
    XCTAssertEqual(config.bump(forBranch: "feature/x"), .minor)
    XCTAssertEqual(config.bump(forBranch: "Feature/x"), .minor)
    XCTAssertEqual(config.bump(forBranch: "feature/breaking-api"), .major)
    XCTAssertNil(config.bump(forBranch: "renovate/deps"))
  }
}
