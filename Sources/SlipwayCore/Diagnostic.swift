/// How bad a finding is. Ordered so that `error > warning > info`.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
  case info
  case warning
  case error

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable identifier such as `YAML001`: `<AREA><NNN>`, never reused once published.
/// Every code is documented in `docs/diagnostics.md`.
public struct DiagnosticCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
  CustomStringConvertible
{
  public let rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }
  public var description: String { rawValue }
}

/// One finding, from any pass, for any reporter.
public struct Diagnostic: Hashable, Sendable, Codable {
  /// A secondary message, optionally pointing elsewhere (e.g. "inherited from .base at ci/a.yml:3:3").
  public struct Note: Hashable, Sendable, Codable {
    public var message: String
    public var location: SourceLocation?
    public init(_ message: String, at location: SourceLocation? = nil) {
      self.message = message
      self.location = location
    }
  }

  public var code: DiagnosticCode
  public var severity: Severity
  /// GitLab's wording where GitLab has one.
  public var message: String
  public var location: SourceLocation?
  public var notes: [Note]
  /// How to fix it, when there is something to say.
  public var help: String?

  public init(
    _ code: DiagnosticCode, _ severity: Severity, _ message: String, at location: SourceLocation? = nil,
    notes: [Note] = [], help: String? = nil
  ) {
    self.code = code
    self.severity = severity
    self.message = message
    self.location = location
    self.notes = notes
    self.help = help
  }

  public static func error(
    _ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, notes: [Note] = [],
    help: String? = nil
  ) -> Diagnostic {
    Diagnostic(code, .error, message, at: location, notes: notes, help: help)
  }

  public static func warning(
    _ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, notes: [Note] = [],
    help: String? = nil
  ) -> Diagnostic {
    Diagnostic(code, .warning, message, at: location, notes: notes, help: help)
  }

  public static func info(
    _ code: DiagnosticCode, _ message: String, at location: SourceLocation? = nil, notes: [Note] = [],
    help: String? = nil
  ) -> Diagnostic {
    Diagnostic(code, .info, message, at: location, notes: notes, help: help)
  }
}

extension Diagnostic {
  /// Hashes where, which code and how long a message, not every text: deduplicating thousands of
  /// findings hashed each message, help and note in full. Equality still compares every field,
  /// and diagnostics that are equal hash alike.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(code)
    hasher.combine(location)
    hasher.combine(message.utf8.count)
  }
}

extension Diagnostic: Comparable {
  /// Orders by file, line, column, then code, so output is stable across runs.
  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    let l = lhs.location
    let r = rhs.location
    if l?.file != r?.file { return (l?.file ?? "") < (r?.file ?? "") }
    if l?.line != r?.line { return (l?.line ?? 0) < (r?.line ?? 0) }
    if l?.column != r?.column { return (l?.column ?? 0) < (r?.column ?? 0) }
    if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
    return lhs.message < rhs.message
  }
}

/// A diagnostic can also be thrown where one failure stops an operation (e.g. a git command).
extension Diagnostic: Error {}
