import SlipwayCore

/// GitLab Code Quality JSON (docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
/// an array of issues with `description`, `check_name`, `fingerprint`, `severity`, `location`.
enum CodeQualityReporter {
  static func severity(_ severity: Severity) -> String {
    switch severity {
    case .error: "major"
    case .warning: "minor"
    case .info: "info"
    }
  }

  static func render(_ targets: [LintTarget]) -> String {
    var issues: [JSONValue] = []
    var used: [String: Int] = [:]
    for target in targets {
      for d in target.diagnostics {
        let path = d.location?.file ?? target.name
        let line = d.location?.line ?? 1
        // Fingerprints must be unique per issue; identical findings get a counter.
        let base = "\(target.name)|\(d.code)|\(path)|\(line)|\(d.message)"
        let count = used[base, default: 0]
        used[base] = count + 1
        issues.append(.object([
          ("description", .string(d.message)),
          ("check_name", .string(d.code.rawValue)),
          ("fingerprint", .string(Fingerprint.of(count == 0 ? base : "\(base)#\(count)"))),
          ("severity", .string(severity(d.severity))),
          ("location", .object([("path", .string(path)), ("lines", .object([("begin", .int(line))]))])),
        ]))
      }
    }
    return JSONValue.array(issues).rendered(pretty: true) + "\n"
  }
}
