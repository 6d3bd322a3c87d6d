import Foundation
import SlipwayCore
import SlipwayYAML

/// ShellCheck on every job's scripts, with findings mapped back to the YAML line of the script item.
/// Skipped when `shellcheck` is not installed.
public struct ShellCheckRule: LintRule {
  public init() {}

  /// ShellCheck codes that do not apply to CI scripts: SC2154 (variable not assigned: GitLab
  /// provides it), SC2034 (assigned but unused: later items and child processes read it).
  static let excluded = ["SC2154", "SC2034"]

  public var description: RuleDescription {
    RuleDescription(
      id: "shellcheck",
      summary: "ShellCheck finds a problem in a script block.",
      rationale: """
        Scripts in YAML get no editor support and fail only when the job runs. Each job's \
        `before_script`, `script` and `after_script` are checked as one shell script (bash, or sh \
        for Alpine/BusyBox images or `lint: shell: sh`), and each finding points at the script item \
        that causes it. Runs only when `shellcheck` is on the PATH.
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          test:
            image: debian:12
            script:
              - cd build/$CI_JOB_NAME
          """, findings: 1)
      ],
      clean: [
        RuleExample(
          """
          test:
            image: debian:12
            script:
              - cd "build/$CI_JOB_NAME" || exit 1
          """)
      ])
  }

  /// Whether the examples can run here.
  public static var isAvailable: Bool { available(SystemProcessRunner()) }

  static func available(_ runner: ProcessRunner) -> Bool {
    runner.run("shellcheck", ["--version"], in: nil).status == 0
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    guard let runner = context.processRunner, Self.available(runner) else { return [] }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-shellcheck-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var findings: [LintFinding] = []
    var done: Set<String> = []
    for job in context.jobs {
      var items: [YAMLNode] = []
      for key in ["before_script", "script", "after_script"] { items += job.node[key]?.sequence ?? [] }
      guard !items.isEmpty else { continue }
      let shell = Self.shell(job.node, default: context.configuration.shell)
      // Map each line of the combined script to its item and line within the item.
      var lines: [(item: YAMLNode, offset: Int)] = []
      var text = ""
      for item in items {
        let body = item.rubyText
        for (offset, _) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          lines.append((item, offset))
        }
        text += body + "\n"
      }
      let key = shell + "\u{0}" + text + "\u{0}" + items.map { "\($0.mark.location)" }.joined()
      guard done.insert(key).inserted else { continue }
      let file = directory.appendingPathComponent("script-\(done.count).sh")
      guard (try? Data(text.utf8).write(to: file)) != nil else { continue }
      let output = runner.run(
        "shellcheck", ["--format=json1", "--shell=\(shell)", "--exclude=\(Self.excluded.joined(separator: ","))", file.path],
        in: nil)
      for comment in Self.comments(output.stdout) {
        guard comment.line >= 1, comment.line <= lines.count else { continue }
        let (item, offset) = lines[comment.line - 1]
        var location = item.mark.location
        // Block scalars start on the line after the indicator.
        if let style = item.scalar?.style, style == .literal || style == .folded { location.line += 1 + offset }
        findings.append(LintFinding(
          "SC\(comment.code): \(comment.message)", at: location,
          help: "https://www.shellcheck.net/wiki/SC\(comment.code)"))
      }
    }
    var seen: Set<String> = []
    return findings.filter { seen.insert("\($0.location?.description ?? "")\($0.message)").inserted }
  }

  /// `sh` for images known to lack bash, otherwise the configured default.
  static func shell(_ job: YAMLNode, default fallback: String) -> String {
    let image = (job["image"]?["name"] ?? job["image"])?.rubyText.lowercased() ?? ""
    if image.contains("alpine") || image.contains("busybox") || image.contains("distroless") { return "sh" }
    return fallback
  }

  struct Comment: Decodable {
    var line: Int
    var code: Int
    var message: String
  }

  static func comments(_ json: [UInt8]) -> [Comment] {
    struct Output: Decodable { var comments: [Comment] }
    return (try? JSONDecoder().decode(Output.self, from: Data(json)))?.comments ?? []
  }
}
