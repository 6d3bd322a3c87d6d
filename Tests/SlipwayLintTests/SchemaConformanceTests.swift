import Foundation
import SlipwayCore
import SlipwayLint
import SlipwayYAML
import XCTest

/// GitLab's editor-schema fixtures (../shared/conformance/gitlab-schema): every positive case must
/// pass, every negative case must be rejected, except the cases listed in `KnownSchemaDifferences`.
final class SchemaConformanceTests: XCTestCase {
  static let folder = LintTestSupport.shared.appendingPathComponent("conformance/gitlab-schema")
  /// Files whose top-level keys wrap complete documents (README: the intended, stricter reading).
  static let wholeDocumentFiles: Set<String> = ["negative/job_inputs.yml", "negative/spec_inputs.yml"]

  struct Case {
    var id: String
    var expectValid: Bool
    var root: YAMLNode
  }

  func loadCases() throws -> [Case] {
    let manifestURL = Self.folder.appendingPathComponent("manifest.json")
    guard let data = try? Data(contentsOf: manifestURL) else {
      throw XCTSkip("schema fixtures not found at \(Self.folder.path)")
    }
    let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    var cases: [Case] = []
    for entry in manifest {
      let file = try XCTUnwrap(entry["file"] as? String)
      let expectValid = (entry["expect"] as? String) == "valid"
      let whole = (entry["mode"] as? String) == "whole-document-per-entry" || Self.wholeDocumentFiles.contains(file)
      let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(file)))
      let root = try XCTUnwrap(try YAMLLoader.load(bytes, file: SourceFile(path: file)).root)
      for pair in root.mapping ?? [] {
        let name = pair.key.keyName ?? pair.key.scalar?.text ?? "?"
        let document = whole ? pair.value : YAMLNode(.mapping([pair]), mark: root.mark)
        cases.append(Case(id: "\(file)#\(name)", expectValid: expectValid, root: document))
      }
    }
    return cases
  }

  func testSchemaFixtures() throws {
    let cases = try loadCases()
    var passed = 0
    var unexpected: [String] = []
    var fixedDifferences: [String] = []
    for testCase in cases {
      let errors = GitLabValidator.validate(testCase.root, options: .init(structuralOnly: true))
        .filter { $0.severity == .error }
      let ok = testCase.expectValid ? errors.isEmpty : !errors.isEmpty
      let known = KnownSchemaDifferences.cases[testCase.id] != nil
      if ok {
        passed += 1
        if known { fixedDifferences.append(testCase.id) }
      } else if !known {
        let detail = testCase.expectValid ? errors.map(\.message).joined(separator: "; ") : "accepted"
        unexpected.append("\(testCase.id): \(detail)")
      }
    }
    print("gitlab-schema conformance: \(passed)/\(cases.count) cases pass; \(KnownSchemaDifferences.cases.count) known differences")
    XCTAssertTrue(unexpected.isEmpty, "unexpected results:\n" + unexpected.joined(separator: "\n"))
    XCTAssertTrue(fixedDifferences.isEmpty, "listed differences that now pass (remove them):\n" + fixedDifferences.joined(separator: "\n"))
    let ids = Set(cases.map(\.id))
    let stale = KnownSchemaDifferences.cases.keys.filter { !ids.contains($0) }
    XCTAssertTrue(stale.isEmpty, "listed differences without a fixture: \(stale)")
  }
}
