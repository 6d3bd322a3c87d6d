import Foundation
import XCTest

/// The python-postgres preset's build → test → lint → promote-by-digest → clean-up flow with
/// real containers (podman, buildah, skopeo, a local registry), on the bundled example. The job
/// scripts are the templates' own (tests/e2e/run.sh runs `slipway config --jobs` output with bash).
final class EndToEndContainerTests: XCTestCase {
  func testBuildTestPromoteByDigestWithRealContainers() throws {
    for tool in ["podman", "buildah", "skopeo", "docker-registry"] where (try? runProcess(["which", tool]))?.status != 0 {
      throw XCTSkip("\(tool) is not installed: run ../shared/tools/setup-containers (as root) to enable this test")
    }
    let info = try runProcess(["podman", "info", "--format", "{{.Host.OCIRuntime.Name}}"])
    guard info.status == 0 else {
      throw XCTSkip("podman cannot run here (\(info.output.prefix(200))): run ../shared/tools/setup-containers")
    }
    guard ProcessInfo.processInfo.environment["CONTAINERS_CONF"] == nil else {
      throw XCTSkip("CONTAINERS_CONF is set, so podman ignores setup-containers' runtime settings")
    }
    let slipway = try slipwayBinary()
    let started = Date()
    let result = try runProcess([Paths.root + "/tests/e2e/run.sh", slipway], in: Paths.root)
    let seconds = Int(Date().timeIntervalSince(started))
    XCTAssertEqual(result.status, 0, String(result.output.suffix(6000)))
    XCTAssertTrue(result.output.contains("passed: build → test → lint → promote by digest → clean-up"))
    XCTAssertTrue(result.output.contains("7 passed") || result.output.contains("6 passed"), "pytest summary missing")
    XCTAssertLessThan(seconds, 600, "the end-to-end test should stay within a few minutes")
    print("end-to-end container test: \(seconds) s")
  }
}
