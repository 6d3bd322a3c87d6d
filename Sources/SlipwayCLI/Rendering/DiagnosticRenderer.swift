import Foundation
import SlipwayCore

/// Renders diagnostics as compiler-style text with a source line and caret, or as JSON.
public struct DiagnosticRenderer {
  public var useColor: Bool
  /// Looks up a file's bytes by the path a diagnostic names (for the source snippet).
  public var source: (String) -> [UInt8]?

  public init(useColor: Bool, source: @escaping (String) -> [UInt8]? = { LocalFileSystem().contents(atPath: $0) }) {
    self.useColor = useColor
    self.source = source
  }

  private func paint(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  private func colorCode(_ severity: Severity) -> String {
    switch severity {
    case .error: "1;31"
    case .warning: "1;33"
    case .info: "1;36"
    }
  }

  /// `file:line:col: error[CODE]: message`, the source line, a caret, notes and help.
  public func text(_ d: Diagnostic) -> String {
    var out = ""
    if let l = d.location { out += paint("\(l.file):\(l.line):\(l.column):", "1") + " " }
    out += paint("\(d.severity.rawValue)[\(d.code.rawValue)]:", colorCode(d.severity)) + " "
    out += paint(d.message, "1") + "\n"
    if let l = d.location, let snippet = snippet(l) { out += snippet }
    for note in d.notes {
      out += "  = " + paint("note:", "1;36") + " " + note.message
      if let l = note.location { out += " (\(l.file):\(l.line):\(l.column))" }
      out += "\n"
    }
    if let help = d.help { out += "  = " + paint("help:", "1;32") + " " + help + "\n" }
    return out
  }

  private func snippet(_ l: SourceLocation) -> String? {
    guard l.line >= 1, let bytes = source(l.file) else { return nil }
    var lineNumber = 1
    var start = 0
    var i = 0
    while i < bytes.count, lineNumber < l.line {
      if bytes[i] == 0x0A {
        lineNumber += 1
        start = i + 1
      }
      i += 1
    }
    guard lineNumber == l.line else { return nil }
    var end = start
    while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
    let line = String(decoding: bytes[start..<end], as: UTF8.self)
    let gutter = String(l.line)
    let pad = String(repeating: " ", count: gutter.count)
    let prefix = String(line.unicodeScalars.prefix(max(0, l.column - 1)).map { $0 == "\t" ? "\t" : " " })
    return " \(pad) |\n \(gutter) | \(line)\n \(pad) | \(prefix)\(paint("^", "1;32"))\n"
  }

  /// Text for a whole run, with a closing summary line.
  public func text(_ diagnostics: [Diagnostic]) -> String {
    var out = diagnostics.map { text($0) }.joined(separator: "\n")
    let errors = diagnostics.count { $0.severity == .error }
    let warnings = diagnostics.count { $0.severity == .warning }
    if !diagnostics.isEmpty { out += "\n" }
    out += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
    return out
  }

  /// `jsonDocument(diagnostics).rendered(pretty: true)` as bytes, the diagnostics written on every
  /// core (a lint of thousands of jobs reports thousands of findings).
  public static func prettyJSONBytes(_ diagnostics: [Diagnostic]) -> [UInt8] {
    let parts = Concurrently.flatMapChunks(diagnostics.count, minimumSize: 256) { range in
      range.map { index -> [UInt8] in
        // Two containers are open where each diagnostic goes: the document and `diagnostics`.
        var writer = JSONWriter(pretty: true, depth: 2)
        writer.value(diagnostics[index].json)
        return writer.bytes
      }
    }
    var writer = JSONWriter(pretty: true, capacity: parts.reduce(64) { $0 + $1.count + 8 })
    writer.beginObject()
    writer.key("diagnostics")
    writer.beginArray()
    for element in parts { writer.element(written: element) }
    writer.endArray()
    writer.key("summary")
    writer.value(summary(diagnostics))
    writer.endObject()
    return writer.bytes
  }

  private static func summary(_ diagnostics: [Diagnostic]) -> JSONValue {
    let errors = diagnostics.count { $0.severity == .error }
    let warnings = diagnostics.count { $0.severity == .warning }
    return .object([("errors", .int(errors)), ("warnings", .int(warnings))])
  }

  /// `{"diagnostics":[…],"summary":{"errors":N,"warnings":N}}`
  public static func jsonDocument(_ diagnostics: [Diagnostic], extra: [(String, JSONValue)] = []) -> JSONValue {
    .object(extra + [("diagnostics", .array(diagnostics.map(\.json))), ("summary", summary(diagnostics))])
  }
}
