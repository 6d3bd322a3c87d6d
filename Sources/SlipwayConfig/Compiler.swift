import SlipwayCore
import SlipwayYAML

/// The result of a compile: GitLab's `merged_yaml` (after includes, extends and references), the
/// files involved, and every diagnostic.
public struct CompileResult: Sendable {
  /// The merged configuration; nil when the main file could not be loaded at all.
  public var merged: YAMLNode?
  public var diagnostics: [Diagnostic]
  public var includes: [IncludedFile]
  /// Bytes of every file read, by display path (for source snippets).
  public var sources: [String: [UInt8]]
  /// The main file's `spec:inputs`, when it has a header.
  public var inputSpecs: [InputSpec]
  /// The trees that earlier passes replaced, kept so that their nodes are freed with the result
  /// (never, in a command that exits right after) rather than in the middle of the compile.
  public var replacedTrees: [YAMLNode] = []

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Compiles a `.gitlab-ci.yml` offline, in GitLab's order (`Gitlab::Ci::Config#build_config`):
/// load → includes → extends → `!reference` → `.pre`/`.post`.
public struct Compiler: Sendable {
  public var source: IncludeSource
  public var context: CompileContext
  public var options: CompilerOptions

  public init(source: IncludeSource, context: CompileContext, options: CompilerOptions) {
    self.source = source
    self.context = context
    self.options = options
  }

  /// Compiles the project file at `path` (relative to the project root).
  public func compile(path: String, inputs: [YAMLPair] = []) -> CompileResult {
    guard let bytes = source.localFile(path) else {
      let d = Diagnostic.error(ConfigCode.emptyConfig, "Please provide content of \(path)", at: nil)
      return CompileResult(merged: nil, diagnostics: [d], includes: [], sources: [:], inputSpecs: [])
    }
    return compile(bytes: bytes, displayPath: path, inputs: inputs)
  }

  public func compile(bytes: [UInt8], displayPath: String, inputs: [YAMLPair] = []) -> CompileResult {
    var diagnostics: [Diagnostic] = []
    func finish(
      _ merged: YAMLNode?, _ processor: IncludeProcessor?, specs: [InputSpec] = [], replaced: [YAMLNode] = []
    ) -> CompileResult {
      var sources = processor?.sources ?? [:]
      sources[displayPath] = bytes
      return CompileResult(
        merged: merged, diagnostics: diagnostics + (processor?.diagnostics ?? []), includes: processor?.included ?? [],
        sources: sources, inputSpecs: specs, replacedTrees: replaced)
    }
    if YAMLLoader.isBlankText(bytes) {
      diagnostics.append(.error(ConfigCode.emptyConfig, "Please provide content of \(displayPath)", at: nil))
      return finish(nil, nil)
    }
    let loaded = FileLoader.load(
      bytes, displayPath: displayPath, inputs: inputs, component: nil, variables: context.includeVariables,
      options: options)
    let file: LoadedFile
    switch loaded {
    case .failure(let failure):
      diagnostics.append(failure.diagnostic)
      return finish(nil, nil)
    case .success(let f):
      file = f
    }
    diagnostics += file.warnings
    // 2. includes
    let processor = IncludeProcessor(source: source, context: context, options: options)
    let included = processor.process(file.body, origin: FileOrigin())
    let total = processor.sources.values.reduce(bytes.count) { $0 + $1.count }
    if total > options.maxTotalBytes {
      diagnostics.append(.error(ConfigCode.includeLimit, "Total size of combined CI/CD configuration is too big", at: nil))
    }
    // 3. extends
    let (extended, extendErrors) = ExtendsPass.run(included)
    diagnostics += extendErrors
    // 4. !reference
    let (referenced, referenceErrors) = ReferencePass.run(extended)
    diagnostics += referenceErrors
    // 5. .pre/.post
    let merged = EdgeStagesPass.run(referenced)
    return finish(merged, processor, specs: file.specs, replaced: [file.body, included, extended, referenced])
  }
}
