import Foundation
import SlipwayYAML

/// Secrets printed to the job log: `set -x` in a job that uses secret-looking variables, or
/// `echo`/`printf` of such a variable (other than piped into a command).
public struct SecretEchoRule: LintRule {
  public init() {}

  /// Parts of a variable name that suggest a secret.
  static let secretMarkers = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "PRIVATE_KEY", "API_KEY", "CREDENTIAL", "_PASS", "AUTH"]

  public var description: RuleDescription {
    RuleDescription(
      id: "secret-echo",
      summary: "A script prints or traces a variable whose name looks secret.",
      rationale: """
        Job logs are readable by everyone with access to the project, and GitLab's masking only \
        covers variables marked masked, matched byte for byte. `set -x` prints every command with \
        its expanded arguments, so `docker login -p $REGISTRY_PASSWORD` ends up in the log; so does \
        `echo $API_TOKEN`. Pipe secrets into commands (`--password-stdin`) and keep tracing off \
        around them.
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          publish:
            script:
              - set -x
              - docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD" registry.example.com
              - echo "token is $API_TOKEN"
          """, findings: 2, settings: "lint:\n  required_variables: [REGISTRY_USER, REGISTRY_PASSWORD, API_TOKEN]\n")
      ],
      clean: [
        RuleExample(
          """
          publish:
            script:
              - echo "$REGISTRY_PASSWORD" | docker login -u "$REGISTRY_USER" --password-stdin registry.example.com
              - set -x
              - docker push registry.example.com/app:1.0
          """, settings: "lint:\n  required_variables: [REGISTRY_USER, REGISTRY_PASSWORD]\n")
      ])
  }

  static func isSecret(_ name: String) -> Bool {
    let upper = name.uppercased()
    return secretMarkers.contains { upper.contains($0) }
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    var seen: Set<String> = []
    // Jobs share their template's script items: analyse each item (by its mark) once.
    var itemInfo: [Mark: ItemInfo] = [:]
    func info(_ item: YAMLNode) -> ItemInfo {
      let text = item.rubyText
      if let known = itemInfo[item.mark], known.text == text { return known }
      let computed = ItemInfo(text)
      itemInfo[item.mark] = computed
      return computed
    }
    for job in context.jobs {
      var items: [YAMLNode] = []
      for key in ["before_script", "script", "after_script"] { items += job.node[key]?.sequence ?? [] }
      var tracing: YAMLNode?
      for item in items {
        let facts = info(item)
        if tracing == nil, facts.enablesTrace { tracing = item; continue }
        guard let secret = facts.secrets.first else {
          if facts.disablesTrace { tracing = nil }
          continue
        }
        if let trace = tracing {
          let key = "x@\(trace.mark.location)"
          if seen.insert(key).inserted {
            findings.append(LintFinding(
              "`set -x` traces the commands that follow with their expanded arguments; $\(secret) will be printed in the job log",
              at: trace.mark.location, help: "turn tracing off (`set +x`) before commands that use secrets",
              notes: [.init("$\(secret) is used here", at: item.mark.location)]))
          }
        }
        if facts.echoesSecret, seen.insert("e@\(item.mark.location)").inserted {
          findings.append(LintFinding(
            "the script prints $\(secret) to the job log", at: item.mark.location,
            help: "do not echo secrets; pipe them into the command that needs them (e.g. `--password-stdin`)"))
        }
        if facts.disablesTrace { tracing = nil }
      }
    }
    return findings
  }

  /// What one script item does, computed once per item.
  struct ItemInfo {
    var text: String
    var enablesTrace = false
    var disablesTrace = false
    var secrets: [String] = []
    var echoesSecret = false

    init(_ text: String) {
      self.text = text
      let mentionsSet = ByteSearch.contains(text, "set")
      guard mentionsSet || text.utf8.contains(36) else { return }
      enablesTrace = mentionsSet && SecretEchoRule.enablesTrace(text)
      disablesTrace = mentionsSet && ByteSearch.contains(text, "set +x")
      guard text.utf8.contains(36) else { return }  // no "$": no variable
      secrets = VariableReferences.scan(text).map(\.name).filter(SecretEchoRule.isSecret)
      echoesSecret = !secrets.isEmpty && SecretEchoRule.echoesUnpiped(text, secrets)
    }
  }

  static func enablesTrace(_ text: String) -> Bool {
    text.range(of: #"(^|[;&|]\s*|\s)set\s+-[a-wyz]*x"#, options: .regularExpression) != nil
      || text.contains("set -o xtrace")
  }

  /// `echo`/`printf` of a secret whose output is not piped into another command.
  static func echoesUnpiped(_ text: String, _ secrets: [String]) -> Bool {
    for segment in text.components(separatedBy: CharacterSet(charactersIn: ";&\n")) {
      let words = segment.trimmingCharacters(in: .whitespaces)
      guard words.hasPrefix("echo ") || words.hasPrefix("printf ") else { continue }
      if words.contains("|") || words.contains(">") { continue }
      if secrets.contains(where: { words.contains("$\($0)") || words.contains("${\($0)") }) { return true }
    }
    return false
  }
}
