import Foundation
import SlipwayConfig
import SlipwayCore
import SlipwayPipeline
import XCTest

/// Paths of the shared, read-only test material.
enum SharedPaths {
  static let root: String = {
    // Tests/SlipwayPipelineTests/<file> → package root → ../shared
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return package.deletingLastPathComponent().appendingPathComponent("shared").path
  }()
  static let templates = root + "/conformance/gitlab-templates/templates"
  static let expectations = root + "/conformance/gitlab-templates/expectations.json"
  static let gitlabCILocal = root + "/corpus/gitlab-ci-local"
  static let seed = root + "/seed"
}

/// An include source over in-memory files, with GitLab templates read from a directory.
struct MemorySource: IncludeSource {
  var files: [String: String]
  var templatesDirectory: String?
  /// Extra repository files (for `exists`) that have no content here.
  var listedFiles: [String] = []

  func localFile(_ path: String) -> [UInt8]? {
    let clean = path.hasPrefix("/") ? String(path.dropFirst()) : path
    return files[clean].map { Array($0.utf8) }
  }

  func localFiles(under prefix: String) -> [String] {
    let all = Set(files.keys).union(listedFiles).sorted()
    return prefix.isEmpty ? all : all.filter { $0.hasPrefix(prefix + "/") }
  }

  func projectFile(project: String, ref: String?, path: String) -> FetchResult { .missing("no project \(project)") }
  func projectFiles(project: String, ref: String?) -> [String] { [] }
  func remoteFile(_ url: String) -> FetchResult { .unresolvable("offline") }
  func templateFile(_ name: String) -> FetchResult {
    guard let dir = templatesDirectory, let bytes = FileManager.default.contents(atPath: dir + "/" + name) else {
      return .missing("Included file `\(name)` is empty or does not exist!")
    }
    return .content([UInt8](bytes))
  }
  func componentRef(project: String, version: String) -> FetchResult { .unresolvable("offline") }
}

/// A disk folder as a project (the gitlab-ci-local cases).
func folderSimulator(_ folder: String, main: String = ".gitlab-ci.yml") -> PipelineSimulator {
  var settings = ProjectSettings()
  settings.templatesDirectory = SharedPaths.templates
  return PipelineSimulator(source: OfflineIncludeSource(root: folder, settings: settings), mainPath: main)
}

func memorySimulator(_ yaml: String, files: [String: String] = [:]) -> PipelineSimulator {
  var all = files
  all[".gitlab-ci.yml"] = yaml
  return PipelineSimulator(source: MemorySource(files: all, templatesDirectory: SharedPaths.templates))
}

func context(_ shorthand: String, _ variables: [String: String] = [:], changed: [String]? = nil) -> PipelineContext {
  var ctx: PipelineContext
  do {
    ctx = try PipelineContext.parse(shorthand: shorthand)
  } catch {
    XCTFail("bad context \(shorthand): \(error)")
    ctx = PipelineContext.defaultPush()
  }
  ctx.variables = variables
  ctx.changedFiles = changed
  return ctx
}

extension PipelinePlan {
  var jobNames: [String] { jobs.map(\.name) }
  var errorMessages: [String] { diagnostics.filter { $0.severity == .error }.map(\.message) }
}
