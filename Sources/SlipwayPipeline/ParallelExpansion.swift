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

  /// Keys of `jobLevel` every instance has, and those of `parallel` instances (`PreparedJob`
  /// relies on their `CI_JOB_` and `CI_NODE_` prefixes).
  static let jobLevelNames: Set<String> = ["CI_JOB_NAME", "CI_JOB_NAME_SLUG", "CI_JOB_STAGE"]
  static let nodeNames: Set<String> = ["CI_NODE_INDEX", "CI_NODE_TOTAL"]

  init(name: String, matrixVariables: [(String, String)], node: (index: Int, total: Int)?) {
    self.name = name
    self.matrixVariables = matrixVariables
    self.node = node
  }

  func jobLevel(stage: String, slug: String) -> [String: String] {
    var level = ["CI_JOB_NAME": name, "CI_JOB_NAME_SLUG": slug, "CI_JOB_STAGE": stage]
    if let (index, total) = node {
      level["CI_NODE_INDEX"] = String(index)
      level["CI_NODE_TOTAL"] = String(total)
    }
    // Matrix values win over the predefined ones (a later matrix key over an earlier one).
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
