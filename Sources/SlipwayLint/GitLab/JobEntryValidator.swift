import Foundation
import SlipwayYAML

/// Dispatches a job's sub-entries to their validators (`Entry::Job` `entry :…` declarations).
struct JobEntryValidator {
  var checker: EntryChecker
  var expressionCheck: (String) -> Bool

  mutating func validate(_ job: JobView, _ path: @autoclosure () -> String) {
    if let image = job[.image] { checker.once(.image, image) { $0.image(image, path() + ":image") } }
    if let services = job[.services] { checker.once(.services, services) { $0.services(services, path() + ":services") } }
    if let artifacts = job[.artifacts] { checker.once(.artifacts, artifacts) { $0.artifacts(artifacts, path() + ":artifacts") } }
    if let cache = job[.cache] { checker.once(.cache, cache) { $0.cache(cache, path() + ":cache") } }
    if let retry = job[.retry] { checker.once(.retry, retry) { $0.retry(retry, path() + ":retry") } }
    if let parallel = job[.parallel] { checker.parallel(parallel, path() + ":parallel") }
    if let environment = job[.environment] { checker.once(.environment, environment) { $0.environment(environment, path() + ":environment") } }
    if let release = job[.release] { checker.release(release, path() + ":release") }
    if let needs = job[.needs] { checker.once(.needs, needs) { $0.needs(needs, path() + ":needs") } }
    if let variables = job[.variables] { checker.once(.variables, variables) { $0.variables(variables, path() + ":variables") } }
    if let inherit = job[.inherit] { checker.once(.inherit, inherit) { $0.inherit(inherit, path() + ":inherit") } }
    if let hooks = job[.hooks] { checker.hooks(hooks, path() + ":hooks") }
    if let tokens = job[.idTokens] { checker.idTokens(tokens, path() + ":id_tokens") }
    if let secrets = job[.secrets] { checker.secrets(secrets, path() + ":secrets") }
    if let pages = job[.pages] { checker.pages(pages, path() + ":pages") }
    if let trigger = job[.trigger] { checker.trigger(trigger, path() + ":trigger") }
    if let inputs = job[.inputs] { checker.jobInputs(inputs, path() + ":inputs") }
    if let identity = job[.identity] { checker.oneOf(identity, path(), "identity", ["google_cloud"]) }
    if let dast = job[.dastConfiguration] {
      if checker.expect(dast, path() + ":dast_configuration", "config", .hash) {
        checker.allowedKeys(dast, path() + ":dast_configuration", ["site_profile", "scanner_profile"])
        checker.expect(dast["site_profile"], path() + ":dast_configuration", "site profile", .string)
        checker.expect(dast["scanner_profile"], path() + ":dast_configuration", "scanner profile", .string)
      }
    }
    if let policy = job[.only] { checker.once(.policy, policy) { $0.policy(policy, path() + ":only") } }
    if let policy = job[.except] { checker.once(.policy, policy) { $0.policy(policy, path() + ":except") } }
    if let rules = job[.rules] {
      checker.rules(rules, path() + ":rules", allowedWhen: GitLabLimits.ruleWhen, workflow: false, expressionCheck: expressionCheck)
    }
  }
}

