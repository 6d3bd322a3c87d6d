import SlipwayCore
import SlipwayYAML

/// A job as GitLab's job entries see it after composition: `default:` applied, stage defaulted,
/// scripts flattened, `when` defaulted, `needs` as objects, variables merged per `inherit`.
public struct NormalizedJob: Sendable {
  public var name: String
  public var node: YAMLNode
}

/// Splits the merged root into jobs and applies defaults (GitLab `Entry::Root`, `Entry::Jobs`,
/// `Entry::Default`, `Entry::Inherit`).
public enum JobNormalizer {
  /// `Entry::Root::ALLOWED_KEYS` (gitlab-org/gitlab: lib/gitlab/ci/config/entry/root.rb).
  public static let rootKeys: Set<String> = Set(rootKeyList)
  /// Reserved root nodes, which can never be job names.
  public static let reservedNames: Set<String> = Set(rootKeyList.filter { $0 != "default" && $0 != "workflow" })
  /// `Entry::Default::ALLOWED_KEYS`.
  public static let defaultKeys = [
    "after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "identity", "image",
    "interruptible", "retry", "services", "tags", "timeout",
  ]
  /// Deprecated top-level keywords that act as defaults.
  public static let globalDefaultKeys = ["image", "services", "cache", "before_script", "after_script"]
  /// `Entry::Commands` accepts nested arrays up to this depth.
  public static let maxScriptNesting = 10

  /// `rootKeys` in a fixed order: the root scan finds them by `NameTable` index.
  static let rootKeyList = [
    "default", "include", "before_script", "image", "services", "after_script", "variables", "stages", "cache",
    "workflow",
  ]
  static let rootKeyTable = NameTable(rootKeyList)

  public static func isJobLike(_ node: YAMLNode) -> Bool {
    node.isMapping && (node["script"] != nil || node["run"] != nil || node["trigger"] != nil)
  }

  /// The job entries of the root, in order: hidden keys and root keywords excluded.
  public static func jobEntries(_ root: YAMLNode) -> [YAMLPair] {
    let pairs = root.mapping ?? []
    return RootScan(pairs).jobs.map { pairs[$0.index] }
  }

  /// Normalises every visible job; reports job-typing and default conflicts.
  public static func normalize(_ root: YAMLNode) -> (jobs: [NormalizedJob], diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let pairs = root.mapping ?? []
    let scan = RootScan(pairs)
    let context = JobContext(scan.value(of:), mark: root.mark, &diagnostics)
    // Jobs are independent: normalise contiguous chunks on every core, keeping the file order.
    let entries = scan.jobs
    let outcomes = Concurrently.flatMapChunks(entries.count) { range -> [Result<NormalizedJob, Diagnostic>] in
      range.map { index in
        let entry = entries[index]
        guard let node = normalizeJob(pairs[entry.index].value, context) else {
          return .failure(
            .error(
              ConfigCode.jobType, "jobs \(entry.name) config should implement the script:, run:, or trigger: keyword",
              at: pairs[entry.index].key.mark.location))
        }
        return .success(NormalizedJob(name: entry.name, node: node))
      }
    }
    var jobs: [NormalizedJob] = []
    jobs.reserveCapacity(entries.count)
    for outcome in outcomes {
      switch outcome {
      case .success(let job): jobs.append(job)
      case .failure(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    if jobs.isEmpty && !diagnostics.contains(where: { $0.code == ConfigCode.jobType }) {
      diagnostics.append(.error(ConfigCode.noVisibleJob, "jobs config should contain at least one visible job", at: root.mark.location))
    }
    return (jobs, diagnostics)
  }

  /// One pass over the root's entries: the job entries (by position, with their names) and the
  /// root keywords' values, instead of one scan of every entry per keyword and a set lookup per entry.
  struct RootScan {
    var jobs: [(index: Int, name: String)] = []
    /// Per `rootKeyList` entry, the position of its last occurrence (what `root[key]` returns).
    private var keywordPositions: [Int]
    private let pairs: [YAMLPair]

    init(_ pairs: [YAMLPair]) {
      self.pairs = pairs
      keywordPositions = Array(repeating: -1, count: rootKeyList.count)
      jobs.reserveCapacity(pairs.count)
      for index in pairs.indices {
        guard let name = pairs[index].key.rubyString else { continue }
        if let keyword = rootKeyTable.index(of: name) {
          // Only strings and symbols spell keywords, as `root[key]` requires.
          keywordPositions[keyword] = index
          if JobNormalizer.reservedNames.contains(name) || !isJobLike(pairs[index].value) { continue }
        } else if name.utf8.first == UInt8(ascii: "."), name.hasPrefix(".") {
          continue
        }
        jobs.append((index, name))
      }
    }

    func value(of keyword: String) -> YAMLNode? {
      guard let keyword = rootKeyTable.index(of: keyword), keywordPositions[keyword] >= 0 else { return nil }
      return pairs[keywordPositions[keyword]].value
    }
  }

  /// `default:` plus deprecated globals; a key in both is GitLab's error.
  static func effectiveDefaults(_ root: YAMLNode, _ diagnostics: inout [Diagnostic]) -> [YAMLPair] {
    effectiveDefaults({ root[$0] }, &diagnostics)
  }

  static func effectiveDefaults(_ rootValue: (String) -> YAMLNode?, _ diagnostics: inout [Diagnostic]) -> [YAMLPair] {
    var pairs = rootValue("default")?.mapping ?? []
    for key in globalDefaultKeys {
      guard let global = rootValue(key) else { continue }
      if pairs.contains(where: { $0.key.keyName == key }) {
        diagnostics.append(
          .error(ConfigCode.defaultConflict, "\(key) is defined in top-level and `default:` entry", at: global.mark.location))
        continue
      }
      pairs.append(YAMLPair(key: .string(key, at: global.mark), value: global))
    }
    return pairs.filter { defaultKeys.contains($0.key.keyName ?? "") }
  }

  /// `inherit:<kind>`: true (all), false (none) or a list of names; read once per job rather than
  /// once per inherited name.
  enum Inheritance {
    case all, none, names([YAMLNode])

    init(_ value: YAMLNode?) {
      guard let value else { self = .all; return }
      if case .scalar(let s) = value.content, case .bool(let b) = s.value {
        self = b ? .all : .none
      } else if let list = value.sequence {
        self = .names(list)
      } else {
        self = .all
      }
    }

    func includes(_ name: String) -> Bool {
      switch self {
      case .all: true
      case .none: false
      case .names(let list): list.contains { $0.rubyString == name }
      }
    }
  }

  /// A variable's value as GitLab stores it: `to_s` of scalars, `value:` of the long form.
  static func variableValue(_ node: YAMLNode) -> YAMLNode {
    // String scalars first: nearly every value is one, and `rubyString` builds a typed value.
    if let text = node.string { return .string(text, at: node.mark) }
    if node.isMapping, let value = node["value"] { return variableValue(value) }
    if let text = node.rubyString, node.isScalar { return .string(text, at: node.mark) }
    return node
  }
}
