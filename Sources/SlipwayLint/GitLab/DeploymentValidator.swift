import SlipwayCore
import SlipwayYAML

extension EntryChecker {
  /// `Entry::Environment`.
  mutating func environment(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hashOrString) else { return }
    if node.isStringLike {
      if node.rubyText.isEmpty {
        add(GitLabCode.missing, path, "name", "can't be blank", at: node)
      } else {
        environmentName(node, path)
      }
      return
    }
    allowedKeys(node, path, ["name", "url", "action", "on_stop", "auto_stop_in", "kubernetes", "deployment_tier"])
    if let name = node["name"], !name.isNull {
      if expect(name, path, "name", .string) { environmentName(name, path) }
    } else {
      add(GitLabCode.missing, path, "name", "can't be blank", at: node)
    }
    expect(node["url"], path, "url", .string)
    expect(node["on_stop"], path, "on stop", .string)
    oneOf(node["action"], path, "action", GitLabLimits.environmentActions, message: "should be start, stop, prepare, verify, or access")
    // `type: String` then `inclusion` with `Environment.tiers.keys.join(', ')`.
    if let tier = node["deployment_tier"], !tier.isNull {
      expect(tier, path, "deployment tier", .string)
      oneOf(tier, path, "deployment tier", GitLabLimits.deploymentTiers,
            message: "must be one of \(GitLabLimits.deploymentTiers.joined(separator: ", "))")
    }
    if let stopIn = node["auto_stop_in"], stopIn.rubyText != "never" {
      duration(stopIn, path, "auto stop in")
    }
    if let kubernetes = node["kubernetes"], expect(kubernetes, path + ":kubernetes", "config", .hash) {
      allowedKeys(kubernetes, path + ":kubernetes", ["namespace", "agent", "flux_resource_path", "dashboard"])
    }
  }

  /// `Gitlab::Regex.environment_name_regex`: letters, digits, `-_/${}.` and spaces, not starting or
  /// ending with `/`.
  private mutating func environmentName(_ name: YAMLNode, _ path: String) {
    let text = name.rubyText
    let allowed = text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_/${}. ".unicodeScalars.contains($0)
    }
    if text.isEmpty || allowed && !text.hasPrefix("/") && !text.hasSuffix("/") { return }
    add(GitLabCode.invalidFormat, path, "name",
        "can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'",
        at: name)
  }

  /// `Entry::Release` and its `assets:links`.
  mutating func release(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["tag_name", "tag_message", "name", "description", "ref", "released_at", "milestones", "assets"])
    // `validates :x, type: String, presence: true`: both messages for a missing value, type first.
    for key in ["tag_name", "tag_message", "description"] {
      let value = node[key].flatMap { $0.isNull ? nil : $0 }
      if key == "tag_message" && (value?.isBlank ?? true) { continue }
      if !(value?.isStringLike ?? false) {
        add(GitLabCode.wrongType, path, key.replacingUnderscores, "should be a string", at: value ?? node)
      }
      if key != "tag_message" && (value?.isBlank ?? true) {
        add(GitLabCode.missing, path, key.replacingUnderscores, "can't be blank", at: node)
      }
    }
    if let milestones = node["milestones"], !milestones.isNull, !(milestones.isSequence && milestones.sequence!.isEmpty) {
      expect(milestones, path, "milestones", .arrayOfStringsOrString)
    }
    if let releasedAt = node["released_at"], !releasedAt.isNull, !(releasedAt.isBool && releasedAt.boolValue == false),
       !(releasedAt.isStringLike && ISO8601Text.isDateTime(releasedAt.rubyText)) {
      add(GitLabCode.invalidFormat, path, "released at", "must be a valid datetime", at: releasedAt)
    }
    if let ref = node["ref"], !ref.isNull, !(ref.isBool && ref.boolValue == false),
       !(ref.isStringLike && GitRefName.isValid(ref.rubyText)) {
      add(GitLabCode.invalidFormat, path, "ref", "must be a valid ref", at: ref)
    }
    if let assets = node["assets"], expect(assets, path + ":assets", "config", .hash) {
      let errorsBefore = diagnostics.count
      allowedKeys(assets, path + ":assets", ["links"])
      // `validates :links, array_of_hashes: true, presence: true`; the `links` entry is composed
      // (and checked) only when `assets` itself is valid.
      let links = assets["links"]
      let linksAreHashes = links?.sequence?.allSatisfy({ $0.isMapping }) ?? false
      if !linksAreHashes {
        add(GitLabCode.wrongType, path + ":assets", "links", "should be an array of hashes", at: links ?? assets)
      }
      if links == nil || links?.isNull == true || links?.sequence?.isEmpty == true {
        add(GitLabCode.missing, path + ":assets", "links", "can't be blank", at: links ?? assets)
      }
      guard let links, diagnostics.count == errorsBefore else { return }
      for link in links.sequence ?? [] {
        allowedKeys(link, path + ":assets:links:link", ["name", "url", "filepath", "direct_asset_path", "link_type"])
        for key in ["name", "url"] where link[key] == nil {
          add(GitLabCode.missing, path + ":assets:links:link", key, "can't be blank", at: link)
        }
      }
    }
  }

  /// `Entry::Needs` and `Entry::Need` (job, cross-project, pipeline forms).
  mutating func needs(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    guard let list = node.sequence else {
      if node.isNull || !node.isMapping {
        add(GitLabCode.wrongType, path(), "config", "can only be an array of strings or an array of hashes", at: node)
      } else {
        need(node, path())
      }
      return
    }
    for index in list.indices { need(list[index], path()) }
  }

  private mutating func need(_ item: YAMLNode, _ path: @autoclosure () -> String) {
    if item.isStringLike {
      // Characters never outnumber UTF-8 bytes: count them only for a long name.
      let name = item.rubyText
      if name.utf8.count > GitLabLimits.maxNeedNameLength && name.count > GitLabLimits.maxNeedNameLength {
        add(GitLabCode.nameLength, path() + ":need", "config", "name is too long (maximum is \(GitLabLimits.maxNeedNameLength) characters)", at: item)
      }
      return
    }
    guard item.isMapping else {
      add(GitLabCode.wrongType, path() + ":need", "config", "is not a string or a hash", at: item)
      return
    }
    let keys = KeySlots(item, NeedKey.table, allowed: NeedKey.all)
    if keys.contains(NeedKey.pipeline) && !keys.contains(NeedKey.job) {
      allowedKeys(item, path() + ":need", ["pipeline", "job", "project", "ref", "artifacts"])
      expect(keys[NeedKey.pipeline], path() + ":need", "pipeline", .string)
      return
    }
    if keys.hasUnknownKey { allowedKeys(item, path() + ":need", NeedKey.names) }
    if let job = keys[NeedKey.job], !job.isNull {
      expect(job, path() + ":need", "job", .string)
    } else {
      add(GitLabCode.missing, path() + ":need", "job", "can't be blank", at: item)
    }
    if keys.contains(NeedKey.pipeline) && keys.contains(NeedKey.project) {
      add(GitLabCode.exclusiveKeys, path() + ":need", "config", "these keys cannot be used together: pipeline, project", at: item)
    }
    if keys.contains(NeedKey.project) && !keys.contains(NeedKey.ref) {
      add(GitLabCode.missing, path() + ":need", "ref", "can't be blank", at: item)
    }
    expect(keys[NeedKey.artifacts], path() + ":need", "artifacts", .boolean)
    expect(keys[NeedKey.optional], path() + ":need", "optional", .boolean)
    if let parallel = keys[NeedKey.parallel] {
      if parallel.isMapping {
        allowedKeys(parallel, path() + ":need:parallel", ["matrix"])
        if let matrix = parallel["matrix"] { self.matrix(matrix, path() + ":need:parallel:matrix") } else {
          add(GitLabCode.missing, path() + ":need:parallel", "config", "missing required keys: matrix", at: parallel)
        }
      } else {
        add(GitLabCode.wrongType, path() + ":need:parallel", "config", "should be a hash", at: parallel)
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

/// The keys of one `needs:` entry, as positions in one `NameTable` (see `KeySlots`).
enum NeedKey {
  static let names = ["job", "artifacts", "optional", "parallel", "project", "ref", "pipeline"]
  static let table = NameTable(names)
  static let all: UInt64 = (1 << names.count) - 1

  static let job = 0, artifacts = 1, optional = 2, parallel = 3, project = 4, ref = 5, pipeline = 6
}

extension String {
  /// ActiveModel's humanised attribute name (`tag_name` → `tag name`).
  var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
