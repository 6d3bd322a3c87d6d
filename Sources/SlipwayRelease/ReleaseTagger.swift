import Foundation
import SlipwayCore

/// What `version tag` or `version mark` did.
public struct TagResult: Sendable, Equatable, Codable {
  public var tag: String
  public var commit: String
  /// `true` when this run created or moved the tag (locally, and remotely when pushing).
  public var changed: Bool
  public var pushed: Bool
  /// One sentence for humans.
  public var summary: String
}

/// Creates release tags and moves environment tags, locally and on the remote.
///
/// Safety rules: a tag is never deleted and re-created (there would be a moment with no
/// protection tag); the remote ref changes in one push whose old value is checked
/// (`--force-with-lease`); when a push fails, the local tag is rolled back.
public struct ReleaseTagger: Sendable {
  public var configuration: VersionConfiguration
  public var credentials: GitCredentials?
  var repository: GitRepository

  public init(
    directory: String, configuration: VersionConfiguration = VersionConfiguration(),
    credentials: GitCredentials? = nil, git: any GitClient = ProcessGitClient()
  ) {
    self.configuration = configuration
    self.credentials = credentials
    self.repository = GitRepository(git: git, directory: directory)
  }

  // MARK: - version tag

  /// Creates the annotated tag for `plan.next` on `plan.head` and, with `push`, pushes it.
  /// Two pipelines racing for the same commit both succeed and leave exactly one tag.
  public func tag(plan: VersionPlan, push: Bool) -> ReleaseOutcome<TagResult> {
    guard let name = plan.tag else {
      return ReleaseOutcome(
        value: TagResult(tag: "", commit: plan.head, changed: false, pushed: false, summary: plan.reason),
        diagnostics: [])
    }
    if plan.headTagged {
      let summary = "HEAD is already tagged \(name)"
      guard push else {
        return ReleaseOutcome(
          value: TagResult(tag: name, commit: plan.head, changed: false, pushed: false, summary: summary),
          diagnostics: [.info(ReleaseCode.alreadyTagged, summary)])
      }
      // An earlier run may have tagged without pushing: make sure the remote has it too.
      return pushNew(name: name, commit: plan.head, createdLocally: false)
    }
    guard !plan.preview else {
      return failure(
        .error(
          ReleaseCode.notOnDefaultBranch,
          "refusing to tag preview version \(name) outside the release branch",
          help: "tag from the default branch, or pass --default-branch when it is not main/master"))
    }
    let message = "Release \(name)"
    let out = run(["tag", "-a", name, "-m", message, plan.head], environment: identityEnvironment())
    var createdLocally = true
    if !out.succeeded {
      // A concurrent run in this clone may have made it already: fine if it names the same commit.
      guard let existing = repository.resolveCommit("refs/tags/\(name)") else {
        return failure(.error(ReleaseCode.gitFailed, "git tag \(name) failed: \(mask(out.stderr))"))
      }
      guard existing == plan.head else {
        return failure(
          .error(
            ReleaseCode.tagConflict, "tag \(name) already exists locally for commit \(existing.prefix(12))"))
      }
      createdLocally = false
    }
    guard push else {
      return ReleaseOutcome(
        value: TagResult(
          tag: name, commit: plan.head, changed: createdLocally, pushed: false, summary: "created tag \(name)"
        ),
        diagnostics: [])
    }
    return pushNew(name: name, commit: plan.head, createdLocally: createdLocally)
  }

