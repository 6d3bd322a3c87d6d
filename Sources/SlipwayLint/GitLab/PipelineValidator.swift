import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// GitLab's logical checks across jobs (`Gitlab::Ci::YamlProcessor#validate_job!`, `Dag`):
/// stages, needs, dependencies, cycles, `environment:on_stop`, and the `rules:when` warning.
/// One pass over the jobs with dictionaries; the cycle check is Tarjan's linear SCC.
struct PipelineValidator {
  /// GitLab's stages when the config declares none (`Entry::Stages.default`).
  static let defaultStages = [".pre", "build", "test", "deploy", ".post"]

  var diagnostics: [Diagnostic] = []
  let jobs: [NormalizedJob]
  let stages: [String]
  let stageIndex: [String: Int]
  let jobStage: [String: Int]
  let jobsByName: [String: YAMLNode]

  init(root: YAMLNode, jobs: [NormalizedJob]) {
    self.jobs = jobs
    let declared = root["stages"].map { EntryChecker.flatStrings($0) } ?? []
    stages = declared.isEmpty ? Self.defaultStages : declared
    var index: [String: Int] = [:]
    for (i, stage) in stages.enumerated() where index[stage] == nil { index[stage] = i }
    stageIndex = index
    var byName: [String: YAMLNode] = Dictionary(minimumCapacity: jobs.count)
    var stageOf: [String: Int] = Dictionary(minimumCapacity: jobs.count)
    for job in jobs {
      let stage = (job.node["stage"] ?? job.node["type"])?.rubyText ?? "test"
      // A parallel job can also be needed by the name of one of its instances.
      for name in [job.name] + Self.instanceNames(job) {
        byName[name] = job.node
        if let i = index[stage] { stageOf[name] = i }
      }
    }
    jobsByName = byName
    jobStage = stageOf
  }

  /// `job 1/3` for `parallel: 3`; `job: [a, x]` for each `parallel:matrix` combination.
  static func instanceNames(_ job: NormalizedJob) -> [String] {
    guard let parallel = job.node["parallel"] else { return [] }
    if let count = parallel.intValue, count > 1, count <= GitLabLimits.parallelRange.upperBound {
      return (1...count).map { "\(job.name) \($0)/\(count)" }
    }
    var names: [String] = []
    for entry in parallel["matrix"]?.sequence ?? [] {
      var combinations: [[String]] = [[]]
      for pair in entry.mapping ?? [] {
        let values = pair.value.sequence.map { $0.map(\.rubyText) } ?? [pair.value.rubyText]
        combinations = combinations.flatMap { prefix in values.map { prefix + [$0] } }
        if combinations.count > GitLabLimits.maxMatrixJobs { return names }
      }
      names += combinations.map { "\(job.name): [\($0.joined(separator: ", "))]" }
    }
    return names
  }

  mutating func run(hasWorkflowRules: Bool) {
    var edges: [String: [String]] = Dictionary(minimumCapacity: jobs.count)
    for job in jobs {
      checkName(job)
      checkStage(job)
      edges[job.name] = checkNeeds(job, job.node["needs"])
      for rule in job.node["rules"]?.sequence ?? [] { _ = checkNeeds(job, rule["needs"]) }
      checkDependencies(job)
      checkOnStop(job)
      if !hasWorkflowRules { checkRulesWhen(job) }
    }
    checkCycles(edges)
  }

  private mutating func checkName(_ job: NormalizedJob) {
    if job.name.count > GitLabLimits.maxJobNameLength {
      diagnostics.append(.error(
        GitLabCode.nameLength, "jobs:\(job.name) name is too long (maximum is \(GitLabLimits.maxJobNameLength) characters)",
        at: job.node.mark.location))
    }
  }

  private mutating func checkStage(_ job: NormalizedJob) {
    guard let stage = job.node["stage"] ?? job.node["type"], stage.isStringLike else { return }
    if stageIndex[stage.rubyText] == nil {
      diagnostics.append(.error(
        GitLabCode.undefinedStage,
        "\(job.name) job: chosen stage \(stage.rubyText) does not exist; available stages are \(stages.joined(separator: ", "))",
        at: stage.mark.location, help: "add `\(stage.rubyText)` to `stages:` or pick one of the stages listed"))
    }
  }

  /// Validates `needs` (or `rules:needs`); returns the names of the jobs needed, for the cycle check.
  private mutating func checkNeeds(_ job: NormalizedJob, _ needs: YAMLNode?) -> [String] {
    guard let items = needs?.sequence else { return [] }
    var seen: Set<String> = []
    var duplicated: [String] = []
    var names: [String] = []
    var count = 0
    for item in items {
      let nameNode = item.isMapping ? item["job"] : item
      guard let nameNode, nameNode.isStringLike, item["project"] == nil, item["pipeline"] == nil else { continue }
      let name = nameNode.rubyText
      count += 1
      if !seen.insert(name).inserted { duplicated.append(name); continue }
      let optional = item["optional"]?.boolValue ?? false
      guard let neededStage = jobStage[name] ?? (jobsByName[name] != nil ? -1 : nil) else {
        if !optional {
          diagnostics.append(.error(GitLabCode.undefinedJob, "\(job.name) job: undefined need: \(name)", at: nameNode.mark.location))
        }
        continue
      }
      names.append(name)
      if let own = jobStage[job.name], neededStage > own {
        diagnostics.append(.error(
          GitLabCode.laterStage, "\(job.name) job: need \(name) is not defined in current or prior stages",
          at: nameNode.mark.location))
      }
    }
    if !duplicated.isEmpty, let needs {
      diagnostics.append(.error(
        GitLabCode.duplicateNeeds, "\(job.name) has the following needs duplicated: \(duplicated.joined(separator: ", ")).",
        at: needs.mark.location))
    }
    if count > GitLabLimits.maxNeeds, let needs {
      diagnostics.append(.error(
        GitLabCode.needsLimit,
        "\(job.name): one job can only need \(GitLabLimits.maxNeeds) others, but you have listed \(count). See needs keyword documentation for more details",
        at: needs.mark.location))
    }
    return names
  }

