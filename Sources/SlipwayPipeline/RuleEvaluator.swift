import SlipwayConfig
import SlipwayCore
import SlipwayExpressions
import SlipwayYAML

/// One checked condition of a rule (`if`, `changes`, `exists`), for `explain`.
public struct ConditionTrace: Sendable {
  /// `if`, `changes` or `exists`.
  public var keyword: String
  /// The expression, or the patterns joined with `, `.
  public var text: String
  public var result: Bool
  /// Variables the expression read and their values (nil: undefined).
  public var reads: [(name: String, value: String?)]
  /// Why the result is what it is, when not obvious (`no push event: always true`).
  public var note: String?
}

/// One rule of a `rules:` list as evaluated.
public struct RuleTrace: Sendable {
  public var index: Int
  public var location: SourceLocation
  public var conditions: [ConditionTrace]
  public var matched: Bool
  /// The rule's own `when:` (nil: none written).
  public var when: String?
}

/// The first matching rule's effect on a job or pipeline.
public struct RuleMatch: Sendable {
  public var index: Int
  public var rule: YAMLNode
  public var when: String?
  public var allowFailure: Bool?
  public var variables: [(String, String)]
  public var needs: YAMLNode?
  public var interruptible: Bool?
  public var startIn: String?
}

/// What `rules:` and legacy `only`/`except` evaluation can see.
final class EvaluationEnvironment {
  let context: PipelineContext
  let repositoryFiles: () -> [String]
  private var statements: [String: ExpressionStatement] = [:]
  private var listing: [String]?
  /// `rules:exists` check cap: past it, patterned globs always match (gitlab-semantics.md §8.5).
  static let existsFileCap = 50_000
  private(set) var diagnostics: [Diagnostic] = []
  private var reported: Set<String> = []

  init(context: PipelineContext, repositoryFiles: @escaping () -> [String]) {
    self.context = context
    self.repositoryFiles = repositoryFiles
  }

  var files: [String] {
    if let listing { return listing }
    let files = context.repositoryFiles ?? repositoryFiles()
    listing = files
    return files
  }

  func statement(_ text: String) -> ExpressionStatement {
    if let cached = statements[text] { return cached }
    let made = ExpressionStatement(text)
    statements[text] = made
    return made
  }

  /// GitLab's `truthful?` (errors are false), reporting an invalid expression once.
  func truthful(_ node: YAMLNode, _ variables: [String: String]) -> ConditionTrace {
    let text = node.text ?? ""
    let statement = statement(text)
    var result = false
    var note: String?
    do {
      result = try statement.evaluate(variables: variables).isPresent
    } catch {
      note = "invalid expression: \(error)"
      let key = "\(node.location)"
      if !reported.contains(key), !statement.isValid {
        reported.insert(key)
        // GitLab's config validation rejects the whole configuration (`rule if invalid expression syntax`).
        diagnostics.append(.error(PipelineCode.invalidExpression, "rules:if invalid expression syntax: `\(text)` (\(error))", at: node.location))
      }
    }
    let reads = ExpressionReads.names(in: text).map { ($0, variables[$0]) }
    return ConditionTrace(keyword: "if", text: text, result: result, reads: reads, note: note)
  }

  /// `rules:changes` (§8.4): true without a push event unless `compare_to` is set.
  func changes(_ node: YAMLNode, _ variables: [String: String]) -> ConditionTrace {
    let patterns = (node["paths"] ?? node).textList.map { VariableExpansion.expandExisting($0, variables) }
    let text = patterns.joined(separator: ", ")
    var changed = context.source.hasPushEvent ? context.changedFiles : nil
    if let compare = node["compare_to"]?.text {
      let ref = VariableExpansion.expandExisting(compare, variables)
      guard let files = context.changedFilesAgainst(ref) ?? context.changedFiles else {
        return ConditionTrace(keyword: "changes", text: text, result: true, reads: [], note: "compare_to `\(ref)` unknown offline: treated as changed")
      }
      changed = files
    }
    guard let changed else {
      return ConditionTrace(keyword: "changes", text: text, result: true, reads: [], note: "no push event or changed files unknown: always true")
    }
    let globs = patterns.map(Glob.init)
    let hit = changed.first { file in globs.contains { $0.matches(file) } }
    return ConditionTrace(keyword: "changes", text: text, result: hit != nil, reads: [], note: hit.map { "changed: \($0)" } ?? "no changed file matches")
  }

  /// `rules:exists` (§8.5).
  func exists(_ node: YAMLNode, _ variables: [String: String]) -> ConditionTrace {
    let patterns = (node["paths"] ?? node).textList.map { VariableExpansion.expandExisting($0, variables) }
    let text = patterns.joined(separator: ", ")
    let files = self.files
    if files.count > Self.existsFileCap {
      return ConditionTrace(keyword: "exists", text: text, result: true, reads: [], note: "more than \(Self.existsFileCap) files: always true")
    }
    let globs = patterns.map(Glob.init)
    let hit = files.first { file in globs.contains { $0.matches(file) } }
    return ConditionTrace(keyword: "exists", text: text, result: hit != nil, reads: [], note: hit.map { "found: \($0)" } ?? "no file matches")
  }
}

/// Evaluates `rules:` lists in order, the first match winning (gitlab-semantics.md §8.2).
enum RuleEvaluator {
  static func evaluate(_ rules: [YAMLNode], variables: [String: String], in env: EvaluationEnvironment)
    -> (match: RuleMatch?, trace: [RuleTrace])
  {
    var trace: [RuleTrace] = []
    for (index, rule) in rules.enumerated() {
      var conditions: [ConditionTrace] = []
      var matched = true
      // GitLab checks every clause (`if`, `changes`, `exists`) and needs all to hold.
      if let condition = rule["if"] {
        let c = env.truthful(condition, variables)
        conditions.append(c)
        matched = c.result
      }
      if matched, let changes = rule["changes"] {
        let c = env.changes(changes, variables)
        conditions.append(c)
        matched = c.result
      }
      if matched, let exists = rule["exists"] {
        let c = env.exists(exists, variables)
        conditions.append(c)
        matched = c.result
      }
      let when = rule["when"]?.text
      trace.append(RuleTrace(index: index, location: rule.location, conditions: conditions, matched: matched, when: when))
      if matched {
        let match = RuleMatch(
          index: index, rule: rule, when: when, allowFailure: rule["allow_failure"]?.bool,
          variables: rule["variables"]?.variablePairs ?? [], needs: rule["needs"],
          interruptible: rule["interruptible"]?.bool, startIn: rule["start_in"]?.text)
        return (match, trace)
      }
    }
    return (nil, trace)
  }
}

/// Names of the `$VARIABLE` tokens an expression reads.
enum ExpressionReads {
  static func names(in text: String, skippingQuotes: Bool = true) -> [String] {
    var names: [String] = []
    let u = Array(text.utf8)
    var i = 0
    var quote: UInt8?
    while i < u.count {
      let c = u[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if skippingQuotes, c == 0x22 || c == 0x27 {
        quote = c
      } else if c == 0x24 {
        var j = i + 1
        while j < u.count, u[j] == 0x5F || (u[j] >= 0x30 && u[j] <= 0x39) || ((u[j] | 0x20) >= 0x61 && (u[j] | 0x20) <= 0x7A) { j += 1 }
        if j > i + 1 {
          let name = String(decoding: u[(i + 1)..<j], as: UTF8.self)
          if !names.contains(name) { names.append(name) }
        }
        i = j
        continue
      }
      i += 1
    }
    return names
  }
}
