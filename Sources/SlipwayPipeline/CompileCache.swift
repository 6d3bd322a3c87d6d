import Foundation
import SlipwayConfig
import SlipwayCore

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
  /// `rules:exists` answers over the project's files, for every context.
  let exists = ExistsCache()
  /// How many compiles ran (for tests and benchmarks).
  public private(set) var compileCount = 0

  public init() {}

  /// A cached result valid for `context`, or a fresh compile. `alongside` starts on another
  /// thread once a fresh compile is done and is not waited for (it warms caches that have their
  /// own locks: the project's file listing can take longer than preparing the jobs when the
  /// directories are not in the page cache).
  func result(
    for context: CompileContext, compile: () -> CompileResult, alongside: (@Sendable (CompileResult) -> Void)? = nil
  ) -> (CompileResult, PreparedConfig?) {
    lock.lock()
    let hit = entries.first { entry in
      entry.dependencies.variables.allSatisfy { entry.values[$0] == context.variables[$0] }
        && entry.dependencies.allVariables == false
        && (!entry.dependencies.changes || entry.changedFiles == context.changedFiles)
    }
    lock.unlock()
    if let hit { return (hit.result, hit.prepared) }
    let result = compile()
    if let alongside { _ = Concurrently.background { alongside(result) } }
    // The include scan needs no prepared jobs: it runs meanwhile instead of alone after them.
    let pending = Concurrently.background { IncludeDependencies.of(result) }
    let prepared = result.merged.flatMap { result.hasErrors ? nil : PreparedConfig(root: $0) }
    let dependencies = pending.value
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
struct IncludeDependencies: Sendable {
  var variables: Set<String> = []
  /// `include:rules:changes` present.
  var changes = false
  /// Something Slipway cannot see through textually (aliases, `expand_vars`): never share.
  var allVariables = false

  static func of(_ result: CompileResult) -> IncludeDependencies {
    var deps = IncludeDependencies()
    for bytes in result.sources.values {
      if ByteSearch.contains(bytes, "expand_vars", anchor: 1) { deps.allVariables = true }
      for block in includeBlocks(bytes) {
        if block.contains("changes") { deps.changes = true }
        if block.contains(": *") || block.contains("- *") || block.contains("<<") { deps.allVariables = true }
        deps.variables.formUnion(variableNames(block))
      }
    }
    return deps
  }

  /// Top-level `include:` sections: the key line and the indented, list or comment lines after it.
  /// A byte scan: files are megabytes and only these few lines matter.
  static func includeBlocks(_ bytes: [UInt8]) -> [String] {
    let keys = ["include:", "\"include\":", "'include':"].map { Array($0.utf8) }
    var blocks: [String] = []
    var start: Int?
    var lineStart = 0
    let count = bytes.count
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      while lineStart < count {
        let newline = memchr(base + lineStart, 0x0A, count - lineStart)
        let lineEnd = newline.map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) } ?? count
        let first = buffer[lineStart]
        // Keys start with `i`, `"` or `'`; other lines only matter as the end of a block.
        let isKey =
          (first == 0x69 || first == 0x22 || first == 0x27)
          && keys.contains { key in
            lineEnd - lineStart >= key.count && buffer[lineStart..<(lineStart + key.count)].elementsEqual(key)
          }
        if isKey {
          if let s = start { blocks.append(String(decoding: buffer[s..<lineStart], as: UTF8.self)) }
          start = lineStart
        } else if let s = start, lineEnd > lineStart, first != 0x20, first != 0x09, first != 0x2D, first != 0x23, first != 0x0D {
          blocks.append(String(decoding: buffer[s..<lineStart], as: UTF8.self))
          start = nil
        }
        lineStart = lineEnd + 1
      }
    }
    if let s = start { blocks.append(String(decoding: bytes[s..<count], as: UTF8.self)) }
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
