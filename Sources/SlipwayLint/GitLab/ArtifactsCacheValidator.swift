import Foundation
import SlipwayCore
import SlipwayYAML

extension EntryChecker {
  /// `Entry::Reports::ALLOWED_KEYS`; every report is a path or a list of paths.
  static let reportKeys: Set<String> = [
    "junit", "codequality", "sast", "secret_detection", "dependency_scanning", "container_scanning", "dast",
    "browser_performance", "load_performance", "license_scanning", "metrics", "terraform", "accessibility",
    "cluster_image_scanning", "requirements", "requirements_v2", "coverage_fuzzing", "api_fuzzing", "cyclonedx",
    "annotations", "repository_xray", "dotenv", "cobertura", "coverage_report",
  ]

  /// `Entry::Artifacts`. The path is built only for a finding.
  mutating func artifacts(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    guard expect(node, path(), "config", .hash) else { return }
    let keys = KeySlots(node, ArtifactsKey.table, allowed: ArtifactsKey.all)
    if keys.hasUnknownKey { allowedKeys(node, path(), ArtifactsKey.names) }
    expect(keys[ArtifactsKey.name], path(), "name", .string)
    expect(keys[ArtifactsKey.untracked], path(), "untracked", .boolean)
    expect(keys[ArtifactsKey.paths], path(), "paths", .arrayOfStrings)
    expect(keys[ArtifactsKey.exclude], path(), "exclude", .arrayOfStrings)
    expect(keys[ArtifactsKey.isPublic], path(), "public", .boolean)
    expect(keys[ArtifactsKey.exposeAs], path(), "expose as", .string)
    oneOf(keys[ArtifactsKey.when], path(), "when", GitLabLimits.artifactsWhen, message: "should be on_success, on_failure or always")
    oneOf(keys[ArtifactsKey.access], path(), "access", GitLabLimits.artifactsAccess, message: "should be one of: none, developer, maintainer, all")
    if keys.contains(ArtifactsKey.isPublic), let access = keys.key(ArtifactsKey.access) {
      add(GitLabCode.exclusiveKeys, path(), "config", "these keys cannot be used together: public, access", at: access)
    }
    duration(keys[ArtifactsKey.expireIn], path(), "expire in", allowNever: true)
    if let reports = keys[ArtifactsKey.reports], expect(reports, path() + ":reports", "config", .hash) {
      self.reports(reports, path() + ":reports")
    }
  }

  /// `Entry::Reports`: every report is a path or a list of paths, except the two below.
  private mutating func reports(_ reports: YAMLNode, _ reportPath: @autoclosure () -> String) {
    guard case .mapping(let pairs) = reports.content else { return }
    var hasUnknownKey = false
    for index in pairs.indices {
      if pairs[index].key.keyName.flatMap(ReportKey.table.index(of:)) == nil { hasUnknownKey = true }
    }
    if hasUnknownKey { allowedKeys(reports, reportPath(), Self.reportKeys) }
    for index in pairs.indices {
      let value = pairs[index].value
      let report = pairs[index].key.keyName.flatMap(ReportKey.table.index(of:))
      if report == ReportKey.coverageReport {
        if value.isNull { continue }
        if expect(value, reportPath(), "coverage_report", .hash) {
          allowedKeys(value, reportPath() + ":coverage_report", ["coverage_format", "path"])
          oneOf(value["coverage_format"], reportPath() + ":coverage_report", "coverage format", ["cobertura", "jacoco"])
          expect(value["path"], reportPath() + ":coverage_report", "path", .string)
        }
      } else if report == ReportKey.browserPerformance || report == ReportKey.loadPerformance {
        // A single report file (`Entry::Reports`).
        expect(value, reportPath(), pairs[index].key.rubyText, .string)
      } else if value.isNull {
        add(GitLabCode.wrongType, reportPath(), pairs[index].key.rubyText, "should be an array of strings or a string", at: value)
      } else {
        expect(value, reportPath(), pairs[index].key.rubyText, .arrayOfStringsOrString)
      }
    }
  }

  /// `Entry::Caches` (one hash or up to four) and `Entry::Cache`.
  mutating func cache(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    if case .sequence(let list) = node.content {
      if list.count > GitLabLimits.maxCaches {
        add(GitLabCode.limit, path(), "config", "no more than \(GitLabLimits.maxCaches) caches can be created", at: node)
      }
      for index in list.indices { singleCache(list[index], path()) }
    } else {
      singleCache(node, path())
    }
  }

