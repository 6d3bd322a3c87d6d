import Foundation
import XCTest

/// The pypi preset's job scripts, run with bash as written (tests/e2e/run-job.py) on a tiny
/// package: build a wheel and an sdist, install-check both, and refuse, skip or upload depending
/// on what a local simple index (python -m http.server) already has.
final class PypiJobTests: XCTestCase {
  private var fixture: ServiceFixture?
  private var server: Process?

  override func tearDown() {
    server?.terminate()
    fixture?.remove()
  }

  func testBuildCheckAndPublishGuard() throws {
    let python = try PythonTools.ensure()
    let slipway = try slipwayBinary()
    let fixture = try ServiceFixture(pipeline: presetPipeline("pypi"))
    self.fixture = fixture
    let folder = fixture.folder
    try FileManager.default.createDirectory(atPath: folder + "/slipway_demo_pkg", withIntermediateDirectories: true)
    try "\"\"\"Demo.\"\"\"\n".write(toFile: folder + "/slipway_demo_pkg/__init__.py", atomically: true, encoding: .utf8)
    try """
      [project]
      name = "slipway-demo-pkg"
      version = "0.3.0"
      [build-system]
      requires = ["setuptools>=69"]
      build-backend = "setuptools.build_meta"

      """.write(toFile: folder + "/pyproject.toml", atomically: true, encoding: .utf8)
    let jobs = try runProcess([slipway, "config", "--jobs", "--format", "json", ".gitlab-ci.yml"], in: folder)
    XCTAssertEqual(jobs.status, 0, jobs.output)
    try jobs.output.write(toFile: folder + "/jobs.json", atomically: true, encoding: .utf8)

    let bin = (python as NSString).deletingLastPathComponent
    let environment = ["PATH": bin + ":/usr/local/bin:/usr/bin:/bin", "VIRTUAL_ENV": PythonTools.venv]
    func job(_ name: String, _ settings: [String] = []) throws -> (status: Int32, output: String) {
      try runProcess(
        ["python3", Paths.root + "/tests/e2e/run-job.py", "jobs.json", name, "--set", "CI_PROJECT_DIR=" + folder]
          + settings.flatMap { ["--set", $0] }, in: folder, environment: environment)
    }

    let build = try job("pypi-build")
    XCTAssertEqual(build.status, 0, build.output)
    let dist = try FileManager.default.contentsOfDirectory(atPath: folder + "/dist").sorted()
    XCTAssertEqual(dist, ["slipway_demo_pkg-0.3.0-py3-none-any.whl", "slipway_demo_pkg-0.3.0.tar.gz"])
    let check = try job("pypi-check")
    XCTAssertEqual(check.status, 0, check.output)
    XCTAssertTrue(check.output.contains("installed dist/slipway_demo_pkg-0.3.0.tar.gz"), check.output)

    let port = try startIndex(listing: ["slipway_demo_pkg-0.3.0-py3-none-any.whl", "slipway-demo-pkg-0.2.0.tar.gz"])
    let index = "PYPI_INDEX_URL=http://127.0.0.1:\(port)/simple"
    let refused = try job("pypi-publish", [index, "CI_COMMIT_TAG=v0.3.0"])
    XCTAssertEqual(refused.status, 1, refused.output)
    XCTAssertTrue(refused.output.contains("slipway_demo_pkg 0.3.0 is already published"), refused.output)
    let skipped = try job("pypi-publish", [index, "PYPI_EXISTING=skip"])
    XCTAssertEqual(skipped.status, 0, skipped.output)
    let mismatch = try job("pypi-publish", [index, "CI_COMMIT_TAG=v0.4.0"])
    XCTAssertEqual(mismatch.status, 1)
    XCTAssertTrue(mismatch.output.contains("does not match the built version 0.3.0"), mismatch.output)

    server?.terminate()
    let fresh = try startIndex(listing: ["slipway-demo-pkg-0.2.0.tar.gz"])
    let upload = try job("pypi-publish", [
      "PYPI_INDEX_URL=http://127.0.0.1:\(fresh)/simple", "PYPI_REPOSITORY_URL=http://127.0.0.1:\(fresh)/legacy/",
      "PYPI_PASSWORD=not-a-real-token",
    ])
    XCTAssertTrue(upload.output.contains("Uploading"), "a new version goes on to the upload: \(upload.output)")
    XCTAssertFalse(upload.output.contains("not-a-real-token"), "the token must not be printed")
  }

  /// Serves a PEP 503 HTML page listing `files` for slipway-demo-pkg; returns the port.
  private func startIndex(listing files: [String]) throws -> Int {
    let root = NSTemporaryDirectory() + "slipway-index-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: root + "/simple/slipway-demo-pkg", withIntermediateDirectories: true)
    let links = files.map { "<a href=\"../../files/\($0)\">\($0)</a><br/>" }.joined(separator: "\n")
    try "<!DOCTYPE html><html><body>\n\(links)\n</body></html>\n"
      .write(toFile: root + "/simple/slipway-demo-pkg/index.html", atomically: true, encoding: .utf8)
    let port = Int.random(in: 20000..<60000)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", root]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    server = process
    for _ in 0..<50 {
      if (try? runProcess(["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:\(port)/')"]))?.status == 0 {
        return port
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw XCTSkip("could not start a local index on port \(port)")
  }
}
