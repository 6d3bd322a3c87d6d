import Foundation
import XCTest

@testable import SlipwayRelease

/// End to end through the built `slipway` binary (skipped when it has not been built).
final class VersionCLITests: XCTestCase {
  private var server: GitHTTPServer?

  override func setUpWithError() throws {
    try XCTSkipIf(SlipwayBinary.path == nil, "build the slipway product first (swift build)")
  }

  override func tearDown() {
    server?.stop()
    super.tearDown()
  }

  private func releasedRepository() throws -> (GitFixture, String) {
    let repo = try GitFixture()
    try repo.commit("initial")
    try repo.git("tag", "-a", "v1.3.2", "-m", "Release v1.3.2")
    try repo.mergeRequest("feature/PLAT-2-labels")
    let bare = try repo.makeOrigin()
    return (repo, bare)
  }

  func testNextFormats() throws {
    let (repo, _) = try releasedRepository()
    var result = try SlipwayBinary.run(["version", "next", "--format", "json"], in: repo.path)
    XCTAssertEqual(result.status, 0, result.stderr)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(json["current"] as? String, "1.3.2")
    XCTAssertEqual(json["next"] as? String, "1.4.0")
    XCTAssertEqual(json["bump"] as? String, "minor")
    XCTAssertEqual(json["tag"] as? String, "v1.4.0")
    XCTAssertEqual(json["commits"] as? Int, 2)
    XCTAssertNotNil(json["reason"] as? String)
    XCTAssertEqual(json["current_tag"] as? String, "v1.3.2")

    result = try SlipwayBinary.run(["version", "next", "--format", "dotenv"], in: repo.path)
    XCTAssertTrue(result.stdout.hasPrefix("VERSION=1.4.0\nVERSION_TAG=v1.4.0\n"), result.stdout)

    // Nothing to bump: exit 0 and "next": null.
    try repo.git("tag", "v1.4.0")
    try repo.commit("docs: readme")
    result = try SlipwayBinary.run(["version", "next", "--format", "json"], in: repo.path)
    XCTAssertEqual(result.status, 0)
    let nothing = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertTrue(nothing["next"] is NSNull)

    // Outside a repository: an error diagnostic and exit 1.
    result = try SlipwayBinary.run(["version", "next"], in: repo.root.path)
    XCTAssertEqual(result.status, 1)
    XCTAssertTrue(result.stderr.contains("REL001"), result.stderr)
  }

  func testConfigurationFileAndFlagsOverride() throws {
    let (repo, _) = try releasedRepository()
    try "version:\n  strategy: conventional\n  tag_prefix: rel-\n  initial_version: 0.1.0\n"
      .write(toFile: repo.path + "/.slipway.yml", atomically: true, encoding: .utf8)
    var result = try SlipwayBinary.run(["version", "next", "--format", "dotenv"], in: repo.path)
    XCTAssertTrue(
      result.stdout.hasPrefix("VERSION=0.1.0\nVERSION_TAG=rel-0.1.0\n"), result.stdout + result.stderr)
    result = try SlipwayBinary.run(
      ["version", "next", "--format", "dotenv", "--tag-prefix", "v"], in: repo.path)
    // conventional (from the file): no feat/fix since v1.3.2, so the current version is exported.
    XCTAssertTrue(
      result.stdout.hasPrefix("VERSION=1.3.2\nVERSION_TAG=v1.3.2\nVERSION_BUMP=\n"), result.stdout)
    try "version:\n  strategy: sideways\n".write(
      toFile: repo.path + "/.slipway.yml", atomically: true, encoding: .utf8)
    result = try SlipwayBinary.run(["version", "next"], in: repo.path)
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(result.stderr.contains(".slipway.yml:2:13"), result.stderr)
  }

  /// Two pipelines (two processes, two clones) tag the same commit: one tag, both exit 0.
  func testConcurrentTagProcesses() throws {
    let (repo, bare) = try releasedRepository()
    let clones = try (1...2).map { try repo.clone(bare, name: "pipeline-\($0)") }
    let running = try clones.enumerated().map { index, clone in
      try SlipwayBinary.start(
        ["version", "tag", "--push", "--branch", "main"], in: clone,
        environment: ["GIT_COMMITTER_NAME": "pipeline-\(index)"])
    }
    let results = running.map { $0.wait() }
    for result in results { XCTAssertEqual(result.status, 0, result.stdout + result.stderr) }
    XCTAssertEqual(try repo.git("tag", "--list", "v1.4*", in: bare), "v1.4.0")
    XCTAssertEqual(try repo.git("rev-parse", "v1.4.0^{commit}", in: bare), try repo.head())
  }

  /// `version tag --push` and `mark --push` over authenticated HTTP: the token is in no output and no file.
  func testTokenNeverAppearsInOutputOrConfig() throws {
    let (repo, bare) = try releasedRepository()
    let serverRoot = repo.root.appendingPathComponent("srv").path
    try FileManager.default.createDirectory(atPath: serverRoot, withIntermediateDirectories: true)
    try repo.git("clone", "-q", "--bare", bare, serverRoot + "/project.git", in: repo.root.path)
    let token = "glpat-\(UUID().uuidString)"
    server = try GitHTTPServer(root: serverRoot, user: "oauth2", password: token)
    let url = "http://127.0.0.1:\(try XCTUnwrap(server?.port))/project.git"
    try repo.git("remote", "set-url", "origin", url)

    let env = ["CI_TOKEN_FOR_TAGS": token, "CI_COMMIT_BRANCH": "main"]
    let tagged = try SlipwayBinary.run(
      ["version", "tag", "--push", "--token-env", "CI_TOKEN_FOR_TAGS"], in: repo.path, environment: env)
    XCTAssertEqual(tagged.status, 0, tagged.stdout + tagged.stderr)
    let marked = try SlipwayBinary.run(
      [
        "version", "mark", "--env", "prod", "--ref", "v1.4.0", "--push", "--token-env", "CI_TOKEN_FOR_TAGS",
        "--format", "json",
      ],
      in: repo.path, environment: env)
    XCTAssertEqual(marked.status, 0, marked.stdout + marked.stderr)
    let wrong = try SlipwayBinary.run(
      ["version", "mark", "--env", "dev", "--ref", "v1.4.0", "--push"], in: repo.path,
      environment: ["SLIPWAY_GIT_TOKEN": "x" + token])
    XCTAssertEqual(wrong.status, 1)
    XCTAssertTrue(wrong.stderr.contains("REL008"), wrong.stderr)

    XCTAssertEqual(
      try repo.git("rev-parse", "release-prod^{commit}", in: serverRoot + "/project.git"), try repo.head())
    let basic = Data("oauth2:\(token)".utf8).base64EncodedString()
    let everything =
      [tagged, marked, wrong].map { $0.stdout + $0.stderr }.joined()
      + CredentialTests.allText(under: repo.path + "/.git")
    for secret in [token, basic] { XCTAssertFalse(everything.contains(secret)) }
    XCTAssertEqual(try repo.git("remote", "get-url", "origin"), url)
  }
}
