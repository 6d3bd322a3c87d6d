import SlipwayYAML
import SlipwayCore

/// Keyword checks of one job (`Entry::Job`, `Entry::Bridge`, `Entry::Processable`).
struct JobValidator {
  /// `Entry::Processable::PROCESSABLE_ALLOWED_KEYS` (plus `interruptible`, shared since 16.x).
  static let processableKeys: Set<String> = [
    "extends", "stage", "only", "except", "rules", "variables", "inherit", "allow_failure", "when", "needs",
    "resource_group", "interruptible",
  ]
  /// `Entry::Job::ALLOWED_KEYS` (CE and EE; newest version).
  static let jobKeys: Set<String> = processableKeys.union([
    "tags", "script", "run", "type", "image", "services", "start_in", "artifacts", "cache", "dependencies",
    "before_script", "after_script", "hooks", "environment", "coverage", "retry", "parallel", "timeout", "release",
    "id_tokens", "publish", "pages", "manual_confirmation", "secrets", "identity", "dast_configuration", "inputs",
    // `trigger` with `script` is reported once, as mutually exclusive keys.
    "trigger",
  ])
  /// `Entry::Bridge::ALLOWED_KEYS`.
  static let bridgeKeys: Set<String> = processableKeys.union(["trigger", "parallel", "environment", "inputs"])

  static let jobWhenMessage = "should be one of: \(GitLabLimits.jobWhen.joined(separator: ", "))"
  static let bridgeWhenMessage = "should be one of: \(GitLabLimits.bridgeWhen.joined(separator: ", "))"

  var checker: EntryChecker
  /// When false (schema mode), a job without `script`/`run`/`trigger` is not an error here.
  var expressionCheck: (String) -> Bool

  mutating func validate(name: String, job written: YAMLNode) {
    // The path goes into findings only: built when one is reported.
    func path() -> String { "jobs:\(name)" }
    guard checker.expect(written, path(), "config", .hash) else { return }
    // `Entry::Factory` turns a nil value into an unspecified entry: `key: null` means "not set".
    let job = JobView(written)
    let isBridge = job.contains(.trigger) && !job.contains(.script) && !job.contains(.run)
    // A job whose keys are all keywords has nothing to report here; bridges allow fewer keys.
    if isBridge || job.hasUnknownKey { checker.allowedKeys(job.node, path(), isBridge ? Self.bridgeKeys : Self.jobKeys) }
    if (job.contains(.script) ? 1 : 0) + (job.contains(.run) ? 1 : 0) + (job.contains(.trigger) ? 1 : 0) > 1 {
      checker.exclusive(job.node, path(), ["script", "run", "trigger"])
    }
    if job.contains(.rules), job.contains(.only) || job.contains(.except) || job.contains(.startIn) {
      let present = ["only", "except", "start_in"].filter { job.node[$0] != nil && !(job.node[$0]?.isNull ?? true) }
      if let first = present.first, let pair = job.pair(first) {
        checker.add(
          GitLabCode.exclusiveKeys, path(), "config", "key may not be used with `rules`: \(present.joined(separator: ", "))",
          at: pair.key, help: "move the condition into a `rules:` entry")
      }
    }
    checkCommands(job, path())
    checker.expect(job[.stage], path() + ":stage", "config", .string)
    checker.expect(job[.type], path() + ":type", "config", .string)
    checker.expect(job[.extends], path(), "extends", .arrayOfStringsOrString)
    checker.expect(job[.resourceGroup], path(), "resource group", .string)
    // `!reference` items in `tags` arrive as nested arrays, which GitLab flattens.
    checker.expect(job[.tags], path() + ":tags", "config", .nestedStrings(GitLabLimits.maxNesting))
    checker.expect(job[.interruptible], path() + ":interruptible", "config", .boolean)
    checker.expect(job[.dependencies], path(), "dependencies", .arrayOfStrings)
    checker.expect(job[.coverage], path() + ":coverage", "config", .string)
    checker.expect(job[.allowFailure], path(), "allow failure", isBridge ? .boolean : .hashOrBoolean)
    if let allow = job[.allowFailure], allow.isMapping {
      checker.allowedKeys(allow, path() + ":allow_failure", ["exit_codes"])
      if let codes = allow["exit_codes"], !(codes.isInteger || (codes.sequence?.allSatisfy({ $0.isInteger }) ?? false)) {
        checker.add(GitLabCode.wrongType, path() + ":allow_failure", "exit codes", "should be an array of integers or an integer", at: codes)
      }
    }
    checkWhen(job, path(), isBridge: isBridge)
    checker.duration(job[.timeout], path(), "timeout", limit: GitLabLimits.maxTimeoutSeconds)
    checker.expect(job[.manualConfirmation], path(), "manual confirmation", .string)
    var entries = JobEntryValidator(checker: EntryChecker(memo: checker.memo), expressionCheck: expressionCheck)
    entries.validate(job, path())
    checker.diagnostics += entries.checker.diagnostics
  }

