import Foundation
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
  /// The prepared configuration's interned conditions; texts seen only here get later ids.
  var sharedConditions: [String: PreparedCondition] = [:]
  private var localConditions: [String: PreparedCondition] = [:]
  private var readNames: [String: [String]] = [:]
  private var listing: [String]?
  /// `rules:exists` check cap: past it, patterned globs always match (gitlab-semantics.md §8.5).
  static let existsFileCap = 50_000
  var diagnostics: [Diagnostic] = []
  /// The `reported` key of each diagnostic (see `mergedDiagnostics`).
  var diagnosticKeys: [String] = []
  var reported: Set<String> = []

  /// Keep per-rule traces and the variables each expression read (for `explain`); plans skip them.
  let traced: Bool
  var truthCache: [TruthKey: (Bool, String?)] = [:]
  /// Untraced answers per context: condition id → 0 unknown, 1 false, 2 true (`contextOnly`
  /// conditions), and the same per pattern list id for `changes` and `exists`.
  var contextTruthFlags: [UInt8] = []
  var changesFlags: [UInt8] = []
  var existsFlags: [UInt8] = []
  /// The prepared configuration's `exists` answers shared by contexts (see `sharedExists`).
  var sharedExistsAnswers: SharedFlags?

  /// `exists` answers shared by every context that uses the project's own files.
  let sharedExists: ExistsCache?

  /// Other projects' files (`rules:exists:project`), through the `.slipway.yml` project mapping.
  let source: IncludeSource?
  var projectListings: [String: [String]?] = [:]

  init(
    context: PipelineContext, traced: Bool = true, sharedExists: ExistsCache? = nil, source: IncludeSource? = nil,
    repositoryFiles: @escaping () -> [String]
  ) {
    self.context = context
    self.source = source
    self.sharedExists = context.repositoryFiles == nil ? sharedExists : nil
    self.traced = traced
    self.repositoryFiles = repositoryFiles
  }

  var files: [String] {
    if let listing { return listing }
    let files = context.repositoryFiles ?? repositoryFiles()
    listing = files
    return files
  }

  func statement(_ condition: PreparedCondition) -> ExpressionStatement { condition.statement }

  /// Variable names an expression (`quoted` false: a pattern or path) reads, cached.
  func names(_ text: String, expression: Bool = true) -> [String] {
    // A table per kind: a prefixed key would build a string per lookup.
    if let cached = expression ? readNames[text] : readPathNames[text] { return cached }
    let names = ExpressionReads.names(in: expression ? text : text.replacingAll("${", "$"), skippingQuotes: expression)
      + (expression ? [] : percentNames(text))
    if expression { readNames[text] = names } else { readPathNames[text] = names }
    return names
  }

  private var readPathNames: [String: [String]] = [:]

  private func percentNames(_ text: String) -> [String] {
    guard text.contains("%") else { return [] }
    let parts = text.split(separator: "%", omittingEmptySubsequences: false)
    return parts.dropFirst().dropLast().filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }.map(String.init)
  }

  /// Expands `$VAR` references in a path or name; unknown ones stay (`expand_existing`) or go.
  func expand(_ text: String, _ scope: VariableScope, keepUnknown: Bool = true) -> String {
    // A byte scan: `String.contains(String)` goes through Foundation's `range(of:)`.
    guard text.utf8.contains(where: { $0 == 0x24 || $0 == 0x25 }) else { return text }
    let values = scope.dictionary(names(text, expression: false))
    return keepUnknown ? VariableExpansion.expandExisting(text, values) : VariableExpansion.expandAll(text, values)
  }

  /// The interned condition for an expression text: the prepared configuration's table first,
  /// so ids match the ones its rules carry.
  func condition(_ text: String) -> PreparedCondition {
    if let shared = sharedConditions[text] ?? localConditions[text] { return shared }
    let made = PreparedCondition(id: sharedConditions.count + localConditions.count, text: text)
    localConditions[text] = made
    return made
  }

  func truthful(_ node: YAMLNode, _ scope: VariableScope) -> ConditionTrace {
    truthful(condition(node.text ?? ""), node, scope)
  }

  /// GitLab's `truthful?` (errors are false), reporting an invalid expression once. Results are
  /// cached by condition and the values it reads: thousands of jobs share a few expressions.
  func truthful(_ condition: PreparedCondition, _ node: YAMLNode, _ scope: VariableScope) -> ConditionTrace {
    let text = condition.text
    let names = condition.names
    let key = TruthKey(condition, scope)
    let reads: [(name: String, value: String?)] =
      traced ? zip(names, key.values(names.count)).map { (name: $0.0, value: $0.1) } : []
    if let (result, note) = truthCache[key] {
      return ConditionTrace(keyword: "if", text: text, result: result, reads: reads, note: note)
    }
    let statement = statement(condition)
    var variables: [String: String] = [:]
    for (name, value) in zip(names, key.values(names.count)) { if let value { variables[name] = value } }
    var result = false
    var note: String?
    do {
      result = try statement.evaluate(variables: variables).isPresent
    } catch {
      note = "invalid expression: \(error)"
      let location = "\(node.location)"
      if !reported.contains(location), !statement.isValid {
        reported.insert(location)
        // GitLab's config validation rejects the whole configuration (`rule if invalid expression syntax`).
        diagnostics.append(.error(PipelineCode.invalidExpression, "rules:if invalid expression syntax: `\(text)` (\(error))", at: node.location))
        diagnosticKeys.append(location)
      }
    }
    truthCache[key] = (result, note)
    return ConditionTrace(keyword: "if", text: text, result: result, reads: reads, note: note)
  }

  /// `truthful` of a condition that reads only context-level variables: one answer per context.
  func contextTruth(_ condition: PreparedCondition, _ node: YAMLNode, _ scope: VariableScope) -> ConditionTrace {
    if let known = contextTruths[condition.id] { return known }
    let trace = truthful(condition, node, scope)
    contextTruths[condition.id] = trace
    return trace
  }

  private var contextTruths: [Int: ConditionTrace] = [:]

  /// `rules:changes` (§8.4): true without a push event unless `compare_to` is set.
  func changes(_ node: YAMLNode, _ scope: VariableScope) -> ConditionTrace {
    let patterns = (node["paths"] ?? node).textList.map { expand($0, scope) }
    let text = patterns.joined(separator: ", ")
    var changed = context.hasChangeSet ? context.changedFiles : nil
    if let compare = node["compare_to"]?.text {
      let ref = expand(compare, scope)
      guard let files = context.changedFilesAgainst(ref) ?? context.changedFiles else {
        return ConditionTrace(keyword: "changes", text: text, result: true, reads: [], note: "compare_to `\(ref)` unknown offline: treated as changed")
      }
      changed = files
    }
    guard let changed else {
      return ConditionTrace(keyword: "changes", text: text, result: true, reads: [], note: "no push event or changed files unknown: always true")
    }
    // Without `compare_to` the changed files are the context's: the answer depends on the patterns only.
    let cacheable = node["compare_to"] == nil
    let key = patterns.joined(separator: "\u{0}")
    if cacheable, let cached = changesResults[key] { return cached }
    let globs = patterns.map(Glob.init)
    let hit = changed.first { file in globs.contains { $0.matches(file) } }
    let trace = ConditionTrace(keyword: "changes", text: text, result: hit != nil, reads: [], note: hit.map { "changed: \($0)" } ?? "no changed file matches")
    if cacheable { changesResults[key] = trace }
    return trace
  }

  private var changesResults: [String: ConditionTrace] = [:]

  /// `rules:exists` (§8.5). Literal paths are set lookups; results are cached per pattern list,
  /// since thousands of jobs test the same files.
  func exists(_ node: YAMLNode, _ scope: VariableScope) -> ConditionTrace {
    if node["project"] != nil { return projectExists(node, scope) }
    let patterns = (node["paths"] ?? node).textList.map { expand($0, scope) }
    let text = patterns.joined(separator: ", ")
    if let cached = existsResults[text] ?? sharedExists?.result(text) { return cached }
    if let shared = sharedExists {
      let trace = shared.evaluate(text, patterns, files: { self.files })
      existsResults[text] = trace
      return trace
    }
    let trace = Self.existsTrace(text, patterns, files: files, fileSet: fileSet)
    existsResults[text] = trace
    return trace
  }

  private var existsResults: [String: ConditionTrace] = [:]
  private var fileSetStorage: Set<String>?
  fileprivate var fileSet: Set<String> {
    if let fileSetStorage { return fileSetStorage }
    let set = Set(files)
    fileSetStorage = set
    return set
  }
}

