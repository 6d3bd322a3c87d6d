import SlipwayCore

/// JUnit XML, as GitLab's `artifacts:reports:junit` reads it: one test suite per lint target, one
/// failing test case per error or warning (info findings are reported as passing cases).
enum JUnitReporter {
  static func render(_ targets: [LintTarget]) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"slipway lint\">\n"
    for target in targets {
      let failures = target.diagnostics.count { $0.severity != .info }
      let tests = max(1, target.diagnostics.count)
      out += "  <testsuite name=\"\(target.name.xmlEscaped)\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
      if target.diagnostics.isEmpty {
        out += "    <testcase name=\"lint\" classname=\"\(target.name.xmlEscaped)\"/>\n"
      }
      for d in target.diagnostics {
        let place = d.location.map { "\($0.file):\($0.line):\($0.column)" } ?? target.name
        let name = "\(d.code) \(place)".xmlEscaped
        let classname = (d.location?.file ?? target.name).xmlEscaped
        if d.severity == .info {
          out += "    <testcase name=\"\(name)\" classname=\"\(classname)\"/>\n"
          continue
        }
        out += "    <testcase name=\"\(name)\" classname=\"\(classname)\">\n"
        out += "      <failure type=\"\(d.severity.rawValue)\" message=\"\(d.message.xmlEscaped)\">"
        out += "\(place.xmlEscaped): \(d.severity.rawValue)[\(d.code)]: \(d.message.xmlEscaped)"
        if let help = d.help { out += "\nhelp: \(help.xmlEscaped)" }
        out += "</failure>\n    </testcase>\n"
      }
      out += "  </testsuite>\n"
    }
    return out + "</testsuites>\n"
  }
}
