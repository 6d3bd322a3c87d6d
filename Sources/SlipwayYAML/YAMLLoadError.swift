import SlipwayCore

/// Why a YAML document could not be loaded at all. Messages are GitLab's.
public struct YAMLLoadError: Error, Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// Psych's syntax error. GitLab's message cites libyaml's *context* mark; `location` is the
    /// *problem* mark, which is where the mistake is.
    case syntax
    /// Raw size over the limit, checked before parsing.
    case providedTooBig
    /// Alias expansion or nesting depth over the limit.
    case parsedTooBig
    /// The root is not a mapping.
    case invalidFormat
    /// A plain scalar Psych types as a class `safe_load` refuses (dates, times).
    case disallowedClass
  }

  public var kind: Kind
  public var message: String
  public var location: SourceLocation?

  public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
    self.kind = kind
    self.message = message
    self.location = location
  }

  /// Stable diagnostic codes, documented in docs/diagnostics.md.
  public var code: DiagnosticCode {
    switch kind {
    case .syntax: "YAML001"
    case .providedTooBig: "YAML002"
    case .parsedTooBig: "YAML003"
    case .invalidFormat: "YAML004"
    case .disallowedClass: "YAML006"
    }
  }

  public var diagnostic: Diagnostic { .error(code, message, at: location) }

  static let providedTooBigMessage = "The provided YAML is too big"
  static let parsedTooBigMessage = "The parsed YAML is too big"
  static let invalidFormatMessage = "Invalid configuration format"
}
