import Foundation
import SlipwayConfig

/// Shares compiles across contexts. A compile depends on a context only through what its `include:`
/// sections read (variables, changed files); two contexts that agree on those get the same result.
/// The dependencies are found in the text of the `include:` blocks of every file the compile read,
/// so a context only recompiles when an include could resolve differently for it.
public final class CompileCache: @unchecked Sendable {
  private struct Entry {
    var dependencies: IncludeDependencies
    var values: [String: String?]
    var changedFiles: [String]?
    var result: CompileResult
    var prepared: PreparedConfig?
  }

  private let lock = NSLock()
  private var entries: [Entry] = []
  /// How many compiles ran (for tests and benchmarks).
  public private(set) var compileCount = 0

  public init() {}

  /// A cached result valid for `context`, or a fresh compile.
  func result(for context: CompileContext, compile: () -> CompileResult) -> (CompileResult, PreparedConfig?) {
    lock.lock()
    let hit = entries.first { entry in
      entry.dependencies.variables.allSatisfy { entry.values[$0] == context.variables[$0] }
        && entry.dependencies.allVariables == false
        && (!entry.dependencies.changes || entry.changedFiles == context.changedFiles)
    }
    lock.unlock()
    if let hit { return (hit.result, hit.prepared) }
    let result = compile()
    let prepared = result.merged.flatMap { result.hasErrors ? nil : PreparedConfig(root: $0) }
    let dependencies = IncludeDependencies.of(result)
    var values: [String: String?] = [:]
    for name in dependencies.variables { values[name] = context.variables[name] }
    lock.lock()
    compileCount += 1
    entries.append(
      Entry(dependencies: dependencies, values: values, changedFiles: context.changedFiles, result: result, prepared: prepared))
    lock.unlock()
    return (result, prepared)
  }
}

/// What the `include:` sections of a compile's files read.
struct IncludeDependencies {
  var variables: Set<String> = []
  /// `include:rules:changes` present.
  var changes = false
  /// Something Slipway cannot see through textually (aliases, `expand_vars`): never share.
  var allVariables = false

  static func of(_ result: CompileResult) -> IncludeDependencies {
    var deps = IncludeDependencies()
    for bytes in result.sources.values {
      let text = String(decoding: bytes, as: UTF8.self)
      if text.contains("expand_vars") { deps.allVariables = true }
      for block in includeBlocks(text) {
        if block.contains("changes") { deps.changes = true }
        if block.contains("*") && (block.contains(": *") || block.contains("- *") || block.contains("<<")) {
          deps.allVariables = true
        }
        deps.variables.formUnion(variableNames(block))
      }
    }
    return deps
  }

  /// Top-level `include:` sections: the key line and the indented or list lines after it.
  static func includeBlocks(_ text: String) -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("include:") || line.hasPrefix("\"include\":") || line.hasPrefix("'include':") {
        if let current { blocks.append(current.joined(separator: "\n")) }
        current = [line]
        continue
      }
      guard current != nil else { continue }
      if let first = line.first, first != " ", first != "\t", first != "-", first != "#" {
        blocks.append(current?.joined(separator: "\n") ?? "")
        current = nil
      } else {
        current?.append(line)
      }
    }
    if let current { blocks.append(current.joined(separator: "\n")) }
    return blocks
  }

  /// `$NAME`, `${NAME}` and `%NAME%` references.
  static func variableNames(_ text: String) -> Set<String> {
    var names = Set(ExpressionReads.names(in: text.replacingOccurrences(of: "${", with: "$"), skippingQuotes: false))
    let parts = text.split(separator: "%", omittingEmptySubsequences: false)
    if parts.count > 2 {
      for part in parts.dropFirst().dropLast() where !part.isEmpty && part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
        names.insert(String(part))
      }
    }
    return names
  }
}
