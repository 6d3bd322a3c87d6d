import Foundation
import SlipwayCore
import SlipwayYAML
import XCTest

@testable import SlipwayConfig

/// gitlab-ci-local's behaviour cases for includes, inputs, extends and `!reference`
/// (../shared/corpus/gitlab-ci-local): behaviour only — its wording is not GitLab's. A `--preview`
/// case must give the same jobs with the same scripts and variables; an invalid case must fail.
final class GitLabCILocalCorpusTests: XCTestCase {
  static let cases = [
    "reference", "reference-circular-chain", "include-local", "include-nested", "include-inputs", "basic-inputs",
    "extends", "include-local-wildcard", "duplicated-keys", "script-multidimension",
  ]

  /// Cases where gitlab-ci-local does not do what GitLab's code does; each must still differ.
  static let knownDifferences: [String: String] = [
    "reference --preview --file .gitlab-ci-1.yml":
      "GitLab resolves !reference after extends, so the job's own `variables:` replaces the parent's unresolved tag (a tag is not a hash to deep-merge); gitlab-ci-local resolves the reference first and merges",
    "include-inputs[input-templates/options-array1-validation] --preview":
      "GitLab's ArrayInput does not support `options` (BaseInput#validate_options: `Options can only be used with string and number inputs`); gitlab-ci-local accepts it",
  ]

  /// Failures gitlab-ci-local reports that belong to later stages (validation), not to the compiler.
  static let validationStageErrors = ["config should be string or a nested array of strings up to 10 level deep"]

  func testPreviewAndErrorCases() throws {
    let root = sharedDirectory.appendingPathComponent("corpus/gitlab-ci-local/cases")
    var compared = 0
    var failures = 0
    var seenDifferences = Set<String>()
    for name in Self.cases {
      let folder = root.appendingPathComponent(name)
      let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
      let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
      for test in json["tests"] as? [[String: Any]] ?? [] {
        guard test["kind"] as? String == "cli", test["setup"] == nil, test["mocks"] == nil,
          let command = test["command"] as? [String], !command.contains(where: { $0.hasPrefix("--input") || $0.hasPrefix("--maximum") }),
          let expect = test["expect"] as? [String: Any]
        else { continue }
        let dir = folder.appendingPathComponent(test["cwd"] as? String ?? ".")
        let file = command.firstIndex(of: "--file").map { command[$0 + 1] } ?? ".gitlab-ci.yml"
        var settings = ProjectSettings()
        settings.projectPath = "gcl/\(name)"
        let result = compileOnDisk(root: dir.path, main: file, settings: settings)
        let cwd = test["cwd"] as? String
        let label = "\(name)\(cwd.map { "[\($0)]" } ?? "") \(command.joined(separator: " "))"
        if Self.knownDifferences[label] != nil {
          seenDifferences.insert(label)
          let preview = ((expect["stdout"] ?? expect["stdout_starts_with"]) as? String) ?? ""
          let matches = try previewMatches(preview, truncated: expect["stdout"] == nil, with: result.merged)
          XCTAssertTrue(
            result.hasErrors || !matches,
            "\(label) is listed as a known difference but now matches gitlab-ci-local; remove it from the list")
          continue
        }
        if expect["throws"] as? Bool == true {
          let message = (expect["error"] as? String) ?? ((expect["error_contains"] as? [String])?.joined() ?? "")
          if Self.validationStageErrors.contains(where: message.contains) { continue }
          let normalized = result.merged.map(JobNormalizer.normalize)
          XCTAssertTrue(result.hasErrors || normalized?.diagnostics.isEmpty == false, "\(label): expected an error like \(message)")
          failures += 1
          continue
        }
        guard command.contains("--preview"), let text = (expect["stdout"] ?? expect["stdout_starts_with"]) as? String else { continue }
        XCTAssertFalse(result.hasErrors, "\(label): \(result.errors.map(\.message))")
        guard let merged = result.merged else { continue }
        for mismatch in try previewMismatches(text, truncated: expect["stdout"] == nil, with: merged) {
          XCTFail("\(label): \(mismatch)")
        }
        compared += 1
      }
    }
    XCTAssertEqual(seenDifferences, Set(Self.knownDifferences.keys))
    XCTAssertGreaterThanOrEqual(compared, 15)
    XCTAssertGreaterThanOrEqual(failures, 5)
  }

  private func previewMatches(_ preview: String, truncated: Bool, with merged: YAMLNode?) throws -> Bool {
    guard let merged else { return false }
    return try previewMismatches(preview, truncated: truncated, with: merged).isEmpty
  }

  /// Compares each job of gitlab-ci-local's preview with ours: stages, scripts and variables.
  private func previewMismatches(_ preview: String, truncated: Bool, with merged: YAMLNode) throws -> [String] {
    var text = preview
    if truncated, let lastBreak = text.lastIndex(of: "\n") { text = String(text[..<lastBreak]) }
    guard let expected = try? YAMLLoader.load(Array(text.utf8), file: SourceFile(path: "preview.yml")).root else { return [] }
    let jobs = Dictionary(JobNormalizer.normalize(merged).jobs.map { ($0.name, $0.node) }, uniquingKeysWith: { a, _ in a })
    var pairs = expected.mapping ?? []
    if truncated, !pairs.isEmpty { pairs.removeLast() }  // the last job may be cut off
    var mismatches: [String] = []
    for pair in pairs {
      guard let name = pair.key.keyName else { continue }
      if name == "stages" {
        let ours = merged["stages"].map { EdgeStagesPass.flatten($0.sequence ?? []).compactMap(\.rubyString) }
          ?? [".pre", "build", "test", "deploy", ".post"]
        if ours != pair.value.sequence?.compactMap(\.rubyString) { mismatches.append("stages \(ours)") }
        continue
      }
      guard let job = jobs[name] else {
        mismatches.append("job \(name) missing")
        continue
      }
      for key in ["script", "before_script", "after_script"] {
        guard let want = pair.value[key]?.sequence?.compactMap(\.rubyString) else { continue }
        let got = job[key]?.sequence?.compactMap(\.rubyString)
        if got != want { mismatches.append("\(name).\(key) \(got ?? []) != \(want)") }
      }
      for v in pair.value["variables"]?.mapping ?? [] {
        let got = job["variables"]?[v.key.keyName ?? ""]?.rubyString
        if got != v.value.rubyString { mismatches.append("\(name).variables.\(v.key.keyName ?? "") \(got ?? "nil")") }
      }
    }
    return mismatches
  }
}
