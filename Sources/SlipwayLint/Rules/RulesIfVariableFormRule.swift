import Foundation
import SlipwayCore
import SlipwayYAML

/// `rules:if` with `${VAR}`, a Python raw string, or another form GitLab's lexer rejects.
public struct RulesIfVariableFormRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "rules-if-variable-form",
      summary: "`rules:if` reads variables only as `$VAR`; `${VAR}`, `%VAR%` and `r'…'` are syntax errors.",
      rationale: """
        GitLab's expression lexer knows `$NAME` and nothing else: `${NAME}` (shell style), `%NAME%` \
        (Windows style) and quoting borrowed from Python (`r'…'`) make the whole expression invalid \
        (`rules:rule if invalid expression syntax`) and the pipeline fails to be created. This rule \
        names the exact form and the fix.
        """,
      defaultSeverity: .error,
      triggering: [
        RuleExample(
          """
          deploy:
            script: ./deploy.sh
            rules:
              - if: ${CI_COMMIT_BRANCH} == "main"
              - if: r'$CI_COMMIT_TAG =~ /^v\\d+/'
          """, findings: 2)
      ],
      clean: [
        RuleExample(
          """
          deploy:
            script: ./deploy.sh
            rules:
              - if: $CI_COMMIT_BRANCH == "main" || $CI_COMMIT_TAG =~ /^v\\d+/
          """)
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    // Locations of marks are plain `file:line:column`, so equal locations are equal texts.
    var seen: Set<SourceLocation> = []
    // A mark already seen has its location in `seen`: skip it without building the location.
    var seenMarks: Set<Mark> = []
    func inspect(_ rules: YAMLNode?) {
      for rule in rules?.sequence ?? [] {
        guard let condition = rule["if"], condition.isStringLike, seenMarks.insert(condition.mark).inserted else { continue }
        let location = condition.mark.location
        guard seen.insert(location).inserted, let problem = Self.problem(condition.rubyText) else { continue }
        findings.append(LintFinding(problem.message, at: location, help: problem.help))
      }
    }
    inspect(context.root["workflow"]?["rules"])
    for job in context.jobs { inspect(job.node["rules"]) }
    return findings
  }

  static func problem(_ text: String) -> (message: String, help: String)? {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    if trimmed.hasPrefix("r'") || trimmed.hasPrefix("r\"") {
      return ("`rules:if` is written as a Python raw string (r'…'); GitLab reads the `r` and the quotes literally",
              "drop the `r'` prefix and the closing quote: write the expression itself, e.g. `if: $CI_COMMIT_TAG =~ /^v\\d+/`")
    }
    // A braced reference needs "${": most conditions have none, and skip the scan.
    if ByteSearch.contains(text, "${"), let ref = VariableReferences.scan(text).first(where: \.braced) {
      return ("`rules:if` uses ${\(ref.name)}; GitLab expressions only accept the $\(ref.name) form",
              "write $\(ref.name) instead of ${\(ref.name)} (no braces, no default values in expressions)")
    }
    if text.utf8.contains(37), text.range(of: #"%[A-Za-z_][A-Za-z0-9_]*%"#, options: .regularExpression) != nil {
      return ("`rules:if` uses a %VAR% variable; GitLab expressions only accept the $VAR form",
              "write $VAR instead of %VAR%")
    }
    return nil
  }
}
