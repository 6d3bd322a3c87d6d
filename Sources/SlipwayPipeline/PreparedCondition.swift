import Foundation
import SlipwayConfig
import SlipwayExpressions
import SlipwayYAML

/// A `rules:if` (or `only:variables`) expression with the variables it reads, interned by text:
/// thousands of rules share a few expressions, so each context caches answers per condition id
/// and values read instead of hashing the expression text for every job.
final class PreparedCondition: Sendable {
  let id: Int
  let text: String
  let names: [String]
  /// Per name, what `PreparedJob.JobLevelNames` asks of it for every job.
  let nameKinds: [NameKind]
  /// Parsed once for every context that evaluates it.
  let statement: ExpressionStatement

  struct NameKind {
    /// `PreparedJob.nameBit`.
    let bit: UInt64
    /// A predefined name every instance has (`CI_JOB_NAME`, …), or that `parallel` instances have.
    let isJobName: Bool
    let isNodeName: Bool

    init(_ name: String) {
      bit = PreparedJob.nameBit(name)
      isJobName = JobInstance.jobLevelNames.contains(name)
      isNodeName = JobInstance.nodeNames.contains(name)
    }
  }

  init(id: Int, text: String) {
    self.id = id
    self.text = text
    names = ExpressionReads.names(in: text, skippingQuotes: true)
    nameKinds = names.map(NameKind.init)
    statement = ExpressionStatement(text)
  }

  /// `parsed` with an id: parsing is the costly part, and happens before the id is known.
  init(id: Int, _ parsed: PreparedCondition) {
    self.id = id
    text = parsed.text
    names = parsed.names
    nameKinds = parsed.nameKinds
    statement = parsed.statement
  }
}

/// Interns conditions and pattern lists while a configuration is prepared (by every core, hence
/// the lock), then frozen. Each chunk of jobs asks through its own `front()`: the shared table is
/// locked only for what the chunk has not seen, since a lock taken for every rule of 5,000 jobs
/// keeps the other core waiting.
final class ConditionTable: @unchecked Sendable {
  private let lock = NSLock()
  /// The table a chunk's front asks on a miss (nil: this is the shared table).
  private let shared: ConditionTable?
  private var conditions: [String: PreparedCondition] = [:]
  private var patternLists: [PatternListKey: Int] = [:]
  private var rules: [RuleIdentity: RuleVariants] = [:]

  init() { shared = nil }

  private init(fronting shared: ConditionTable, jobs: Int) {
    self.shared = shared
    // Sized for a chunk's rules (a few per job): growing rehashes every key.
    rules.reserveCapacity(4 * jobs)
    patternLists.reserveCapacity(jobs)
  }

  /// An unlocked front for one chunk of `jobs` jobs, used by one task only.
  func front(jobs: Int) -> ConditionTable { ConditionTable(fronting: self, jobs: jobs) }

  /// One rule node prepared for jobs where its `if` reads only context values, and for others.
  private struct RuleVariants {
    let condition: PreparedCondition?
    var contextOnly: PreparedRule?
    var jobLevel: PreparedRule?

    init(condition: PreparedCondition?) { self.condition = condition }

    /// Records `made` as its kind's variant unless one is known.
    mutating func keep(_ made: PreparedRule) {
      if made.contextOnly {
        if contextOnly == nil { contextOnly = made }
      } else if jobLevel == nil {
        jobLevel = made
      }
    }
  }

  var byText: [String: PreparedCondition] {
    lock.lock()
    defer { lock.unlock() }
    return conditions
  }

  var patternListCount: Int {
    lock.lock()
    defer { lock.unlock() }
    return patternLists.count
  }

  func condition(_ text: String) -> PreparedCondition {
    if let shared {
      if let known = conditions[text] { return known }
      let made = shared.condition(text)
      conditions[text] = made
      return made
    }
    if let known = lock.withLockedValue({ conditions[text] }) { return known }
    // Parsed outside the lock (parsing costs more than the rest of preparing a rule, and other
    // cores are waiting); the id is taken under it, so ids stay dense.
    let parsed = PreparedCondition(id: -1, text: text)
    return lock.withLockedValue {
      if let known = conditions[text] { return known }
      let made = PreparedCondition(id: conditions.count, parsed)
      conditions[text] = made
      return made
    }
  }

  /// The prepared rule of a job's rule node. Rules reached through `!reference`, anchors or
  /// `extends` share their mapping's storage, so one `PreparedRule` serves every job of a chunk
  /// that uses them (and answers from one place in memory for every context). Per chunk, not
  /// shared: most jobs write their own rules, so a shared table would be locked for every rule.
  func rule(_ node: YAMLNode, jobLevel: PreparedJob.JobLevelNames) -> PreparedRule {
    guard case .mapping(let pairs) = node.content,
      let storage = pairs.withUnsafeBufferPointer({ $0.baseAddress.map { Int(bitPattern: $0) } })
    else { return PreparedRule(node, conditions: self, jobLevel: jobLevel) }
    let identity = RuleIdentity(storage: storage, mark: node.mark)
    let variants = exclusive { rules[identity] }
    if let variants {
      // `contextOnly` depends on the job: reuse the variant that has this job's value.
      let contextOnly = variants.condition.map { !jobLevel.read(by: $0) } ?? false
      if let known = contextOnly ? variants.contextOnly : variants.jobLevel { return known }
    }
    // Made outside the lock: making it interns its condition and pattern lists.
    let made = PreparedRule(node, conditions: self, jobLevel: jobLevel)
    exclusive {
      // In place: one lookup, and no copy of the variants.
      rules[identity, default: RuleVariants(condition: made.prepared)].keep(made)
    }
    return made
  }

