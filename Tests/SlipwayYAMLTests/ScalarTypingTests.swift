import SlipwayYAML
import XCTest

/// Plain scalars are typed as Ruby's Psych types them (GitLab loads YAML with Psych).
final class ScalarTypingTests: XCTestCase {
  private func value(_ text: String) -> ScalarValue? { loadRoot("k: \(text)")?["k"]?.scalarValue }

  func testNullsAndBooleansIncludingYAML11Words() {
    for text in ["", "~", "null", "Null", "NULL"] { XCTAssertEqual(value(text), .null, text) }
    for text in ["true", "True", "yes", "YES", "on", "On"] { XCTAssertEqual(value(text), .bool(true), text) }
    for text in ["false", "no", "No", "off", "OFF"] { XCTAssertEqual(value(text), .bool(false), text) }
    for text in ["y", "n", "nil", "truex", "onward"] { XCTAssertEqual(value(text), .string(text), text) }
  }

  func testIntegersWithLegacySeparatorsAndBases() {
    XCTAssertEqual(value("42"), .int(42))
    XCTAssertEqual(value("-7"), .int(-7))
    XCTAssertEqual(value("+3"), .int(3))
    XCTAssertEqual(value("1,000"), .int(1000))
    XCTAssertEqual(value("1_000"), .int(1000))
    XCTAssertEqual(value("0x1F"), .int(31))
    XCTAssertEqual(value("0b101"), .int(5))
    XCTAssertEqual(value("017"), .int(15))
    XCTAssertEqual(value("0"), .int(0))
    XCTAssertEqual(value("08"), .string("08"))
    XCTAssertEqual(value("1e5"), .string("1e5"))
  }

  func testFloatsAndRubyFormatting() {
    XCTAssertEqual(value("1.10"), .float(1.1))
    XCTAssertEqual(value(".5"), .float(0.5))
    XCTAssertEqual(value("1."), .float(1.0))
    XCTAssertEqual(value("1.5e+3"), .float(1500))
    XCTAssertEqual(value("."), .string("."))
    XCTAssertEqual(value("1.2.3"), .string("1.2.3"))
    XCTAssertEqual(value(".inf"), .float(.infinity))
    XCTAssertEqual(value("-.Inf"), .float(-.infinity))
    XCTAssertEqual(rubyFloatString(1.1), "1.1")
    XCTAssertEqual(rubyFloatString(3), "3.0")
    XCTAssertEqual(rubyFloatString(1e16), "1.0e+16")
    XCTAssertEqual(rubyFloatString(1e15), "1000000000000000.0")
    XCTAssertEqual(rubyFloatString(0.0001), "0.0001")
    XCTAssertEqual(rubyFloatString(0.00001), "1.0e-05")
    XCTAssertEqual(rubyFloatString(-2.5), "-2.5")
  }

  func testSexagesimalAndSymbols() {
    // Psych values `a:b` as a*60^2 + b*60 (its own reading of YAML 1.1 base 60).
    XCTAssertEqual(value("1:30"), .int(5400))
    XCTAssertEqual(value("1:30:00"), .int(5400))
    XCTAssertEqual(value(":deploy"), .symbol("deploy"))
  }

  func testQuotedScalarsAreAlwaysStrings() {
    XCTAssertEqual(value("'true'"), .string("true"))
    XCTAssertEqual(value("\"42\""), .string("42"))
    XCTAssertEqual(value("'2024-01-01'"), .string("2024-01-01"))
  }

  /// The typing reads each scalar's bytes in place and settles most scalars by their first bytes:
  /// the boundaries of those shortcuts type as Psych does.
  func testShortcutBoundariesTypeAsPsych() {
    for text in ["oN", "tRuE", "yeS"] { XCTAssertEqual(value(text), .bool(true), text) }
    for text in ["fAlSe", "oFf", "nO"] { XCTAssertEqual(value(text), .bool(false), text) }
    for text in ["nulls", "falsey", "o", "~~"] { XCTAssertEqual(value(text), .string(text), text) }
    // Dates: four digits and a dash, then a month and a day of one or two digits.
    XCTAssertEqual(loadError("d: 2024-1-5\n")?.message, "Tried to load unspecified class: Date")
    for text in ["2024-1-50", "12024-01-01", "2024-001-01", "202-01-01", "2024/01/01"] {
      XCTAssertEqual(value(text), .string(text), text)
    }
    // Special floats are 4 or 5 bytes in any case; integers start with a digit after the sign.
    XCTAssertEqual(value("+.INF"), .float(.infinity))
    guard case .float(let nan) = value(".NaN") else { return XCTFail(".NaN is not a float") }
    XCTAssertTrue(nan.isNaN)
    for text in ["-a", "+x", "-.in", ".infinity", "-.inff"] { XCTAssertEqual(value(text), .string(text), text) }
    XCTAssertEqual(value("-0x1f"), .int(-31))
  }

  func testDatesAndTimesAreRefusedLikeSafeLoad() {
    let date = loadError("expire: 2024-01-31\n")
    XCTAssertEqual(date?.kind, .disallowedClass)
    XCTAssertEqual(date?.message, "Tried to load unspecified class: Date")
    XCTAssertEqual(date?.location?.line, 1)
    XCTAssertEqual(date?.location?.column, 9)
    XCTAssertEqual(loadError("at: 2024-01-31 10:00:00\n")?.message, "Tried to load unspecified class: Time")
    XCTAssertEqual(loadError("at: 2024-01-31T10:00:00Z\n")?.message, "Tried to load unspecified class: Time")
  }
}
