import Foundation
import SlipwayCore
import SlipwayYAML
import XCTest

@testable import SlipwayConfig

/// The shared/ folder next to the repository.
let sharedDirectory: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("shared")

/// Compiles `files[main]` from an in-memory project.
func compile(
  _ files: [String: String], main: String = ".gitlab-ci.yml", settings: ProjectSettings = ProjectSettings(),
  variables: [String: String] = [:]
) -> CompileResult {
  let fs = InMemoryFileSystem(files: files)
  let compiler = Compiler(
    source: OfflineIncludeSource(root: ".", settings: settings, fileSystem: fs),
    context: settings.defaultContext(extraVariables: variables),
    options: .gitlab)
  return compiler.compile(path: main)
}

/// Compiles a project on disk.
func compileOnDisk(root: String, main: String = ".gitlab-ci.yml", settings: ProjectSettings) -> CompileResult {
  let compiler = Compiler(
    source: OfflineIncludeSource(root: root, settings: settings),
    context: settings.defaultContext(),
    options: .gitlab)
  return compiler.compile(path: main)
}

extension CompileResult {
  var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  var errorMessages: [String] { errors.map(\.message) }
  /// The merged configuration as plain Foundation values, for comparison with JSON fixtures.
  var plain: Any? { merged.map(plainValue) }
}

func plainValue(_ node: YAMLNode) -> Any {
  switch node.content {
  case .mapping(let pairs):
    var d: [String: Any] = [:]
    for p in pairs { d[p.key.rubyString ?? ""] = plainValue(p.value) }
    return d
  case .sequence(let items): return items.map(plainValue)
  case .scalar(let s):
    switch s.value {
    case .null: return NSNull()
    case .bool(let b): return b
    case .int(let i): return i
    case .float(let f): return f
    case .string(let v), .symbol(let v): return v
    }
  }
}

/// Deep equality of JSON-like values (numbers compared numerically).
func jsonEqual(_ a: Any, _ b: Any) -> Bool {
  switch (a, b) {
  case (let x as [String: Any], let y as [String: Any]):
    return x.count == y.count && x.allSatisfy { k, v in y[k].map { jsonEqual(v, $0) } ?? false }
  case (let x as [Any], let y as [Any]):
    return x.count == y.count && zip(x, y).allSatisfy { jsonEqual($0, $1) }
  case (let x as Bool, let y as Bool): return x == y
  case (let x as NSNumber, let y as NSNumber): return x == y
  case (let x as String, let y as String): return x == y
  case (is NSNull, is NSNull): return true
  default: return false
  }
}

extension YAMLNode {
  /// Key names of a mapping, in order.
  var keys: [String] { mapping?.map { $0.key.keyName ?? "?" } ?? [] }
}
