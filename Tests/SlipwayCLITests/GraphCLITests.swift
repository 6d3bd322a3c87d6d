import Foundation
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `slipway graph --format mermaid|dot|svg|html` through the built binary: each output is
/// well formed and holds the planned jobs (and only those), their markers and `needs` edges.
final class GraphCLITests: XCTestCase {
  private var project: CLIProject!

  override func setUpWithError() throws {
    try CLIProject.requireBinary()
    project = try PipelineFixture.project()
  }

  override func tearDown() { project = nil }

  /// The tag pipeline: build, test (needs build), deploy (manual).
  private func graph(_ format: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let run = try project.slipway(["graph", "--no-git", "--context", "tag:v1.0.0", "--format", format])
    XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
    return run.stdout
  }

  func testMermaid() throws {
    let text = try graph("mermaid")
    let lines = text.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "flowchart LR")
    XCTAssertEqual(lines.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("subgraph ") }.count, 3)
    XCTAssertEqual(lines.filter { $0.hasPrefix("  subgraph ") }.count, lines.filter { $0 == "  end" }.count)
    // Node ids by label, then the needs edge and the manual class between those ids.
    var ids: [String: String] = [:]
    for line in lines {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard let open = trimmed.range(of: "[\""), trimmed.hasSuffix("\"]"), !trimmed.hasPrefix("subgraph") else { continue }
      ids[String(trimmed[open.upperBound..<trimmed.index(trimmed.endIndex, offsetBy: -2)])] = String(trimmed[..<open.lowerBound])
    }
    XCTAssertEqual(Set(ids.keys), ["build", "test", "deploy (manual)"], text)
    let build = try XCTUnwrap(ids["build"]), test = try XCTUnwrap(ids["test"]), deploy = try XCTUnwrap(ids["deploy (manual)"])
    XCTAssertTrue(lines.contains("  \(build) --> \(test)"), text)
    XCTAssertTrue(lines.contains("  class \(deploy) manual"), text)
    // deploy has no needs, so it waits for the test stage; test (needs: [build]) does not wait.
    XCTAssertTrue(lines.contains("  s1 --> s2"), text)
    XCTAssertFalse(lines.contains("  s0 --> s1"), text)
    XCTAssertFalse(text.contains("lint"))
  }

  func testDot() throws {
    let text = try graph("dot")
    XCTAssertTrue(text.hasPrefix("digraph pipeline {\n"), text)
    XCTAssertTrue(text.hasSuffix("}\n"))
    XCTAssertEqual(text.filter { $0 == "{" }.count, text.filter { $0 == "}" }.count, "balanced braces")
    XCTAssertEqual(text.components(separatedBy: "subgraph cluster_").count - 1, 3)
    XCTAssertTrue(text.contains("label=\"Pipeline for v1.0.0\";"), text)
    for stage in ["build", "test", "deploy"] { XCTAssertTrue(text.contains("label=\"\(stage)\";"), stage) }
    XCTAssertTrue(text.contains("[label=\"build\"]"), text)
    XCTAssertTrue(text.contains("[label=\"test\"]"), text)
    XCTAssertTrue(text.contains("[label=\"deploy (manual)\", fillcolor=\"#fff4d6\"]"), text)
    XCTAssertEqual(text.components(separatedBy: " -> ").count - 1, 1, "one needs edge: test needs build")
  }

  func testSVGIsWellFormedXMLWithOneBoxPerJob() throws {
    let text = try graph("svg")
    try assertPipelineSVG(text)
  }

  func testHTMLIsStandaloneAndListsTheJobs() throws {
    let text = try graph("html")
    XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"), text)
    XCTAssertTrue(text.hasSuffix("</body>\n</html>\n"))
    for network in ["src=\"http", "href=\"http", "<script", "<link", "@import"] {
      XCTAssertFalse(text.contains(network), "no network resources: \(network)")
    }
    XCTAssertTrue(text.contains("<title>Pipeline for v1.0.0</title>"), text)
    let rows = text.components(separatedBy: "<tr class=\"job-row\">").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
    XCTAssertEqual(rows, [
      "<td>build</td><td>build</td><td>on_success</td><td>false</td><td>(previous stages)</td>",
      "<td>test</td><td>test</td><td>on_success</td><td>false</td><td>build</td>",
      "<td>deploy</td><td>deploy</td><td>manual</td><td>false</td><td>(previous stages)</td>",
    ])
    // The embedded drawing is the same well-formed SVG.
    let start = try XCTUnwrap(text.range(of: "<svg "))
    let end = try XCTUnwrap(text.range(of: "</svg>"))
    try assertPipelineSVG(String(text[start.lowerBound..<end.upperBound]))
  }

  func testGraphFollowsGitUnlessNoGit() throws {
    // Outside a repository (and with --no-git) changed files are unknown, so `rules:changes` holds;
    // in a repository whose last commit touched only docs, `test` is left out.
    try project.git("init", "-q", "-b", "main")
    try project.commit("docs only", ["docs/index.md": "# docs\n"])
    let fromGit = try project.slipway(["graph", "--context", "push:main", "--format", "dot"])
    XCTAssertEqual(fromGit.status, 0, fromGit.stderr)
    XCTAssertFalse(fromGit.stdout.contains("[label=\"test\"]"), fromGit.stdout)
    let noGit = try project.slipway(["graph", "--context", "push:main", "--format", "dot", "--no-git"])
    XCTAssertTrue(noGit.stdout.contains("[label=\"test\"]"), noGit.stdout)
  }

  func testMarkupInJobNamesIsEscaped() throws {
    try project.write(
      "\"build <x> & \\\"q\\\"\":\n  script: make\ntest:\n  script: t\n  needs: [\"build <x> & \\\"q\\\"\"]\n", "odd.yml")
    let svg = try project.slipway(["graph", "odd.yml", "--no-git", "--format", "svg"])
    XCTAssertEqual(svg.status, 0, svg.stderr)
    XCTAssertTrue(svg.stdout.contains("build &lt;x&gt; &amp; &quot;q&quot;"), svg.stdout)
    #if canImport(FoundationXML) || os(macOS)
      XCTAssertNoThrow(try XMLDocument(xmlString: svg.stdout, options: []), svg.stdout)
    #endif
    let dot = try project.slipway(["graph", "odd.yml", "--no-git", "--format", "dot"])
    XCTAssertTrue(dot.stdout.contains("[label=\"build <x> & \\\"q\\\"\"]"), dot.stdout)
    let mermaid = try project.slipway(["graph", "odd.yml", "--no-git", "--format", "mermaid"])
    XCTAssertTrue(mermaid.stdout.contains("[\"build #lt;x#gt; & #quot;q#quot;\"]"), mermaid.stdout)
  }

  func testExitCodes() throws {
    let bad = try project.slipway(["graph", "--no-git", "--format", "png"])
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.stderr.contains("'png' is invalid for '--format <format>'"), bad.stderr)
    XCTAssertEqual(try project.slipway(["graph", "missing.yml", "--no-git"]).status, 2)
    try project.write("build:\n  script: make\ntest:\n  needs: [compile]\n  script: t\n", "needs.yml")
    let broken = try project.slipway(["graph", "needs.yml", "--no-git"])
    XCTAssertEqual(broken.status, 1)
    XCTAssertTrue(broken.stderr.contains("error[PLN003]"), broken.stderr)
    // A filtered pipeline is not an error: an empty drawing.
    let filtered = try project.slipway(["graph", "--no-git", "--context", "push:skip-x"])
    XCTAssertEqual(filtered.status, 0, filtered.stderr)
    XCTAssertEqual(filtered.stdout.trimmingCharacters(in: .newlines).split(separator: "\n").first, "flowchart LR")
    XCTAssertFalse(filtered.stdout.contains("subgraph"))
  }

  /// The tag pipeline's SVG: parsed as XML where Foundation can, else checked for balanced tags.
  private func assertPipelineSVG(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
    #if canImport(FoundationXML) || os(macOS)
      let document = try XMLDocument(xmlString: text, options: [])
      let root = try XCTUnwrap(document.rootElement(), file: file, line: line)
      XCTAssertEqual(root.name, "svg", file: file, line: line)
      XCTAssertEqual(root.uri, "http://www.w3.org/2000/svg", file: file, line: line)
      // By name through `attributes`: `attribute(forName:)` misses attributes of elements in a default
      // namespace with swift-corelibs-foundation.
      func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
      }
      let elements = (root.children ?? []).compactMap { $0 as? XMLElement }
      let jobs = elements.filter { $0.name == "g" && attribute($0, "class") == "job" }
      let titles = jobs.map { $0.elements(forName: "title").first?.stringValue }
      XCTAssertEqual(titles, ["build", "test", "deploy (manual)"], file: file, line: line)
      XCTAssertEqual(jobs.map { attribute($0, "data-when") }, ["on_success", "on_success", "manual"], file: file, line: line)
      let stages = elements.filter { $0.name == "text" && attribute($0, "class") == "stage" }
      XCTAssertEqual(stages.map(\.stringValue), ["build", "test", "deploy"], file: file, line: line)
      XCTAssertEqual(elements.filter { $0.name == "path" && attribute($0, "class") == "need" }.count, 1, file: file, line: line)
    #else
      XCTAssertTrue(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), file: file, line: line)
      XCTAssertTrue(text.hasSuffix("</svg>\n") || text.hasSuffix("</svg>"), file: file, line: line)
      XCTAssertEqual(text.components(separatedBy: "<g class=\"job\"").count - 1, 3, file: file, line: line)
      XCTAssertEqual(text.components(separatedBy: "<g ").count, text.components(separatedBy: "</g>").count, file: file, line: line)
      for job in ["build", "test", "deploy (manual)"] { XCTAssertTrue(text.contains("<title>\(job)</title>"), job, file: file, line: line) }
    #endif
  }
}
