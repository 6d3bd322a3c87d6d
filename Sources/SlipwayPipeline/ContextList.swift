import SlipwayYAML

/// A list of contexts for `slipway plan --contexts FILE`:
///
/// ```yaml
/// contexts:
///   - push:main
///   - tag:v1.2.3
///   - context: mr:feature/x->main
///     label: mr-docs-only
///     changed: [docs/index.md]
///     variables: {DEPLOY: "false"}
///     labels: [docs]          # merge request labels
///     draft: true
///   - context: push:feature/x
///     open_merge_requests: [12] # CI_OPEN_MERGE_REQUESTS: open merge requests from the branch
/// ```
public enum ContextList {
  public static func parse(_ text: String, project: ProjectIdentity, base: [String: String] = [:]) throws(ContextError) -> [PipelineContext] {
    let root: YAMLNode?
    do {
      root = try YAMLLoader.load(Array(text.utf8), file: SourceFile(path: "contexts")).root
    } catch {
      throw ContextError("contexts file: \(error.message)")
    }
    guard let items = (root?["contexts"] ?? root)?.sequence else {
      throw ContextError("contexts file: expected a list of contexts (or `contexts:` with one)")
    }
    var out: [PipelineContext] = []
    for item in items {
      if let shorthand = item.text, item.isScalar {
        var context = try PipelineContext.parse(shorthand: shorthand, project: project)
        context.variables = base
        out.append(context)
        continue
      }
      guard let shorthand = item["context"]?.text else {
        throw ContextError("contexts file \(item.location): each entry needs `context:` (as push:main)")
      }
      var context = try PipelineContext.parse(shorthand: shorthand, project: project)
      context.variables = base
      for (k, v) in item["variables"]?.variablePairs ?? [] { context.variables[k] = v }
      if let changed = item["changed"] { context.changedFiles = changed.textList }
      if let files = item["files"] { context.repositoryFiles = files.textList }
      if let label = item["label"]?.text { context.label = label }
      if let open = item["open_merge_requests"] {
        context.openMergeRequests = try open.textList.map { text throws(ContextError) in
          guard let iid = Int(text.hasPrefix("!") ? String(text.dropFirst()) : text), iid > 0 else {
            throw ContextError("contexts file \(open.location): open_merge_requests lists merge request IIDs (as 12), not `\(text)`")
          }
          return iid
        }
      }
      if var mr = context.mergeRequest {
        if let labels = item["labels"] { mr.labels = labels.textList }
        if let draft = item["draft"]?.bool { mr.draft = draft }
        if let event = item["event_type"]?.text { mr.eventType = event }
        context.mergeRequest = mr
      }
      out.append(context)
    }
    return out
  }
}
