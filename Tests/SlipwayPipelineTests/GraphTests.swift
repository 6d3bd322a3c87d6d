import Foundation
import SlipwayPipeline
import XCTest

/// Mermaid/DOT structure, and SVG/HTML rendered offline in headless Chromium when it is installed.
final class GraphTests: XCTestCase {
  func tagPlan() -> PipelinePlan {
    memorySimulator(HelmFlowMatrixTests.config).simulate(context("tag:v1.2.3"))
  }

  func testMermaidAndDot() {
    let graph = PipelineGraph(plan: tagPlan())
    let mermaid = graph.render(.mermaid)
    XCTAssertTrue(mermaid.hasPrefix("flowchart LR"))
    XCTAssertTrue(mermaid.contains("deploy-production (manual)"))
    XCTAssertTrue(mermaid.contains("-->"))
    XCTAssertTrue(mermaid.contains("class j2 manual") || mermaid.contains("manual\n"))
    let dot = graph.render(.dot)
    XCTAssertTrue(dot.hasPrefix("digraph pipeline {"))
    XCTAssertTrue(dot.contains("cluster_0"))
    XCTAssertTrue(dot.contains("->"))
  }

  func testSVGAndHTMLAreSelfContained() {
    let graph = PipelineGraph(plan: tagPlan())
    for format in [PipelineGraph.Format.svg, .html] {
      let text = graph.render(format)
      XCTAssertFalse(text.contains("http://") && !text.contains("http://www.w3.org/2000/svg"), "\(format) must not load anything")
      XCTAssertFalse(text.contains("https://") && !text.contains("https://staging.example.com"))
      XCTAssertFalse(text.contains("<script"))
      XCTAssertTrue(text.contains("deploy-staging"))
    }
  }

  static func chromium() -> String? {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for dir in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
        return "\(dir)/\(name)"
      }
    }
    return nil
  }

  func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  func testRendersInHeadlessChromium() throws {
    guard let chromium = Self.chromium() else { throw XCTSkip("chromium is not installed (apt-get install chromium)") }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-graph-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("pipeline.html")
    try PipelineGraph(plan: tagPlan()).render(.html).write(to: page, atomically: true, encoding: .utf8)
    let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(dir.path)/profile"]
    let dom = try run(chromium, common + ["--dump-dom", page.absoluteString])
    for name in ["deploy-staging", "deploy-production", "tag-release", "build"] {
      XCTAssertTrue(dom.contains(name), "\(name) missing from the rendered DOM")
    }
    XCTAssertTrue(dom.contains("<svg"))
    let shot = dir.appendingPathComponent("shot.png")
    _ = try run(chromium, common + ["--screenshot=\(shot.path)", "--window-size=1200,800", page.absoluteString])
    let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
    XCTAssertGreaterThan(size, 1000, "screenshot is empty")
  }
}