  private func pushNew(name: String, commit: String, createdLocally: Bool) -> ReleaseOutcome<TagResult> {
    let ref = "refs/tags/\(name)"
    let rollback = { if createdLocally { _ = run(["tag", "-d", name]) } }
    guard let url = repository.remoteURL(configuration.remote) else {
      rollback()
      return failure(noRemote(), rolledBack: createdLocally ? name : nil)
    }
    let out = network(["push", "--porcelain", configuration.remote, "\(ref):\(ref)"], url: url)
    if out.succeeded {
      let summary =
        out.stdout.contains("[up to date]") ? "tag \(name) was already on the remote" : "pushed tag \(name)"
      return ReleaseOutcome(
        value: TagResult(tag: name, commit: commit, changed: createdLocally, pushed: true, summary: summary),
        diagnostics: [])
    }
    // Rejected: find out whether someone else released this commit meanwhile.
    let remote = remoteTag(name, url: url)
    rollback()
    if let remote, remote.commit == commit {
      // Adopt the winner's tag object so local and remote agree.
      _ = network(["fetch", "--quiet", "--no-tags", configuration.remote, "+\(ref):\(ref)"], url: url)
      let summary = "tag \(name) was pushed for this commit by another run"
      return ReleaseOutcome(
        value: TagResult(tag: name, commit: commit, changed: false, pushed: false, summary: summary),
        diagnostics: [.info(ReleaseCode.tagAlreadyPushed, summary)])
    }
    if let remote {
      return failure(
        .error(
          ReleaseCode.tagConflict,
          "tag \(name) already exists on '\(configuration.remote)' for commit \(remote.commit.prefix(12)), not HEAD \(commit.prefix(12))",
          help: "another release happened meanwhile; rerun the pipeline on the new default branch"),
        rolledBack: createdLocally ? name : nil)
    }
    return failure(
      .error(
        ReleaseCode.pushFailed, "pushing tag \(name) to '\(configuration.remote)' failed: \(mask(out.stderr))"
      ),
      rolledBack: createdLocally ? name : nil)
  }

  // MARK: - version mark

  /// Moves the environment tag (`release-prod`) to the commit of `ref`, in one ref update
  /// locally and one leased push remotely.
  public func mark(environment: String, ref: String, push: Bool) -> ReleaseOutcome<TagResult> {
    let name = configuration.environmentTag(for: environment)
    let fullRef = "refs/tags/\(name)"
    guard !environment.isEmpty, run(["check-ref-format", fullRef]).succeeded else {
      return failure(.error(ReleaseCode.invalidConfiguration, "'\(name)' is not a valid tag name"))
    }
    guard let commit = repository.resolveCommit(ref) else {
      return failure(.error(ReleaseCode.unknownRef, "'\(ref)' does not name a commit in this repository"))
    }
    let localBefore = repository.revParse(fullRef)
    var url: String?
    var remoteBefore: RemoteTag?
    if push {
      guard let remoteURL = repository.remoteURL(configuration.remote) else { return failure(noRemote()) }
      url = remoteURL
      remoteBefore = remoteTag(name, url: remoteURL)
      if let remoteBefore, remoteBefore.commit == commit {
        // Already protected: keep the remote's tag object locally too, change nothing remotely.
        _ = network(
          ["fetch", "--quiet", "--no-tags", configuration.remote, "+\(fullRef):\(fullRef)"], url: remoteURL)
        let summary = "\(name) already points at \(ref) (\(commit.prefix(12))) on '\(configuration.remote)'"
        return ReleaseOutcome(
          value: TagResult(tag: name, commit: commit, changed: false, pushed: false, summary: summary),
          diagnostics: [])
      }
    } else if localBefore != nil, repository.resolveCommit(fullRef) == commit {
      let summary = "\(name) already points at \(ref) (\(commit.prefix(12)))"
      return ReleaseOutcome(
        value: TagResult(tag: name, commit: commit, changed: false, pushed: false, summary: summary),
        diagnostics: [])
    }
    // `tag -f` replaces the ref in one update: there is no moment without the tag.
    let message = "Mark \(ref) as released to \(environment)"
    let created = run(["tag", "-f", "-a", name, "-m", message, commit], environment: identityEnvironment())
    guard created.succeeded else {
      return failure(.error(ReleaseCode.gitFailed, "git tag -f \(name) failed: \(mask(created.stderr))"))
    }
    guard push, let url else {
      return ReleaseOutcome(
        value: TagResult(
          tag: name, commit: commit, changed: true, pushed: false, summary: "moved \(name) to \(ref)"),
        diagnostics: [])
    }
    // The lease: the remote ref must still hold what we read (or still be absent).
    let lease = "--force-with-lease=\(fullRef):\(remoteBefore?.object ?? "")"
    let out = network(
      ["push", "--porcelain", lease, configuration.remote, "\(fullRef):\(fullRef)"], url: url)
    if out.succeeded {
      return ReleaseOutcome(
        value: TagResult(
          tag: name, commit: commit, changed: true, pushed: true,
          summary: "moved \(name) to \(ref) (\(commit.prefix(12))) on '\(configuration.remote)'"),
        diagnostics: [])
    }
    // Put the local tag back where it was so nothing local-only remains.
    if let localBefore {
      _ = run(["update-ref", fullRef, localBefore])
    } else {
      _ = run(["tag", "-d", name])
    }
    let now = remoteTag(name, url: url)
    if now?.object != remoteBefore?.object {
      return failure(
        .error(
          ReleaseCode.leaseFailed,
          "\(name) moved on '\(configuration.remote)' while marking (expected \(remoteBefore?.object.prefix(12) ?? "no tag"), found \(now?.object.prefix(12) ?? "no tag")); nothing was changed",
          help: "another pipeline marked \(environment) meanwhile; rerun if \(ref) should still win"))
    }
    return failure(
      .error(
        ReleaseCode.pushFailed, "pushing \(name) to '\(configuration.remote)' failed: \(mask(out.stderr))"))
  }

