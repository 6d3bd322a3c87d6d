import Foundation
import SlipwayYAML

extension EntryChecker {
  /// `Entry::Reports::ALLOWED_KEYS`; every report is a path or a list of paths.
  static let reportKeys: Set<String> = [
    "junit", "codequality", "sast", "secret_detection", "dependency_scanning", "container_scanning", "dast",
    "browser_performance", "load_performance", "license_scanning", "metrics", "terraform", "accessibility",
    "cluster_image_scanning", "requirements", "requirements_v2", "coverage_fuzzing", "api_fuzzing", "cyclonedx",
    "annotations", "repository_xray", "dotenv", "cobertura", "coverage_report",
  ]

  /// `Entry::Artifacts`.
  mutating func artifacts(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["name", "untracked", "paths", "reports", "when", "expire_in", "expose_as", "exclude", "public", "access"])
    expect(node["name"], path, "name", .string)
    expect(node["untracked"], path, "untracked", .boolean)
    expect(node["paths"], path, "paths", .arrayOfStrings)
    expect(node["exclude"], path, "exclude", .arrayOfStrings)
    expect(node["public"], path, "public", .boolean)
    expect(node["expose_as"], path, "expose as", .string)
    oneOf(node["when"], path, "when", GitLabLimits.artifactsWhen, message: "should be on_success, on_failure or always")
    oneOf(node["access"], path, "access", GitLabLimits.artifactsAccess, message: "should be one of: none, developer, maintainer, all")
    if node["public"] != nil, let access = node.pair("access") {
      add(GitLabCode.exclusiveKeys, path, "config", "these keys cannot be used together: public, access", at: access.key)
    }
    duration(node["expire_in"], path, "expire in", allowNever: true)
    if let reports = node["reports"], expect(reports, path + ":reports", "config", .hash) {
      allowedKeys(reports, path + ":reports", Self.reportKeys)
      for pair in reports.mapping ?? [] {
        let name = pair.key.rubyText
        let reportPath = path + ":reports"
        if name == "coverage_report" {
          if pair.value.isNull { continue }
          if expect(pair.value, reportPath, name, .hash) {
            allowedKeys(pair.value, reportPath + ":coverage_report", ["coverage_format", "path"])
            oneOf(pair.value["coverage_format"], reportPath + ":coverage_report", "coverage format", ["cobertura", "jacoco"])
            expect(pair.value["path"], reportPath + ":coverage_report", "path", .string)
          }
        } else if ["browser_performance", "load_performance"].contains(name) {
          // A single report file (`Entry::Reports`).
          expect(pair.value, reportPath, name, .string)
        } else if pair.value.isNull {
          add(GitLabCode.wrongType, reportPath, name, "should be an array of strings or a string", at: pair.value)
        } else {
          expect(pair.value, reportPath, name, .arrayOfStringsOrString)
        }
      }
    }
  }

  /// `Entry::Caches` (one hash or up to four) and `Entry::Cache`.
  mutating func cache(_ node: YAMLNode, _ path: String) {
    if let list = node.sequence {
      if list.count > GitLabLimits.maxCaches {
        add(GitLabCode.limit, path, "config", "no more than \(GitLabLimits.maxCaches) caches can be created", at: node)
      }
      for item in list { singleCache(item, path) }
    } else {
      singleCache(node, path)
    }
  }

  private mutating func singleCache(_ node: YAMLNode, _ path: String) {
    guard expect(node, path, "config", .hash) else { return }
    allowedKeys(node, path, ["key", "untracked", "paths", "when", "policy", "unprotect", "fallback_keys"])
    expect(node["untracked"], path, "untracked", .boolean)
    expect(node["unprotect"], path, "unprotect", .boolean)
    expect(node["paths"], path, "paths", .arrayOfStrings)
    oneOf(node["when"], path, "when", GitLabLimits.artifactsWhen, message: "should be on_success, on_failure or always")
    // `policy` may be a variable (`$CACHE_POLICY`), expanded at run time.
    if let policy = node["policy"], !(policy.isStringLike && policy.rubyText.hasPrefix("$")) {
      oneOf(policy, path, "policy", GitLabLimits.cachePolicy, message: "should be pull-push, push, or pull")
    }
    if let fallback = node["fallback_keys"], expect(fallback, path, "fallback keys", .arrayOfStrings) {
      if (fallback.sequence?.count ?? 0) > GitLabLimits.maxFallbackKeys {
        add(GitLabCode.limit, path, "fallback keys", "has too many entries (maximum \(GitLabLimits.maxFallbackKeys))", at: fallback)
      }
    }
    if let key = node["key"] { cacheKey(key, path + ":key") }
  }

  /// `Entry::Cache::Key`: a string (no `/`, not `.` or `..`) or `files:`/`files_commits:` + `prefix:`.
  private mutating func cacheKey(_ key: YAMLNode, _ path: String) {
    if key.isMapping {
      allowedKeys(key, path, ["files", "files_commits", "prefix"])
      exclusive(key, path, ["files", "files_commits"])
      for (name, limit) in [("files", GitLabLimits.maxCacheKeyFiles), ("files_commits", GitLabLimits.maxCacheKeyFilesCommits)] {
        guard let files = key[name] else { continue }
        let filesPath = "\(path):\(name)"
        if expect(files, filesPath, "config", .arrayOfStrings), (files.sequence?.count ?? 0) > limit {
          add(GitLabCode.limit, filesPath, "config", "has too many entries (maximum \(limit))", at: files)
        }
      }
      if key["files"] == nil && key["files_commits"] == nil {
        add(GitLabCode.missing, path, "config", "missing required keys: files", at: key)
      }
      if let prefix = key["prefix"], !(prefix.isStringLike || prefix.isInteger) {
        add(GitLabCode.wrongType, path, "prefix", "should be a string", at: prefix)
      }
      return
    }
    guard key.isScalar, !key.isNull, key.isStringLike || key.isInteger else {
      add(GitLabCode.wrongType, path, "config", "should be a hash, a string or a symbol", at: key)
      return
    }
    // Foundation's decoding only when there is something to decode ("%").
    let text = key.rubyText.utf8.contains(37) ? key.rubyText.removingPercentEncoding ?? key.rubyText : key.rubyText
    if text.utf8.contains(47) {  // "/"
      add(GitLabCode.invalidFormat, path, "config", "cannot contain the \"/\" character", at: key)
    } else if text == "." || text == ".." {
      add(GitLabCode.invalidFormat, path, "config", "cannot be \".\" or \"..\"", at: key)
    }
  }
}
