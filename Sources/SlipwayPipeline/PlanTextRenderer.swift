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
      if let needs = job.needs { line += ", needs: " + (needs.isEmpty ? "[] (starts immediately)" : needs.map(\.label).joined(separator: ", ")) }
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
    // No more bytes than the width: no more characters either (counting them walks the text).
    text.utf8.count <= maxColumnWidth || text.count <= maxColumnWidth ? text : String(text.prefix(maxColumnWidth - 1)) + "…"
  }

  /// A job × context table: `✓` created (with `m` manual, `!` may fail, `d` delayed), `·` absent.
  public func matrix(_ plans: [PipelinePlan]) -> String { String(decoding: matrixBytes(plans), as: UTF8.self) }

  /// `matrix` as UTF-8, for printing without checking a megabyte of text twice.
  public func matrixBytes(_ plans: [PipelinePlan]) -> [UInt8] {
    // Rows by first appearance; each cell a small code, so the table is bytes written once.
    var rowOf = [String: Int](minimumCapacity: plans.first?.jobs.count ?? 0)
    var names: [String] = []
    // Row-major, one byte per cell: an array per row would allocate 5,000 times.
    var cells: [UInt8] = []
    let contextCount = plans.count
    for (column, plan) in plans.enumerated() {
      // Plans list their jobs in one order: the row after the previous job's is usually the
      // next one's, and comparing one name costs less than hashing it.
      var previous = -1
      for index in plan.jobs.indices {
        let name = plan.jobs[index].name
        var row = Self.rowAhead(of: previous, named: name, in: names) ?? -1
        if row < 0 {
          // Claimed for a new row in the same lookup; given back in the rare case of a known name.
          row = names.count
          if let known = rowOf.updateValue(row, forKey: name) {
            rowOf[name] = known
            row = known
          } else {
            names.append(name)
            cells.append(contentsOf: repeatElement(0, count: contextCount))
          }
        }
        // The first job of that name in a plan wins.
        if cells[row * contextCount + column] == 0 { cells[row * contextCount + column] = Self.cellCode(plan.jobs[index]) }
        previous = row
      }
    }
    let nameWidth = min(maxColumnWidth, max(3, names.map(Self.displayWidth).max() ?? 0))
    let heads = plans.map(\.context)
    let widths = heads.map { max(Self.displayWidth($0), 8) }
    var out: [UInt8] = []
    out.reserveCapacity((names.count + 2) * (nameWidth + 2 + widths.reduce(0) { $0 + $1 + 2 }))
    func line(_ first: String, _ columns: [String]) {
      Self.append(first, width: nameWidth, to: &out)
      for (text, width) in zip(columns, widths) {
        out.append(0x20)
        out.append(0x20)
        Self.append(text, width: width, to: &out)
      }
      Self.endLine(&out)
    }
    line("job", heads)
    line("status", plans.map(\.status.rawValue))
    // Few distinct cells: pad each once per column.
    let padded: [[[UInt8]]] = widths.map { width in
      (0..<Self.cellTexts.count).map { code in
        var bytes: [UInt8] = []
        Self.append(Self.cellTexts[code], width: width, to: &bytes)
        return bytes
      }
    }
    for (row, name) in names.enumerated() {
      Self.append(cut(name), width: nameWidth, to: &out)
      for column in plans.indices {
        out.append(0x20)
        out.append(0x20)
        out.append(contentsOf: padded[column][Int(cells[row * contextCount + column])])
      }
      Self.endLine(&out)
    }
    return out
  }

  /// The row of `name` among the few after `previous`: plans list jobs in one order, a plan
  /// that lacks some jobs skips a few rows, and comparing a few names costs less than hashing
  /// one (names are unique among rows, so the row found is the name's).
  private static func rowAhead(of previous: Int, named name: String, in names: [String]) -> Int? {
    let length = name.utf8.count
    for row in (previous + 1)..<min(names.count, previous + 9) where names[row].utf8.count == length && names[row] == name {
      return row
    }
    return nil
  }

  /// Cell texts by code: absent, then `✓`, `manual`, `delayed`, each without and with `!`.
  private static let cellTexts = ["·", "✓", "manual", "delayed", "·!", "✓!", "manual!", "delayed!"]

  private static func cellCode(_ job: PlannedJob) -> UInt8 {
    let base: UInt8 = job.when == "manual" ? 2 : job.when == "delayed" ? 3 : 1
    return job.allowFailure ? base + 4 : base
  }

  /// Characters, as `String.count`; bytes for ASCII (the common case, and much cheaper).
  private static func displayWidth(_ text: String) -> Int {
    text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
  }

  private static func append(_ text: String, width: Int, to out: inout [UInt8]) {
    out.append(contentsOf: text.utf8)
    let missing = width - displayWidth(text)
    if missing > 0 { out.append(contentsOf: repeatElement(0x20, count: missing)) }
  }

  /// Ends a row: trailing spaces dropped, then a newline.
  private static func endLine(_ out: inout [UInt8]) {
    while out.last == 0x20 { out.removeLast() }
    out.append(0x0A)
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
