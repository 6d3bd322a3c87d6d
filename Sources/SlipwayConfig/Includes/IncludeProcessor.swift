import Dispatch
import Foundation
import SlipwayCore
import SlipwayYAML

/// A file that took part in the compile, for `slipway config --includes` and the Lint API's shape.
public struct IncludedFile: Sendable {
  public var type: String
  public var location: String
  /// The path diagnostics use for this file (also the key in `CompileResult.sources`).
  public var displayPath: String
  public var includedAt: SourceLocation?
}

/// Where a file came from, which decides how its own includes resolve (GitLab `External::Context`).
struct FileOrigin {
  /// nil: the project being compiled.
  var project: String?
  var ref: String?
  /// Remote and template files have no project: nested `local` includes fail, variables are unavailable.
  var isPublic = false
}

/// Resolves `include:` recursively (GitLab `External::Processor` and `Mapper`): each file is loaded
/// and interpolated on its own, its includes resolved depth-first, then deep-merged in order, the
/// including file last.
final class IncludeProcessor {
  /// `Gitlab::Ci::Config::External::Context` default `max_includes` (15.10+, duplicates count).
  static let maxIncludes = 150

  let source: IncludeSource
  let context: CompileContext
  let options: CompilerOptions
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var included: [IncludedFile] = []
  private(set) var sources: [String: [UInt8]] = [:]
  private var count = 0
  private let deadline: Date
  /// Local files read and parsed ahead of time, in parallel, by display path.
  private var prefetched: [String: (bytes: [UInt8], parsed: Result<LoadedYAML, YAMLLoadError>)] = [:]
  private var limitReached = false

  init(source: IncludeSource, context: CompileContext, options: CompilerOptions) {
    self.source = source
    self.context = context
    self.options = options
    deadline = Date().addingTimeInterval(options.timeout)
  }

  /// Resolves the includes of `content` (a file's body) and returns the merged mapping without `include`.
  func process(_ content: YAMLNode, origin: FileOrigin) -> YAMLNode {
    guard let includeNode = content["include"] else { return content }
    let normalized = IncludeNormalizer.entries(includeNode)
    if origin.project == nil && !origin.isPublic { prefetch(normalized) }
    var merged = MappingAccumulator()
    for result in normalized {
      if limitReached { break }
      switch result {
      case .failure(let failure):
        report(ConfigCode.includeError, failure.message, failure.mark)
      case .success(let entries):
        for entry in entries {
          if limitReached { break }
          for body in resolve(entry, origin: origin) {
            if case .mapping(let pairs) = body.content { merged.merge(pairs) }
          }
        }
      }
    }
    let own = content.removing("include")
    guard case .mapping(let ownPairs) = own.content else { return own }
    merged.merge(ownPairs)
    return YAMLNode(.mapping(merged.pairs), tag: own.tag, mark: own.mark)
  }

  func takePrefetched(_ display: String) -> Result<LoadedYAML, YAMLLoadError>? {
    prefetched.removeValue(forKey: display)?.parsed
  }

  /// The bytes of a prefetched local file, so it is not read a second time.
  func prefetchedBytes(_ path: String) -> [UInt8]? { prefetched[path]?.bytes }

  /// Reads and parses the plain local includes of one file on all cores; resolving, interpolating
  /// and merging stay sequential and in order.
  private func prefetch(_ normalized: [Result<[IncludeEntry], IncludeFailure>]) {
    var paths: [String] = []
    for case .success(let entries) in normalized {
      for entry in entries where entry.rules == nil {
        guard case .local(let raw) = entry.kind, !raw.contains("$") else { continue }
        let relative = raw.hasPrefix("/") ? String(raw.dropFirst()) : raw
        if relative.contains("*") {
          let pattern = WildcardPath(relative)
          paths += source.localFiles(under: WildcardPath.literalFolder(of: relative)).filter(pattern.matches)
        } else {
          paths.append(relative)
        }
      }
    }
    let wanted = Array(Set(paths)).filter { prefetched[$0] == nil && Self.hasYAMLExtension($0) }.sorted()
    guard wanted.count > 1 else { return }
    let source = self.source
    let options = self.options
    let results = Concurrently.map(wanted.count) { i -> ([UInt8], Result<LoadedYAML, YAMLLoadError>)? in
      guard let bytes = source.localFile(wanted[i]), !YAMLLoader.isBlankText(bytes) else { return nil }
      return (bytes, FileLoader.parse(bytes, displayPath: wanted[i], options: options))
    }
    for (i, path) in wanted.enumerated() {
      if let result = results[i] { prefetched[path] = result }
    }
  }

