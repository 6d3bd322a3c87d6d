import SlipwayCore
import SlipwayLint

/// SARIF 2.1.0 (OASIS): one run per lint target, rules described from the registry.
enum SARIFReporter {
  static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  static func render(_ targets: [LintTarget], version: String) -> String {
    let runs: [JSONValue] = targets.map { target in
      let codes = Array(Set(target.diagnostics.map(\.code.rawValue))).sorted()
      let rules: [JSONValue] = codes.map { code in
        let summary = RuleRegistry.rule(code)?.description.summary ?? GitLabCode.summaries[code] ?? "Slipway diagnostic \(code)"
        return .object([("id", .string(code)), ("shortDescription", .object([("text", .string(summary))]))])
      }
      let results: [JSONValue] = target.diagnostics.map { d in
        var result: [(String, JSONValue)] = [
          ("ruleId", .string(d.code.rawValue)),
          ("level", .string(level(d.severity))),
          ("message", .object([("text", .string(d.message + (d.help.map { " (\($0))" } ?? "")))])),
        ]
        if let l = d.location {
          result.append(("locations", .array([.object([
            ("physicalLocation", .object([
              ("artifactLocation", .object([("uri", .string(l.file))])),
              ("region", .object([("startLine", .int(max(1, l.line))), ("startColumn", .int(max(1, l.column)))])),
            ]))
          ])])))
        }
        return .object(result)
      }
      return .object([
        ("tool", .object([("driver", .object([
          ("name", .string("slipway")), ("version", .string(version)),
          ("informationUri", .string("https://gitlab.com/slipway/slipway")), ("rules", .array(rules)),
        ]))])),
        ("automationDetails", .object([("id", .string("slipway-lint/\(target.name)"))])),
        ("results", .array(results)),
      ])
    }
    return JSONValue.object([("$schema", .string(schema)), ("version", .string("2.1.0")), ("runs", .array(runs))])
      .rendered(pretty: true) + "\n"
  }
}
