import SlipwayCore
import SlipwayYAML

/// A loaded CI file: its optional `spec:` header and its interpolated body.
struct LoadedFile {
  var header: YAMLNode?
  var body: YAMLNode
  var warnings: [Diagnostic]
  var specs: [InputSpec]
}

/// Why a file could not be loaded, with GitLab's message and where it points.
struct FileLoadFailure: Error {
  var message: String
  var location: SourceLocation?
  var code: DiagnosticCode
  /// The file has no content at all (GitLab: "does not have valid YAML syntax" for includes).
  var isBlank = false

  /// As an include error: GitLab prefixes the included file's location.
  func diagnostic(wrapping location: String, includedAt: Mark) -> Diagnostic {
    Diagnostic(
      code, .error, "`\(location)`: \(message)", at: self.location ?? includedAt.location,
      notes: self.location == nil ? [] : [.init("included here", at: includedAt.location)])
  }

  var diagnostic: Diagnostic { Diagnostic(code, .error, message, at: location) }
}

/// Loads one file as GitLab's `Config::Yaml::Loader` does: a `spec:` header document (optional), the
/// body, inputs validated against the header and interpolated into the body.
enum FileLoader {
  static func load(
    _ bytes: [UInt8], displayPath: String, inputs: [YAMLPair], component: [String: YAMLNode]?,
    variables: [String: String], options: CompilerOptions, parsed: Result<LoadedYAML, YAMLLoadError>? = nil
  ) -> Result<LoadedFile, FileLoadFailure> {
    let loaded: LoadedYAML
    switch parsed ?? parse(bytes, displayPath: displayPath, options: options) {
    case .success(let l): loaded = l
    case .failure(let error):
      return .failure(FileLoadFailure(message: error.message, location: error.location, code: error.code))
    }
    let documents = loaded.documents
    guard let last = documents.last else {
      return .failure(FileLoadFailure(message: "Invalid configuration format", location: nil, code: ConfigCode.invalidFormat, isBlank: true))
    }
    for document in documents where !(document.root?.isMapping ?? false) {
      return .failure(
        FileLoadFailure(
          message: "Invalid configuration format",
          location: document.root?.mark.location ?? SourceLocation(file: displayPath, line: document.startLine, column: 1),
          code: ConfigCode.invalidFormat, isBlank: document.root == nil))
    }
    let header = documents.count > 1 && documents[0].root?["spec"] != nil ? documents[0].root : nil
    guard let body = last.root else {
      return .failure(FileLoadFailure(message: "Invalid configuration format", location: nil, code: ConfigCode.invalidFormat, isBlank: true))
    }
    guard let header else {
      if !inputs.isEmpty {
        return .failure(
          FileLoadFailure(
            message: "Given inputs not defined in the `spec` section of the included configuration file",
            location: nil, code: ConfigCode.inputs))
      }
      return .success(LoadedFile(header: nil, body: body, warnings: loaded.warnings, specs: []))
    }
    let parsed = InputsValidator.parseSpecs(header)
    if !parsed.errors.isEmpty { return inputFailure(parsed.errors, header) }
    let resolved = InputsValidator.resolve(specs: parsed.specs, given: inputs, regexMatcher: options.regexMatcher)
    if !resolved.errors.isEmpty { return inputFailure(resolved.errors, header) }
    var scopes: [String: [String: YAMLNode]] = ["inputs": resolved.values]
    if let component { scopes["component"] = component }
    var interpolator = Interpolator(context: scopes, variables: variables)
    guard let interpolated = interpolator.interpolate(body) else {
      return inputFailure(interpolator.errors, body)
    }
    return .success(LoadedFile(header: header, body: interpolated, warnings: loaded.warnings, specs: parsed.specs))
  }

  /// The YAML stage alone (no inputs): pure, so included files can be parsed in parallel.
  static func parse(_ bytes: [UInt8], displayPath: String, options: CompilerOptions) -> Result<LoadedYAML, YAMLLoadError> {
    do {
      return .success(try YAMLLoader.loadDocuments(bytes, file: SourceFile(path: displayPath), options: options.yaml))
    } catch {
      return .failure(error)
    }
  }

  /// GitLab surfaces at most three interpolation errors, joined with ", ".
  private static func inputFailure(_ errors: [String], _ at: YAMLNode) -> Result<LoadedFile, FileLoadFailure> {
    .failure(
      FileLoadFailure(message: errors.prefix(3).joined(separator: ", "), location: at.mark.location, code: ConfigCode.inputs))
  }
}
