import SlipwayYAML

/// The functions of an interpolation block (`$[[ inputs.x | truncate(0,5) ]]`), as GitLab's
/// `Config::Interpolation::Functions`. Each returns the new value or GitLab's error text.
enum InterpolationFunctions {
  /// `Interpolation::Block::MAX_FUNCTIONS`.
  static let maxFunctions = 3

  static func apply(
    _ expression: String, to value: YAMLNode, variables: [String: String]
  ) -> Result<YAMLNode, InterpolationError> {
    let mark = value.mark
    func fail(_ name: String, _ message: String) -> Result<YAMLNode, InterpolationError> {
      .failure(InterpolationError("error in `\(name)` function: \(message)"))
    }
    if let (offset, length) = truncateArguments(expression) {
      guard let text = value.string else {
        return fail("truncate", "invalid input type: truncate can only be used with string inputs")
      }
      let scalars = Array(text.unicodeScalars)
      guard offset <= scalars.count else { return .success(.string("", at: mark)) }
      let end = min(scalars.count, offset + length)
      var out = String.UnicodeScalarView()
      out.append(contentsOf: scalars[offset..<end])
      return .success(.string(String(out), at: mark))
    }
    switch expression {
    case "expand_vars":
      guard let text = value.string else {
        return fail("expand_vars", "invalid input type: expand_vars can only be used with string inputs")
      }
      do {
        let all = variables.mapValues { ExpansionVariable($0) }
        let expanded = try VariableExpansion.expand(text, all, keepUnknown: true, options: .init(failOnMasked: true))
        return .success(.string(expanded, at: mark))
      } catch {
        return fail("expand_vars", "variable expansion error: \(error.message)")
      }
    case "posix_escape", "posix_quote":
      guard let text = value.string else {
        return fail(expression, "invalid input type: \(expression) can only be used with string inputs")
      }
      return .success(.string(shellEscape(text), at: mark))
    default:
      break
    }
    if let separator = splitSeparator(expression) {
      guard let text = value.string else {
        return fail("split", "invalid input type: split can only be used with string inputs")
      }
      if separator.isEmpty { return fail("split", "invalid argument: separator cannot be empty") }
      let parts = text.components(separatedBy: separator)
        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .filter { !$0.isEmpty }
      return .success(.sequence(parts.map { .string($0, at: mark) }, at: mark))
    }
    return .failure(
      InterpolationError(
        "no function matching `\(expression)`: check that the function name, arguments, and types are correct"))
  }

  /// `^truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)?$`
  private static func truncateArguments(_ s: String) -> (Int, Int)? {
    guard s.hasPrefix("truncate(") else { return nil }
    var rest = Substring(s.dropFirst("truncate(".count))
    if rest.hasSuffix(")") { rest = rest.dropLast() }
    let parts = rest.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    let a = parts[0].trimmingCharacters(in: .whitespaces)
    let b = parts[1].trimmingCharacters(in: .whitespaces)
    guard !a.isEmpty, !b.isEmpty, a.allSatisfy(\.isASCIIDigit), b.allSatisfy(\.isASCIIDigit),
      let offset = Int(a), let length = Int(b)
    else { return nil }
    return (offset, length)
  }

  /// `^split\('([^']*)'\)$`
  private static func splitSeparator(_ s: String) -> String? {
    guard s.hasPrefix("split('"), s.hasSuffix("')"), s.count >= 9 else { return nil }
    let inner = s.dropFirst(7).dropLast(2)
    return inner.contains("'") ? nil : String(inner)
  }

  /// Ruby's `Shellwords.shellescape`.
  static func shellEscape(_ s: String) -> String {
    if s.isEmpty { return "''" }
    var out = ""
    for ch in s.unicodeScalars {
      if ch == "\n" {
        out += "'\n'"
      } else if ch.isASCII, ch.properties.isAlphabetic || ("0"..."9").contains(ch) || "_-.,:+/@".unicodeScalars.contains(ch) {
        out.unicodeScalars.append(ch)
      } else if !ch.isASCII {
        out.unicodeScalars.append(ch)
      } else {
        out += "\\"
        out.unicodeScalars.append(ch)
      }
    }
    return out
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

/// An interpolation failure with GitLab's message.
struct InterpolationError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
