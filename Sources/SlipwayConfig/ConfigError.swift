import SlipwayCore
import SlipwayYAML

/// Diagnostic codes of the compiler, documented in docs/diagnostics.md.
public enum ConfigCode {
  public static let invalidFormat: DiagnosticCode = "CFG001"
  public static let includeError: DiagnosticCode = "INC001"
  public static let includeLimit: DiagnosticCode = "INC002"
  public static let includeUnresolvable: DiagnosticCode = "INC003"
  public static let includeRules: DiagnosticCode = "INC004"
  public static let inputs: DiagnosticCode = "INP001"
  public static let extendsError: DiagnosticCode = "EXT001"
  public static let referenceError: DiagnosticCode = "REF001"
  public static let defaultConflict: DiagnosticCode = "CFG002"
  public static let jobType: DiagnosticCode = "CFG003"
  public static let noVisibleJob: DiagnosticCode = "CFG004"
  public static let emptyConfig: DiagnosticCode = "CFG005"
  public static let projectConfig: DiagnosticCode = "CFG006"
}

extension Mark {
  var loc: SourceLocation { location }
}
