import Foundation
import SlipwayCore
import XCTest

@testable import SlipwayConfig

/// The talk's example and real-world configurations compile as GitLab would compile them.
final class SeedAndCorpusTests: XCTestCase {
  func testSeedPublicExampleReportsItsBrokenReferenceAtTheRightLine() throws {
    let seed = sharedDirectory.appendingPathComponent("seed").path
    let result = compileOnDisk(root: seed, main: "public-example.yml", settings: ProjectSettings())
    XCTAssertEqual(result.errors.map { "\($0.location?.description ?? "") \($0.message)" }, [
      "jobs.yml:353:7 !reference [\".podman-login-arti\", \"script\"] could not be found"
    ])
    XCTAssertEqual(result.includes.map(\.location), ["jobs.yml"])
  }

  /// helm-cd.yml includes jobs.yml and references login/logout templates that exist nowhere.
  func testSeedHelmCDReportsEveryBrokenReference() throws {
    let seed = sharedDirectory.appendingPathComponent("seed").path
    let result = compileOnDisk(root: seed, main: "helm-cd.yml", settings: ProjectSettings())
    XCTAssertEqual(result.errors.map { "\($0.location?.description ?? "") \($0.message)" }.sorted(), [
      "helm-cd.yml:151:7 !reference [\".docker-logout-arti\", \"script\"] could not be found",
      "helm-cd.yml:86:7 !reference [\".docker-login-arti\", \"script\"] could not be found",
      "helm-cd.yml:92:7 !reference [\".docker-logout-arti\", \"script\"] could not be found",
      "jobs.yml:353:7 !reference [\".podman-login-arti\", \"script\"] could not be found",
    ])
    XCTAssertNotNil(result.merged)
  }
}
