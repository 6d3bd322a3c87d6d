import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// `rules:exists` with `project:` (and `ref:`): the paths are looked up in another project's files,
/// read through the same `.slipway.yml` project mapping as `include:project` (GitLab
/// `Rules::Rule::Clause::Exists#change_context`).
extension EvaluationEnvironment {
  func projectExists(_ node: YAMLNode, _ scope: VariableScope) -> ConditionTrace {
    // `paths`, `project` and `ref` are expanded with `expand_existing`.
    let patterns = (node["paths"] ?? node).textList.map { expand($0, scope) }
    let project = expand(node["project"]?.text ?? "", scope)
    let ref = node["ref"]?.text.map { expand($0, scope) }
    let text = patterns.joined(separator: ", ")
    func trace(_ result: Bool, _ note: String) -> ConditionTrace {
      ConditionTrace(keyword: "exists", text: text, result: result, reads: [], note: note)
    }
    // GitLab returns early, without looking the project up, when there are no paths.
    guard !patterns.isEmpty else { return trace(false, "no paths") }
    let at = "in `\(project)`" + (ref.map { " at `\($0)`" } ?? "")
    guard let files = projectListing(project, ref, node) else {
      return trace(true, "project `\(project)` cannot be read offline: treated as existing")
    }
    guard !files.isEmpty || ref == nil else {
      report(
        .error(PipelineCode.existsProject, "rules:exists:ref `\(ref ?? "")` is not a valid ref in project `\(project)`", at: node.location))
      return trace(false, "unknown ref")
    }
    var result = Self.existsTrace(text, patterns, files: files, fileSet: Set(files))
    result.note = (result.note.map { $0 + " " } ?? "") + at
    return result
  }

  /// The files of `project` at `ref` (nil ref: its checkout as it is, GitLab's default branch);
  /// nil when the project is not mapped (reported once, as a warning).
  private func projectListing(_ project: String, _ ref: String?, _ node: YAMLNode) -> [String]? {
    let key = project + "\u{0}" + (ref ?? "")
    if let known = projectListings[key] { return known }
    var listing: [String]?
    if project == context.project.path && ref == nil {
      listing = files
    } else if let source {
      // An unmapped project answers `unresolvable` for any file; a mapped one lists its files.
      if case .unresolvable(let why) = source.projectFile(project: project, ref: nil, path: ".gitlab-ci.yml") {
        report(.warning(PipelineCode.existsProject, "rules:exists:project: \(why); treated as existing", at: node.location))
      } else {
        listing = source.projectFiles(project: project, ref: ref)
      }
    }
    projectListings[key] = listing
    return listing
  }

  /// A diagnostic once per location (a rule shared by many jobs is evaluated for each).
  private func report(_ diagnostic: Diagnostic) {
    let location = diagnostic.location.map { "\($0)" } ?? ""
    let key = "exists:" + location + diagnostic.message
    guard reported.insert(key).inserted else { return }
    diagnostics.append(diagnostic)
    diagnosticKeys.append(key)
  }
}