  func appendDiagnostic(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  func recordSource(_ display: String, _ bytes: [UInt8], _ entry: IncludeEntry) {
    sources[display] = bytes
    included.append(IncludedFile(type: entry.typeName, location: entry.location, displayPath: display, includedAt: entry.mark.location))
  }

  private func report(_ code: DiagnosticCode, _ message: String, _ mark: Mark, notes: [Diagnostic.Note] = [], help: String? = nil) {
    diagnostics.append(Diagnostic(code, .error, message, at: mark.location, notes: notes, help: help))
  }

  /// Variables usable in `include` (project, pipeline and pre-pipeline predefined variables).
  private func variables(for origin: FileOrigin) -> [String: String] {
    origin.isPublic ? [:] : context.includeVariables
  }

  /// Filters by `rules`, expands variables and wildcards, then fetches and processes each file.
  private func resolve(_ entry: IncludeEntry, origin: FileOrigin) -> [YAMLNode] {
    let vars = variables(for: origin)
    if let rules = entry.rules {
      switch IncludeRules.evaluate(rules, context: context, variables: vars, source: source, options: options) {
      case .failure(let failure):
        report(ConfigCode.includeRules, failure.message, failure.mark)
        return []
      case .success(false):
        return []
      case .success(true):
        break
      }
    }
    var entry = entry
    entry.kind = expandVariables(entry.kind, vars)
    var results: [YAMLNode] = []
    for concrete in expandWildcards(entry, origin: origin) {
      count += 1
      if Date() > deadline {
        limitReached = true
        report(ConfigCode.includeLimit, "Resolving config took longer than expected", concrete.mark)
        return results
      }
      if count > Self.maxIncludes {
        limitReached = true
        report(ConfigCode.includeLimit, "Maximum of \(Self.maxIncludes) nested includes are allowed!", concrete.mark)
        return results
      }
      if let body = fetchAndLoad(concrete, origin: origin) { results.append(body) }
    }
    return results
  }

  private func expandVariables(_ kind: IncludeEntry.Kind, _ vars: [String: String]) -> IncludeEntry.Kind {
    func x(_ s: String) -> String { VariableExpansion.expandExisting(s, vars) }
    switch kind {
    case .local(let p): return .local(x(p))
    case .project(let project, let file, let ref): return .project(project: x(project), file: x(file), ref: ref.map(x))
    case .remote(let u): return .remote(x(u))
    case .template(let t): return .template(x(t))
    case .component(let c): return .component(x(c))
    }
  }

  /// `include:local` (and `project:file`) wildcards: `*` stays in one folder, `**` crosses folders.
  private func expandWildcards(_ entry: IncludeEntry, origin: FileOrigin) -> [IncludeEntry] {
    let path: String
    switch entry.kind {
    case .local(let p): path = p
    case .project(_, let f, _): path = f
    default: return [entry]
    }
    guard path.contains("*") else { return [entry] }
    let relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
    let pattern = WildcardPath(relative)
    let files: [String]
    switch (entry.kind, origin.project) {
    case (.local, nil): files = source.localFiles(under: WildcardPath.literalFolder(of: relative))
    case (.local, let project?): files = source.projectFiles(project: project, ref: origin.ref)
    case (.project(let project, _, let ref), _): files = source.projectFiles(project: project, ref: ref)
    default: files = []
    }
    return files.filter(pattern.matches).map { file in
      var e = entry
      switch entry.kind {
      case .project(let project, _, let ref): e.kind = .project(project: project, file: file, ref: ref)
      default: e.kind = .local(file)
      }
      return e
    }
  }
}
