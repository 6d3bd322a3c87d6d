/// Ruby's `Float#to_s`, so that a float written where GitLab expects a string (`VERSION: 1.10`)
/// becomes the same text GitLab would use (`"1.1"`).
public func rubyFloatString(_ value: Double) -> String {
  if value.isNaN { return "NaN" }
  if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
  if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
  // Shortest round-trip digits and decimal exponent from Swift's own formatting.
  let negative = value < 0
  let text = "\(abs(value))"
  var mantissa = text
  var exponent = 0
  if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
    mantissa = String(text[..<e])
    exponent = Int(text[text.index(after: e)...]) ?? 0
  }
  var intPart = mantissa
  var fracPart = ""
  if let dot = mantissa.firstIndex(of: ".") {
    intPart = String(mantissa[..<dot])
    fracPart = String(mantissa[mantissa.index(after: dot)...])
  }
  var digits = intPart + fracPart
  var decpt = intPart.count + exponent
  while digits.hasPrefix("0"), digits.count > 1 {
    digits.removeFirst()
    decpt -= 1
  }
  while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
  let sign = negative ? "-" : ""
  if decpt > 0 && decpt <= 16 {
    if digits.count <= decpt {
      return sign + digits + String(repeating: "0", count: decpt - digits.count) + ".0"
    }
    let split = digits.index(digits.startIndex, offsetBy: decpt)
    return sign + digits[..<split] + "." + digits[split...]
  }
  if decpt <= 0 && decpt > -4 {
    return sign + "0." + String(repeating: "0", count: -decpt) + digits
  }
  let first = digits.prefix(1)
  let rest = digits.dropFirst()
  let exp = decpt - 1
  let expText = (exp < 0 ? "-" : "+") + (abs(exp) < 10 ? "0" : "") + String(abs(exp))
  return sign + first + "." + (rest.isEmpty ? "0" : String(rest)) + "e" + expText
}