  private mutating func checkDependencies(_ job: NormalizedJob) {
    guard let items = job.node["dependencies"]?.sequence else { return }
    let needed = Set((job.node["needs"]?.sequence ?? []).compactMap { ($0.isMapping ? $0["job"] : $0)?.rubyText })
    for item in items where item.isStringLike {
      let name = item.rubyText
      guard jobsByName[name] != nil else {
        diagnostics.append(.error(GitLabCode.undefinedJob, "\(job.name) job: undefined dependency: \(name)", at: item.mark.location))
        continue
      }
      if let own = jobStage[job.name], let theirs = jobStage[name], theirs > own {
        diagnostics.append(.error(
          GitLabCode.laterStage, "\(job.name) job: dependency \(name) is not defined in current or prior stages",
          at: item.mark.location))
      }
      if job.node["needs"] != nil && !needed.contains(name) {
        diagnostics.append(.error(
          GitLabCode.dependencyNotNeeded, "jobs:\(job.name) dependencies the \(name) should be part of needs".lowercased(),
          at: item.mark.location))
      }
    }
  }

  private mutating func checkOnStop(_ job: NormalizedJob) {
    guard let environment = job.node["environment"], environment.isMapping, let onStop = environment["on_stop"] else { return }
    let stopName = onStop.rubyText
    let prefix = "\(job.name) job: on_stop job \(stopName)"
    guard let stopJob = jobsByName[stopName] else {
      diagnostics.append(.error(GitLabCode.onStop, "\(prefix) is not defined", at: onStop.mark.location))
      return
    }
    guard let stopEnvironment = stopJob["environment"] else {
      diagnostics.append(.error(GitLabCode.onStop, "\(prefix) does not have environment defined", at: onStop.mark.location))
      return
    }
    let name = environment["name"]?.rubyText
    let stopEnvName = stopEnvironment.isMapping ? stopEnvironment["name"]?.rubyText : stopEnvironment.rubyText
    if name != stopEnvName {
      diagnostics.append(.error(GitLabCode.onStop, "\(prefix) have different environment name", at: onStop.mark.location))
    } else if stopEnvironment["action"]?.rubyText != "stop" {
      diagnostics.append(.error(GitLabCode.onStop, "\(prefix) needs to have action stop defined", at: onStop.mark.location))
    }
  }

  /// `Processable#validate_against_warnings`.
  private mutating func checkRulesWhen(_ job: NormalizedJob) {
    guard let last = job.node["rules"]?.sequence?.last, let pairs = last.mapping, pairs.count == 1,
      pairs[0].key.keyName == "when", pairs[0].value.rubyText != "never"
    else { return }
    diagnostics.append(.warning(
      GitLabCode.multiplePipelines,
      "jobs:\(job.name) may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules` - read more: https://docs.gitlab.com/ee/ci/jobs/job_troubleshooting.html#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning",
      at: pairs[0].value.mark.location,
      help: "add `workflow:rules` (for example to avoid duplicate branch and merge request pipelines)"))
  }

  /// `YamlProcessor::Dag`: needs must not form cycles (strongly connected components).
  /// Jobs are numbered so that the search works on arrays rather than name-keyed dictionaries.
  private mutating func checkCycles(_ edges: [String: [String]]) {
    var names: [String] = []
    var number: [String: Int] = [:]
    for job in jobs where number[job.name] == nil {
      number[job.name] = names.count
      names.append(job.name)
    }
    // Only needs of jobs that have an entry in `edges` take part (instances of parallel jobs do not).
    let successors: [[Int]?] = names.map { name in edges[name].map { $0.compactMap { number[$0] } } }
    var index = [Int](repeating: -1, count: names.count)
    var low = [Int](repeating: 0, count: names.count)
    var onStack = [Bool](repeating: false, count: names.count)
    var stack: [Int] = []
    var counter = 0
    var found: [Diagnostic] = []
    func connect(_ v: Int) {
      index[v] = counter; low[v] = counter; counter += 1
      stack.append(v); onStack[v] = true
      for w in successors[v] ?? [] where successors[w] != nil {
        if index[w] < 0 {
          connect(w)
          low[v] = min(low[v], low[w])
        } else if onStack[w] {
          low[v] = min(low[v], index[w])
        }
      }
      guard low[v] == index[v] else { return }
      var component: [Int] = []
      while let w = stack.popLast() {
        onStack[w] = false
        component.append(w)
        if w == v { break }
      }
      // Looked up only for a cycle: most components are single jobs without one.
      var location: SourceLocation? { jobsByName[names[v]]?["needs"]?.mark.location }
      if component.count > 1 {
        let list = component.reversed().map { "\"\(names[$0])\"" }.joined(separator: ", ")
        found.append(.error(GitLabCode.cycle, "The pipeline has circular dependencies: topological sort failed: [\(list)]", at: location))
      } else if (successors[v] ?? []).contains(v) {
        found.append(.error(GitLabCode.cycle, "The pipeline has circular dependencies: self-dependency: \(names[v])", at: location))
      }
    }
    for v in names.indices where index[v] < 0 { connect(v) }
    diagnostics += found
  }
}

extension EntryChecker {
  /// Stage names of a possibly nested `stages:` list.
  static func flatStrings(_ node: YAMLNode) -> [String] {
    (node.sequence ?? []).flatMap { $0.isSequence ? flatStrings($0) : [$0.rubyText] }
  }
}
