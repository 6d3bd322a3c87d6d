import Foundation

/// A small reading of ChronicDuration, which GitLab uses for `timeout`, `expire_in` and
/// `start_in` ("1h 30m", "2 days", "3600", "1 week and 2 days").
enum Duration {
  static let units: [String: Int] = [
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86_400, "day": 86_400, "days": 86_400,
    "w": 604_800, "wk": 604_800, "wks": 604_800, "week": 604_800, "weeks": 604_800,
    "mo": 2_592_000, "mos": 2_592_000, "month": 2_592_000, "months": 2_592_000,
    "y": 31_557_600, "yr": 31_557_600, "yrs": 31_557_600, "year": 31_557_600, "years": 31_557_600,
  ]

  /// Seconds, or nil when the text is not a duration. `never` is accepted where GitLab allows it.
  static func parse(_ text: String, allowNever: Bool = false) -> Int? {
    let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
    if allowNever && lower == "never" { return 0 }
    if let plain = Int(lower) { return plain }
    var total = 0.0
    var number: Double?
    var found = false
    let words = lower.replacingOccurrences(of: ",", with: " ").split(separator: " ")
    for word in words where word != "and" {
      // Split "1h30m" into number/unit runs.
      var rest = Substring(word)
      while !rest.isEmpty {
        let digits = rest.prefix { $0.isNumber || $0 == "." }
        if !digits.isEmpty {
          guard number == nil, let value = Double(digits) else { return nil }
          number = value
          rest = rest.dropFirst(digits.count)
          continue
        }
        let letters = rest.prefix { $0.isLetter }
        guard !letters.isEmpty, let unit = units[String(letters)], let value = number else { return nil }
        total += value * Double(unit)
        number = nil
        found = true
        rest = rest.dropFirst(letters.count)
      }
    }
    if let number { total += number; found = true }
    return found ? Int(total) : nil
  }
}
