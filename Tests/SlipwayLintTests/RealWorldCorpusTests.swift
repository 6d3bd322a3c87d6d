import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayLint
import XCTest

/// Production configurations (../shared/corpus/realworld) must lint without false errors: only
/// includes that cannot be resolved offline (INC003, and INC001 for components on other servers)
/// and what follows from them (missing templates: EXT001, REF001, CFG003, and needs/stages that
/// those templates would have provided).
final class RealWorldCorpusTests: XCTestCase {
  static let unresolvable: Set<String> = ["INC003", "INC001"]
  /// Consequences of a missing include; never allowed in a project whose includes all resolve.
  static let consequences: Set<String> = ["EXT001", "REF001", "CFG003", "GL010", "GL011"]

  func testNoFalseErrors() throws {
    let corpus = LintTestSupport.shared.appendingPathComponent("corpus/realworld")
    guard let projects = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else {
      throw XCTSkip("realworld corpus not found")
    }
    var checked = 0
    for project in projects.sorted() {
      let root = corpus.appendingPathComponent(project).path
      guard FileManager.default.fileExists(atPath: root + "/.gitlab-ci.yml") else { continue }
      let settings = ProjectSettings()
      let compiler = Compiler(
        source: OfflineIncludeSource(root: root, settings: settings), context: settings.defaultContext(), options: .gitlab)
      let errors = Linter().lint(compiler.compile(path: ".gitlab-ci.yml")).diagnostics.filter { $0.severity == .error }
      let hasUnresolvable = errors.contains { Self.unresolvable.contains($0.code.rawValue) }
      let allowed = hasUnresolvable ? Self.unresolvable.union(Self.consequences) : []
      let unexpected = errors.filter { !allowed.contains($0.code.rawValue) }
      XCTAssertEqual(unexpected.map { "\($0.location?.description ?? ""): \($0.code) \($0.message)" }, [], project)
      checked += 1
    }
    print("realworld corpus: \(checked) projects linted")
    XCTAssertGreaterThan(checked, 0)
  }
}
