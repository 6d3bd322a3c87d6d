import Foundation

/// What `slipway init` writes into a service: a `.gitlab-ci.yml` that includes a preset (or a
/// component) from the central project, and a `.slipway.yml` for offline lint and plan.
public struct ServiceScaffold: Sendable {
  /// The classic presets under `presets/` (include:project).
  public static let presets = ["python", "python-postgres", "pypi", "pypi-poetry", "docker-build", "frontend"]
  /// The components under `templates/` (include:component).
  public static let components = [
    "vars-check", "docker-build", "python-test", "python-lint", "sonar", "semver", "pypi", "frontend",
  ]

  public enum Choice: Sendable, Equatable {
    case preset(String)
    case component(String)
  }

  public var choice: Choice
  /// Path of the central project, e.g. `platform/slipway`.
  public var centralProject: String
  /// Tag or branch of the central project; components need a version (tag, `~latest`).
  public var ref: String
  /// The service's own project path and default branch, for `.slipway.yml`.
  public var servicePath: String
  public var defaultBranch: String
  /// Where a checkout of the central project lives, relative to the service (offline includes).
  public var centralCheckout: String?
  /// Group variables file to include (`project` + `file`), the talk's public variables.
  public var groupVariables: (project: String, file: String)?

  public init(
    choice: Choice, centralProject: String = "platform/slipway", ref: String = "v1.0.0",
    servicePath: String = "group/service", defaultBranch: String = "main", centralCheckout: String? = nil,
    groupVariables: (project: String, file: String)? = nil
  ) {
    self.choice = choice
    self.centralProject = centralProject
    self.ref = ref
    self.servicePath = servicePath
    self.defaultBranch = defaultBranch
    self.centralCheckout = centralCheckout
    self.groupVariables = groupVariables
  }

  /// An unknown preset or component name, with the valid ones.
  public func validate() throws {
    switch choice {
    case .preset(let name) where !Self.presets.contains(name):
      throw ScaffoldError("unknown preset `\(name)`; presets: \(Self.presets.joined(separator: ", "))")
    case .component(let name) where !Self.components.contains(name):
      throw ScaffoldError("unknown component `\(name)`; components: \(Self.components.joined(separator: ", "))")
    default: break
    }
  }

  /// The service's `.gitlab-ci.yml`.
  public func pipeline() -> String {
    var lines = ["# CI/CD for \(servicePath), from Slipway's central templates (\(centralProject))."]
    switch choice {
    case .preset(let name):
      lines += [
        "# Preset `\(name)`: see the header of presets/\(name).yml and docs/templates/ for the jobs and",
        "# the variables that tune them (set them under `variables:` below).",
        "include:",
        "  - project: \(centralProject)",
      ]
      if !ref.isEmpty { lines.append("    ref: \(ref)") }
      lines.append("    file: presets/\(name).yml")
    case .component(let name):
      lines += [
        "# Component `\(name)`: see docs/templates/\(name).md for its inputs.",
        "include:",
        "  - local: .slipway-stages.yml",
        "  - component: $CI_SERVER_FQDN/\(centralProject)/\(name)@\(ref.hasPrefix("v") ? String(ref.dropFirst()) : ref)",
      ]
    }
    if let groupVariables {
      lines += [
        "  # The group's public variables (Sonar URL, proxies, …), as the talk recommends.",
        "  - project: \(groupVariables.project)",
        "    file: \(groupVariables.file)",
      ]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Stages for a component-based pipeline (presets bring their own).
  public func stagesFile() -> String? {
    guard case .component = choice else { return nil }
    return "# Stages the Slipway components use by default.\nstages: [build, test, publish, deploy]\n"
  }

  /// The service's `.slipway.yml`.
  public func settings() -> String {
    var lines = [
      "# Slipway settings for offline `slipway lint`, `config` and `plan`.",
      "project:",
      "  path: \(servicePath)",
      "  default_branch: \(defaultBranch)",
      "includes:",
      "  projects:",
      "    # A local checkout of the central project; a `ref:` is read with `git show`.",
      "    \(centralProject): \(centralCheckout ?? "../" + (centralProject.split(separator: "/").last.map(String.init) ?? "slipway"))",
    ]
    if let groupVariables, groupVariables.project != centralProject {
      lines.append("    \(groupVariables.project): ../\(groupVariables.project.split(separator: "/").last ?? "ci-settings")")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The files to write, relative to the service folder.
  public func files() -> [(path: String, contents: String)] {
    var result = [(".gitlab-ci.yml", pipeline()), (".slipway.yml", settings())]
    if let stages = stagesFile() { result.insert((".slipway-stages.yml", stages), at: 1) }
    return result
  }

  /// Writes the files into `directory`; refuses to replace an existing file unless `force`.
  @discardableResult
  public func write(into directory: String, force: Bool) throws -> [String] {
    try validate()
    let manager = FileManager.default
    let files = files()
    if !force {
      let existing = files.map(\.path).filter { manager.fileExists(atPath: directory + "/" + $0) }
      if !existing.isEmpty {
        throw ScaffoldError("\(existing.joined(separator: ", ")) already exists in \(directory); use --force to overwrite")
      }
    }
    try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for file in files {
      try Data(file.contents.utf8).write(to: URL(fileURLWithPath: directory + "/" + file.path))
    }
    return files.map(\.path)
  }
}

/// Why `slipway init` refused.
public struct ScaffoldError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