/// One rule with its keys read once (a job's rules are evaluated for every context); a class so
/// iterating rules does not retain every field.
final class PreparedRule: Sendable {
  let node: YAMLNode
  let condition: YAMLNode?
  let prepared: PreparedCondition?
  let changes: YAMLNode?
  let exists: YAMLNode?
  let when: String?
  let allowFailure: Bool?
  let variables: [(String, String)]
  let needs: YAMLNode?
  let interruptible: Bool?
  let startIn: String?
  /// The `if` reads no job-level variable (`jobLevel` false for every name), so within one
  /// context its answer is the same for every job that has this flag.
  let contextOnly: Bool

  /// Clauses whose answer depends only on the context (see `PatternList`).
  let changesList: PatternList?
  let existsList: PatternList?
  /// `needs` of the rule, read once.
  let needSpecs: [NeedSpec]?
  let hasChanges: Bool
  let hasExists: Bool

  init(_ rule: YAMLNode, conditions: ConditionTable, jobLevel: PreparedJob.JobLevelNames? = nil) {
    node = rule
    // One pass over the keys (a rule has a handful; hashing them costs more than comparing).
    var condition, changes, exists, when, allowFailure, variables, needs, interruptible, startIn: YAMLNode?
    if case .mapping(let pairs) = rule.content {
      for index in pairs.indices {
        guard let key = pairs[index].key.keyName else { continue }
        switch key {
        case "if": condition = pairs[index].value
        case "changes": changes = pairs[index].value
        case "exists": exists = pairs[index].value
        case "when": when = pairs[index].value
        case "allow_failure": allowFailure = pairs[index].value
        case "variables": variables = pairs[index].value
        case "needs": needs = pairs[index].value
        case "interruptible": interruptible = pairs[index].value
        case "start_in": startIn = pairs[index].value
        default: continue
        }
      }
    }
    self.condition = condition
    let prepared = condition.map { conditions.condition($0.text ?? "") }
    self.prepared = prepared
    if let prepared, let jobLevel { contextOnly = !jobLevel.read(by: prepared) } else { contextOnly = false }
    self.changes = changes
    self.exists = exists
    self.when = when?.text
    self.allowFailure = allowFailure?.bool
    self.variables = variables?.variablePairs ?? []
    self.needs = needs
    self.interruptible = interruptible?.bool
    self.startIn = startIn?.text
    changesList = changes.flatMap { PatternList($0, exceptKeys: [], table: conditions) }
    existsList = exists.flatMap { PatternList($0, exceptKeys: ["project", "ref"], table: conditions) }
    needSpecs = NeedSpec.list(needs)
    hasChanges = changes != nil
    hasExists = exists != nil
  }

