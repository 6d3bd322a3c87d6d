import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// A variable read that nothing defines.
public struct UndefinedVariableRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "undefined-variable",
      summary: "A variable is read but nothing defines it.",
      rationale: """
        GitLab expands an undefined variable to an empty string without a word: an image without its \
        tag, an empty `docker login` password, a deploy to the wrong path. A variable must come from \
        the configuration (`variables:`, `rules:variables`, `parallel:matrix`, `secrets`, `id_tokens`), \
        from GitLab's predefined list, from a variables file or `variables:` in `.slipway.yml`, from \
        the script itself, or be declared in `lint: required_variables:` as a CI/CD variable set in \
        GitLab's settings. `slipway lint --required-vars` lists per job what must come from outside.
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          build:
            image: registry.example.com/builder:$BUILDER_VERSION
            script:
              - docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD"
          """, findings: 3)
      ],
      clean: [
        RuleExample(
          """
          variables:
            BUILDER_VERSION: "1.4.2"
          build:
            image: registry.example.com/builder:$BUILDER_VERSION
            script:
              - export TAG=$CI_COMMIT_SHORT_SHA
              - echo "building $TAG with ${EXTRA_FLAGS:-none}"
          """),
        RuleExample(
          """
          deploy:
            script: ./deploy.sh "$DEPLOY_TOKEN"
          """, settings: "lint:\n  required_variables: [DEPLOY_TOKEN]\n"),
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    var findings: [LintFinding] = []
    var reported: Set<String> = []
    func report(_ name: String, _ node: YAMLNode) {
      let location = node.mark.location
      guard reported.insert("\(name)@\(location)").inserted else { return }
      findings.append(LintFinding(
        "variable $\(name) is not defined: not in the configuration, GitLab's predefined variables, or the project's known and required variables",
        at: location,
        help: "define it under `variables:`, or list it in `.slipway.yml` `lint: required_variables:` if it is a CI/CD variable"))
    }
    let base = Self.baseDefined(context)
    for pair in context.root["variables"]?.mapping ?? [] {
      let value = pair.value["value"] ?? pair.value
      for ref in VariableReferences.scan(value.rubyText)
      where !ref.hasFallback && !base.contains(ref.name) && !PredefinedVariables.contains(ref.name) {
        report(ref.name, value)
      }
    }
    // Jobs are independent: find each chunk's undefined reads on all cores, then report in job order.
    let jobs = context.jobs
    let chunks = Concurrently.chunks(jobs.count)
    let reads = Concurrently.map(chunks.count) { chunk in
      let cache = ReferenceScanCache()
      return chunks[chunk].flatMap { Self.undefined(in: jobs[$0], base: base, cache: cache) }
    }
    for (name, node) in reads.joined() { report(name, node) }
    return findings
  }

  /// Per job, the undefined names, for `--required-vars`.
  public static func requiredVariables(_ context: LintContext) -> [(job: String, variables: [String])] {
    let base = baseDefined(context)
    let cache = ReferenceScanCache()
    return context.jobs.compactMap { job in
      var seen: Set<String> = []
      let names = undefined(in: job, base: base, cache: cache).map(\.0).filter { seen.insert($0).inserted }
      return names.isEmpty ? nil : (job.name, names.sorted())
    }
  }

  /// Names defined for every job, and the jobs that publish dotenv reports.
  struct Base: Sendable {
    var names: Set<String>
    var dotenvProducers: Set<String>
    func contains(_ name: String) -> Bool { names.contains(name) }
  }

  static func baseDefined(_ context: LintContext) -> Base {
    let names = context.globalVariables.union(context.configuration.knownVariables)
      .union(context.configuration.requiredVariables)
    let producers = context.jobs.filter { $0.node["artifacts"]?["reports"]?["dotenv"] != nil }.map(\.name)
    return Base(names: names, dotenvProducers: Set(producers))
  }

  /// Undefined reads of one job, with the node that reads each.
  static func undefined(in job: NormalizedJob, base: Base, cache: ReferenceScanCache) -> [(String, YAMLNode)] {
    let node = job.node
    // Jobs that receive dotenv reports may read names we cannot know.
    if consumesDotenv(job, base.dotenvProducers) { return [] }
    var defined = Set((node["variables"]?.mapping ?? []).compactMap(\.key.keyName))
    for rule in node["rules"]?.sequence ?? [] {
      defined.formUnion((rule["variables"]?.mapping ?? []).compactMap(\.key.keyName))
    }
    for entry in node["parallel"]?["matrix"]?.sequence ?? [] {
      defined.formUnion((entry.mapping ?? []).compactMap(\.key.keyName))
    }
    defined.formUnion((node["secrets"]?.mapping ?? []).compactMap(\.key.keyName))
    defined.formUnion((node["id_tokens"]?.mapping ?? []).compactMap(\.key.keyName))
    var scripts: [YAMLNode] = []
    for key in ["before_script", "script", "after_script"] { scripts += node[key]?.sequence ?? [] }
    for script in scripts { defined.formUnion(cache.shellAssignments(script)) }
    var out: [(String, YAMLNode)] = []
    func scan(_ value: YAMLNode?, shell: Bool = false) {
      guard let value else { return }
      for (name, reader) in cache.reads(in: value, shell: shell) {
        if defined.contains(name) || base.contains(name) || PredefinedVariables.contains(name) { continue }
        out.append((name, reader))
      }
    }
    scripts.forEach { scan($0, shell: true) }
    for key in ["image", "services", "environment", "artifacts", "cache", "tags", "trigger", "release"] { scan(node[key]) }
    for rule in node["rules"]?.sequence ?? [] {
      scan(rule["if"]); scan(rule["changes"]); scan(rule["exists"])
    }
    for pair in node["variables"]?.mapping ?? [] { scan(pair.value) }
    return out
  }

  /// A job downloads dotenv reports when it needs a producer, or takes every earlier artifact.
  static func consumesDotenv(_ job: NormalizedJob, _ producers: Set<String>) -> Bool {
    guard !producers.isEmpty, !producers.contains(job.name) else { return false }
    let upstream = (job.node["needs"] ?? job.node["dependencies"])?.sequence
    guard let upstream else { return true }
    return upstream.contains { producers.contains(($0.isMapping ? $0["job"] : $0)?.rubyText ?? "") }
  }
}
