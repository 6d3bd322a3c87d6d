import Foundation
import XCTest

@testable import SlipwayRelease

final class ReleaseTaggerTests: XCTestCase {
  /// A repository with `v1.0.0`, a feature merge after it, and a bare `origin` that logs every
  /// ref update (`old new ref`) through an `update` hook.
  private func makeRepository() throws -> (GitFixture, String, String) {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "-a", "v1.0.0", "-m", "Release v1.0.0")
    try repo.mergeRequest("feature/a")
    let bare = try repo.makeOrigin()
    let log = repo.root.appendingPathComponent("updates.log").path
    let hook = "\(bare)/hooks/update"
    try "#!/bin/sh\necho \"$2 $3 $1\" >> '\(log)'\n".write(toFile: hook, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
    return (repo, bare, log)
  }

  private func remoteTags(_ repo: GitFixture, _ bare: String) throws -> [String] {
    try repo.git("tag", in: bare).split(separator: "\n").map(String.init)
  }

  func testTagAndPush() throws {
    let (repo, bare, _) = try makeRepository()
    let plan = try repo.plan().0
    let outcome = ReleaseTagger(directory: repo.path).tag(plan: plan, push: true)
    let result = try XCTUnwrap(outcome.value, "\(outcome.diagnostics)")
    XCTAssertEqual(result.tag, "v1.1.0")
    XCTAssertTrue(result.pushed)
    XCTAssertEqual(try repo.git("cat-file", "-t", "v1.1.0"), "tag", "annotated")
    XCTAssertEqual(try repo.git("rev-parse", "v1.1.0^{commit}", in: bare), try repo.head())
    // Idempotent: HEAD is tagged now.
    let again = try repo.plan().0
    XCTAssertTrue(again.headTagged)
    let second = ReleaseTagger(directory: repo.path).tag(plan: again, push: true)
    XCTAssertEqual(second.value?.changed, false)
    XCTAssertEqual(second.diagnostics.filter { $0.severity == .error }, [])
  }

  /// Two pipelines tag the same commit at once: one tag on the remote, both succeed.
  func testConcurrentTaggingOfTheSameCommit() throws {
    let (repo, bare, _) = try makeRepository()
    let first = try repo.clone(bare, name: "pipeline-1")
    let second = try repo.clone(bare, name: "pipeline-2")
    let outcomes = OutcomeBox()
    DispatchQueue.concurrentPerform(iterations: 2) { index in
      let directory = index == 0 ? first : second
      // Different committers, so the two annotated tag objects differ (as in two real pipelines).
      let git = InterposingGit(extra: ["GIT_COMMITTER_NAME": "pipeline-\(index)"]) { _ in }
      let planner = VersionPlanner(directory: directory, git: git)
      guard let plan = planner.plan().value else { return }
      outcomes.append(ReleaseTagger(directory: directory, git: git).tag(plan: plan, push: true))
    }
    XCTAssertEqual(outcomes.all.count, 2)
    for outcome in outcomes.all {
      XCTAssertNotNil(outcome.value, "\(outcome.diagnostics)")
      XCTAssertFalse(outcome.diagnostics.contains { $0.severity == .error })
    }
    XCTAssertEqual(outcomes.all.filter { $0.value?.pushed == true }.count, 1, "exactly one push wins")
    XCTAssertEqual(
      outcomes.all.filter { $0.diagnostics.contains { $0.code == ReleaseCode.tagAlreadyPushed } }.count, 1)
    XCTAssertEqual(try remoteTags(repo, bare), ["v1.0.0", "v1.1.0"])
    // Both clones agree with the remote's tag object: nothing local-only.
    let remoteObject = try repo.git("rev-parse", "v1.1.0", in: bare)
    XCTAssertEqual(try repo.git("rev-parse", "v1.1.0", in: first), remoteObject)
    XCTAssertEqual(try repo.git("rev-parse", "v1.1.0", in: second), remoteObject)
  }

  /// Another pipeline released a different commit as the same version first.
  func testConflictingTagLeavesNoLocalTag() throws {
    let (repo, bare, _) = try makeRepository()
    let other = try repo.clone(bare, name: "other")
    let otherPlan = try repo.plan(directory: other).0
    try repo.mergeRequest("bugfix/b")
    let plan = try repo.plan().0
    XCTAssertEqual(plan.tag, otherPlan.tag.map { _ in "v1.1.0" })
    XCTAssertNotNil(ReleaseTagger(directory: other).tag(plan: otherPlan, push: true).value)
    let outcome = ReleaseTagger(directory: repo.path).tag(plan: plan, push: true)
    XCTAssertNil(outcome.value)
    XCTAssertEqual(outcome.diagnostics.first?.code, ReleaseCode.tagConflict)
    XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/tags/v1.1.0"))
  }

  func testFailedPushRollsBackAndNoRemote() throws {
    let (repo, bare, _) = try makeRepository()
    try repo.git("remote", "set-url", "origin", bare + "-missing")
    let plan = try repo.plan().0
    var outcome = ReleaseTagger(directory: repo.path).tag(plan: plan, push: true)
    XCTAssertEqual(outcome.diagnostics.first?.code, ReleaseCode.pushFailed)
    XCTAssertTrue(outcome.diagnostics.first?.notes.contains { $0.message.contains("removed again") } ?? false)
    XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/tags/v1.1.0"))
    try repo.git("remote", "remove", "origin")
    outcome = ReleaseTagger(directory: repo.path).tag(plan: plan, push: true)
    XCTAssertEqual(outcome.diagnostics.first?.code, ReleaseCode.noRemote)
    XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/tags/v1.1.0"))
    // Without --push the tag is created locally only, on purpose.
    outcome = ReleaseTagger(directory: repo.path).tag(plan: plan, push: false)
    XCTAssertEqual(outcome.value?.changed, true)
    XCTAssertEqual(try repo.git("rev-parse", "v1.1.0^{commit}"), try repo.head())
  }

