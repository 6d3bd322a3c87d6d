/// Renders plans as text: stages as columns, like GitLab's pipeline view, then one line per job with
/// its `when`, `allow_failure` and needs. Returns strings; the CLI prints them.
public struct PlanTextRenderer: Sendable {
  /// Widest column before names are cut with `…`.
  public var maxColumnWidth = 32

  public init() {}

  /// A job's box label with its markers: `⏵` manual, `!` allowed to fail, `⏱` delayed.
  public static func marks(_ job: PlannedJob) -> String {
    var marks = ""
    if job.when == "manual" { marks += " (manual)" }
    if job.when == "delayed" { marks += " (delayed \(job.startIn ?? ""))" }
    if job.when == "always" { marks += " (always)" }
    if job.when == "on_failure" { marks += " (on failure)" }
    if job.allowFailure { marks += " (may fail)" }
    if job.trigger != nil { marks += " (trigger)" }
    return marks
  }

  public func render(_ plan: PipelinePlan) -> String {
    var out = "Pipeline for \(plan.context): \(plan.status.rawValue)"
    if let name = plan.name { out += " — \(name)" }
    out += "\n"
    switch plan.status {
    case .filtered, .error:
      return out + plan.diagnostics.filter { $0.severity != .warning }.map { "  \($0.message)\n" }.joined()
    case .empty:
      return out + "  \(PipelineSimulator.emptyMessage)\n"
    case .created:
      break
    }
    out += "\n" + columns(plan) + "\n"
    for job in plan.jobs {
      var line = "  \(job.name)  [\(job.stage)] when: \(job.when), allow_failure: \(job.allowFailure)"
      if let needs = job.needs { line += ", needs: " + (needs.isEmpty ? "[] (starts immediately)" : needs.map(\.job).joined(separator: ", ")) }
      if let environment = job.environment { line += ", environment: \(environment)" }
      out += line + "\n"
      if let child = job.childPlan {
        out += render(child.plan).split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        out += "\n"
      }
    }
    return out
  }

  /// Stage names as column heads, jobs beneath.
  func columns(_ plan: PipelinePlan) -> String {
    let grouped = plan.stages.map { stage in plan.jobs.filter { $0.stage == stage }.map { cut($0.name + Self.marks($0)) } }
    let widths = zip(plan.stages, grouped).map { stage, jobs in max(stage.count, jobs.map(\.count).max() ?? 0) }
    let height = grouped.map(\.count).max() ?? 0
    func row(_ cells: [String]) -> String {
      zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined(separator: " │ ")
        .trimmingTrailingSpaces
    }
    var lines = [row(plan.stages.map(cut)), widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")]
    for index in 0..<height { lines.append(row(grouped.map { index < $0.count ? $0[index] : "" })) }
    return lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
  }


  private func cut(_ text: String) -> String {
    text.count <= maxColumnWidth ? text : String(text.prefix(maxColumnWidth - 1)) + "…"
  }

  /// A job × context table: `✓` created (with `m` manual, `!` may fail, `d` delayed), `·` absent.
  public func matrix(_ plans: [PipelinePlan]) -> String {
    var names: [String] = []
    var seen: Set<String> = []
    for plan in plans { for job in plan.jobs where seen.insert(job.name).inserted { names.append(job.name) } }
    // Indices, not jobs: copying a `PlannedJob` retains every field.
    let byName = plans.map { plan in Dictionary(plan.jobs.indices.map { (plan.jobs[$0].name, $0) }, uniquingKeysWith: { a, _ in a }) }
    let nameWidth = min(maxColumnWidth, max(3, names.map(\.count).max() ?? 0))
    let heads = plans.map(\.context)
    let widths = heads.map { max($0.count, 8) }
    func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
    var lines = [pad("job", nameWidth) + "  " + zip(heads, widths).map { pad($0, $1) }.joined(separator: "  ")]
    lines.append(pad("status", nameWidth) + "  " + zip(plans, widths).map { pad($0.status.rawValue, $1) }.joined(separator: "  "))
    // Few distinct cells: pad each once per column.
    var padded: [[String: String]] = Array(repeating: [:], count: plans.count)
    for name in names {
      var line = pad(cut(name), nameWidth)
      for column in plans.indices {
        var cell = "·"
        if let index = byName[column][name] {
          let job = plans[column].jobs[index]
          cell = job.when == "manual" ? "manual" : job.when == "delayed" ? "delayed" : "✓"
          if job.allowFailure { cell += "!" }
        }
        if padded[column][cell] == nil { padded[column][cell] = pad(cell, widths[column]) }
        line += "  " + (padded[column][cell] ?? cell)
      }
      lines.append(line.trimmingTrailingSpaces)
    }
    // Rows are already trimmed; the two head rows are not.
    return lines.map(\.trimmingTrailingSpaces).joined(separator: "\n") + "\n"
  }
}

extension String {
  var trimmingTrailingSpaces: String {
    // Bytes, not Characters: matrix rows end in long runs of padding.
    let bytes = utf8
    var end = bytes.endIndex
    while end > bytes.startIndex, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
    return end == bytes.endIndex ? self : String(self[..<end])
  }
}