  func match(at index: Int) -> RuleMatch {
    RuleMatch(
      index: index, rule: node, when: when, allowFailure: allowFailure, variables: variables, needs: needs,
      interruptible: interruptible, startIn: startIn)
  }
}

/// Evaluates `rules:` lists in order, the first match winning (gitlab-semantics.md §8.2).
enum RuleEvaluator {
  static func evaluate(_ rules: [PreparedRule], variables: VariableScope, in env: EvaluationEnvironment)
    -> (match: RuleMatch?, trace: [RuleTrace])
  {
    guard env.traced else {
      guard let index = firstMatch(rules, variables: variables, in: env) else { return (nil, []) }
      return (rules[index].match(at: index), [])
    }
    var trace: [RuleTrace] = []
    for (index, rule) in rules.enumerated() {
      var conditions: [ConditionTrace] = []
      var matched = true
      // GitLab checks every clause (`if`, `changes`, `exists`) and needs all to hold.
      if let condition = rule.condition {
        let c: ConditionTrace
        if let prepared = rule.prepared {
          c = rule.contextOnly ? env.contextTruth(prepared, condition, variables) : env.truthful(prepared, condition, variables)
        } else {
          c = env.truthful(condition, variables)
        }
        conditions.append(c)
        matched = c.result
      }
      if matched, let changes = rule.changes {
        let c = env.changes(changes, variables)
        conditions.append(c)
        matched = c.result
      }
      if matched, let exists = rule.exists {
        let c = env.exists(exists, variables)
        conditions.append(c)
        matched = c.result
      }
      trace.append(RuleTrace(index: index, location: rule.node.location, conditions: conditions, matched: matched, when: rule.when))
      if matched { return (rule.match(at: index), trace) }
    }
    return (nil, trace)
  }

  /// The index of the first matching rule, without traces: the path every plan takes, so it
  /// answers from per-context caches before building anything.
  static func firstMatch(_ rules: [PreparedRule], variables: VariableScope, in env: EvaluationEnvironment) -> Int? {
    // Reads the rule's prepared parts only: copying its YAML nodes would retain them.
    for index in rules.indices {
      let rule = rules[index]
      if let prepared = rule.prepared {
        let holds = rule.contextOnly ? env.contextTruthValue(prepared, rule, variables) : env.isTrue(prepared, rule, variables)
        if !holds { continue }
      }
      if rule.hasChanges {
        let holds = rule.changesList.map(env.changesAnswer) ?? env.changes(rule.changes!, variables).result
        if !holds { continue }
      }
      if rule.hasExists {
        let holds = rule.existsList.map { env.existsAnswer($0, rule, variables) } ?? env.exists(rule.exists!, variables).result
        if !holds { continue }
      }
      return index
    }
    return nil
  }
}
