import Foundation
import XCTest

@testable import SlipwayRelease

/// Pushes over a real authenticated HTTP remote (`git http-backend` behind basic auth on
/// 127.0.0.1) and proves the token reaches no file, URL or output.
final class CredentialTests: XCTestCase {
  private var server: GitHTTPServer?

  override func tearDown() {
    server?.stop()
    super.tearDown()
  }

  /// Every byte below `directory` as text, for secret scanning.
  static func allText(under directory: String) -> String {
    var text = ""
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return text }
    while let item = walker.nextObject() as? String {
      if let data = FileManager.default.contents(atPath: directory + "/" + item) {
        text += String(decoding: data, as: UTF8.self)
      }
    }
    return text
  }

  func testPushWithTokenLeavesNoTraceOfIt() throws {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "-a", "v1.0.0", "-m", "Release v1.0.0")
    try repo.mergeRequest("feature/a")
    let serverRoot = repo.root.appendingPathComponent("srv").path
    try FileManager.default.createDirectory(atPath: serverRoot, withIntermediateDirectories: true)
    try repo.git("init", "-q", "--bare", "-b", "main", serverRoot + "/project.git", in: repo.root.path)
    try repo.git("push", "-q", serverRoot + "/project.git", "HEAD:refs/heads/main", "--tags")

    let token = "glpat-\(UUID().uuidString)"
    server = try GitHTTPServer(root: serverRoot, user: "oauth2", password: token)
    let port = try XCTUnwrap(server?.port)
    let url = "http://127.0.0.1:\(port)/project.git"
    try repo.git("remote", "add", "origin", url)
    // A credential store configured by someone else must not receive the token either.
    let store = repo.root.appendingPathComponent("credential-store").path
    try repo.git("config", "credential.helper", "store --file \(store)")

    // Without the token the server refuses: a clean failure, nothing left behind.
    let plan = try repo.plan().0
    let refused = ReleaseTagger(directory: repo.path).tag(plan: plan, push: true)
    XCTAssertEqual(refused.diagnostics.first?.code, ReleaseCode.pushFailed, "\(refused.diagnostics)")
    XCTAssertThrowsError(try repo.git("rev-parse", "--verify", "-q", "refs/tags/v1.1.0"))

    let credentials = try XCTUnwrap(
      GitCredentials.fromEnvironment(
        variable: "SLIPWAY_GIT_TOKEN", user: "oauth2", environment: ["SLIPWAY_GIT_TOKEN": token]))
    let tagger = ReleaseTagger(directory: repo.path, credentials: credentials)
    let tagged = tagger.tag(plan: plan, push: true)
    let result = try XCTUnwrap(tagged.value, "\(tagged.diagnostics)")
    XCTAssertTrue(result.pushed)
    XCTAssertEqual(
      try repo.git("rev-parse", "v1.1.0^{commit}", in: serverRoot + "/project.git"), try repo.head())
    let marked = tagger.mark(environment: "prod", ref: "v1.1.0", push: true)
    XCTAssertEqual(marked.value?.pushed, true, "\(marked.diagnostics)")

    // A wrong token: masked in the error text.
    let wrong = ReleaseTagger(
      directory: repo.path, credentials: GitCredentials(user: "oauth2", token: "wrong-\(token)"))
    let failed = wrong.mark(environment: "dev", ref: "v1.1.0", push: true)
    XCTAssertNotNil(failed.diagnostics.first)

    let basic = Data("oauth2:\(token)".utf8).base64EncodedString()
    let output = [
      "\(tagged)", "\(marked)", "\(failed)", "\(refused)", result.summary,
      try repo.git("config", "--list", "--show-origin"), try repo.git("remote", "-v"),
    ].joined(separator: "\n")
    let files =
      Self.allText(under: repo.path + "/.git") + Self.allText(under: repo.root.path + "/srv")
      + ((try? String(contentsOfFile: store, encoding: .utf8)) ?? "")
    for secret in [token, basic] {
      XCTAssertFalse(output.contains(secret), "token in output")
      XCTAssertFalse(files.contains(secret), "token on disk")
    }
    XCTAssertEqual(try repo.git("remote", "get-url", "origin"), url)
    XCTAssertFalse(FileManager.default.fileExists(atPath: store))
    let log = try String(contentsOfFile: serverRoot + "/auth.log", encoding: .utf8)
    XCTAssertTrue(log.contains("ok"), log)
  }

  func testMaskingCoversTokenAndBasicValue() {
    let credentials = GitCredentials(user: "u", token: "s3cr3t")
    let masker = SecretMasker(secrets: credentials.secrets)
    XCTAssertEqual(masker.mask("a s3cr3t b \(credentials.basicValue)"), "a *** b ***")
    let env = credentials.environment(
      remoteURL: "https://user:x@gitlab.example.com:8443/g/p.git", inherited: ["GIT_CONFIG_COUNT": "2"])
    XCTAssertEqual(env["GIT_CONFIG_COUNT"], "4")
    XCTAssertEqual(env["GIT_CONFIG_KEY_2"], "http.https://gitlab.example.com:8443/.extraHeader")
    XCTAssertEqual(env["GIT_CONFIG_KEY_3"], "credential.helper")
    // SSH remotes authenticate with keys: no header at all.
    XCTAssertEqual(credentials.environment(remoteURL: "git@gitlab.example.com:g/p.git"), [:])
    // A job token embedded in the remote URL is masked too.
    let runner = SecretMasker(
      credentials: nil, remoteURL: "https://gitlab-ci-token:job123@gitlab.example.com/g/p.git")
    XCTAssertEqual(
      runner.mask("fatal: https://gitlab-ci-token:job123@gitlab.example.com"),
      "fatal: https://gitlab-ci-token:***@gitlab.example.com")
  }
}