extension EntryChecker {
  /// `Entry::Image`.
  mutating func image(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hashOrString), node.isMapping else { return }
    allowedKeys(node, path, ["name", "entrypoint", "ports", "pull_policy", "docker", "kubernetes"])
    imageCommon(node, path)
  }

  /// Keys shared by `Entry::Image` and `Entry::Service`.
  private mutating func imageCommon(_ node: YAMLNode, _ path: String) {
    if node["name"] == nil || node["name"]?.isNull == true {
      add(GitLabCode.missing, path, "name", "can't be blank", at: node)
    } else {
      expect(node["name"], path, "name", .string)
    }
    expect(node["entrypoint"], path, "entrypoint", .arrayOfStrings)
    if let policy = node["pull_policy"] {
      if expect(policy, path + ":pull_policy", "config", .arrayOfStringsOrString) {
        if policy.sequence?.isEmpty == true { add(GitLabCode.missing, path + ":pull_policy", "config", "can't be blank", at: policy) }
        let bad = policy.stringList.filter { !GitLabLimits.pullPolicies.contains($0) }
        if !bad.isEmpty {
          add(GitLabCode.invalidValue, path + ":pull_policy", "config", "contains unknown values: \(bad.joined(separator: ", "))", at: policy)
        }
      }
    }
    if let docker = node["docker"], expect(docker, path + ":docker", "config", .hash) {
      allowedKeys(docker, path + ":docker", ["platform", "user"])
      expect(docker["platform"], path + ":docker", "platform", .string)
      executorUser(docker["user"], path + ":docker")
    }
    if let kubernetes = node["kubernetes"], expect(kubernetes, path + ":kubernetes", "config", .hash) {
      allowedKeys(kubernetes, path + ":kubernetes", ["user"])
      executorUser(kubernetes["user"], path + ":kubernetes")
    }
    if let ports = node["ports"] {
      expect(ports, path + ":ports", "config", .array)
      for port in ports.sequence ?? [] {
        if port.isMapping {
          allowedKeys(port, path + ":ports", ["number", "protocol", "name"])
          if port["number"]?.isInteger != true {
            add(GitLabCode.wrongType, path + ":ports", "number", "should be an integer", at: port)
          }
        } else if !port.isInteger {
          add(GitLabCode.wrongType, path + ":ports", "config", "should be a hash or an integer", at: port)
        }
      }
    }
  }

  /// `docker:user` / `kubernetes:user`: a non-empty string (or a uid).
  private mutating func executorUser(_ user: YAMLNode?, _ path: String) {
    guard let user else { return }
    if !(user.isStringLike || user.isInteger) {
      add(GitLabCode.wrongType, path, "user", "should be a string", at: user)
    } else if user.rubyText.isEmpty {
      add(GitLabCode.missing, path, "user", "can't be blank", at: user)
    }
  }

  /// `Entry::Services` and `Entry::Service`.
  mutating func services(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .array) else { return }
    for service in node.sequence ?? [] {
      let servicePath = path + ":service"
      guard expect(service, servicePath, "config", .hashOrString), service.isMapping else { continue }
      allowedKeys(service, servicePath, [
        "name", "entrypoint", "command", "alias", "ports", "variables", "pull_policy", "docker", "kubernetes",
      ])
      imageCommon(service, servicePath)
      expect(service["alias"], servicePath, "alias", .string)
      expect(service["command"], servicePath, "command", .arrayOfStrings)
      if let variables = service["variables"] { self.variables(variables, servicePath + ":variables") }
    }
  }

  /// `Entry::Retry` (simple integer or full hash). Both strategies override `location` with the
  /// constant `retry` (`retry config` for the unknown strategy), so messages carry no job path.
  mutating func retry(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    let location = "retry"
    if let count = node.intValue {
      if !GitLabLimits.retryRange.contains(count) {
        let bound = count < 0 ? "greater than or equal to 0" : "less than or equal to 2"
        add(GitLabCode.limit, location, "config", "must be \(bound)", at: node)
      }
      return
    }
    guard node.isMapping else {
      add(GitLabCode.wrongType, location, "config", "has to be either an integer or a hash", at: node)
      return
    }
    allowedKeys(node, location, ["max", "when", "exit_codes"])
    if let max = node["max"], !max.isNull {
      retryMax(max, location)
    }
    if let when = node["when"], !when.isNull {
      if !(when.isStringLike || (when.sequence?.allSatisfy({ $0.isStringLike }) ?? false)) {
        add(GitLabCode.wrongType, location, "when", "should be an array of strings or a string", at: when)
      } else if when.isStringLike {
        // `inclusion` for a single string.
        if !GitLabLimits.retryWhen.contains(when.rubyText) {
          add(GitLabCode.invalidValue, location, "when", "is not included in the list", at: when)
        }
      } else {
        // `AllowedArrayValuesValidator`: every unknown value, joined.
        let unknown = when.stringList.filter { !GitLabLimits.retryWhen.contains($0) }
        if !unknown.isEmpty {
          add(GitLabCode.invalidValue, location, "when", "contains unknown values: \(unknown.joined(separator: ", "))", at: when)
        }
      }
    }
    if let codes = node["exit_codes"], !codes.isNull,
       !(codes.isInteger || (codes.sequence?.allSatisfy({ $0.isInteger }) ?? false)) {
      add(GitLabCode.wrongType, location, "exit codes", "should be an array of integers or an integer", at: codes)
    }
  }

  /// Rails' `numericality: { only_integer: true, … }` on `retry:max`: numeric strings count as numbers.
  private mutating func retryMax(_ max: YAMLNode, _ location: String) {
    let count: Int
    switch max.scalar?.value {
    case .int(let value): count = value
    case .float: return add(GitLabCode.wrongType, location, "max", "must be an integer", at: max)
    case .string(let text):
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if let value = Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) {
        count = value
      } else if Double(trimmed) != nil, trimmed.allSatisfy({ "0123456789.eE+-".contains($0) }) {
        return add(GitLabCode.wrongType, location, "max", "must be an integer", at: max)
      } else {
        return add(GitLabCode.wrongType, location, "max", "is not a number", at: max)
      }
    default: return add(GitLabCode.wrongType, location, "max", "is not a number", at: max)
    }
    if !GitLabLimits.retryRange.contains(count) {
      let bound = count < 0 ? "greater than or equal to 0" : "less than or equal to 2"
      add(GitLabCode.limit, location, "max", "must be \(bound)", at: max)
    }
  }

  /// `Entry::Product::Parallel` (a number or `matrix:`).
  mutating func parallel(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    if let count = node.intValue {
      if count < GitLabLimits.parallelRange.lowerBound {
        add(GitLabCode.limit, path(), "config", "must be greater than or equal to 1", at: node)
      } else if count > GitLabLimits.parallelRange.upperBound {
        add(GitLabCode.limit, path(), "config", "must be less than or equal to 200", at: node)
      }
      return
    }
    guard node.isMapping else {
      add(GitLabCode.wrongType, path(), "config", "should be an integer or a hash", at: node)
      return
    }
    allowedKeys(node, path(), ["matrix"])
    guard let matrix = node["matrix"] else {
      add(GitLabCode.missing, path(), "config", "missing required keys: matrix", at: node)
      return
    }
    self.matrix(matrix, path() + ":matrix")
  }

  /// `Entry::Product::Matrix`: an array of hashes of string or array-of-strings values.
  mutating func matrix(_ matrix: YAMLNode, _ path: String) {
    guard expect(matrix, path, "config", .arrayOfHashes) else { return }
    var jobs = 0
    for entry in matrix.sequence ?? [] {
      var product = 1
      for pair in entry.mapping ?? [] {
        let value = pair.value
        let ok = value.isScalar && !value.isNull || (value.sequence?.allSatisfy { $0.isScalar && !$0.isNull } ?? false)
        if !ok {
          add(GitLabCode.wrongType, path + ":variables", "config", "should be a hash of key value pairs, value can be an array", at: value)
        }
        product *= max(1, value.sequence?.count ?? 1)
      }
      jobs += product
    }
    if jobs > GitLabLimits.maxMatrixJobs {
      add(GitLabCode.limit, path, "config", "generates too many jobs (maximum is \(GitLabLimits.maxMatrixJobs))", at: matrix)
    }
  }
}
