import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// Everything a rule may read: the compile result, the normalised jobs, the project's lint settings.
/// Built once per lint; rules never re-parse the configuration.
public struct LintContext: Sendable {
  public var result: CompileResult
  public var root: YAMLNode
  public var jobs: [NormalizedJob]
  public var configuration: LintConfiguration
  /// Names defined by the configuration's global `variables:`.
  public var globalVariables: Set<String>
  /// Where external programs (ShellCheck) are run; nil disables such rules.
  public var processRunner: ProcessRunner?

  public init(
    result: CompileResult, root: YAMLNode, jobs: [NormalizedJob], configuration: LintConfiguration,
    processRunner: ProcessRunner? = nil
  ) {
    self.result = result
    self.root = root
    self.jobs = jobs
    self.configuration = configuration
    self.processRunner = processRunner
    globalVariables = Set((root["variables"]?.mapping ?? []).compactMap(\.key.keyName))
  }

  /// Jobs by name.
  public var jobsByName: [String: NormalizedJob] {
    Dictionary(jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The raw text of a source file, for comment-aware rules.
  public func sourceText(_ path: String) -> String? {
    result.sources[path].map { String(decoding: $0, as: UTF8.self) }
  }
}
