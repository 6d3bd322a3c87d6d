import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayTemplates

/// `slipway init`: point a service at a preset (or a component) of the central project.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write a service's .gitlab-ci.yml and .slipway.yml from a Slipway preset or component.",
    discussion: """
      Presets: \(ServiceScaffold.presets.joined(separator: ", ")).
      Components: \(ServiceScaffold.components.joined(separator: ", ")).
      Existing files are left alone unless --force is given. Afterwards `slipway lint` and
      `slipway plan` work offline once --central-checkout points at a checkout of the central project.
      """)

  @Option(help: "Preset to include (include:project; default python).")
  var preset: String?

  @Option(help: "Component to include instead of a preset (include:component).")
  var component: String?

  @Option(name: .customLong("project"), help: "Path of the central project.")
  var centralProject = "platform/slipway"

  @Option(help: "Tag or branch of the central project (components take the version without v).")
  var ref = "v1.0.0"

  @Option(name: .customLong("service-path"), help: "This service's project path (CI_PROJECT_PATH).")
  var servicePath = "group/service"

  @Option(name: .customLong("default-branch"), help: "This service's default branch.")
  var defaultBranch = "main"

  @Option(name: .customLong("central-checkout"), help: "Checkout of the central project, relative to the service.")
  var centralCheckout: String?

  @Option(name: .customLong("group-vars"), help: "Group variables file to include, PROJECT:FILE.")
  var groupVariables: String?

  @Option(name: [.customShort("C"), .customLong("directory")], help: "Service folder (default: .).")
  var directory = "."

  @Flag(help: "Overwrite existing files.")
  var force = false

  func validate() throws {
    if preset != nil && component != nil { throw ValidationError("give --preset or --component, not both") }
    if let groupVariables, !groupVariables.contains(":") {
      throw ValidationError("--group-vars expects PROJECT:FILE, e.g. platform/ci-settings:group-vars.yml")
    }
  }

  func run() throws {
    let choice: ServiceScaffold.Choice = component.map { .component($0) } ?? .preset(preset ?? "python")
    var group: (project: String, file: String)?
    if let groupVariables, let colon = groupVariables.firstIndex(of: ":") {
      group = (String(groupVariables[..<colon]), String(groupVariables[groupVariables.index(after: colon)...]))
    }
    let scaffold = ServiceScaffold(
      choice: choice, centralProject: centralProject, ref: ref, servicePath: servicePath,
      defaultBranch: defaultBranch, centralCheckout: centralCheckout, groupVariables: group)
    do {
      let written = try scaffold.write(into: directory, force: force)
      for path in written { Output.out("wrote \(directory == "." ? path : directory + "/" + path)\n") }
    } catch let error as ScaffoldError {
      throw CommandFailure("slipway init: \(error.description)")
    }
  }
}
