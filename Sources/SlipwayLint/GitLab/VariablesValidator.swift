import SlipwayCore
import SlipwayYAML

extension EntryChecker {
  /// `Entry::Variables` data keys (`allowed_value_data`) of root and job variables.
  static let rootVariableDataKeys: Set<String> = ["value", "description", "expand", "options"]
  static let jobVariableDataKeys: Set<String> = ["value", "expand"]

  /// `Entry::Variables`: names to scalars or `{value, description, expand, options}` hashes.
  /// Root variables may also carry `description`/`options` (`allowed_value_data`).
  mutating func variables(_ node: YAMLNode, _ path: @autoclosure () -> String, root: Bool = false) {
    if node.isNull { return }
    guard expect(node, path(), "config", .hash) else { return }
    let allowedData = root ? Self.rootVariableDataKeys : Self.jobVariableDataKeys
    guard case .mapping(let pairs) = node.content else { return }
    for index in pairs.indices {
      // Scalar values (nearly all) are only looked at, not copied.
      if pairs[index].value.isMapping {
        let value = pairs[index].value
        let varPath = "\(path()):\(pairs[index].key.rubyText)"
        let unknown = (value.mapping ?? []).map { $0.key.rubyText }.filter { !allowedData.contains($0) }
        if !unknown.isEmpty {
          add(GitLabCode.unknownKeys, varPath, "config", "uses invalid data keys: \(unknown.joined(separator: ", "))", at: value)
        }
        if let inner = value["value"], !inner.isScalar {
          add(GitLabCode.wrongType, varPath, "config", "value must be an alphanumeric string", at: inner)
        }
        expect(value["expand"], varPath, "expand", .boolean)
        expect(value["description"], varPath, "description", .string)
        if let options = value["options"], expect(options, varPath, "options", .arrayOfStrings) {
          if let inner = value["value"], !options.stringList.contains(inner.rubyText) {
            add(GitLabCode.invalidValue, varPath, "config", "value must be present in options", at: inner)
          }
        }
      } else if pairs[index].value.isSequence {
        add(GitLabCode.wrongType, path(), "config", "should be a hash of key value pairs", at: pairs[index].value)
      }
    }
  }

