import Foundation
import SlipwayCore
import SlipwayRelease
import SlipwayYAML

/// Reads the `version:` section of `.slipway.yml` into a `VersionConfiguration`.
///
/// Keys (all optional): `strategy`, `tag_prefix`, `paths`, `branches` (prefix → major|minor|patch,
/// replacing the default map), `initial_version`, `major_version_zero`, `conventional`
/// (`minor: [feat]`, `patch: [fix, perf]`), `preview_format`, `default_branch`,
/// `environment_tag`, `remote`, `token_variable`, `token_user`, `deepen_step`, `fetch`.
enum VersionConfigurationLoader {
  static func load(path: String, into configuration: inout VersionConfiguration) -> [Diagnostic] {
    guard let bytes = LocalFileSystem().contents(atPath: path) else { return [] }
    let root: YAMLNode?
    do {
      root = try YAMLLoader.load(bytes, file: SourceFile(path: path)).root
    } catch {
      return [error.diagnostic]
    }
    guard let section = root?["version"], !section.isNull else { return [] }
    guard let pairs = section.mapping else {
      return [bad(section, "version: must be a mapping")]
    }
    var diagnostics: [Diagnostic] = []
    for pair in pairs {
      let key = pair.key.keyName ?? ""
      let value = pair.value
      switch key {
      case "strategy":
        if let strategy = value.string.flatMap(VersionStrategy.init(rawValue:)) {
          configuration.strategy = strategy
        } else {
          diagnostics.append(bad(value, "version.strategy must be merge-branch, conventional or auto"))
        }
      case "tag_prefix": configuration.tagPrefix = scalarText(value) ?? ""
      case "paths": configuration.paths = strings(value)
      case "branches":
        var map: [String: Bump] = [:]
        for entry in value.mapping ?? [] {
          guard let prefix = entry.key.keyName, let bump = entry.value.string.flatMap(Bump.init(rawValue:))
          else {
            diagnostics.append(bad(entry.value, "version.branches values must be major, minor or patch"))
            continue
          }
          map[prefix] = bump
        }
        configuration.branchBumps = map
      case "initial_version":
        if let version = scalarText(value).flatMap({ SemanticVersion($0) }) {
          configuration.initialVersion = version
        } else {
          diagnostics.append(bad(value, "version.initial_version must be a semantic version such as 1.0.0"))
        }
      case "major_version_zero":
        configuration.majorVersionZero = flag(value) ?? configuration.majorVersionZero
      case "conventional":
        if let minor = value["minor"] { configuration.minorTypes = Set(strings(minor)) }
        if let patch = value["patch"] { configuration.patchTypes = Set(strings(patch)) }
      case "preview_format": configuration.previewFormat = scalarText(value) ?? configuration.previewFormat
      case "default_branch": configuration.defaultBranch = scalarText(value)
      case "environment_tag":
        configuration.environmentTagFormat = scalarText(value) ?? configuration.environmentTagFormat
      case "remote": configuration.remote = scalarText(value) ?? configuration.remote
      case "token_variable": configuration.tokenVariable = scalarText(value) ?? configuration.tokenVariable
      case "token_user": configuration.tokenUser = scalarText(value) ?? configuration.tokenUser
      case "deepen_step":
        if case .int(let step)? = value.scalar?.value, step > 0 { configuration.deepenStep = step }
      case "fetch": configuration.allowFetch = flag(value) ?? configuration.allowFetch
      default:
        diagnostics.append(
          Diagnostic(
            ReleaseCode.invalidConfiguration, .warning, "unknown key version.\(key)",
            at: pair.key.mark.location))
      }
    }
    return diagnostics
  }

  private static func scalarText(_ node: YAMLNode) -> String? { node.isNull ? nil : node.scalar?.text }

  private static func strings(_ node: YAMLNode) -> [String] {
    if let items = node.sequence { return items.compactMap(scalarText) }
    return scalarText(node).map { [$0] } ?? []
  }

  private static func flag(_ node: YAMLNode) -> Bool? {
    if case .bool(let value)? = node.scalar?.value { return value }
    return nil
  }

  private static func bad(_ node: YAMLNode, _ message: String) -> Diagnostic {
    .error(ReleaseCode.invalidConfiguration, message, at: node.mark.location)
  }
}
