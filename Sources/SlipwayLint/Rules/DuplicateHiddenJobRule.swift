import SlipwayCore
import SlipwayYAML

/// A hidden job (template) defined in more than one file.
public struct DuplicateHiddenJobRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "duplicate-hidden-job",
      summary: "A hidden job (template) is defined in more than one file.",
      rationale: """
        GitLab merges included files key by key: when two files define the same `.template`, the \
        later one silently overrides keys of the earlier one, and jobs that extend it get a mix \
        nobody wrote. Give each template one home, or rename the copy.
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          include: templates.yml
          .deploy:
            script: ./deploy.sh v2
          deploy:
            extends: .deploy
          """, findings: 2, extraFiles: [("templates.yml", ".deploy:\n  script: ./deploy.sh\n")])
      ],
      clean: [
        RuleExample(
          """
          include: templates.yml
          .deploy-v2:
            script: ./deploy.sh v2
          deploy:
            extends: .deploy-v2
          """, extraFiles: [("templates.yml", ".deploy:\n  script: ./deploy.sh\n")])
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    var definitions: [String: [SourceLocation]] = [:]
    for path in context.result.sources.keys.sorted() {
      guard let bytes = context.result.sources[path] else { continue }
      for (name, line) in Self.topLevelHiddenKeys(bytes) {
        definitions[name, default: []].append(SourceLocation(file: path, line: line, column: 1))
      }
    }
    var findings: [LintFinding] = []
    for (name, locations) in definitions.sorted(by: { $0.key < $1.key }) {
      let files = Set(locations.map(\.file))
      guard files.count > 1 else { continue }
      for location in locations {
        let others = locations.filter { $0.file != location.file }
        findings.append(LintFinding(
          "hidden job \(name) is defined in more than one file; GitLab merges them and the later one silently wins",
          at: location, help: "keep one definition, or rename one of them",
          notes: others.map { Diagnostic.Note("also defined here", at: $0) }))
      }
    }
    return findings
  }

  /// Top-level keys that start with `.`: lines `.name:` at column 1 (a byte scan, no re-parse).
  static func topLevelHiddenKeys(_ bytes: [UInt8]) -> [(String, Int)] {
    var keys: [(String, Int)] = []
    var line = 1
    var i = 0
    let n = bytes.count
    while i < n {
      if bytes[i] == 46 {  // "."
        var j = i
        while j < n && bytes[j] != 58 && bytes[j] != 10 && bytes[j] != 32 { j += 1 }
        if j < n && bytes[j] == 58 && (j + 1 == n || bytes[j + 1] == 32 || bytes[j + 1] == 10 || bytes[j + 1] == 13) {
          keys.append((String(decoding: bytes[i..<j], as: UTF8.self), line))
        }
      }
      while i < n && bytes[i] != 10 { i += 1 }
      i += 1
      line += 1
    }
    return keys
  }
}
