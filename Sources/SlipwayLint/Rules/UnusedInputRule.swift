import SlipwayCore
import SlipwayYAML

/// `spec:inputs` that the file never reads.
public struct UnusedInputRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "unused-input",
      summary: "A `spec:inputs` entry is declared but never used with `$[[ inputs.NAME ]]`.",
      rationale: """
        An unused input is a promise the template does not keep: callers set it and nothing \
        changes. Remove it, or use it. (Inputs passed that a spec does not declare are already \
        GitLab's error, `unknown input arguments`, reported by the compiler as INP001.)
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          include:
            - local: deploy.yml
              inputs: {environment: prod}
          """, findings: 1,
          extraFiles: [("deploy.yml", "spec:\n  inputs:\n    environment:\n    replicas:\n      default: '2'\n---\ndeploy:\n  script: ./deploy.sh $[[ inputs.environment ]]\n")])
      ],
      clean: [
        RuleExample(
          """
          include:
            - local: deploy.yml
              inputs: {environment: prod}
          """,
          extraFiles: [("deploy.yml", "spec:\n  inputs:\n    environment:\n---\ndeploy:\n  script: ./deploy.sh $[[ inputs.environment ]]\n")])
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    for path in context.result.sources.keys.sorted() {
      // Only files with a header document can declare inputs.
      guard let bytes = context.result.sources[path], ByteSearch.contains(bytes, "spec:"), ByteSearch.contains(bytes, "---")
      else { continue }
      let text = String(decoding: bytes, as: UTF8.self)
      guard
        let loaded = try? YAMLLoader.loadDocuments(bytes, file: SourceFile(path: path)),
        loaded.documents.count > 1, let inputs = loaded.documents[0].root?["spec"]?["inputs"]?.mapping
      else { continue }
      let body = text.split(separator: "\n", omittingEmptySubsequences: false)
        .dropFirst(max(0, loaded.documents[1].startLine - 1)).joined(separator: "\n")
      for pair in inputs {
        let name = pair.key.rubyText
        if !Self.uses(body, name) {
          findings.append(LintFinding(
            "input \(name) is declared in spec:inputs but never used", at: pair.key.mark.location,
            help: "use it as `$[[ inputs.\(name) ]]`, or remove it from the spec"))
        }
      }
    }
    return findings
  }

  static func uses(_ body: String, _ name: String) -> Bool {
    var search = body[...]
    while let range = search.range(of: "inputs.\(name)") {
      guard let after = search[range.upperBound...].first else { return true }
      if !(after.isLetter || after.isNumber || after == "_" || after == "-") { return true }
      search = search[range.upperBound...]
    }
    return false
  }
}
