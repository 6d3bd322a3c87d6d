import Foundation
import SlipwayCore
import XCTest

@testable import SlipwayConfig

/// Eight public projects' configurations (../shared/corpus/realworld) compile with no errors except
/// the includes that point outside the project and what follows from them (their `extends` targets).
/// The expected diagnostics are in Fixtures/realworld-expected.txt; run with SLIPWAY_RECORD=1 to
/// rewrite it, then review the diff.
final class RealWorldCorpusTests: XCTestCase {
  /// Each project's path and GitLab instance, from its SOURCE.md.
  static let projects: [(folder: String, path: String, host: String)] = [
    ("fdroidserver", "fdroid/fdroidserver", "gitlab.com"),
    ("gitlab-runner", "gitlab-org/gitlab-runner", "gitlab.com"),
    ("glib", "GNOME/glib", "gitlab.gnome.org"),
    ("libvirt-python", "libvirt/libvirt-python", "gitlab.com"),
    ("mutter", "GNOME/mutter", "gitlab.gnome.org"),
    ("omnibus-gitlab", "gitlab-org/omnibus-gitlab", "gitlab.com"),
    ("openmw", "OpenMW/openmw", "gitlab.com"),
    ("pipewire", "pipewire/pipewire", "gitlab.freedesktop.org"),
  ]

  /// Codes that may appear: unresolvable includes, and unknown `extends`/`!reference` targets that
  /// only those includes define.
  static let allowedCodes: Set<String> = ["INC003", "EXT001", "REF001", "YAML005"]

  func testEveryProjectCompilesWithOnlyExternalIncludeDiagnostics() throws {
    let corpus = sharedDirectory.appendingPathComponent("corpus/realworld")
    var lines: [String] = []
    for project in Self.projects {
      var settings = ProjectSettings()
      settings.projectPath = project.path
      settings.serverHost = project.host
      let result = compileOnDisk(root: corpus.appendingPathComponent(project.folder).path, settings: settings)
      XCTAssertNotNil(result.merged, project.folder)
      for d in DiagnosticSink.sortedUnique(result.diagnostics) {
        XCTAssertTrue(Self.allowedCodes.contains(d.code.rawValue), "\(project.folder): \(d.code) \(d.message)")
        lines.append("\(project.folder): \(d.location?.description ?? "-") \(d.code) \(d.message)")
      }
    }
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/realworld-expected.txt")
    let actual = lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["SLIPWAY_RECORD"] == "1" {
      try actual.write(to: fixture, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: fixture, encoding: .utf8)
    XCTAssertEqual(actual, expected)
  }
}
