import SlipwayCore
import SlipwayYAML

/// Slipway's per-project configuration, `.slipway.yml` at the project root.
///
/// ```yaml
/// project:
///   path: platform/payments        # CI_PROJECT_PATH
///   default_branch: main
///   server: gitlab.example.com     # CI_SERVER_FQDN, for include:component
/// includes:
///   projects:                      # include:project / component → local checkout
///     platform/ci-templates: ../ci-templates
///   templates: vendor/gitlab-templates   # include:template
///   remote_cache: .slipway/remote        # include:remote, as <cache>/<host>/<path>
/// variables: {DEPLOY_ENV: dev}     # project/group variables known offline
/// variables_files: [group-vars.yml]
/// ```
public struct ProjectSettings: Sendable {
  public static let fileName = ".slipway.yml"

  public var projectPath = "group/project"
  public var defaultBranch = "main"
  public var serverHost = "gitlab.com"
  public var projectCheckouts: [String: String] = [:]
  public var templatesDirectory: String?
  public var remoteCache = ".slipway/remote"
  public var variables: [String: String] = [:]
  public var variablesFiles: [String] = []
  /// The raw document, for sections other modules own (`version:`, `lint:`).
  public var raw: YAMLNode?

  public init() {}

  /// Reads `.slipway.yml` from `root`; a missing file gives the defaults.
  public static func load(root: String, fileSystem: FileSystem = LocalFileSystem()) -> (ProjectSettings, [Diagnostic]) {
    var settings = ProjectSettings()
    let path = root == "." ? fileName : root + "/" + fileName
    guard let bytes = fileSystem.contents(atPath: path) else { return (settings, []) }
    let file = SourceFile(path: fileName)
    let root: YAMLNode?
    do {
      root = try YAMLLoader.load(bytes, file: file).root
    } catch {
      return (settings, [error.diagnostic])
    }
    guard let root, root.isMapping else {
      return (settings, root == nil ? [] : [.error(ConfigCode.projectConfig, "\(fileName) should be a mapping", at: root?.mark.location)])
    }
    settings.raw = root
    if let project = root["project"] {
      settings.projectPath = project["path"]?.rubyString ?? settings.projectPath
      settings.defaultBranch = project["default_branch"]?.rubyString ?? settings.defaultBranch
      settings.serverHost = project["server"]?.rubyString ?? settings.serverHost
    }
    if let includes = root["includes"] {
      for pair in includes["projects"]?.mapping ?? [] {
        if let name = pair.key.keyName, let dir = pair.value.rubyString { settings.projectCheckouts[name] = dir }
      }
      settings.templatesDirectory = includes["templates"]?.rubyString
      settings.remoteCache = includes["remote_cache"]?.rubyString ?? settings.remoteCache
    }
    for pair in root["variables"]?.mapping ?? [] {
      if let name = pair.key.keyName, let value = pair.value.rubyString { settings.variables[name] = value }
    }
    settings.variablesFiles = root["variables_files"]?.sequence?.compactMap(\.rubyString) ?? []
    return (settings, [])
  }

  /// The default context for this project: a push to its default branch.
  public func defaultContext(extraVariables: [String: String] = [:]) -> CompileContext {
    CompileContext.defaultPush(
      projectPath: projectPath, defaultBranch: defaultBranch, serverHost: serverHost,
      extra: variables.merging(extraVariables) { _, new in new })
  }
}