  /// `Entry::Inherit` (`default:` and `variables:`: a boolean or a list of names).
  mutating func inherit(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["default", "variables"])
    for key in ["default", "variables"] {
      guard let value = node[key] else { continue }
      let entryPath = "\(path):\(key)"
      if value.isBool { continue }
      guard value.sequence?.allSatisfy({ $0.isStringLike }) ?? false else {
        add(GitLabCode.wrongType, entryPath, "config", "should be a bool or array of strings", at: value)
        continue
      }
      if key == "default" {
        let unknown = value.stringList.filter { !GitLabLimits.inheritableDefaults.contains($0) }
        if !unknown.isEmpty {
          add(GitLabCode.invalidValue, entryPath, "config", "contains unknown values: \(unknown.joined(separator: ", "))", at: value)
        }
      }
    }
  }

  /// `Entry::Hooks`: only `pre_get_sources_script`, a script.
  mutating func hooks(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["pre_get_sources_script"])
    expect(node["pre_get_sources_script"], path + ":pre_get_sources_script", "config",
           .stringOrNestedStrings(GitLabLimits.maxNesting))
  }

  /// `Entry::IdTokens` / `Entry::IdToken`: each token has `aud` (a string or strings).
  mutating func idTokens(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    for pair in node.mapping ?? [] {
      let tokenPath = "\(path):\(pair.key.rubyText)"
      // `required_keys` and `allowed_keys` (no hash check: a non-hash simply has no keys), then
      // `aud` with `array_of_strings_or_string` and no `allow_nil`.
      let aud = pair.value.isMapping ? pair.value["aud"] : nil
      if aud == nil { add(GitLabCode.missing, tokenPath, "config", "missing required keys: aud", at: pair.value) }
      allowedKeys(pair.value, tokenPath, ["aud"])
      if !(aud.map(ValueKind.arrayOfStringsOrString.accepts) ?? false) {
        add(GitLabCode.wrongType, tokenPath, "aud", ValueKind.arrayOfStringsOrString.message, at: aud ?? pair.value)
      }
    }
  }

  /// `Entry::Secrets` / `Entry::Secret` (EE): exactly one provider per secret.
  mutating func secrets(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    let providers = ["vault", "azure_key_vault", "gcp_secret_manager", "akeyless", "gitlab_secrets_manager", "aws_secrets_manager"]
    for pair in node.mapping ?? [] {
      let secretPath = "\(path):\(pair.key.rubyText)"
      guard expect(pair.value, secretPath, "config", .hash) else { continue }
      let secret = pair.value
      let errorsBefore = diagnostics.count
      allowedKeys(secret, secretPath, Set(providers + ["file", "token"]))
      let used = providers.filter { secret[$0] != nil }
      if used.count != 1 {
        add(GitLabCode.missing, secretPath, "config", "must use exactly one of these keys: \(providers.joined(separator: ", "))", at: secret)
      }
      if let token = secret["token"], !token.isNull {
        expect(token, secretPath, "token", .string)
      }
      if let gcp = secret["gcp_secret_manager"], !gcp.isBlank, secret["token"]?.isBlank ?? true {
        add(GitLabCode.missing, secretPath, "token", "is required with gcp secrets manager", at: secret)
      }
      // `Node#compose!` returns early for an invalid entry: sub-entries are checked only when the
      // secret itself is valid.
      guard diagnostics.count == errorsBefore else { continue }
      if let file = secret["file"], !file.isNull { expect(file, secretPath + ":file", "config", .boolean) }
      if let vault = secret["vault"] { vaultSecret(vault, secretPath + ":vault") }
      for provider in ["azure_key_vault", "gcp_secret_manager", "aws_secrets_manager"] {
        guard let value = secret[provider], expect(value, "\(secretPath):\(provider)", "config", .hash) else { continue }
        let allowed: Set<String> = provider == "aws_secrets_manager"
          ? ["secret_id", "version_id", "version_stage", "region", "role_arn", "role_session_name", "field"]
          : ["name", "version"]
        allowedKeys(value, "\(secretPath):\(provider)", allowed)
        let required = provider == "aws_secrets_manager" ? "secret_id" : "name"
        if value[required] == nil || value[required]?.isNull == true {
          add(GitLabCode.missing, "\(secretPath):\(provider)", required.replacingUnderscores, "can't be blank", at: value)
        }
      }
    }
  }

  /// An error GitLab words as `"#{location} <message>"` without an attribute (strategy entries).
  private mutating func addEntryError(_ code: DiagnosticCode, _ location: String, _ message: String, at node: YAMLNode) {
    diagnostics.append(.error(code, "\(location) \(message)".lowercased(), at: node.mark.location))
  }

  /// EE `Entry::Vault::Secret`: a `path/field@engine` string, or a hash whose `path`, `field` and
  /// `engine` are each `presence` + `type` checked; `Entry::Vault::Engine` only when that hash is valid.
  private mutating func vaultSecret(_ vault: YAMLNode, _ vaultPath: String) {
    if vault.isStringLike {
      if vault.isBlank { add(GitLabCode.missing, vaultPath, "config", "can't be blank", at: vault) }
      return
    }
    guard vault.isMapping else {
      // `UnknownStrategy#errors`: `"#{location} should be a hash or a string"`, no attribute.
      addEntryError(GitLabCode.wrongType, vaultPath, "should be a hash or a string", at: vault)
      return
    }
    let errorsBefore = diagnostics.count
    allowedKeys(vault, vaultPath, ["engine", "path", "field"])
    for (key, kind) in [("path", ValueKind.string), ("field", .string), ("engine", .hash)] {
      let value = vault[key]
      if value?.isBlank ?? true { add(GitLabCode.missing, vaultPath, key, "can't be blank", at: value ?? vault) }
      if !(value.map(kind.accepts) ?? false) { add(GitLabCode.wrongType, vaultPath, key, kind.message, at: value ?? vault) }
    }
    guard diagnostics.count == errorsBefore, let engine = vault["engine"] else { return }
    let enginePath = vaultPath + ":engine"
    allowedKeys(engine, enginePath, ["name", "path"])
    let missing = ["name", "path"].filter { engine[$0] == nil }
    if !missing.isEmpty {
      add(GitLabCode.missing, enginePath, "config", "missing required keys: \(missing.joined(separator: ", "))", at: engine)
    }
    for key in ["name", "path"] {
      let value = engine[key]
      if value?.isBlank ?? true { add(GitLabCode.missing, enginePath, key, "can't be blank", at: value ?? engine) }
      if !(value?.isStringLike ?? false) { add(GitLabCode.wrongType, enginePath, key, "should be a string", at: value ?? engine) }
    }
  }

  /// `Entry::Policy` (`only`/`except`): refs as strings, or a hash of refs/variables/changes/kubernetes.
  mutating func policy(_ node: YAMLNode, _ path: String) {
    if node.isNull { return }
    if node.isMapping {
      allowedKeys(node, path, ["refs", "kubernetes", "variables", "changes"])
      expect(node["refs"], path + ":refs", "config", .arrayOfStrings)
      expect(node["variables"], path + ":variables", "config", .arrayOfStrings)
      expect(node["changes"], path + ":changes", "config", .arrayOfStrings)
      oneOf(node["kubernetes"], path, "kubernetes", ["active"])
      return
    }
    if !(node.isStringLike || (node.sequence?.allSatisfy({ $0.isStringLike }) ?? false)) {
      add(GitLabCode.wrongType, path, "config", "should be an array of strings or regular expressions using re2 syntax", at: node)
    }
  }
}
