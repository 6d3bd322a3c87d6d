import SlipwayYAML

/// `include:rules` (GitLab `Config::External::Rules`): no rules → included; the first matching rule
/// decides (`when: never` excludes, anything else includes); no match → excluded.
enum IncludeRules {
  static let allowedKeys: Set<String> = ["if", "exists", "when", "changes"]
  static let allowedWhen = ["never", "always"]

  static func evaluate(
    _ rules: YAMLNode, context: CompileContext, variables: [String: String], source: IncludeSource,
    options: CompilerOptions
  ) -> Result<Bool, IncludeFailure> {
    guard let list = rules.sequence else {
      return .failure(IncludeFailure("include:rules config should be an array of hashes", rules.mark))
    }
    for rule in list {
      guard let pairs = rule.mapping else {
        return .failure(IncludeFailure("include:rule config should be a hash", rule.mark))
      }
      let unknown = pairs.compactMap(\.key.keyName).filter { !allowedKeys.contains($0) }
      if !unknown.isEmpty {
        return .failure(IncludeFailure("include:rule config contains unknown keys: \(unknown.joined(separator: ", "))", rule.mark))
      }
      if let when = rule["when"], !allowedWhen.contains(when.rubyString ?? "") {
        return .failure(IncludeFailure("include:rule when unknown value: \(when.rubyString ?? when.rubyInspect)", when.mark))
      }
      var matches = true
      if let condition = rule["if"] {
        switch options.expressionEvaluator(condition.rubyString ?? "", variables) {
        case .failure:
          return .failure(IncludeFailure("include:rule if invalid expression syntax", condition.mark))
        case .success(let truthy):
          matches = matches && truthy
        }
      }
      if matches, let exists = rule["exists"] {
        let patterns = (exists["paths"] ?? exists).sequence?.compactMap(\.rubyString) ?? exists.rubyString.map { [$0] } ?? []
        // `exists: {paths, project, ref}` looks in another project (GA in 17.0).
        let files: [String]
        if let project = exists["project"]?.rubyString {
          let expandedProject = VariableExpansion.expandExisting(project, variables)
          let ref = exists["ref"]?.rubyString.map { VariableExpansion.expandExisting($0, variables) }
          files = source.projectFiles(project: expandedProject, ref: ref)
        } else {
          files = source.localFiles(under: "")
        }
        let globs = patterns.map { Glob(VariableExpansion.expandExisting($0, variables)) }
        matches = files.contains { file in globs.contains { $0.matches(file) } }
      }
      if matches, let changes = rule["changes"] {
        if let changed = context.changedFiles {
          let patterns = (changes["paths"] ?? changes).sequence?.compactMap(\.rubyString) ?? []
          let globs = patterns.map { Glob(VariableExpansion.expandExisting($0, variables)) }
          matches = changed.contains { file in globs.contains { $0.matches(file) } }
        }
      }
      if matches { return .success(rule["when"]?.rubyString != "never") }
    }
    return .success(false)
  }
}
