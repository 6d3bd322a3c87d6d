import Foundation

/// A problem reading a linter's report: the gate cannot decide, so the command exits 2.
public struct GateInputError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// What `slipway gate pylint` needs from pylint's output: the score and the messages.
public struct PylintReport: Sendable, Equatable {
  public struct Message: Sendable, Equatable {
    public var type: String
    public var symbol: String
    public var messageID: String
    public var path: String
    public var line: Int
    public var text: String
  }

  public var score: Double
  public var messages: [Message]

  /// Parses `--output-format=json2` (pylint 3: messages plus statistics with the score), the
  /// older `--output-format=json` list together with the text footer (`Your code has been rated
  /// at 9.21/10`), or the text report alone.
  public static func parse(_ text: String) throws -> PylintReport {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else {
      throw GateInputError("the pylint report is empty: did pylint run (and find any module)?")
    }
    if trimmed.hasPrefix("{"), let object = jsonObject(trimmed) as? [String: Any] {
      let messages = (object["messages"] as? [[String: Any]] ?? []).map(message)
      guard let statistics = object["statistics"] as? [String: Any],
        let score = (statistics["score"] as? NSNumber)?.doubleValue
      else {
        throw GateInputError("the pylint JSON report has no statistics.score (use --output-format=json2)")
      }
      return PylintReport(score: score, messages: messages)
    }
    var messages: [Message] = []
    if trimmed.hasPrefix("["), let end = trimmed.range(of: "]", options: .backwards),
      let list = jsonObject(String(trimmed[...end.lowerBound])) as? [[String: Any]]
    {
      messages = list.map(message)
    }
    guard let score = ratedScore(trimmed) else {
      throw GateInputError(
        "no score in the pylint output: use --output-format=json2, or keep the text report's 'rated at X/10' line")
    }
    return PylintReport(score: score, messages: messages)
  }

  /// The score from `Your code has been rated at 9.21/10`.
  static func ratedScore(_ text: String) -> Double? {
    guard let range = text.range(of: "rated at ", options: .backwards) else { return nil }
    let rest = text[range.upperBound...]
    guard let slash = rest.firstIndex(of: "/") else { return nil }
    return Double(rest[..<slash])
  }

  private static func message(_ item: [String: Any]) -> Message {
    Message(
      type: item["type"] as? String ?? "unknown",
      symbol: item["symbol"] as? String ?? "",
      messageID: item["messageId"] as? String ?? item["message-id"] as? String ?? "",
      path: item["path"] as? String ?? "",
      line: (item["line"] as? NSNumber)?.intValue ?? 0,
      text: item["message"] as? String ?? "")
  }
}

/// What `slipway gate mypy` needs from mypy's output: the error lines.
public struct MypyReport: Sendable, Equatable {
  public struct Error: Sendable, Equatable, Hashable {
    public var path: String
    public var line: Int
    public var code: String
    public var message: String

    /// Identity for baselines: where and what, but not the line, which moves with edits.
    public var fingerprint: String { "\(path): [\(code)] \(message)" }
  }

  public var errors: [Error]
  /// Lines that were neither errors nor notes (e.g. a crash message), kept for the summary.
  public var unparsed: [String]

  /// Parses mypy's text output (`path:line[:col]: error: message  [code]`) or its JSON lines
  /// (`-O json`, mypy ≥ 1.11). Notes and the `Found N errors` summary are not errors.
  public static func parse(_ text: String) -> MypyReport {
    var report = MypyReport(errors: [], unparsed: [])
    for raw in text.split(whereSeparator: \.isNewline) {
      let line = String(raw).trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if line.hasPrefix("{"), let item = jsonObject(line) as? [String: Any] {
        guard item["severity"] as? String == "error" else { continue }
        report.errors.append(Error(
          path: item["file"] as? String ?? "", line: (item["line"] as? NSNumber)?.intValue ?? 0,
          code: item["code"] as? String ?? "misc", message: item["message"] as? String ?? ""))
      } else if let error = textError(line) {
        report.errors.append(error)
      } else if !line.contains(": note: "), !line.hasPrefix("Found "), !line.hasPrefix("Success: ") {
        report.unparsed.append(line)
      }
    }
    return report
  }

  static func textError(_ line: String) -> Error? {
    guard let marker = line.range(of: ": error: ") else { return nil }
    let location = line[..<marker.lowerBound].split(separator: ":")
    guard let path = location.first, location.count >= 2, let number = Int(location[1]) else { return nil }
    var message = String(line[marker.upperBound...])
    var code = "misc"
    if message.hasSuffix("]"), let open = message.range(of: "  [", options: .backwards) {
      code = String(message[open.upperBound..<message.index(before: message.endIndex)])
      message = String(message[..<open.lowerBound])
    }
    return Error(path: String(path), line: number, code: code, message: message)
  }
}

func jsonObject(_ text: String) -> Any? {
  try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}
