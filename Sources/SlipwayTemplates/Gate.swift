import Foundation

/// A gate's decision and the summary the CLI prints.
public struct GateOutcome: Sendable, Equatable {
  public var passed: Bool
  public var summary: [String]
  /// The baseline to write with `--update-baseline` (only when the gate passed and improved).
  public var improvedBaseline: GateBaseline?
}

/// The recorded state of a legacy service: it may not get worse than this.
public struct GateBaseline: Sendable, Equatable {
  public var pylintScore: Double?
  public var mypyFingerprints: [String]?

  public init(pylintScore: Double? = nil, mypyFingerprints: [String]? = nil) {
    self.pylintScore = pylintScore
    self.mypyFingerprints = mypyFingerprints
  }

  /// `{"pylint": {"score": 7.5}, "mypy": {"errors": 2, "fingerprints": ["path: [code] message"]}}`
  public static func parse(_ text: String) throws -> GateBaseline {
    guard let object = jsonObject(text) as? [String: Any] else {
      throw GateInputError("the baseline is not a JSON object")
    }
    var baseline = GateBaseline()
    if let pylint = object["pylint"] as? [String: Any] {
      baseline.pylintScore = (pylint["score"] as? NSNumber)?.doubleValue
    }
    if let mypy = object["mypy"] as? [String: Any] {
      baseline.mypyFingerprints = mypy["fingerprints"] as? [String] ?? []
    }
    return baseline
  }

  /// Stable JSON (sorted keys, one fingerprint per line) so baselines diff well in review.
  public func rendered() -> String {
    var parts: [String] = []
    if let mypyFingerprints {
      let list = mypyFingerprints.sorted().map { "      " + quoted($0) }.joined(separator: ",\n")
      let body = mypyFingerprints.isEmpty ? "[]" : "[\n\(list)\n    ]"
      parts.append("  \"mypy\": {\n    \"errors\": \(mypyFingerprints.count),\n    \"fingerprints\": \(body)\n  }")
    }
    if let pylintScore {
      parts.append("  \"pylint\": {\n    \"score\": \(Gate.format(pylintScore))\n  }")
    }
    return "{\n" + parts.joined(separator: ",\n") + "\n}\n"
  }

  private func quoted(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
  }
}

/// The pylint and mypy gates of the python-lint component.
public enum Gate {
  /// Scores are compared with pylint's two-decimal display in mind.
  public static let scoreTolerance = 0.005

  /// Passes when the score reaches `minScore`, or, with a baseline, the baseline's score.
  public static func pylint(_ report: PylintReport, minScore: Double, baseline: GateBaseline? = nil) -> GateOutcome {
    var required = minScore
    var basis = "minimum \(format(minScore))"
    if let previous = baseline?.pylintScore, previous < minScore {
      required = previous
      basis = "baseline \(format(previous)); target \(format(minScore))"
    }
    let passed = report.score + scoreTolerance >= required
    var summary = ["pylint: score \(format(report.score))/10 (\(basis)) — \(passed ? "passed" : "FAILED")"]
    if !report.messages.isEmpty {
      summary.append("  \(report.messages.count) messages: " + tally(report.messages.map(\.type)))
      let symbols = report.messages.map { "\($0.messageID) \($0.symbol)" }
      summary.append("  most frequent: " + tally(symbols, limit: 5))
    }
    if !passed {
      summary.append("  raise the score by \(format(required - report.score)) or more; see the messages above")
    }
    var improved: GateBaseline?
    if passed, let previous = baseline?.pylintScore, report.score > previous + scoreTolerance, previous < minScore {
      improved = baseline
      improved?.pylintScore = min(report.score, minScore)
    }
    return GateOutcome(passed: passed, summary: summary, improvedBaseline: improved)
  }

  /// Passes when the errors fit the budget, or, with a baseline, when no error is new.
  public static func mypy(_ report: MypyReport, maxErrors: Int, baseline: GateBaseline? = nil) -> GateOutcome {
    let count = report.errors.count
    var passed = count <= maxErrors
    var summary: [String] = []
    var improved: GateBaseline?
    if let known = baseline?.mypyFingerprints, !passed || count < known.count {
      var remaining = Dictionary(known.map { ($0, 1) }, uniquingKeysWith: +)
      var fresh: [MypyReport.Error] = []
      for error in report.errors {
        if let left = remaining[error.fingerprint], left > 0 {
          remaining[error.fingerprint] = left - 1
        } else {
          fresh.append(error)
        }
      }
      passed = passed || fresh.isEmpty
      let verdict = passed ? "passed" : "FAILED"
      summary.append(
        "mypy: \(count) errors (budget \(maxErrors), baseline \(known.count), new \(fresh.count)) — \(verdict)")
      summary += fresh.prefix(20).map { "  new: \($0.path):\($0.line): \($0.message)  [\($0.code)]" }
      if passed, count < known.count {
        improved = baseline
        improved?.mypyFingerprints = report.errors.map(\.fingerprint)
      }
    } else {
      summary.append("mypy: \(count) errors (budget \(maxErrors)) — \(passed ? "passed" : "FAILED")")
      if !passed {
        summary += report.errors.prefix(20).map { "  \($0.path):\($0.line): \($0.message)  [\($0.code)]" }
      }
    }
    if count > 0 { summary.append("  by code: " + tally(report.errors.map(\.code), limit: 8)) }
    if !report.unparsed.isEmpty {
      summary.append("  mypy also printed: " + report.unparsed.prefix(3).joined(separator: " | "))
    }
    return GateOutcome(passed: passed, summary: summary, improvedBaseline: improved)
  }

  /// A fresh baseline from the current reports, for `--write-baseline`.
  public static func baseline(
    from previous: GateBaseline?, pylint: PylintReport? = nil, mypy: MypyReport? = nil
  ) -> GateBaseline {
    var result = previous ?? GateBaseline()
    if let pylint { result.pylintScore = pylint.score }
    if let mypy { result.mypyFingerprints = mypy.errors.map(\.fingerprint) }
    return result
  }

  static func format(_ value: Double) -> String { String(format: "%.2f", value) }

  /// `convention ×8, warning ×2`, most frequent first, ties by name.
  static func tally(_ items: [String], limit: Int = .max) -> String {
    let counts = Dictionary(items.map { ($0, 1) }, uniquingKeysWith: +)
    let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    return ordered.prefix(limit).map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
  }
}
