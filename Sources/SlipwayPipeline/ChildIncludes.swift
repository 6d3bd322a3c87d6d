import SlipwayConfig
import SlipwayCore
import SlipwayYAML

/// The files a `trigger:include` child pipeline is made of: local files, files of other projects
/// (`project:`/`file:`/`ref:`), components and templates, all read offline as `include:` reads them
/// (`.slipway.yml` maps projects to checkouts). Files made by a job (`artifact:`) cannot be known
/// before the pipeline runs: no child is simulated then.
struct ChildIncludes {
  /// How the plan names each entry (`ci/child.yml`, `group/p:ci/x.yml@v1`, a component).
  var names: [String]
  /// The same, local paths without their leading `/` (the child pipeline's label).
  var labels: [String]
  /// The child's `include:` section, one entry per line.
  var section: String

  init?(_ node: YAMLNode?) {
    guard let node else { return nil }
    var names: [String] = []
    var labels: [String] = []
    var entries: [String] = []
    for item in node.sequence ?? [node] {
      if let path = item.text, item.isScalar {
        let local = path.hasPrefix("/") ? String(path.dropFirst()) : path
        names.append(path)
        labels.append(local)
        // The form child plans always used for local files.
        entries.append("- local: '\(local)'")
        continue
      }
      guard item.isMapping, item["artifact"] == nil else { return nil }
      if let local = item["local"]?.text, item.mapping?.count == 1 {
        let normalized = local.hasPrefix("/") ? String(local.dropFirst()) : local
        names.append(local)
        labels.append(normalized)
        entries.append("- local: '\(normalized)'")
      } else if let project = item["project"]?.text {
        let files = item["file"]?.textList ?? []
        names.append(project + ":" + files.joined(separator: ",") + (item["ref"]?.text.map { "@" + $0 } ?? ""))
        labels.append(names[names.count - 1])
        entries.append("- " + item.json.rendered())
      } else if let component = item["component"]?.text {
        names.append(component)
        labels.append(component)
        entries.append("- " + item.json.rendered())
      } else if let template = item["template"]?.text {
        names.append("template:" + template)
        labels.append("template:" + template)
        entries.append("- " + item.json.rendered())
      } else if let local = item["local"]?.text {
        names.append(local)
        labels.append(local.hasPrefix("/") ? String(local.dropFirst()) : local)
        entries.append("- " + item.json.rendered())
      } else {
        return nil
      }
    }
    guard !names.isEmpty else { return nil }
    self.names = names
    self.labels = labels
    section = "include:\n" + entries.joined(separator: "\n") + "\n"
  }
}
