import Foundation
import XCTest

@testable import SlipwayConfig

/// GitLab's `ExpandVariables` cases (../shared/conformance/variables/expand_variables.json), every one.
final class VariableExpansionConformanceTests: XCTestCase {
  func testEveryExpandVariablesCase() throws {
    let url = sharedDirectory.appendingPathComponent("conformance/variables/expand_variables.json")
    let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
    XCTAssertGreaterThanOrEqual(cases.count, 50)
    for c in cases {
      let name = "\(c["method"] ?? "") \(c["name"] ?? "")"
      var variables: [String: ExpansionVariable] = [:]
      if let hash = c["variables"] as? [String: String] {
        variables = hash.mapValues { ExpansionVariable($0) }
      } else if let list = c["variables"] as? [[String: Any]] {
        for v in list {
          variables[v["key"] as? String ?? ""] = ExpansionVariable(
            v["value"] as? String ?? "", isFile: v["file"] as? Bool ?? false, isMasked: v["masked"] as? Bool ?? false)
        }
      }
      let opts = c["options"] as? [String: Bool] ?? [:]
      let options = VariableExpansion.Options(
        expandFileRefs: opts["expand_file_refs"] ?? true, failOnMasked: opts["fail_on_masked"] ?? false)
      let keep = c["method"] as? String == "expand_existing"
      do {
        let result = try VariableExpansion.expand(c["value"] as? String ?? "", variables, keepUnknown: keep, options: options)
        XCTAssertNil(c["error"], "\(name): expected an error, got \(result)")
        XCTAssertEqual(result, c["result"] as? String, name)
      } catch {
        let pattern = (c["error"] as? [String: String])?["message_regex"] ?? "<no error expected>"
        XCTAssertTrue(error.message.range(of: pattern, options: .regularExpression) != nil, "\(name): \(error.message)")
      }
    }
  }

  func testDollarDollarAndPercentPercentAreKept() throws {
    XCTAssertEqual(VariableExpansion.expandAll("a$$b %%c%", ["b": "X", "c": "Y"]), "a$$b %%c%")
  }
}
