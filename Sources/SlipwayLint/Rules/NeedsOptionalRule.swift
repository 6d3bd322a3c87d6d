import SlipwayYAML

/// `needs:` on a job that rules or only/except can leave out, without `optional: true`.
public struct NeedsOptionalRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "needs-optional",
      summary: "A job needs a job that its rules can exclude, without `optional: true`.",
      rationale: """
        When the needed job is not added to a pipeline (its `rules` do not match, or `only`/`except` \
        exclude it), GitLab refuses to create the whole pipeline: "'a' job needs 'b' job, but 'b' does \
        not exist in the pipeline". Mark such needs `optional: true`, or give both jobs the same \
        conditions.
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          build:
            script: make
            rules:
              - if: $CI_COMMIT_TAG
          deploy:
            script: ./deploy.sh
            needs: [build]
          """, findings: 1)
      ],
      clean: [
        RuleExample(
          """
          build:
            script: make
            rules:
              - if: $CI_COMMIT_TAG
          deploy:
            script: ./deploy.sh
            needs:
              - job: build
                optional: true
          package:
            script: make package
            rules:
              - if: $CI_COMMIT_TAG
            needs: [build]
          """)
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    let jobs = context.jobs
    // Jobs by name (the first of a name wins, as in `jobsByName`), and each job's facts computed
    // once: a popular job is needed by thousands of others.
    var indexByName: [String: Int] = [:]
    for (index, job) in jobs.enumerated() where indexByName[job.name] == nil { indexByName[job.name] = index }
    var excludable: [Int: Bool] = [:]
    var findings: [LintFinding] = []
    for job in jobs {
      for need in job.node["needs"]?.sequence ?? [] {
        guard need["optional"]?.boolValue != true, need["project"] == nil, need["pipeline"] == nil,
          let nameNode = need["job"], let neededIndex = indexByName[nameNode.rubyText]
        else { continue }
        let needed = jobs[neededIndex]
        let canBeExcluded = excludable[neededIndex] ?? Self.canBeExcluded(needed.node)
        excludable[neededIndex] = canBeExcluded
        guard canBeExcluded, !Self.sameConditions(needed.node, job.node) else { continue }
        findings.append(LintFinding(
          "job \(job.name) needs \(needed.name), which its rules can leave out of the pipeline; the pipeline then fails to be created",
          at: nameNode.mark.location,
          help: "use `needs: [{job: \(needed.name), optional: true}]`, or give \(job.name) the same rules"))
      }
    }
    return findings
  }

  /// Rules without a catch-all rule, or `only`/`except`, can exclude a job.
  static func canBeExcluded(_ job: YAMLNode) -> Bool {
    if let rules = job["rules"]?.sequence {
      let catchAll = rules.contains { rule in
        rule["if"] == nil && rule["changes"] == nil && rule["exists"] == nil && rule["when"]?.rubyText != "never"
      }
      return !catchAll
    }
    return job["only"] != nil || job["except"] != nil
  }

  /// Whether two jobs' rules have the same conditions (so the jobs come and go together), compared
  /// rule by rule as text up to the first difference; rules that share storage (`!reference`,
  /// templates) are equal without building their text.
  static func sameConditions(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
    let left = a["rules"]?.sequence ?? []
    let right = b["rules"]?.sequence ?? []
    guard left.count == right.count else { return false }
    for (x, y) in zip(left, right) {
      if let identity = x.storageIdentity, identity == y.storageIdentity { continue }
      if conditionText(x) != conditionText(y) { return false }
    }
    return true
  }

  /// One rule's `if`, `changes`, `exists` and `when`, as text.
  static func conditionText(_ rule: YAMLNode) -> String {
    ["if", "changes", "exists", "when"].map { rule[$0].map { $0.rubyText + ($0.stringList.joined(separator: ",")) } ?? "" }
      .joined(separator: "|")
  }
}