  // MARK: - Helpers

  struct RemoteTag: Equatable {
    var object: String
    var commit: String
  }

  /// The remote's value of a tag, peeled, from one `ls-remote`.
  func remoteTag(_ name: String, url: String) -> RemoteTag? {
    let ref = "refs/tags/\(name)"
    let out = network(["ls-remote", configuration.remote, ref, ref + "^{}"], url: url)
    var result: RemoteTag?
    for line in out.stdout.split(separator: "\n") {
      let fields = line.split(separator: "\t")
      guard fields.count == 2 else { continue }
      let sha = String(fields[0])
      if fields[1] == ref {
        result = RemoteTag(object: sha, commit: result?.commit ?? sha)
      } else if fields[1] == ref + "^{}" {
        result = RemoteTag(object: result?.object ?? sha, commit: sha)
      }
    }
    return result
  }

  /// Committer identity for annotated tags when git has none (fresh CI containers).
  private func identityEnvironment() -> [String: String] {
    guard !run(["var", "GIT_COMMITTER_IDENT"]).succeeded else { return [:] }
    let env = ProcessInfo.processInfo.environment
    let name = env["GITLAB_USER_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "Slipway"
    let email = env["GITLAB_USER_EMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? "slipway@localhost"
    return [
      "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_NAME": name,
      "GIT_AUTHOR_EMAIL": email,
    ]
  }

  private func run(_ arguments: [String], environment: [String: String] = [:]) -> ProcessOutput {
    repository.git.run(arguments, in: repository.directory, environment: environment)
  }

  private func network(_ arguments: [String], url: String) -> ProcessOutput {
    repository.runAgainstRemote(arguments, url: url, credentials: credentials)
  }

  private func mask(_ text: String) -> String {
    repository.masked(text, credentials: credentials, remoteURL: repository.remoteURL(configuration.remote))
  }

  private func noRemote() -> Diagnostic {
    .error(
      ReleaseCode.noRemote, "there is no remote '\(configuration.remote)' to push to",
      help: "add the remote, or set version: remote: in .slipway.yml")
  }

  private func failure(_ diagnostic: Diagnostic, rolledBack tag: String? = nil) -> ReleaseOutcome<TagResult> {
    var diagnostic = diagnostic
    if let tag {
      diagnostic.notes.append(.init("the local tag \(tag) was removed again; nothing was left behind"))
    }
    return ReleaseOutcome(value: nil, diagnostics: [diagnostic])
  }
}
