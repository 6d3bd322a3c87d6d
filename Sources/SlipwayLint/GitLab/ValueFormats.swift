import Foundation

/// `DateTime.iso8601` acceptance for `release:released_at` (Ruby's `Date._iso8601` forms: calendar,
/// ordinal and week dates, extended or basic, with an optional time and zone; then a real date).
enum ISO8601Text {
  private static let extended = try! NSRegularExpression(pattern:
    #"^\s*(?:([-+]?\d{4,})-(\d{2})-(\d{2})|([-+]?\d{4,})-(\d{3})|(\d{4})-w(\d{2})-(\d))"#
    + #"(?:t\d{2}:\d{2}(?::\d{2}(?:[,.]\d+)?)?(?:z|[-+]\d{2}(?::?\d{2})?)?)?\s*$"#,
    options: [.caseInsensitive])
  private static let basic = try! NSRegularExpression(pattern:
    #"^\s*(?:([-+]?\d{4})(\d{2})(\d{2})|([-+]?\d{4})(\d{3})|(\d{4})w(\d{2})(\d))"#
    + #"(?:t\d{2}\d{2}(?:\d{2}(?:[,.]\d+)?)?(?:z|[-+]\d{2}(?:\d{2})?)?)?\s*$"#,
    options: [.caseInsensitive])

  static func isDateTime(_ text: String) -> Bool {
    let range = NSRange(text.startIndex..., in: text)
    guard let match = extended.firstMatch(in: text, range: range) ?? basic.firstMatch(in: text, range: range) else {
      return false
    }
    func group(_ index: Int) -> Int? {
      guard let r = Range(match.range(at: index), in: text) else { return nil }
      return Int(text[r])
    }
    if let year = group(1), let month = group(2), let day = group(3) {
      guard (1...12).contains(month), day >= 1 else { return false }
      let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
      let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
      return day <= days
    }
    if let dayOfYear = group(5) { return (1...366).contains(dayOfYear) }
    if let week = group(7), let weekday = group(8) { return (1...53).contains(week) && (1...7).contains(weekday) }
    return false
  }
}

/// `Gitlab::GitRefValidator.validate` (a branch name libgit2 accepts under `refs/heads/`), or a
/// commit SHA (`Commit.reference_valid?`), for `release:ref`.
enum GitRefName {
  static func isValid(_ ref: String) -> Bool {
    if ref.count >= 7, ref.count <= 64, ref.allSatisfy(\.isHexDigit) { return true }
    if ref.isEmpty || ref == "HEAD" || ref.hasPrefix("-") || ref.hasPrefix("refs/heads/") || ref.hasPrefix("refs/tags/") {
      return false
    }
    let forbidden: Set<Character> = [" ", "~", "^", ":", "?", "[", "*", "\\"]
    if ref.contains(where: { forbidden.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f } }) {
      return false
    }
    if ref.contains("..") || ref.contains("@{") || ref.contains("//") || ref == "@" { return false }
    if ref.hasSuffix("/") || ref.hasSuffix(".") { return false }
    return ref.split(separator: "/").allSatisfy { !$0.hasPrefix(".") && !$0.hasSuffix(".lock") }
  }
}
