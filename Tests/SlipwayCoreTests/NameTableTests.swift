import XCTest

@testable import SlipwayCore

/// Keyword lookups by length and first byte answer exactly as a dictionary of the names would.
final class NameTableTests: XCTestCase {
  let keywords = ["script", "stage", "services", "secrets", "before_script", "s", ""]

  func testFindsEveryNameAtItsPosition() {
    let table = NameTable(keywords)
    for (index, name) in keywords.enumerated() { XCTAssertEqual(table.index(of: name), index, name) }
  }

  func testRejectsNamesThatShareLengthAndFirstByte() {
    let table = NameTable(keywords)
    // Same bucket as "script", "stage" or "secrets", other text; and near misses.
    for name in ["scrips", "stagE", "secretz", "Script", "scripts", "x", "before_scripT"] {
      XCTAssertNil(table.index(of: name), name)
    }
  }

  func testNamesOf32BytesOrMoreAreNeverFound() {
    let long = String(repeating: "a", count: 40)
    let table = NameTable([long, "a"])
    XCTAssertNil(table.index(of: long))
    XCTAssertEqual(table.index(of: "a"), 1)
  }

  func testNonASCIINamesUseTheirBytes() {
    let table = NameTable(["é", "e"])
    XCTAssertEqual(table.index(of: "é"), 0)
    XCTAssertEqual(table.index(of: "e"), 1)
    XCTAssertNil(table.index(of: "ê"))
  }
}
