import Foundation
import SlipwayCore

/// Stable codes for everything `slipway version` reports (documented in docs/diagnostics-release.md).
public enum ReleaseCode {
  /// The directory is not inside a git work tree.
  public static let notARepository: DiagnosticCode = "REL001"
  /// HEAD has no commit yet.
  public static let noCommits: DiagnosticCode = "REL002"
  /// Tags carry the release prefix but are not semantic versions; they are ignored.
  public static let unparsableTags: DiagnosticCode = "REL003"
  /// HEAD is detached and no branch is known from CI variables or flags.
  public static let detachedHead: DiagnosticCode = "REL004"
  /// A shallow clone was deepened, or tags were fetched, to reach the release tag.
  public static let historyFetched: DiagnosticCode = "REL005"
  /// History is incomplete (shallow) and could not be completed: no result rather than a wrong one.
  public static let partialHistory: DiagnosticCode = "REL006"
  /// Merges of branches whose prefix maps to no bump.
  public static let unknownBranches: DiagnosticCode = "REL007"
  /// Pushing to the remote failed; local changes were rolled back.
  public static let pushFailed: DiagnosticCode = "REL008"
  /// The release tag already exists for a different commit.
  public static let tagConflict: DiagnosticCode = "REL009"
  /// Another pipeline pushed the same release tag for HEAD first; nothing to do.
  public static let tagAlreadyPushed: DiagnosticCode = "REL010"
  /// The environment tag moved on the remote between reading and updating it.
  public static let leaseFailed: DiagnosticCode = "REL011"
  /// A ref given to `mark` does not resolve to a commit.
  public static let unknownRef: DiagnosticCode = "REL012"
  /// No remote to push to or fetch from.
  public static let noRemote: DiagnosticCode = "REL013"
  /// Refusing to create a release tag outside the default branch.
  public static let notOnDefaultBranch: DiagnosticCode = "REL014"
  /// A git command failed unexpectedly.
  public static let gitFailed: DiagnosticCode = "REL015"
  /// Invalid `version:` configuration or flag value.
  public static let invalidConfiguration: DiagnosticCode = "REL016"
  /// HEAD already carries the release tag (idempotent success).
  public static let alreadyTagged: DiagnosticCode = "REL017"
  /// The token variable named for pushing is unset or empty; pushing without it.
  public static let missingToken: DiagnosticCode = "REL018"
}

/// Replaces every occurrence of a secret (and its Basic-auth encoding) with `***`.
struct SecretMasker: Sendable {
  var secrets: [String]

  init(secrets: [String]) { self.secrets = secrets }

  /// The token, and a password embedded in the remote URL (GitLab's runner puts the job token there).
  init(credentials: GitCredentials?, remoteURL: String?) {
    var secrets = credentials?.secrets ?? []
    if let remoteURL, let password = URLComponents(string: remoteURL)?.password, !password.isEmpty {
      secrets.append(password)
    }
    self.secrets = secrets
  }

  func mask(_ text: String) -> String {
    var result = text
    for secret in secrets where !secret.isEmpty { result = result.replacingAll(secret, with: "***") }
    return result
  }
}

extension String {
  /// Plain substring replacement without Foundation.
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
