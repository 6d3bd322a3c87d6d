import Foundation
import SlipwayConfig
import SlipwayCore
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

  static let secretMarkerBytes = secretMarkers.map { Array($0.utf8) }

  /// Whether the upper-cased name contains a secret marker. A byte scan with ASCII case folding:
  /// variable names are ASCII, and Foundation's `contains` costs a bridged search per marker.
  static func isSecret(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { bytes in
      secretMarkerBytes.contains { marker in containsFoldingCase(bytes, marker) }
    }
  }

  /// `upper(bytes)` contains `marker` (an upper-case ASCII needle); non-ASCII bytes never match it.
  private static func containsFoldingCase(_ bytes: UnsafeBufferPointer<UInt8>, _ marker: [UInt8]) -> Bool {
    guard bytes.count >= marker.count else { return false }
    for start in 0...(bytes.count - marker.count) {
      var matched = 0
      while matched < marker.count {
        var byte = bytes[start + matched]
        if byte >= 97 && byte <= 122 { byte -= 32 }
        guard byte == marker[matched] else { break }
        matched += 1
      }
      if matched == marker.count { return true }
    }
    return false
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    // Jobs are independent: each chunk of jobs is analysed on its own core (findings deduplicated
    // within the chunk), then merged in job order so the first occurrence wins as before.
    let jobs = context.jobs
    let perJob = Concurrently.flatMapChunks(jobs.count) { range in
      var scanner = JobScanner()
      for index in range { scanner.scan(jobs[index]) }
      return scanner.findings
    }
    var seen: Set<String> = []
    var findings: [LintFinding] = []
    for (key, finding) in perJob where seen.insert(key).inserted { findings.append(finding) }
    return findings
  }

  /// Findings of a run of jobs, each with its deduplication key (`x@` trace, `e@` echo, by location).
  struct JobScanner {
    var findings: [(key: String, finding: LintFinding)] = []
    private var seen: Set<String> = []
    // Jobs share their template's script items: analyse each item (by its mark) once.
    private var itemInfo: [Mark: ItemInfo] = [:]

    private mutating func info(_ item: YAMLNode) -> ItemInfo {
      let text = item.rubyText
      if let known = itemInfo[item.mark], known.text == text { return known }
      let computed = ItemInfo(text)
      itemInfo[item.mark] = computed
      return computed
    }

    mutating func scan(_ job: NormalizedJob) {
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
            findings.append((key, LintFinding(
              "`set -x` traces the commands that follow with their expanded arguments; $\(secret) will be printed in the job log",
              at: trace.mark.location, help: "turn tracing off (`set +x`) before commands that use secrets",
              notes: [.init("$\(secret) is used here", at: item.mark.location)])))
          }
        }
        if facts.echoesSecret {
          let key = "e@\(item.mark.location)"
          if seen.insert(key).inserted {
            findings.append((key, LintFinding(
              "the script prints $\(secret) to the job log", at: item.mark.location,
              help: "do not echo secrets; pipe them into the command that needs them (e.g. `--password-stdin`)")))
          }
        }
        if facts.disablesTrace { tracing = nil }
      }
    }
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
      guard mentionsSet || ByteSearch.containsByte(text, 36) else { return }
      enablesTrace = mentionsSet && SecretEchoRule.enablesTrace(text)
      disablesTrace = mentionsSet && ByteSearch.contains(text, "set +x")
      guard ByteSearch.containsByte(text, 36) else { return }  // no "$": no variable
      secrets = VariableReferences.scan(text).map(\.name).filter(SecretEchoRule.isSecret)
      echoesSecret = !secrets.isEmpty && SecretEchoRule.echoesUnpiped(text, secrets)
    }
  }

  static func enablesTrace(_ text: String) -> Bool {
    // Both forms need "set" followed by white space; most items that mention "set" ("reset",
    // "--set", "assets") have none, and skip the regular expression.
    guard setFollowedBySpace(text) else { return false }
    // The byte search is a necessary condition for Foundation's (which also answers for Unicode).
    return hasSetDashX(text) || (ByteSearch.contains(text, "set -o xtrace") && text.contains("set -o xtrace"))
  }

  /// `(^|[;&|]\s*|\s)set\s+-[a-wyz]*x` (ICU syntax), matched by hand: compiling the expression for
  /// every script item that says `set -euo pipefail` cost more than the rest of the rule.
  static func hasSetDashX(_ text: String) -> Bool {
    // ASCII text (nearly every script) is matched on its bytes, without an array of scalars.
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
      var text = text
      return text.withUTF8 { bytes in hasSetDashX(bytes.lazy.map { Unicode.Scalar($0) }) }
    }
    return hasSetDashX(Array(text.unicodeScalars))
  }

  private static func hasSetDashX<Scalars: RandomAccessCollection>(_ scalars: Scalars) -> Bool
  where Scalars.Element == Unicode.Scalar, Scalars.Index == Int {
    var start = 0
    while start + 3 <= scalars.count {
      defer { start += 1 }
      guard scalars[start] == "s", scalars[start + 1] == "e", scalars[start + 2] == "t" else { continue }
      // `^`, `\s`, or `[;&|]\s*` (whose spaces end in `\s` just before "set").
      if start > 0 {
        let previous = scalars[start - 1]
        guard isRegexSpace(previous) || previous == ";" || previous == "&" || previous == "|" else { continue }
      }
      var i = start + 3
      guard i < scalars.count, isRegexSpace(scalars[i]) else { continue }
      while i < scalars.count && isRegexSpace(scalars[i]) { i += 1 }
      guard i < scalars.count, scalars[i] == "-" else { continue }
      i += 1
      while i < scalars.count, ("a"..."z").contains(scalars[i]), scalars[i] != "x" { i += 1 }
      if i < scalars.count && scalars[i] == "x" { return true }
    }
    return false
  }

  /// ICU's `\s`: `[\t\n\f\r\p{Z}]`.
  static func isRegexSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "\t", "\n", "\u{0C}", "\r", " ": return true
    default:
      guard scalar.value >= 0x80 else { return false }
      switch scalar.properties.generalCategory {
      case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
      default: return false
      }
    }
  }

  /// Whether "set" is followed by an ASCII space character or a non-ASCII byte (which may start
  /// Unicode white space, as `\s` in the expression matches).
  static func setFollowedBySpace(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard bytes.count >= 4 else { return false }
      for i in 0...(bytes.count - 4) where bytes[i] == 115 && bytes[i + 1] == 101 && bytes[i + 2] == 116 {  // "set"
        let next = bytes[i + 3]
        if next == 32 || (next >= 9 && next <= 13) || next >= 0x80 { return true }
      }
      return false
    }
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
