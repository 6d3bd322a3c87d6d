import XCTest

@testable import SlipwayRegex

/// The ASCII shortcut of case folding answers exactly as RE2's generated orbit table.
final class CaseFoldingTests: XCTestCase {
  func testASCIIOrbitsAreTheTableOrbitsWithAnASCIIMember() {
    XCTAssertEqual(CaseFolding.asciiOrbits, CaseFolding.orbits.filter { $0.contains { $0 < 0x80 } })
  }

  func testOrbitOfEveryASCIIScalarMatchesTheTable() {
    for scalar in UInt32(0)..<0x80 {
      XCTAssertEqual(CaseFolding.orbit(of: scalar), CaseFolding.orbitByScalar[scalar], "U+\(String(scalar, radix: 16))")
    }
  }

  func testFoldedASCIIClassGainsKelvinAndLongS() {
    let folded = CharRanges([0x61...0x7A]).caseFolded()
    XCTAssertEqual(folded, CharRanges([0x41...0x5A, 0x61...0x7A, 0x17F...0x17F, 0x212A...0x212A]))
    // A class reaching past ASCII still folds through the whole table.
    XCTAssertEqual(CharRanges([0x3B1...0x3B1]).caseFolded(), CharRanges([0x391...0x391, 0x3B1...0x3B1]))
  }

  func testCaseInsensitivePatternsMatchAcrossCase() throws {
    let regex = try XCTUnwrap(GitLabPattern.fabricate(#"/^(bugfix|hotfix)\/[a-z0-9._-]+$/i"#))
    XCTAssertTrue(regex.matches("BUGFIX/Fix-Login_2.1"))
    XCTAssertTrue(regex.matches("hotfix/\u{17F}ession-\u{212A}ey"))
    XCTAssertFalse(regex.matches("feature/x"))
  }
}
