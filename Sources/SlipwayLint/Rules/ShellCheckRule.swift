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
          """, findings: 2)
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

  /// Scripts per ShellCheck run: one process for many files keeps thousands of jobs fast.
  static let batchSize = 300

  /// One job's scripts as one file, with each line's origin.
  struct Script {
    var shell: String
    var text: String
    var lines: [(item: YAMLNode, offset: Int)]
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    guard let runner = context.processRunner, Self.available(runner) else { return [] }
    // Jobs built from the same templates have the same scripts: check each distinct one once.
    var scripts: [Script] = []
    var seen: Set<String> = []
    for job in context.jobs {
      var items: [YAMLNode] = []
      for key in ["before_script", "script", "after_script"] { items += job.node[key]?.sequence ?? [] }
      guard !items.isEmpty else { continue }
      var script = Script(shell: Self.shell(job.node, default: context.configuration.shell), text: "", lines: [])
      for item in items {
        let body = item.rubyText
        for offset in 0..<(body.split(separator: "\n", omittingEmptySubsequences: false).count) {
          script.lines.append((item, offset))
        }
        script.text += body + "\n"
      }
      let key = script.shell + "\u{0}" + script.text + items.map { "\($0.mark.location)" }.joined()
      if seen.insert(key).inserted { scripts.append(script) }
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-shellcheck-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var findings: [LintFinding] = []
    for shell in Set(scripts.map(\.shell)).sorted() {
      let group = scripts.filter { $0.shell == shell }
      for start in stride(from: 0, to: group.count, by: Self.batchSize) {
        let batch = Array(group[start..<min(start + Self.batchSize, group.count)])
        var paths: [String: Int] = [:]
        for (index, script) in batch.enumerated() {
          let file = directory.appendingPathComponent("\(shell)-\(start + index).sh")
          guard (try? Data(script.text.utf8).write(to: file)) != nil else { continue }
          paths[file.path] = index
        }
        let output = runner.run(
          "shellcheck",
          ["--format=json1", "--shell=\(shell)", "--exclude=\(Self.excluded.joined(separator: ","))"] + paths.keys.sorted(),
          in: nil)
        for comment in Self.comments(output.stdout) {
          guard let index = paths[comment.file] else { continue }
          let lines = batch[index].lines
          guard comment.line >= 1, comment.line <= lines.count else { continue }
          let (item, offset) = lines[comment.line - 1]
          var location = item.mark.location
          // Block scalars start on the line after the indicator.
          if let style = item.scalar?.style, style == .literal || style == .folded {
            location.line += 1 + offset
          } else if item.scalar?.style == .plain, offset == 0 {
            location.column += comment.column - 1  // a plain one-line item: the exact column
          }
          findings.append(LintFinding(
            "SC\(comment.code): \(comment.message)", at: location, help: "https://www.shellcheck.net/wiki/SC\(comment.code)"))
        }
      }
    }
    var reported: Set<String> = []
    return findings.filter { reported.insert("\($0.location?.description ?? "")\($0.message)").inserted }
  }

  /// `sh` for images known to lack bash, otherwise the configured default.
  static func shell(_ job: YAMLNode, default fallback: String) -> String {
    let image = (job["image"]?["name"] ?? job["image"])?.rubyText.lowercased() ?? ""
    if image.contains("alpine") || image.contains("busybox") || image.contains("distroless") { return "sh" }
    return fallback
  }

  struct Comment: Decodable {
    var file: String
    var line: Int
    var column: Int
    var code: Int
    var message: String
  }

  static func comments(_ json: [UInt8]) -> [Comment] {
    struct Output: Decodable { var comments: [Comment] }
    return (try? JSONDecoder().decode(Output.self, from: Data(json)))?.comments ?? []
  }
}
