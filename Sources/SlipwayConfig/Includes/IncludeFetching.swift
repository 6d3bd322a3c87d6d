import SlipwayCore
import SlipwayYAML

extension IncludeProcessor {
  /// Fetches one concrete include, loads and interpolates it, and resolves its own includes.
  func fetchAndLoad(_ entry: IncludeEntry, origin: FileOrigin) -> YAMLNode? {
    let location = entry.location
    func fail(_ message: String, code: DiagnosticCode = ConfigCode.includeError, help: String? = nil) -> YAMLNode? {
      appendDiagnostic(Diagnostic(code, .error, message, at: entry.mark.location, help: help))
      return nil
    }
    if case .component = entry.kind {} else if !Self.hasYAMLExtension(location) {
      return fail("Included file `\(location)` does not have YAML extension!")
    }
    var childOrigin = origin
    var componentContext: [String: YAMLNode]? = nil
    let fetched: FetchResult
    let display: String
    switch entry.kind {
    case .local(let raw):
      let path = raw.hasPrefix("/") ? String(raw.dropFirst()) : raw
      if origin.isPublic { return fail("Local file `\(raw)` does not have project!") }
      if let project = origin.project {
        fetched = source.projectFile(project: project, ref: origin.ref, path: path)
        display = "\(project)@\(origin.ref ?? "HEAD"):\(path)"
      } else {
        let bytes = prefetchedBytes(path) ?? source.localFile(path)
        fetched = bytes.map(FetchResult.content) ?? .missing("Local file `\(raw)` does not exist!")
        display = path
      }
      if case .content(let bytes) = fetched, YAMLLoader.isBlankText(bytes) {
        return fail("Local file `\(raw)` is empty!")
      }
    case .project(let project, let file, let ref):
      let path = file.hasPrefix("/") ? String(file.dropFirst()) : file
      fetched = source.projectFile(project: project, ref: ref, path: path)
      display = "\(project)@\(ref ?? "HEAD"):\(path)"
      childOrigin = FileOrigin(project: project, ref: ref, isPublic: false)
    case .remote(let url):
      fetched = source.remoteFile(url)
      display = url
      childOrigin = FileOrigin(project: nil, ref: nil, isPublic: true)
    case .template(let name):
      guard name.hasSuffix(".gitlab-ci.yml") else { return fail("Template file `\(name)` is not a valid location!") }
      fetched = source.templateFile(name)
      display = "template:\(name)"
      childOrigin = FileOrigin(project: nil, ref: nil, isPublic: true)
    case .component(let address):
      switch ComponentAddress.parse(address, serverHost: context.serverHost) {
      case .failure(let error):
        return fail(error.message)
      case .success(let component):
        let resolvedRef = source.componentRef(project: component.project, version: component.version)
        guard let ref = resolvedRef.text else { return failFetch(resolvedRef, entry) }
        let candidates = ["templates/\(component.name).yml", "templates/\(component.name)/template.yml"]
        var found: FetchResult = .missing("Component '\(address)' - content not found")
        for path in candidates {
          let r = source.projectFile(project: component.project, ref: ref, path: path)
          if case .content = r {
            found = r
            break
          }
          if case .unresolvable = r { found = r }
        }
        fetched = found
        display = "\(component.project)@\(ref):templates/\(component.name)"
        childOrigin = FileOrigin(project: component.project, ref: ref, isPublic: false)
        componentContext = [
          "name": .string(component.name, at: entry.mark), "version": .string(component.version, at: entry.mark),
          "reference": .string(component.version, at: entry.mark), "sha": .string(ref, at: entry.mark),
        ]
      }
    }
    guard case .content(let bytes) = fetched else { return failFetch(fetched, entry) }
    recordSource(display, bytes, entry)
    let loaded = FileLoader.load(
      bytes, displayPath: display, inputs: entry.inputs, component: componentContext,
      variables: childOrigin.isPublic ? [:] : context.includeVariables, options: options,
      parsed: takePrefetched(display))
    switch loaded {
    case .failure(let failure):
      var d = failure.diagnostic(wrapping: location, includedAt: entry.mark)
      if failure.isBlank { d.message = "Included file `\(location)` does not have valid YAML syntax!" }
      appendDiagnostic(d)
      return nil
    case .success(let file):
      for w in file.warnings { appendDiagnostic(w) }
      if YAMLLoader.isBlank(file.body) { return fail("Included file `\(location)` does not have valid YAML syntax!") }
      return process(file.body, origin: childOrigin)
    }
  }

  private func failFetch(_ result: FetchResult, _ entry: IncludeEntry) -> YAMLNode? {
    switch result {
    case .missing(let message):
      appendDiagnostic(.error(ConfigCode.includeError, message, at: entry.mark.location))
    case .unresolvable(let help):
      appendDiagnostic(
        .error(
          ConfigCode.includeUnresolvable, "cannot resolve include `\(entry.location)` offline", at: entry.mark.location,
          help: help))
    case .content:
      break
    }
    return nil
  }

  /// `/.+\.(yml|yaml)$/i`
  static func hasYAMLExtension(_ path: String) -> Bool {
    let lower = path.lowercased()
    return (lower.hasSuffix(".yml") && lower.count > 4) || (lower.hasSuffix(".yaml") && lower.count > 5)
  }
}

extension YAMLLoader {
  /// Ruby's `String#blank?`: empty or whitespace only.
  static func isBlankText(_ bytes: [UInt8]) -> Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
  }
}

/// `host/group/project/name@version` of `include:component`.
struct ComponentAddress {
  var project: String
  var name: String
  var version: String

  static func parse(_ address: String, serverHost: String) -> Result<ComponentAddress, ComponentError> {
    guard let at = address.lastIndex(of: "@") else {
      return .failure(ComponentError("Component '\(address)' - version is missing"))
    }
    let path = address[..<at]
    let version = String(address[address.index(after: at)...])
    var segments = path.split(separator: "/").map(String.init)
    guard segments.count >= 3 else {
      return .failure(ComponentError("Component '\(address)' - invalid component path"))
    }
    let host = segments.removeFirst()
    guard host == serverHost else {
      return .failure(ComponentError("Component '\(address)' - component path must start with '\(serverHost)' (the instance's CI_SERVER_FQDN)"))
    }
    let name = segments.removeLast()
    return .success(ComponentAddress(project: segments.joined(separator: "/"), name: name, version: version))
  }
}

struct ComponentError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
