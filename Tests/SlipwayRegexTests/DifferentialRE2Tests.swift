import Foundation
import XCTest

import SlipwayRegex

/// Compares the engine with real RE2 (google-re2 through ../shared/tools/re2-oracle.py) on random
/// patterns and inputs from a seeded grammar. `SLIPWAY_DIFF_PAIRS` sets the number of pairs
/// (default 20,000; benchmarks/regex/differential.sh runs 1,000,000), `SLIPWAY_DIFF_SEED` the seed.
final class DifferentialRE2Tests: XCTestCase {
  struct Mismatch: CustomStringConvertible {
    var item: RE2Oracle.Case
    var expected: RE2Oracle.Answer
    var actual: RE2Oracle.Answer
    var size: Int { item.pattern.unicodeScalars.count + item.input.unicodeScalars.count }
    var description: String {
      "pattern \(String(reflecting: item.pattern)) flags \(String(reflecting: item.flags)) input "
        + "\(String(reflecting: item.input))\n    RE2:     \(expected)\n    Slipway: \(actual)"
    }
  }

  static func ours(_ item: RE2Oracle.Case) -> RE2Oracle.Answer {
    let source = item.flags.isEmpty ? item.pattern : "(?\(item.flags))\(item.pattern)"
    let regex: CompiledRegex
    do {
      regex = try Regex2.compile(pattern: source)
    } catch {
      return .init(ok: false, match: false, error: error.message, span: nil, groups: [])
    }
    guard let found = regex.firstMatch(in: item.input) else {
      if regex.matches(item.input) {
        return .init(ok: true, match: false, error: "matches() disagrees with firstMatch()", span: nil, groups: [])
      }
      return .init(ok: true, match: false, error: "", span: nil, groups: [])
    }
    // The boolean path must agree with the capturing path.
    if !regex.matches(item.input) {
      return .init(ok: true, match: false, error: "matches() disagrees with firstMatch()", span: nil, groups: [])
    }
    return .init(
      ok: true, match: true, error: "", span: [found.span.start, found.span.end],
      groups: found.groups.map { $0.map { [$0.start, $0.end] } })
  }

  func testAgainstRE2() throws {
    guard FileManager.default.isExecutableFile(atPath: TestPaths.peersPython.path) else {
      throw XCTSkip("differential RE2 test needs .peers/bin/python: run ../shared/tools/install-peers from the repo root")
    }
    let environment = ProcessInfo.processInfo.environment
    let total = environment["SLIPWAY_DIFF_PAIRS"].flatMap(Int.init) ?? 20_000
    let seed = environment["SLIPWAY_DIFF_SEED"].flatMap(UInt64.init) ?? 0x5117_9A4
    let oracle = try RE2Oracle()
    var generator = PatternGenerator(seed: seed)
    var mismatches: [Mismatch] = []
    var mismatchCount = 0
    var compiled = 0
    var matched = 0
    var done = 0
    let started = Date()
    while done < total {
      var batch: [RE2Oracle.Case] = []
      while batch.count < 200 && done + batch.count < total {
        let pattern = generator.pattern()
        let flags = generator.flags()
        // A few inputs per pattern, as the oracle caches compiled patterns.
        for _ in 0..<min(4, total - done - batch.count) {
          batch.append(.init(pattern: pattern, flags: flags, input: generator.input(hint: pattern)))
        }
      }
      let answers = try oracle.ask(batch)
      for (item, expected) in zip(batch, answers) {
        let actual = Self.ours(item)
        if expected.ok { compiled += 1 }
        if expected.match { matched += 1 }
        if actual != expected {
          mismatchCount += 1
          mismatches.append(Mismatch(item: item, expected: expected, actual: actual))
          if mismatches.count > 200 {
            mismatches.sort { $0.size < $1.size }
            mismatches.removeLast(100)
          }
        }
      }
      done += batch.count
    }
    let seconds = Date().timeIntervalSince(started)
    let summary =
      "differential RE2: \(done) pairs, \(compiled) compiled by RE2, \(matched) matched, "
      + "\(mismatchCount) mismatches, \(String(format: "%.1f", seconds)) s (seed \(seed))"
    print(summary)
    if let path = environment["SLIPWAY_DIFF_SUMMARY"] {
      try? (summary + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
    mismatches.sort { $0.size < $1.size }
    for mismatch in mismatches.prefix(15) { print("MISMATCH " + mismatch.description) }
    XCTAssertEqual(mismatchCount, 0, "smallest mismatch: \(mismatches.first.map(\.description) ?? "-")")
  }
}