  /// `body` under the lock for the shared table; a front belongs to one task.
  private func exclusive<T>(_ body: () -> T) -> T {
    shared == nil ? lock.withLockedValue(body) : body()
  }

  /// An id per list of patterns, by its content: the answer of a clause without variables
  /// depends only on its patterns and `compare_to` (and the context), and thousands of jobs
  /// write the same few lists, so each context evaluates each list once.
  func patternListID(_ patterns: [String], compareTo: String?) -> Int {
    let key = PatternListKey(patterns: patterns, compareTo: compareTo)
    if let shared {
      if let known = patternLists[key] { return known }
      let id = shared.patternListID(key)
      patternLists[key] = id
      return id
    }
    return patternListID(key)
  }

  private func patternListID(_ key: PatternListKey) -> Int {
    lock.withLockedValue {
      if let known = patternLists[key] { return known }
      let id = patternLists.count
      patternLists[key] = id
      return id
    }
  }
}

/// A pattern list by content, hashed once: a chunk's table and the shared one both look it up,
/// and hashing every pattern's bytes for each lookup cost more than the rest of preparing a rule.
struct PatternListKey: Hashable {
  let patterns: [String]
  let compareTo: String?
  private let contentHash: Int

  init(patterns: [String], compareTo: String?) {
    self.patterns = patterns
    self.compareTo = compareTo
    var hasher = Hasher()
    hasher.combine(patterns)
    hasher.combine(compareTo)
    contentHash = hasher.finalize()
  }

  func hash(into hasher: inout Hasher) { hasher.combine(contentHash) }

  static func == (a: PatternListKey, b: PatternListKey) -> Bool {
    a.contentHash == b.contentHash && a.patterns == b.patterns && a.compareTo == b.compareTo
  }
}

/// A rule node by its mapping's storage and position (nodes sharing storage have the same
/// content; the nodes are alive while the configuration is prepared, so addresses are not reused).
struct RuleIdentity: Hashable {
  let storage: Int
  let mark: Mark
}

extension NSLock {
  func withLockedValue<T>(_ body: () -> T) -> T {
    lock()
    defer { unlock() }
    return body()
  }
}

/// The patterns of a `rules:changes` or `rules:exists` clause that needs no expansion (no `$`,
/// `%` in its patterns or `compare_to`) and no `project`: its answer depends only on the
/// context, so each context caches it by `id`.
final class PatternList: Sendable {
  let id: Int
  let patterns: [String]
  let compareTo: String?

  /// nil when the clause needs the general path (variables, `project`).
  init?(_ node: YAMLNode, exceptKeys: [String], table: ConditionTable) {
    for key in exceptKeys where node[key] != nil { return nil }
    let paths = node["paths"] ?? node
    let patterns = paths.textList
    let compareTo = node["compare_to"]?.text
    func literal(_ text: String) -> Bool {
      // Over the contiguous bytes when there are (always, for loaded text): the view's iterator
      // costs several times more per byte.
      text.utf8.withContiguousStorageIfAvailable { !$0.contains { $0 == 0x24 || $0 == 0x25 } }
        ?? !text.utf8.contains { $0 == 0x24 || $0 == 0x25 }
    }
    guard patterns.allSatisfy(literal), compareTo.map(literal) ?? true else { return nil }
    self.patterns = patterns
    self.compareTo = compareTo
    id = table.patternListID(patterns, compareTo: compareTo)
  }

  /// Whether the pattern at `index` matches `path`. `Glob` compares the bytes before the first
  /// `*`, `?`, `[`, `{` or `\` one for one (braces expand after their common prefix): a path
  /// that differs there cannot match, which settles most changed files without building a glob.
  func matches(_ index: Int, _ path: String) -> Bool {
    var rest = path.utf8.makeIterator()
    for byte in patterns[index].utf8 {
      if byte == 0x2A || byte == 0x3F || byte == 0x5B || byte == 0x7B || byte == 0x5C { break }
      guard rest.next() == byte else { return false }
    }
    return Glob(patterns[index]).matches(path)
  }
}

/// A cached truth: the condition and the values it read (the first one inline, since most
/// expressions read one variable and an array would allocate per lookup).
struct TruthKey: Hashable {
  let id: Int
  let first: String?
  let rest: [String?]

  init(_ condition: PreparedCondition, _ scope: VariableScope) {
    id = condition.id
    let names = condition.names
    first = names.isEmpty ? nil : scope[names[0]]
    rest = names.count > 1 ? names.dropFirst().map { scope[$0] } : []
  }

  /// The values read, for `count` names.
  func values(_ count: Int) -> [String?] { count == 0 ? [] : [first] + rest }
}
