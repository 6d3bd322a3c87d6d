import Foundation
import SlipwayCore
import XCTest

/// The memchr/memcmp search agrees with Foundation's for every anchor byte of the needle, including
/// matches at the very start and end of the haystack and near misses.
final class ByteSearchTests: XCTestCase {
  func testEveryAnchorAgreesWithFoundation() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("axe_vdsn".utf8)
    for _ in 0..<2_000 {
      let length = Int.random(in: 0...40, using: &generator)
      let haystack = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
      let text = String(decoding: haystack, as: UTF8.self)
      for needle in ["expand_vars", "x", "ax", "vars", "e_v", "dsn"] {
        let expected = text.range(of: needle) != nil
        for anchor in 0..<needle.utf8.count {
          XCTAssertEqual(ByteSearch.contains(haystack, needle, anchor: anchor), expected, "\(text) / \(needle) @\(anchor)")
        }
      }
    }
    XCTAssertTrue(ByteSearch.contains(Array("expand_vars".utf8), "expand_vars", anchor: 1))
    XCTAssertTrue(ByteSearch.contains(Array("a: expand_vars".utf8), "expand_vars", anchor: 10))
    XCTAssertFalse(ByteSearch.contains(Array("expand_var".utf8), "expand_vars", anchor: 1))
    XCTAssertFalse(ByteSearch.contains(Array("abc".utf8), "b", anchor: 1), "an anchor outside the needle finds nothing")
  }
}
