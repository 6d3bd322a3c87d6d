/// A JSON value with ordered object keys, so output is stable and diffable.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.rendered() == rhs.rendered()
  }

  /// Compact (`pretty: false`) or two-space indented text.
  public func rendered(pretty: Bool = false) -> String {
    var writer = JSONWriter(pretty: pretty)
    writer.value(self)
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  /// A double as JSON: integral values without a fraction, non-finite ones as `null`.
  static func numberText(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
  }
}

extension Diagnostic {
  /// The JSON shape every Slipway command uses for a diagnostic.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("code", .string(code.rawValue)),
      ("severity", .string(severity.rawValue)),
      ("message", .string(message)),
      ("file", location.map { .string($0.file) } ?? .null),
      ("line", location.map { .int($0.line) } ?? .null),
      ("column", location.map { .int($0.column) } ?? .null),
    ]
    if !notes.isEmpty {
      members.append(
        (
          "notes",
          .array(
            notes.map { note in
              .object([
                ("message", .string(note.message)),
                ("file", note.location.map { .string($0.file) } ?? .null),
                ("line", note.location.map { .int($0.line) } ?? .null),
                ("column", note.location.map { .int($0.column) } ?? .null),
              ])
            })
        ))
    }
    if let help { members.append(("help", .string(help))) }
    return .object(members)
  }
}
