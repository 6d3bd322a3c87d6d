import Foundation
import SlipwayYAML

/// One instance of a job after `parallel` expansion (GitLab `Config::Normalizer`). A class, filled
/// while a configuration is prepared and read-only afterwards: every context visits every
/// instance, and copying a struct retains each field.
final class JobInstance: @unchecked Sendable {
  let name: String
  /// `parallel:matrix` variables, in key order.
  let matrixVariables: [(String, String)]
  /// `CI_NODE_INDEX` (1-based) and `CI_NODE_TOTAL`; nil without `parallel`.
  let node: (index: Int, total: Int)?
  /// `CI_JOB_NAME_SLUG`, computed once per compile.
  var jobSlug = ""
  /// `CI_JOB_*`, `CI_NODE_*` and matrix values (matrix wins), computed once per compile.
  var jobLevel: [String: String] = [:]
  /// The job's variables with the matrix values applied: what it gets without workflow or rule
  /// variables, shared by every context where those are empty.
  var baseVariables: [(String, String)] = []
  /// `baseVariables` with the variables of the rule `ruleVariables.rule` applied: contexts where
  /// the same rule matches get the same list, built once.
  private var ruleVariables: (rule: ObjectIdentifier, variables: [(String, String)])?
  /// Guards `ruleVariables` (contexts decide on several cores; one lock for all instances, as
  /// a lock per instance would cost an allocation each and the critical sections are tiny).
  private static let ruleVariablesLock = NSLock()

  /// Keys of `jobLevel` every instance has, and those of `parallel` instances (`PreparedJob`
  /// relies on their `CI_JOB_` and `CI_NODE_` prefixes).
  static let jobLevelNames: Set<String> = ["CI_JOB_NAME", "CI_JOB_NAME_SLUG", "CI_JOB_STAGE"]
  static let nodeNames: Set<String> = ["CI_NODE_INDEX", "CI_NODE_TOTAL"]

  /// The predefined names of `jobLevel`, each with the field it takes.
  private static let jobLevelTable = ["CI_JOB_NAME": 0, "CI_JOB_NAME_SLUG": 1, "CI_JOB_STAGE": 2]
  private static let nodeLevelTable = jobLevelTable.merging(["CI_NODE_INDEX": 3, "CI_NODE_TOTAL": 4]) { a, _ in a }

  init(name: String, matrixVariables: [(String, String)], node: (index: Int, total: Int)?) {
    self.name = name
    self.matrixVariables = matrixVariables
    self.node = node
  }

  /// `baseVariables` with `rule`'s variables applied (see `JobSeeder.mergedVariables`); kept for
  /// the first rule asked for, which is the one that matches in most contexts.
  func baseVariables(with rule: PreparedRule, own: [String: String]) -> [(String, String)] {
    let id = ObjectIdentifier(rule)
    Self.ruleVariablesLock.lock()
    let known = ruleVariables
    Self.ruleVariablesLock.unlock()
    if let known, known.rule == id { return known.variables }
    let merged = JobSeeder.mergedVariables(baseVariables, own: own, workflow: [], matrix: [], rules: rule.variables)
    if known == nil {
      Self.ruleVariablesLock.lock()
      if ruleVariables == nil { ruleVariables = (id, merged) }
      Self.ruleVariablesLock.unlock()
    }
    return merged
  }

  func jobLevel(stage: String, slug: String) -> [String: String] {
    // From a table of the predefined names: `mapValues` keeps its buckets, so none of those
    // names is hashed again for each of thousands of instances.
    var level = (node == nil ? Self.jobLevelTable : Self.nodeLevelTable).mapValues { field -> String in
      switch field {
      case 0: name
      case 1: slug
      case 2: stage
      case 3: String(node?.index ?? 0)
      default: String(node?.total ?? 0)
      }
    }
    // Matrix values win over the predefined ones (a later matrix key over an earlier one).
    if !matrixVariables.isEmpty { level.reserveCapacity(level.count + matrixVariables.count) }
    for (k, v) in matrixVariables { level[k] = v }
    return level
  }
}

/// `parallel: N` gives `job 1/N` … `job N/N`; `parallel:matrix` gives `job: [a, b]` per combination
/// (`NumberStrategy`, `MatrixStrategy` in lib/gitlab/ci/config/normalizer/).
enum ParallelExpansion {
  static func instances(name: String, parallel: YAMLNode?) -> [JobInstance] {
    guard let parallel else { return [JobInstance(name: name, matrixVariables: [], node: nil)] }
    if let total = Int(parallel.text ?? ""), parallel.isScalar {
      guard total > 1 else { return [JobInstance(name: name, matrixVariables: [], node: nil)] }
      return (1...total).map { JobInstance(name: "\(name) \($0)/\(total)", matrixVariables: [], node: ($0, total)) }
    }
    let combinations = matrix(parallel["matrix"])
    guard !combinations.isEmpty else { return [JobInstance(name: name, matrixVariables: [], node: nil)] }
    return combinations.enumerated().map { index, vars in
      JobInstance(
        name: "\(name): [\(vars.map(\.1).joined(separator: ", "))]", matrixVariables: vars,
        node: (index + 1, combinations.count))
    }
  }

  /// Every combination of every matrix entry, keys in written order, the first key varying slowest
  /// (Ruby `Array#product`).
  static func matrix(_ node: YAMLNode?) -> [[(String, String)]] {
    var out: [[(String, String)]] = []
    for entry in node?.sequence ?? [] {
      var combos: [[(String, String)]] = [[]]
      for pair in entry.mapping ?? [] {
        guard let key = pair.key.keyName else { continue }
        let values = pair.value.textList
        combos = combos.flatMap { prefix in values.map { prefix + [(key, $0)] } }
      }
      out += combos
    }
    return out
  }

  /// Names of the instances a `needs:parallel:matrix` selects from `instances`.
  static func select(_ instances: [JobInstance], matrix: YAMLNode?) -> [String] {
    guard let matrix else { return instances.map(\.name) }
    let wanted = self.matrix(matrix)
    return instances.filter { instance in
      wanted.contains { combo in
        combo.count == instance.matrixVariables.count
          && zip(combo, instance.matrixVariables).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
      }
    }.map(\.name)
  }
}
