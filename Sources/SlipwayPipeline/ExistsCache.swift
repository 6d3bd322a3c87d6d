import Foundation
import SlipwayConfig

extension EvaluationEnvironment {
  static func existsTrace(_ text: String, _ patterns: [String], files: [String], fileSet: Set<String>) -> ConditionTrace {
    var trace: ConditionTrace
    let literalHit = patterns.first { !Self.isGlob($0) && fileSet.contains(Self.normalizedPath($0)) }
    if literalHit == nil, files.count > Self.existsFileCap, patterns.contains(where: Self.isGlob) {
      // Past the check cap GitLab lets patterned globs match (gitlab-semantics.md §8.5).
      trace = ConditionTrace(keyword: "exists", text: text, result: true, reads: [], note: "more than \(Self.existsFileCap) files: globs always match")
    } else {
      var hit = literalHit
      let globs = patterns.filter(Self.isGlob).map(Glob.init)
      if hit == nil, !globs.isEmpty { hit = files.first { file in globs.contains { $0.matches(file) } } }
      trace = ConditionTrace(keyword: "exists", text: text, result: hit != nil, reads: [], note: hit.map { "found: \($0)" } ?? "no file matches")
    }
    return trace
  }

  /// `File.fnmatch` metacharacters (with EXTGLOB braces).
  static func isGlob(_ pattern: String) -> Bool {
    pattern.utf8.contains { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B || $0 == 0x7B || $0 == 0x5C }
  }

  static func normalizedPath(_ path: String) -> String {
    var p = Substring(path)
    while p.hasPrefix("./") { p = p.dropFirst(2) }
    return String(p)
  }
}

/// `rules:exists` answers over the project's files, shared across contexts (the files do not
/// depend on the context).
final class ExistsCache: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [String: ConditionTrace] = [:]
  private var fileSet: Set<String>?
  private var files: [String]?

  func result(_ text: String) -> ConditionTrace? {
    lock.lock()
    defer { lock.unlock() }
    return results[text]
  }

  /// Lists the files ahead of the first `evaluate` (which would list them while every other
  /// context waits for the lock).
  func preload(files list: () -> [String]) {
    _ = listing(list)
  }

  /// The files and their set, listed on the first call (under the lock, so once).
  private func listing(_ list: () -> [String]) -> ([String], Set<String>) {
    lock.lock()
    defer { lock.unlock() }
    if files == nil {
      files = list()
      fileSet = Set(files ?? [])
    }
    return (files ?? [], fileSet ?? [])
  }

  func evaluate(_ text: String, _ patterns: [String], files list: () -> [String]) -> ConditionTrace {
    let (all, set) = listing(list)
    let trace = EvaluationEnvironment.existsTrace(text, patterns, files: all, fileSet: set)
    lock.lock()
    results[text] = trace
    lock.unlock()
    return trace
  }
}

/// Names of the `$VARIABLE` tokens an expression reads.
enum ExpressionReads {
  static func names(in text: String, skippingQuotes: Bool = true) -> [String] {
    var names: [String] = []
    let u = Array(text.utf8)
    var i = 0
    var quote: UInt8?
    while i < u.count {
      let c = u[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if skippingQuotes, c == 0x22 || c == 0x27 {
        quote = c
      } else if c == 0x24 {
        var j = i + 1
        while j < u.count, u[j] == 0x5F || (u[j] >= 0x30 && u[j] <= 0x39) || ((u[j] | 0x20) >= 0x61 && (u[j] | 0x20) <= 0x7A) { j += 1 }
        if j > i + 1 {
          let name = String(decoding: u[(i + 1)..<j], as: UTF8.self)
          if !names.contains(name) { names.append(name) }
        }
        i = j
        continue
      }
      i += 1
    }
    return names
  }
}
