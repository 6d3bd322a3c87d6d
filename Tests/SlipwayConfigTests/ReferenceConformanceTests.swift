import Foundation
import XCTest

@testable import SlipwayConfig

/// GitLab's `!reference` cases (../shared/conformance/references/references.json), every one.
final class ReferenceConformanceTests: XCTestCase {
  func testEveryGitLabReferenceCase() throws {
    let url = sharedDirectory.appendingPathComponent("conformance/references/references.json")
    let data = try Data(contentsOf: url)
    let root = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
    XCTAssertGreaterThanOrEqual(cases.count, 16)
    var checked = 0
    for c in cases {
      let name = c["name"] as? String ?? "?"
      let yaml = try XCTUnwrap(c["yaml"] as? String)
      let result = compile([".gitlab-ci.yml": yaml])
      if let message = c["error_message"] as? String {
        XCTAssertEqual(result.errorMessages.first, message, name)
      } else {
        XCTAssertTrue(result.errors.isEmpty, "\(name): \(result.errorMessages)")
        let merged = try XCTUnwrap(result.plain as? [String: Any], name)
        let expected = (c["expected_subset"] ?? c["expected"]) as? [String: Any] ?? [:]
        for (key, value) in expected {
          XCTAssertTrue(jsonEqual(merged[key] ?? NSNull(), value), "\(name): \(key) = \(merged[key] ?? "nil"), want \(value)")
        }
        if let whole = c["expected"] as? [String: Any] {
          XCTAssertEqual(Set(merged.keys), Set(whole.keys), name)
        }
      }
      checked += 1
    }
    XCTAssertEqual(checked, cases.count)
  }

  func testErrorPointsAtTheTagAndNestedListsStayNested() throws {
    let result = compile([".gitlab-ci.yml": "job:\n  script:\n    - echo\n    - !reference [.missing, script]\n"])
    XCTAssertEqual(result.errors.first?.message, "!reference [\".missing\", \"script\"] could not be found")
    XCTAssertEqual(result.errors.first?.location?.line, 4)
    XCTAssertEqual(result.errors.first?.location?.column, 7)
    XCTAssertEqual(result.errors.first?.code, "REF001")
  }

  func testFalseAndNullTargetsCountAsNotFound() {
    let result = compile([".gitlab-ci.yml": ".a: {x: false, y: null}\njob:\n  script: [a]\n  p: !reference [.a, x]\n  q: !reference [.a, y]\n"])
    XCTAssertEqual(result.errorMessages.sorted(), [
      "!reference [\".a\", \"x\"] could not be found", "!reference [\".a\", \"y\"] could not be found",
    ])
  }

  func testReferencesSeeTheResultOfExtends() throws {
    let result = compile([
      ".gitlab-ci.yml": """
      .base:
        script: [from-base]
      .child:
        extends: .base
      job:
        script: !reference [.child, script]
      """
    ])
    XCTAssertTrue(result.errors.isEmpty, "\(result.errorMessages)")
    XCTAssertEqual(result.merged?["job"]?["script"]?.sequence?.compactMap(\.string), ["from-base"])
  }
}
