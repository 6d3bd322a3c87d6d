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
    var reported: Set<ReportKey> = []
    func report(_ name: String, _ node: YAMLNode) {
      let location = node.mark.location
      guard reported.insert(ReportKey(name: name, location: location)).inserted else { return }
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
    let reads = Concurrently.flatMapChunks(jobs.count) { range in
      let cache = ReferenceScanCache(alwaysDefined: { base.contains($0) || PredefinedVariables.contains($0) })
      return range.flatMap { Self.undefined(in: jobs[$0], base: base, cache: cache) }
    }
    for (name, node) in reads { report(name, node) }
    return findings
  }

  /// One finding per name and place, however many jobs read it there.
  private struct ReportKey: Hashable {
    var name: String
    var location: SourceLocation
  }

  /// Per job, the undefined names, for `--required-vars`.
  public static func requiredVariables(_ context: LintContext) -> [(job: String, variables: [String])] {
    let base = baseDefined(context)
    let cache = ReferenceScanCache(alwaysDefined: { base.contains($0) || PredefinedVariables.contains($0) })
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

  /// Undefined reads of one job, with the node that reads each. The cache drops reads of names
  /// every job has (base and predefined), which are most of them; only the few left are looked up
  /// in the job's own definitions, without building a set of them.
  static func undefined(in job: NormalizedJob, base: Base, cache: ReferenceScanCache) -> [(String, YAMLNode)] {
    // Jobs that receive dotenv reports may read names we cannot know.
    if consumesDotenv(job, base.dotenvProducers) { return [] }
    let fields = JobFields(job.node)
    var out: [(String, YAMLNode)] = []
    // Built on the first read that is left, once per job: looking each read up in the job's
    // definitions walks (and copies) them again for every read.
    var defined: Set<String>?
    func scan(_ value: YAMLNode?, shell: Bool = false) {
      guard let value else { return }
      for (name, reader) in cache.unknownReads(in: value, shell: shell) {
        if defined == nil { defined = fields.definedNames(cache: cache) }
        if defined!.contains(name) { continue }
        out.append((name, reader))
      }
    }
    for script in fields.scripts { scan(script, shell: true) }
    for value in fields.scanned { scan(value) }
    for rule in fields.rules?.sequence ?? [] {
      scan(rule["if"]); scan(rule["changes"]); scan(rule["exists"])
    }
    for pair in fields.variables?.mapping ?? [] { scan(pair.value) }
    return out
  }

  /// The keywords of a job this rule reads, found in one pass over its keys (the last of a
  /// repeated key wins, as with `YAMLNode`'s subscript).
  struct JobFields {
    /// `before_script`, `script`, `after_script` (lists only), in that order.
    var scripts: [YAMLNode] = []
    /// `image`, `services`, `environment`, `artifacts`, `cache`, `tags`, `trigger`, `release`, in that order.
    var scanned: [YAMLNode] = []
    var rules: YAMLNode?
    var variables: YAMLNode?
    private var parallel: YAMLNode?
    private var secrets: YAMLNode?
    private var idTokens: YAMLNode?

    /// Slots of the keys read: 0–2 the scripts, 3–10 the scanned values, then the others.
    private static let slots = NameTable(
      ["before_script", "script", "after_script", "image", "services", "environment", "artifacts", "cache", "tags",
       "trigger", "release", "rules", "variables", "parallel", "secrets", "id_tokens"])

    init(_ node: YAMLNode) {
      guard case .mapping(let pairs) = node.content else { return }
      var values = [YAMLNode?](repeating: nil, count: 16)
      // By index: no copy of the pairs whose key is not read.
      for index in pairs.indices {
        if let name = pairs[index].key.keyName, let slot = Self.slots.index(of: name) { values[slot] = pairs[index].value }
      }
      scripts = values[0..<3].compactMap { $0?.isSequence == true ? $0 : nil }
      scanned = values[3..<11].compactMap { $0 }
      rules = values[11]
      variables = values[12]
      parallel = values[13]
      secrets = values[14]
      idTokens = values[15]
    }

    /// The names the job itself defines: `variables`, `rules:variables`, `parallel:matrix`,
    /// `secrets`, `id_tokens`, and shell assignments in its script items.
    func definedNames(cache: ReferenceScanCache) -> Set<String> {
      // Sized for a job's usual definitions: growing rehashes every name again.
      var names = Set<String>(minimumCapacity: 48)
      func addKeys(_ mapping: YAMLNode?) {
        guard case .mapping(let pairs)? = mapping?.content else { return }
        for index in pairs.indices { if let name = pairs[index].key.keyName { names.insert(name) } }
      }
      addKeys(variables)
      addKeys(secrets)
      addKeys(idTokens)
      for rule in rules?.sequence ?? [] { addKeys(rule["variables"]) }
      for entry in parallel?["matrix"]?.sequence ?? [] { addKeys(entry) }
      for script in scripts {
        // Most items assign nothing: a union with an empty set still costs a call and a copy.
        for item in script.sequence ?? [] {
          let assigned = cache.shellAssignments(item)
          if !assigned.isEmpty { names.formUnion(assigned) }
        }
      }
      return names
    }
  }

  /// A job downloads dotenv reports when it needs a producer, or takes every earlier artifact.
  static func consumesDotenv(_ job: NormalizedJob, _ producers: Set<String>) -> Bool {
    guard !producers.isEmpty, !producers.contains(job.name) else { return false }
    let upstream = (job.node["needs"] ?? job.node["dependencies"])?.sequence
    guard let upstream else { return true }
    return upstream.contains { producers.contains(($0.isMapping ? $0["job"] : $0)?.rubyText ?? "") }
  }
}