  func testRefusesToTagAPreview() throws {
    let (repo, _, _) = try makeRepository()
    try repo.git("checkout", "-q", "-b", "feature/b")
    try repo.commit("work")
    let plan = try repo.plan().0
    XCTAssertTrue(plan.preview)
    let outcome = ReleaseTagger(directory: repo.path).tag(plan: plan, push: false)
    XCTAssertEqual(outcome.diagnostics.first?.code, ReleaseCode.notOnDefaultBranch)
  }

  /// `mark` moves release-prod with one update (never a deletion) and is idempotent.
  func testMarkMovesEnvironmentTagWithoutDeleting() throws {
    let (repo, bare, log) = try makeRepository()
    let tagger = ReleaseTagger(directory: repo.path)
    var outcome = tagger.mark(environment: "prod", ref: "v1.0.0", push: true)
    XCTAssertEqual(outcome.value?.pushed, true, "\(outcome.diagnostics)")
    XCTAssertEqual(
      try repo.git("rev-parse", "release-prod^{commit}", in: bare),
      try repo.git("rev-parse", "v1.0.0^{commit}"))
    XCTAssertNotNil(tagger.tag(plan: try repo.plan().0, push: true).value)
    outcome = tagger.mark(environment: "prod", ref: "v1.1.0", push: true)
    XCTAssertEqual(outcome.value?.changed, true, "\(outcome.diagnostics)")
    XCTAssertEqual(try repo.git("rev-parse", "release-prod^{commit}", in: bare), try repo.head())
    outcome = tagger.mark(environment: "prod", ref: "v1.1.0", push: true)
    XCTAssertEqual(outcome.value?.changed, false)

    let zero = String(repeating: "0", count: 40)
    let updates = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
    let prod = updates.filter { $0.hasSuffix("refs/tags/release-prod") }
    XCTAssertEqual(prod.count, 2, "\(updates)")
    XCTAssertFalse(prod.contains { $0.split(separator: " ")[1] == zero }, "a deletion happened: \(prod)")
    XCTAssertTrue(prod[0].hasPrefix(zero), "first mark creates")
  }

  /// Someone moves release-prod between our read and our push: the lease refuses, nothing changes.
  func testMarkLeaseRefusesAConcurrentMove() throws {
    let (repo, bare, _) = try makeRepository()
    XCTAssertNotNil(
      ReleaseTagger(directory: repo.path).mark(environment: "prod", ref: "v1.0.0", push: true).value)
    let before = try repo.git("rev-parse", "release-prod")
    let racer = try repo.clone(bare, name: "racer")
    let git = InterposingGit { arguments in
      // Right before our push, another pipeline marks prod elsewhere.
      if arguments.first == "push" {
        _ = ProcessGitClient().run(
          ["tag", "-f", "-a", "release-prod", "-m", "other", "HEAD~1"], in: racer,
          environment: GitFixture.baseEnvironment)
        _ = ProcessGitClient().run(
          ["push", "-f", "origin", "refs/tags/release-prod"], in: racer, environment: [:])
      }
    }
    let outcome = ReleaseTagger(directory: repo.path, git: git).mark(
      environment: "prod", ref: "HEAD", push: true)
    XCTAssertNil(outcome.value)
    XCTAssertEqual(outcome.diagnostics.first?.code, ReleaseCode.leaseFailed, "\(outcome.diagnostics)")
    XCTAssertEqual(try repo.git("rev-parse", "release-prod"), before, "local tag restored")
    XCTAssertEqual(
      try repo.git("rev-parse", "release-prod^{commit}", in: bare),
      try repo.git("rev-parse", "HEAD~1^{commit}", in: racer))
  }

  func testMarkRejectsUnknownRefAndBadEnvironment() throws {
    let (repo, _, _) = try makeRepository()
    let tagger = ReleaseTagger(directory: repo.path)
    XCTAssertEqual(
      tagger.mark(environment: "prod", ref: "v9.9.9", push: false).diagnostics.first?.code,
      ReleaseCode.unknownRef)
    XCTAssertEqual(
      tagger.mark(environment: "a b", ref: "v1.0.0", push: false).diagnostics.first?.code,
      ReleaseCode.invalidConfiguration)
  }
}

/// Thread-safe collection of outcomes from concurrent runs.
private final class OutcomeBox: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [ReleaseOutcome<TagResult>] = []
  func append(_ item: ReleaseOutcome<TagResult>) { lock.withLock { items.append(item) } }
  var all: [ReleaseOutcome<TagResult>] { lock.withLock { items } }
}

/// The real git with an action run before each command: lets a test act between two real steps.
private struct InterposingGit: GitClient {
  var extra: [String: String] = [:]
  var before: @Sendable ([String]) -> Void
  init(extra: [String: String] = [:], before: @escaping @Sendable ([String]) -> Void) {
    self.extra = extra
    self.before = before
  }
  func run(_ arguments: [String], in directory: String, environment: [String: String]) -> ProcessOutput {
    before(arguments)
    let env = environment.merging(extra) { a, _ in a }.merging(GitFixture.baseEnvironment) { a, _ in a }
    return ProcessGitClient().run(arguments, in: directory, environment: env)
  }
}
