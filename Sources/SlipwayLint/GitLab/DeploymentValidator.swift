import SlipwayYAML

extension EntryChecker {
  /// `Entry::Environment`.
  mutating func environment(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hashOrString) else { return }
    if node.isStringLike {
      if node.rubyText.isEmpty { add(GitLabCode.missing, path, "name", "can't be blank", at: node) }
      return
    }
    allowedKeys(node, path, ["name", "url", "action", "on_stop", "auto_stop_in", "kubernetes", "deployment_tier"])
    if let name = node["name"], !name.isNull {
      expect(name, path, "name", .string)
    } else {
      add(GitLabCode.missing, path, "name", "can't be blank", at: node)
    }
    expect(node["url"], path, "url", .string)
    expect(node["on_stop"], path, "on stop", .string)
    oneOf(node["action"], path, "action", GitLabLimits.environmentActions, message: "should be start, stop, prepare, verify, or access")
    oneOf(node["deployment_tier"], path, "deployment tier", GitLabLimits.deploymentTiers,
          message: "must be one of production, staging, testing, development, or other")
    if let stopIn = node["auto_stop_in"], stopIn.rubyText != "never" {
      duration(stopIn, path, "auto stop in")
    }
    if let kubernetes = node["kubernetes"], expect(kubernetes, path + ":kubernetes", "config", .hash) {
      allowedKeys(kubernetes, path + ":kubernetes", ["namespace", "agent", "flux_resource_path", "dashboard"])
    }
  }

  /// `Entry::Release` and its `assets:links`.
  mutating func release(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["tag_name", "tag_message", "name", "description", "ref", "released_at", "milestones", "assets"])
    for key in ["tag_name", "description"] where node[key] == nil || node[key]?.isNull == true {
      add(GitLabCode.missing, path, key.replacingUnderscores, "can't be blank", at: node)
    }
    for key in ["tag_name", "tag_message", "name", "description", "ref", "released_at"] {
      expect(node[key], path, key.replacingUnderscores, .string)
    }
    expect(node["milestones"], path + ":milestones", "config", .arrayOfStringsOrString)
    if let assets = node["assets"], expect(assets, path + ":assets", "config", .hash) {
      allowedKeys(assets, path + ":assets", ["links"])
      guard let links = assets["links"], expect(links, path + ":assets:links", "config", .arrayOfHashes) else {
        if assets["links"] == nil { add(GitLabCode.missing, path + ":assets", "links", "can't be blank", at: assets) }
        return
      }
      for link in links.sequence ?? [] {
        allowedKeys(link, path + ":assets:links:link", ["name", "url", "filepath", "direct_asset_path", "link_type"])
        for key in ["name", "url"] where link[key] == nil {
          add(GitLabCode.missing, path + ":assets:links:link", key, "can't be blank", at: link)
        }
      }
    }
  }

  /// `Entry::Needs` and `Entry::Need` (job, cross-project, pipeline forms).
  mutating func needs(_ node: YAMLNode, _ path: String) {
    guard let list = node.sequence else {
      if node.isNull || !node.isMapping {
        add(GitLabCode.wrongType, path, "config", "can only be an array of strings or an array of hashes", at: node)
      } else {
        need(node, path)
      }
      return
    }
    for item in list { need(item, path) }
  }

  private mutating func need(_ item: YAMLNode, _ path: String) {
    if item.isStringLike {
      if item.rubyText.count > GitLabLimits.maxNeedNameLength {
        add(GitLabCode.nameLength, path + ":need", "config", "name is too long (maximum is \(GitLabLimits.maxNeedNameLength) characters)", at: item)
      }
      return
    }
    guard item.isMapping else {
      add(GitLabCode.wrongType, path + ":need", "config", "is not a string or a hash", at: item)
      return
    }
    if item["pipeline"] != nil && item["job"] == nil {
      allowedKeys(item, path + ":need", ["pipeline", "job", "project", "ref", "artifacts"])
      expect(item["pipeline"], path + ":need", "pipeline", .string)
      return
    }
    allowedKeys(item, path + ":need", ["job", "artifacts", "optional", "parallel", "project", "ref", "pipeline"])
    if let job = item["job"], !job.isNull {
      expect(job, path + ":need", "job", .string)
    } else {
      add(GitLabCode.missing, path + ":need", "job", "can't be blank", at: item)
    }
    if item["pipeline"] != nil && item["project"] != nil {
      add(GitLabCode.exclusiveKeys, path + ":need", "config", "these keys cannot be used together: pipeline, project", at: item)
    }
    if item["project"] != nil {
      for key in ["ref"] where item[key] == nil {
        add(GitLabCode.missing, path + ":need", key, "can't be blank", at: item)
      }
    }
    expect(item["artifacts"], path + ":need", "artifacts", .boolean)
    expect(item["optional"], path + ":need", "optional", .boolean)
    if let parallel = item["parallel"] {
      if parallel.isMapping {
        allowedKeys(parallel, path + ":need:parallel", ["matrix"])
        if let matrix = parallel["matrix"] { self.matrix(matrix, path + ":need:parallel:matrix") } else {
          add(GitLabCode.missing, path + ":need:parallel", "config", "missing required keys: matrix", at: parallel)
        }
      } else {
        add(GitLabCode.wrongType, path + ":need:parallel", "config", "should be a hash", at: parallel)
      }
    }
  }

  /// `Entry::Trigger` (a project path string, or `project`/`include` hashes).
  mutating func trigger(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hashOrString) else { return }
    if node.isStringLike {
      projectPath(node, path)
      return
    }
    if node["project"] != nil {
      allowedKeys(node, path, ["project", "branch", "strategy", "forward", "inputs"])
      if let project = node["project"], expect(project, path, "project", .string) { projectPath(project, path) }
      expect(node["branch"], path, "branch", .string)
    } else if let include = node["include"] {
      allowedKeys(node, path, ["include", "strategy", "forward", "inputs"])
      for item in include.items where item.isMapping {
        allowedKeys(item, path + ":include", ["local", "file", "project", "ref", "template", "artifact", "job", "inputs", "component", "remote"])
        if let project = item["project"] {
          projectPath(project, path + ":include")
          if item["file"] == nil { add(GitLabCode.missing, path + ":include", "file", "can't be blank", at: item) }
        } else if item["file"] != nil {
          add(GitLabCode.missing, path + ":include", "project", "can't be blank", at: item)
        }
      }
      if !include.isStringLike && !include.isSequence && !include.isMapping {
        add(GitLabCode.wrongType, path + ":include", "config", "should be an array or a string", at: include)
      }
    } else {
      add(GitLabCode.missing, path, "config", "must specify either project or include", at: node)
    }
    oneOf(node["strategy"], path, "strategy", GitLabLimits.triggerStrategies, message: "should be either depend or mirror")
    if let forward = node["forward"], expect(forward, path + ":forward", "config", .hash) {
      allowedKeys(forward, path + ":forward", ["yaml_variables", "pipeline_variables"])
      expect(forward["yaml_variables"], path + ":forward", "yaml variables", .boolean)
      expect(forward["pipeline_variables"], path + ":forward", "pipeline variables", .boolean)
    }
  }

  /// `Entry::Pages` (17.9+): `true` or a hash.
  mutating func pages(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hashOrBoolean), node.isMapping else { return }
    allowedKeys(node, path, ["publish", "path_prefix", "expire_in"])
    expect(node["publish"], path, "publish", .string)
    expect(node["path_prefix"], path, "path prefix", .string)
    duration(node["expire_in"], path, "expire in", allowNever: true)
  }
}

extension String {
  /// ActiveModel's humanised attribute name (`tag_name` → `tag name`).
  var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
