import Foundation
import SlipwayRegex
import XCTest

/// Timings for benchmarks/regex/*.sh; skipped unless SLIPWAY_REGEX_BENCH_CORPUS names a corpus
/// file (one input per line) and SLIPWAY_REGEX_BENCH_PATTERNS a file of `/pattern/flags` lines.
/// Prints `SLIPWAY_BENCH name milliseconds` lines for the scripts to collect.
final class RegexBenchmarkTests: XCTestCase {
  func testThroughputOnCIPatterns() throws {
    let environment = ProcessInfo.processInfo.environment
    guard let corpusPath = environment["SLIPWAY_REGEX_BENCH_CORPUS"],
      let patternsPath = environment["SLIPWAY_REGEX_BENCH_PATTERNS"]
    else { throw XCTSkip("benchmark: set SLIPWAY_REGEX_BENCH_CORPUS and SLIPWAY_REGEX_BENCH_PATTERNS") }
    let corpus = try String(contentsOfFile: corpusPath, encoding: .utf8).split(separator: "\n").map(String.init)
    let patterns = try String(contentsOfFile: patternsPath, encoding: .utf8).split(separator: "\n").map(String.init)
    var total = 0.0
    var matchCounts: [Int] = []
    for literal in patterns {
      let regex = try XCTUnwrap(GitLabPattern.fabricate(literal), literal)
      let started = DispatchTime.now().uptimeNanoseconds
      var count = 0
      for line in corpus where regex.matches(line) { count += 1 }
      let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
      total += milliseconds
      matchCounts.append(count)
      print("SLIPWAY_BENCH pattern \(literal) \(String(format: "%.1f", milliseconds)) matches \(count)")
    }
    print("SLIPWAY_BENCH total \(String(format: "%.1f", total)) counts \(matchCounts.map(String.init).joined(separator: ","))")
  }

  func testLinearTimeOnPathologicalInput() throws {
    guard ProcessInfo.processInfo.environment["SLIPWAY_REGEX_BENCH_LINEAR"] != nil else {
      throw XCTSkip("benchmark: set SLIPWAY_REGEX_BENCH_LINEAR=1")
    }
    let input = String(repeating: "a", count: 1 << 20) + "!"
    let cases = ["(a+)+$", "(a|a)*b", "(x+x+)+y", "((a{1,10}){1,10}){1,10}c"]
    for pattern in cases {
      let regex = try Regex2.compile(pattern: pattern)
      var started = DispatchTime.now().uptimeNanoseconds
      XCTAssertFalse(regex.matches(input))
      let matchesMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
      started = DispatchTime.now().uptimeNanoseconds
      XCTAssertNil(regex.firstMatch(in: input))
      let firstMatchMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
      print(
        "SLIPWAY_BENCH linear \(pattern) matches \(String(format: "%.1f", matchesMs)) "
          + "firstMatch \(String(format: "%.1f", firstMatchMs))")
    }
  }
}
