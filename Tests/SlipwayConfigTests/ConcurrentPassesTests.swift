import SlipwayCore
import SlipwayYAML
import XCTest

@testable import SlipwayConfig

/// `extends` and `!reference` resolve on every core for large configurations; the result and the
/// diagnostics (text and order) must be those of the serial passes, including the cases where the
/// concurrent path gives up (template errors, deep chains, circular references).
final class ConcurrentPassesTests: XCTestCase {
  /// Enough top-level entries for several chunks, with templates, multi-parent and nested
  /// `extends`, shared and nested references, and `extra` inserted at `position`.
  private func config(jobs: Int = 600, extra: String = "", position: Int = 300) -> String {
    var text = """
      .base:
        image: python:3.12
        variables: {A: a, SHARED: base}
        script: [base]
      .scripts:
        login: [podman login, !reference [.scripts, setup]]
        setup: [set -eu]
      .middle:
        extends: .base
        variables: {SHARED: middle}
        before_script: [!reference [.scripts, login]]
      .other:
        tags: [docker]
        variables: {B: b}

      """
    for index in 0..<jobs {
      if index == position { text += extra + "\n" }
      let parents = index % 3 == 0 ? "[.middle, .other]" : index % 3 == 1 ? ".base" : ".middle"
      text += """
        job-\(index):
          extends: \(parents)
          variables: {OWN: "\(index)"}
          script: [!reference [.base, script], echo \(index)]

        """
    }
    return text
  }

  private func load(_ text: String) throws -> YAMLNode {
    try XCTUnwrap(try YAMLLoader.load(Array(text.utf8), file: SourceFile(path: ".gitlab-ci.yml")).root)
  }

  /// Both passes, serial and concurrent: identical trees and diagnostics.
  private func assertSameAsSerial(_ text: String, expectErrors: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
    let root = try load(text)
    let (serialExtended, serialExtendErrors) = ExtendsPass.run(root, concurrently: false)
    let (extended, extendErrors) = ExtendsPass.run(root)
    XCTAssertEqual(extendErrors, serialExtendErrors, file: file, line: line)
    XCTAssertEqual(extended.rubyInspect, serialExtended.rubyInspect, file: file, line: line)
    let (serialResolved, serialReferenceErrors) = ReferencePass.run(serialExtended, concurrently: false)
    let (resolved, referenceErrors) = ReferencePass.run(extended)
    XCTAssertEqual(referenceErrors, serialReferenceErrors, file: file, line: line)
    XCTAssertEqual(resolved.rubyInspect, serialResolved.rubyInspect, file: file, line: line)
    XCTAssertEqual(!(extendErrors + referenceErrors).isEmpty, expectErrors, "\(extendErrors + referenceErrors)", file: file, line: line)
  }

  func testCleanConfigurationResolvesAsTheSerialPasses() throws {
    try assertSameAsSerial(config(), expectErrors: false)
    let resolved = ReferencePass.run(ExtendsPass.run(try load(config())).0).0
    // Spot checks that the work really happened.
    XCTAssertEqual(resolved["job-0"]?["variables"]?["SHARED"]?.string, "middle")
    XCTAssertEqual(resolved["job-0"]?["tags"]?.sequence?.count, 1)
    XCTAssertEqual(resolved["job-599"]?["before_script"]?.rubyInspect, #"[["podman login", ["set -eu"]]]"#)
  }

  func testErrorsInJobsNobodyExtendsKeepTheirOrder() throws {
    let extra = """
      broken-a:
        extends: .missing
        script: [a]
      broken-b:
        extends: [.base, job-5x]
        script: [b]
      """
    try assertSameAsSerial(config(extra: extra, position: 100) + "late:\n  extends: .nowhere\n  script: [c]\n", expectErrors: true)
  }

  func testTemplateErrorsFallBackToTheSerialPass() throws {
    let cycle = """
      .loop-a:
        extends: .loop-b
      .loop-b:
        extends: .loop-a
      looped:
        extends: .loop-a
        script: [x]
      """
    try assertSameAsSerial(config(extra: cycle, position: 450), expectErrors: true)
  }

  func testChainsDeepEnoughForTheNestingLimitFallBack() throws {
    // Listed from the top of the chain down, so the serial pass enters it at the top: 11 levels
    // below a job or 12 below a template exceed GitLab's limit.
    var chain = ""
    for level in (1...12).reversed() { chain += ".level-\(level):\n  extends: .level-\(level - 1)\n" }
    chain += ".level-0:\n  script: [x]\n"
    try assertSameAsSerial(config(extra: "deep:\n  extends: .level-11\n" + chain, position: 200), expectErrors: true)
    try assertSameAsSerial(config(extra: chain, position: 200), expectErrors: true)
  }

  func testFailingAndCircularReferencesFallBackToTheSerialPass() throws {
    let references = """
      .ring:
        a: !reference [.ring, b]
        b: !reference [.ring, a]
      ring-user-1:
        script: [!reference [.ring, b]]
      ring-user-2:
        script: [!reference [.ring, a], !reference [.nothing, here]]
      """
    try assertSameAsSerial(config(extra: references, position: 500), expectErrors: true)
  }
}