  private mutating func singleCache(_ node: YAMLNode, _ path: @autoclosure () -> String) {
    guard expect(node, path(), "config", .hash) else { return }
    let keys = KeySlots(node, CacheKey.table, allowed: CacheKey.all)
    if keys.hasUnknownKey { allowedKeys(node, path(), CacheKey.names) }
    expect(keys[CacheKey.untracked], path(), "untracked", .boolean)
    expect(keys[CacheKey.unprotect], path(), "unprotect", .boolean)
    expect(keys[CacheKey.paths], path(), "paths", .arrayOfStrings)
    oneOf(keys[CacheKey.when], path(), "when", GitLabLimits.artifactsWhen, message: "should be on_success, on_failure or always")
    // `policy` may be a variable (`$CACHE_POLICY`), expanded at run time.
    if let policy = keys[CacheKey.policy], !(policy.isStringLike && policy.rubyText.hasPrefix("$")) {
      oneOf(policy, path(), "policy", GitLabLimits.cachePolicy, message: "should be pull-push, push, or pull")
    }
    if let fallback = keys[CacheKey.fallbackKeys], expect(fallback, path(), "fallback keys", .arrayOfStrings) {
      if (fallback.sequence?.count ?? 0) > GitLabLimits.maxFallbackKeys {
        add(GitLabCode.limit, path(), "fallback keys", "has too many entries (maximum \(GitLabLimits.maxFallbackKeys))", at: fallback)
      }
    }
    if let key = keys[CacheKey.key] { cacheKey(key, path() + ":key") }
  }

  /// `Entry::Cache::Key`: a string (no `/`, not `.` or `..`) or `files:`/`files_commits:` + `prefix:`.
  private mutating func cacheKey(_ key: YAMLNode, _ path: @autoclosure () -> String) {
    if key.isMapping {
      allowedKeys(key, path(), ["files", "files_commits", "prefix"])
      exclusive(key, path(), ["files", "files_commits"])
      for (name, limit) in [("files", GitLabLimits.maxCacheKeyFiles), ("files_commits", GitLabLimits.maxCacheKeyFilesCommits)] {
        guard let files = key[name] else { continue }
        let filesPath = "\(path()):\(name)"
        if expect(files, filesPath, "config", .arrayOfStrings), (files.sequence?.count ?? 0) > limit {
          add(GitLabCode.limit, filesPath, "config", "has too many entries (maximum \(limit))", at: files)
        }
      }
      if key["files"] == nil && key["files_commits"] == nil {
        add(GitLabCode.missing, path(), "config", "missing required keys: files", at: key)
      }
      if let prefix = key["prefix"], !(prefix.isStringLike || prefix.isInteger) {
        add(GitLabCode.wrongType, path(), "prefix", "should be a string", at: prefix)
      }
      return
    }
    guard key.isScalar, !key.isNull, key.isStringLike || key.isInteger else {
      add(GitLabCode.wrongType, path(), "config", "should be a hash, a string or a symbol", at: key)
      return
    }
    // Foundation's decoding only when there is something to decode ("%").
    let text = key.rubyText.utf8.contains(37) ? key.rubyText.removingPercentEncoding ?? key.rubyText : key.rubyText
    if text.utf8.contains(47) {  // "/"
      add(GitLabCode.invalidFormat, path(), "config", "cannot contain the \"/\" character", at: key)
    } else if text == "." || text == ".." {
      add(GitLabCode.invalidFormat, path(), "config", "cannot be \".\" or \"..\"", at: key)
    }
  }
}

/// The keys of `artifacts:`, as positions in one `NameTable` (see `KeySlots`).
enum ArtifactsKey {
  static let names = ["name", "untracked", "paths", "reports", "when", "expire_in", "expose_as", "exclude", "public", "access"]
  static let table = NameTable(names)
  static let all: UInt64 = (1 << names.count) - 1

  static let name = 0, untracked = 1, paths = 2, reports = 3, when = 4, expireIn = 5, exposeAs = 6, exclude = 7,
    isPublic = 8, access = 9
}

/// `Entry::Reports::ALLOWED_KEYS` by position, to tell the reports with their own shape apart.
enum ReportKey {
  static let table = NameTable(Array(EntryChecker.reportKeys))
  static let coverageReport = table.index(of: "coverage_report")
  static let browserPerformance = table.index(of: "browser_performance")
  static let loadPerformance = table.index(of: "load_performance")
}

/// The keys of one cache, as positions in one `NameTable` (see `KeySlots`).
enum CacheKey {
  static let names = ["key", "untracked", "paths", "when", "policy", "unprotect", "fallback_keys"]
  static let table = NameTable(names)
  static let all: UInt64 = (1 << names.count) - 1

  static let key = 0, untracked = 1, paths = 2, when = 3, policy = 4, unprotect = 5, fallbackKeys = 6
}
