import XCTest

@testable import SlipwayConfig

/// `KeyPositions` answers as a scan with `==` would: fingerprints and the filter only skip
/// comparisons that cannot succeed, also for names equal as Swift strings but spelt differently.
final class KeyPositionsTests: XCTestCase {
  private let names: [String?] = [
    "SERVICE_OWNER", "SERVICE_TIER", "SERVICE_GROUP", "SERVICE_OWNER", "S", "", nil, "KEY", "\u{212A}EY",
    "caf\u{E9}", "cafe\u{301}", "A_B", "A_B_", "AXB", nil, "",
  ] + (0..<40).map { "VAR_\($0 % 35)" }

  func testPositionsMatchAFirstMatchScan() {
    for count in [5, 16, names.count] {
      var positions = KeyPositions(capacity: count)
      var recorded: [String?] = []
      for (index, name) in names.prefix(count).enumerated() {
        positions.record(name, at: index)
        recorded.append(name)
        for probe in names + ["MISSING", "K", "\u{212A}"] {
          XCTAssertEqual(positions.position(of: probe), recorded.firstIndex(of: probe), "\(String(describing: probe)) after \(index + 1)")
        }
      }
    }
  }

  func testEqualStringsShareAPosition() {
    var positions = KeyPositions(capacity: 2)
    positions.recordNew("caf\u{E9}", at: 0)
    XCTAssertEqual(positions.position(of: "cafe\u{301}"), 0)
    positions.recordNew("KEY", at: 1)
    XCTAssertEqual(positions.position(of: "\u{212A}EY"), 1)
    XCTAssertNil(positions.position(of: "KEX"))
  }
}
