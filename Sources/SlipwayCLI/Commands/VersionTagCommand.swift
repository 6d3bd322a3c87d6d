import ArgumentParser
import Foundation
import SlipwayCore
import SlipwayRelease

/// `slipway version tag [--push]`: the annotated release tag for `next` on HEAD.
struct VersionTagCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tag",
    abstract: "Create the annotated release tag for the next version on HEAD (and push it).",
    discussion: """
      Exits 0 when HEAD is already tagged, when there is nothing to release, and when another
      pipeline pushed the same tag for the same commit first. A failed push removes the local tag.
      The push token comes from $SLIPWAY_GIT_TOKEN (or --token-env NAME) and is passed to git for
      that one command only.
      """)

  @OptionGroup var options: VersionOptions

  @Flag(name: .long, help: "Push the tag to the remote.")
  var push = false

  func run() throws {
    let (configuration, context, credentials, configDiagnostics) = options.resolve()
    if configDiagnostics.contains(where: { $0.severity == .error }) {
      options.report(configDiagnostics)
      throw ExitStatus.usage.exitCode
    }
    var diagnostics = configDiagnostics
    if push && credentials == nil {
      diagnostics.append(
        .info(
          ReleaseCode.missingToken,
          "$\(configuration.tokenVariable) is not set; pushing with the remote's own credentials"))
    }
    let planned = VersionPlanner(
      directory: options.directory, configuration: configuration, context: context, credentials: credentials
    ).plan()
    diagnostics += planned.diagnostics
    var result: TagResult?
    if let plan = planned.value {
      // The log of a release job should say why this version.
      if options.format == .text { Output.out(VersionText.plan(plan)) }
      let tagged = ReleaseTagger(
        directory: options.directory, configuration: configuration, credentials: credentials
      )
      .tag(plan: plan, push: push)
      result = tagged.value
      diagnostics += tagged.diagnostics
    }
    VersionTagOutput.emit(result: result, diagnostics: diagnostics, options: options)
    try options.finish(diagnostics)
  }
}

/// `slipway version mark --env prod --ref v1.4.0 [--push]`: move `release-prod` to that commit.
struct VersionMarkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mark",
    abstract: "Move the release-<env> tag to a release, so the registry keeps what the environment runs.",
    discussion: """
      The tag is moved in one update, never deleted and re-created; the remote ref is updated with
      one push that checks its old value (--force-with-lease), so a concurrent move is refused.
      """)

  @OptionGroup var options: VersionOptions

  @Option(name: .customLong("env"), help: "Environment name: the tag is release-<env>.")
  var environment: String

  @Option(name: .long, help: "The release to mark (tag, branch or commit).")
  var ref: String

  @Flag(name: .long, help: "Push the moved tag to the remote.")
  var push = false

  func run() throws {
    let (configuration, _, credentials, configDiagnostics) = options.resolve()
    if configDiagnostics.contains(where: { $0.severity == .error }) {
      options.report(configDiagnostics)
      throw ExitStatus.usage.exitCode
    }
    let marked = ReleaseTagger(
      directory: options.directory, configuration: configuration, credentials: credentials
    )
    .mark(environment: environment, ref: ref, push: push)
    let diagnostics = configDiagnostics + marked.diagnostics
    VersionTagOutput.emit(result: marked.value, diagnostics: diagnostics, options: options)
    try options.finish(diagnostics)
  }
}

enum VersionTagOutput {
  static func emit(result: TagResult?, diagnostics: [Diagnostic], options: VersionOptions) {
    switch options.format {
    case .json:
      Output.out(VersionJSON.document(result: result, diagnostics: diagnostics).rendered(pretty: true) + "\n")
    case .dotenv:
      options.report(diagnostics)
      if let result, !result.tag.isEmpty {
        Output.out("VERSION_TAG=\(result.tag)\nVERSION_COMMIT=\(result.commit)\n")
      }
    case .text:
      if let result { Output.out(result.summary + "\n") }
      options.report(diagnostics)
    }
  }
}
