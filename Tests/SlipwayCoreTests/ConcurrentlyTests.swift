import Dispatch
import XCTest

@testable import SlipwayCore

/// Results of work split over the cores come back in the order of the inputs, whatever the split.
final class ConcurrentlyTests: XCTestCase {
  func testChunksCoverEveryIndexOnceInOrder() {
    for count in [0, 1, 63, 64, 65, 1_000, 5_085] {
      let ranges = Concurrently.chunks(count)
      XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<count), "\(count)")
      XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty })
    }
  }

  func testFlatMapChunksKeepsTheInputOrder() {
    for count in [0, 1, 200, 5_085] {
      // Each chunk returns a variable number of results per index (none for multiples of 7).
      let joined = Concurrently.flatMapChunks(count) { range in
        range.flatMap { index in index % 7 == 0 ? [] : [index, -index] }
      }
      XCTAssertEqual(joined, (0..<count).flatMap { $0 % 7 == 0 ? [] : [$0, -$0] }, "\(count)")
    }
  }

  func testBackgroundWorkRunsWhileTheCallerWorks() {
    // The background task waits for the caller's signal: it must run on another thread.
    let started = DispatchSemaphore(value: 0)
    let pending = Concurrently.background { () -> Int in
      started.wait()
      return (1...100).reduce(0, +)
    }
    started.signal()
    XCTAssertEqual(pending.value, 5_050)
    XCTAssertEqual(pending.value, 5_050)  // read again: the same result, no second run
  }

  func testFirstOccurrencesKeepOrderAndDropOnlyEqualDiagnostics() {
    let place = SourceLocation(file: "ci.yml", line: 3, column: 5)
    let diagnostics: [Diagnostic] = [
      .error("PLN001", "needs aaa", at: place),
      .error("PLN001", "needs bbb", at: place),  // same place and length, other text: kept
      .error("PLN001", "needs aaa", at: place),  // repeat: dropped
      .warning("PLN001", "needs aaa", at: place),  // other severity: kept
      .error("PLN002", "needs aaa", at: place),  // other code: kept
      .error("PLN001", "needs aaa", at: nil),
      .error("PLN001", "needs aaa", at: nil),  // repeat without a location: dropped
    ]
    XCTAssertEqual(Diagnostic.firstOccurrences(diagnostics), [0, 1, 3, 4, 5].map { diagnostics[$0] })
  }
}