  /// `script`, `run`, `before_script`, `after_script` (`Entry::Commands`).
  private mutating func checkCommands(_ job: JobView, _ path: @autoclosure () -> String) {
    let commands = ValueKind.stringOrNestedStrings(GitLabLimits.maxNesting)
    checker.expect(job[.script], path() + ":script", "config", commands)
    checker.expect(job[.beforeScript], path() + ":before_script", "config", commands)
    checker.expect(job[.afterScript], path() + ":after_script", "config", commands)
    if let script = job[.script], script.sequence?.isEmpty == true || (script.isStringLike && script.rubyText.isEmpty) {
      checker.add(GitLabCode.missing, path(), "script", "can't be blank", at: script)
    }
    if let run = job[.run] { checker.runSteps(run, path()) }
  }

  /// `when` (with the job or bridge list) and `start_in` with `delayed`.
  private mutating func checkWhen(_ job: JobView, _ path: @autoclosure () -> String, isBridge: Bool) {
    let allowed = isBridge ? GitLabLimits.bridgeWhen : GitLabLimits.jobWhen
    checker.oneOf(job[.when], path(), "when", allowed, message: isBridge ? Self.bridgeWhenMessage : Self.jobWhenMessage)
    let delayed = job[.when]?.rubyText == "delayed"
    if delayed && !job.contains(.rules) {
      if let startIn = job[.startIn] {
        checker.duration(startIn, path(), "start in", limit: GitLabLimits.maxStartInSeconds)
      } else {
        checker.add(GitLabCode.missing, path(), "start in", "should be a duration", at: job[.when] ?? job.node,
                    help: "`when: delayed` needs `start_in:` (for example `start_in: 30 minutes`)")
      }
    } else if job.contains(.startIn), !job.contains(.rules), let startIn = job.pair("start_in") {
      checker.add(GitLabCode.exclusiveKeys, path(), "start in", "must be blank", at: startIn.key,
                  help: "`start_in` only applies with `when: delayed`")
    }
  }
}

/// `Entry::Job::ALLOWED_KEYS` (`JobValidator.jobKeys`) as cases, so that a job's values sit in
/// slots found by one dictionary lookup per key.
enum JobKeyword: Int, CaseIterable {
  case extends, stage, only, `except`, rules, variables, inherit, allowFailure, when, needs, resourceGroup,
    interruptible, tags, script, run, type, image, services, startIn, artifacts, cache, dependencies, beforeScript,
    afterScript, hooks, environment, coverage, retry, parallel, timeout, release, idTokens, publish, pages,
    manualConfirmation, secrets, identity, dastConfiguration, inputs, trigger

  /// The keyword as written in a configuration.
  var name: String { Self.names[rawValue] }

  static let names = [
    "extends", "stage", "only", "except", "rules", "variables", "inherit", "allow_failure", "when", "needs",
    "resource_group", "interruptible", "tags", "script", "run", "type", "image", "services", "start_in", "artifacts",
    "cache", "dependencies", "before_script", "after_script", "hooks", "environment", "coverage", "retry", "parallel",
    "timeout", "release", "id_tokens", "publish", "pages", "manual_confirmation", "secrets", "identity",
    "dast_configuration", "inputs", "trigger",
  ]

  static let table = NameTable(names)
}

/// A job's keyword values in slots: each keyword is looked up once per job instead of scanning the
/// mapping for every check (thousands of jobs, dozens of keywords). Slots hold pair positions, not
/// values, so a view costs no allocation and nothing to release but the pairs.
struct JobView {
  /// The job without its null-valued keys (`key: null` means "not set").
  let node: YAMLNode
  private let slots: KeySlots
  /// Whether some key is not a job keyword (then `allowedKeys` has something to report).
  var hasUnknownKey: Bool { slots.hasUnknownKey }

  private static let everyKeyword: UInt64 = (1 << JobKeyword.allCases.count) - 1

  init(_ written: YAMLNode) {
    if let slots = KeySlots(written, JobKeyword.table, allowed: Self.everyKeyword, failingOnNull: true) {
      node = written
      self.slots = slots
    } else {
      node = YAMLNode(.mapping((written.mapping ?? []).filter { !$0.value.isNull }), tag: written.tag, mark: written.mark)
      slots = KeySlots(node, JobKeyword.table, allowed: Self.everyKeyword)
    }
  }

  subscript(keyword: JobKeyword) -> YAMLNode? { slots[keyword.rawValue] }

  /// Whether the keyword is set (without copying its value).
  func contains(_ keyword: JobKeyword) -> Bool { slots.contains(keyword.rawValue) }

  func pair(_ key: String) -> YAMLPair? { node.pair(key) }
}
