import SlipwayCore
import SlipwayYAML

/// Job `run:` (`Entry::Job` `validates :run, json_schema: { filename: 'run_steps', detail_errors: true }`).
/// GitLab checks it with json_schemer against app/validators/json_schemas/run_steps.json and adds each
/// error to the job's `run` attribute. Two stored versions of that schema differ: one (commit 2bae6e5b)
/// has `step` references plus `steps`/`run` sequence, `action`, `script` and `exec` steps; a later one
/// (206fbde5, "GitLab Functions") has `step`/`func` references with git or OCI targets and `script`
/// steps only. A step is accepted here when either version accepts it, so no valid config is rejected.
/// `JsonSchemaValidator#format_one_of_error` words a step that matches no `oneOf` branch as
/// `value at /N should use only one of: <the branches' required keys>`, given here for the newer
/// schema; json_schemer's own wording for other errors is approximated.
extension EntryChecker {
  /// The `required` lists of the newer schema's step `oneOf` branches (`[name]`, `[name, script]`),
  /// flattened and de-duplicated as `format_one_of_error` does.
  static let runStepRequirements = "name, script"

  mutating func runSteps(_ run: YAMLNode, _ jobPath: String) {
    if run.isNull { return }
    guard let steps = run.sequence else {
      add(GitLabCode.wrongType, jobPath, "run", "value at root is not an array", at: run)
      return
    }
    for (index, step) in steps.enumerated() where !RunStepSchema.isStep(step) {
      add(GitLabCode.invalidValue, jobPath, "run",
          "value at /\(index) should use only one of: \(Self.runStepRequirements)", at: step)
    }
  }
}

/// The `definitions` of run_steps.json as predicates: a step must match exactly one `oneOf` branch.
enum RunStepSchema {
  static func isStep(_ node: YAMLNode) -> Bool {
    let branches = [isReferenceStep, isSequenceStep, isActionStep, isScriptStep, isExecStep]
    return branches.filter { $0(node) }.count == 1
  }

  /// `{name, step | func, env?, inputs?}`; the reference is a string, `{git: {url, rev, dir?, file?}}`
  /// or `{oci: {registry, repository, tag, dir?, file?}}`.
  static func isReferenceStep(_ node: YAMLNode) -> Bool {
    guard has(node, required: ["name"], allowed: ["name", "env", "inputs", "step", "func"]),
          isName(node["name"]), isNamedStrings(node["env"]), isNamedValues(node["inputs"]) else { return false }
    let references = ["step", "func"].compactMap { node[$0] }
    return references.count == 1 && isReference(references[0])
  }

  private static func isReference(_ reference: YAMLNode) -> Bool {
    if reference.isStringLike { return true }
    if has(reference, required: ["git"], allowed: ["git"]), let git = reference["git"] {
      return has(git, required: ["url", "rev"], allowed: ["url", "dir", "rev", "file"])
        && ["url", "dir", "rev", "file"].allSatisfy { git[$0]?.isStringLike ?? true }
    }
    if has(reference, required: ["oci"], allowed: ["oci"]), let oci = reference["oci"] {
      let keys = ["registry", "repository", "tag", "dir", "file"]
      return has(oci, required: ["registry", "repository", "tag"], allowed: Set(keys))
        && keys.allSatisfy { oci[$0]?.isStringLike ?? true }
    }
    return false
  }

  /// `{steps: [...]}` or `{run: [...]}` with optional `env`, `outputs`, `delegate` (exactly one form).
  static func isSequenceStep(_ node: YAMLNode) -> Bool {
    let forms = ["steps", "run"].filter { key in
      guard has(node, required: [key], allowed: ["env", key, "outputs", "delegate"]),
            let list = node[key]?.sequence else { return false }
      return list.allSatisfy(isStep) && isNamedStrings(node["env"]) && isNamedValues(node["outputs"])
        && (node["delegate"]?.isStringLike ?? true)
    }
    return forms.count == 1
  }

  static func isActionStep(_ node: YAMLNode) -> Bool {
    has(node, required: ["name", "action"], allowed: ["name", "env", "inputs", "action"])
      && isName(node["name"]) && isNamedStrings(node["env"]) && isNamedValues(node["inputs"])
      && isNonEmptyString(node["action"])
  }

  static func isScriptStep(_ node: YAMLNode) -> Bool {
    has(node, required: ["name", "script"], allowed: ["name", "env", "script"])
      && isName(node["name"]) && isNamedStrings(node["env"]) && isNonEmptyString(node["script"])
  }

  /// `{exec: {command: [strings, at least one], work_dir?}, env?}`.
  static func isExecStep(_ node: YAMLNode) -> Bool {
    guard has(node, required: ["exec"], allowed: ["env", "exec"]), isNamedStrings(node["env"]),
          let exec = node["exec"], has(exec, required: ["command"], allowed: ["command", "work_dir"]),
          let command = exec["command"]?.sequence else { return false }
    return !command.isEmpty && command.allSatisfy(\.isStringLike) && (exec["work_dir"]?.isStringLike ?? true)
  }

  /// An object (`type: object`, `additionalProperties: false`) with the `required` keys.
  private static func has(_ node: YAMLNode, required: Set<String>, allowed: Set<String>) -> Bool {
    guard let pairs = node.mapping else { return false }
    let keys = Set(pairs.map { $0.key.rubyText })
    return required.isSubset(of: keys) && keys.isSubset(of: allowed)
  }

  /// `^[a-zA-Z_][a-zA-Z0-9_]*$`.
  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || first.isASCIILetter else { return false }
    return text.unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || ("0"..."9").contains($0) }
  }

  private static func isName(_ node: YAMLNode?) -> Bool {
    guard let node else { return true }
    return node.isStringLike && isIdentifier(node.rubyText)
  }

  private static func isNonEmptyString(_ node: YAMLNode?) -> Bool {
    guard let node else { return true }
    return node.isStringLike && !node.rubyText.isEmpty
  }

  /// `namedStrings`: identifier keys, string values.
  private static func isNamedStrings(_ node: YAMLNode?) -> Bool {
    guard let node else { return true }
    return node.mapping?.allSatisfy { isIdentifier($0.key.rubyText) && $0.value.isStringLike } ?? false
  }

  /// `namedValues`: identifier keys, any JSON value.
  private static func isNamedValues(_ node: YAMLNode?) -> Bool {
    guard let node else { return true }
    return node.mapping?.allSatisfy { isIdentifier($0.key.rubyText) } ?? false
  }
}

extension Unicode.Scalar {
  fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
