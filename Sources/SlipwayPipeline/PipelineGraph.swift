/// Draws a planned pipeline: stage columns, job boxes (manual, allowed-to-fail, delayed and trigger
/// jobs marked) and `needs` edges, as Mermaid, Graphviz DOT, standalone SVG or an offline HTML page.
public struct PipelineGraph: Sendable {
  public enum Format: String, Sendable, CaseIterable { case mermaid, dot, svg, html }

  public var plan: PipelinePlan

  public init(plan: PipelinePlan) { self.plan = plan }

  public func render(_ format: Format) -> String {
    switch format {
    case .mermaid: mermaid()
    case .dot: dot()
    case .svg: svg()
    case .html: html()
    }
  }

  /// Stable identifiers for job names (which may hold spaces, `/`, `:` and brackets).
  private var ids: [String: String] {
    Dictionary(plan.jobs.enumerated().map { ($1.name, "j\($0)") }, uniquingKeysWith: { a, _ in a })
  }

  private static func label(_ job: PlannedJob) -> String { job.name + PlanTextRenderer.marks(job) }

  /// Edges: explicit needs; jobs without needs wait for the previous stage (drawn only in DOT/SVG
  /// as stage order, not as edges).
  private var edges: [(from: String, to: String, optional: Bool)] {
    plan.jobs.flatMap { job in
      (job.needs ?? []).filter { n in !n.isOutsidePipeline && plan.jobs.contains { $0.name == n.job } }.map { ($0.job, job.name, $0.optional) }
    }
  }

  public func mermaid() -> String {
    var out = "flowchart LR\n"
    let ids = self.ids
    for (index, stage) in plan.stages.enumerated() {
      out += "  subgraph s\(index)[\"\(escapeMermaid(stage))\"]\n    direction TB\n"
      for job in plan.jobs where job.stage == stage {
        out += "    \(ids[job.name] ?? "")[\"\(escapeMermaid(Self.label(job)))\"]\n"
      }
      out += "  end\n"
    }
    // A job without `needs` waits for the stages before it: one edge from the previous stage with
    // jobs to the whole stage when none of its jobs has `needs`, else to each such job.
    var previous: Int?
    for (index, stage) in plan.stages.enumerated() {
      let jobs = plan.jobs.filter { $0.stage == stage }
      guard !jobs.isEmpty else { continue }
      if let previous {
        let waiting = jobs.filter { $0.needs == nil }
        if waiting.count == jobs.count {
          out += "  s\(previous) --> s\(index)\n"
        } else {
          for job in waiting { out += "  s\(previous) --> \(ids[job.name] ?? "")\n" }
        }
      }
      previous = index
    }
    for e in edges { out += "  \(ids[e.from] ?? "") \(e.optional ? "-.->" : "-->") \(ids[e.to] ?? "")\n" }
    out += "  classDef manual fill:#fff4d6,stroke:#c17d10\n  classDef mayfail stroke-dasharray: 5 3\n  classDef delayed fill:#e8f0ff,stroke:#3a6fd8\n"
    for job in plan.jobs {
      if job.when == "manual" { out += "  class \(ids[job.name] ?? "") manual\n" }
      if job.when == "delayed" { out += "  class \(ids[job.name] ?? "") delayed\n" }
      if job.allowFailure { out += "  class \(ids[job.name] ?? "") mayfail\n" }
    }
    return out
  }

  public func dot() -> String {
    let ids = self.ids
    var out = "digraph pipeline {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n"
    out += "  label=\"\(escapeDot(plan.name ?? plan.context))\";\n"
    for (index, stage) in plan.stages.enumerated() {
      out += "  subgraph cluster_\(index) {\n    label=\"\(escapeDot(stage))\";\n"
      for job in plan.jobs where job.stage == stage {
        var attributes = ["label=\"\(escapeDot(Self.label(job)))\""]
        if job.when == "manual" { attributes.append("fillcolor=\"#fff4d6\"") }
        if job.when == "delayed" { attributes.append("fillcolor=\"#e8f0ff\"") }
        if job.allowFailure { attributes.append("style=\"rounded,filled,dashed\"") }
        out += "    \(ids[job.name] ?? "") [\(attributes.joined(separator: ", "))];\n"
      }
      out += "  }\n"
    }
    for e in edges { out += "  \(ids[e.from] ?? "") -> \(ids[e.to] ?? "")\(e.optional ? " [style=dashed]" : "");\n" }
    return out + "}\n"
  }

  // Layout constants for SVG (pixels).
  static let columnWidth = 230
  static let boxWidth = 200
  static let boxHeight = 34
  static let rowGap = 14
  static let headerHeight = 56

  public func svg() -> String {
    let ids = self.ids
    var positions: [String: (x: Int, y: Int)] = [:]
    var rows = 0
    for (column, stage) in plan.stages.enumerated() {
      for (row, job) in plan.jobs.filter({ $0.stage == stage }).enumerated() {
        positions[job.name] = (20 + column * Self.columnWidth, Self.headerHeight + row * (Self.boxHeight + Self.rowGap))
        rows = max(rows, row + 1)
      }
    }
    let width = max(300, 40 + plan.stages.count * Self.columnWidth)
    let height = Self.headerHeight + rows * (Self.boxHeight + Self.rowGap) + 30
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
    out += "<title>\(escapeXML(plan.name ?? "Pipeline for " + plan.context))</title>\n"
    out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#666\"/></marker></defs>\n"
    out += "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>\n"
    for (column, stage) in plan.stages.enumerated() {
      out += "<text class=\"stage\" x=\"\(20 + column * Self.columnWidth)\" y=\"30\" font-weight=\"bold\" font-size=\"14\">\(escapeXML(stage))</text>\n"
    }
    for e in edges {
      guard let a = positions[e.from], let b = positions[e.to] else { continue }
      let (x1, y1) = (a.x + Self.boxWidth, a.y + Self.boxHeight / 2)
      let (x2, y2) = (b.x, b.y + Self.boxHeight / 2)
      let mid = (x1 + x2) / 2
      let dash = e.optional ? " stroke-dasharray=\"4 3\"" : ""
      out += "<path class=\"need\" d=\"M\(x1),\(y1) C\(mid),\(y1) \(mid),\(y2) \(x2),\(y2)\" fill=\"none\" stroke=\"#666\" stroke-width=\"1.4\"\(dash) marker-end=\"url(#arrow)\"/>\n"
    }
    for job in plan.jobs {
      guard let p = positions[job.name] else { continue }
      let fill = job.when == "manual" ? "#fff4d6" : job.when == "delayed" ? "#e8f0ff" : "#ffffff"
      let stroke = job.allowFailure ? "#c17d10" : "#888"
      let dash = job.allowFailure ? " stroke-dasharray=\"5 3\"" : ""
      out += "<g class=\"job\" id=\"\(ids[job.name] ?? "")\" data-when=\"\(job.when)\" data-allow-failure=\"\(job.allowFailure)\">"
      out += "<rect x=\"\(p.x)\" y=\"\(p.y)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"17\" fill=\"\(fill)\" stroke=\"\(stroke)\"\(dash)/>"
      let icon = job.when == "manual" ? "▶ " : job.when == "delayed" ? "⏱ " : job.trigger != nil ? "⇢ " : ""
      let shown = job.name.count > 26 ? String(job.name.prefix(25)) + "…" : job.name
      out += "<text x=\"\(p.x + 14)\" y=\"\(p.y + 21)\">\(escapeXML(icon + shown))\(job.allowFailure ? " ⚠" : "")</text>"
      out += "<title>\(escapeXML(job.name + PlanTextRenderer.marks(job)))</title></g>\n"
    }
    return out + "</svg>\n"
  }

  /// A standalone page: no scripts, styles or fonts from the network.
  public func html() -> String {
    let title = escapeXML(plan.name ?? "Pipeline for \(plan.context)")
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(title)</title>\n"
    out += "<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin-top:16px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}.legend span{margin-right:16px}</style>\n"
    out += "</head>\n<body>\n<h1>\(title)</h1>\n<p>Context <code>\(escapeXML(plan.context))</code>: <strong>\(plan.status.rawValue)</strong></p>\n"
    out += "<p class=\"legend\"><span>▶ manual</span><span>⏱ delayed</span><span>⚠ allowed to fail (dashed)</span><span>⇢ trigger</span></p>\n"
    out += svg()
    out += "<table>\n<tr><th>job</th><th>stage</th><th>when</th><th>allow_failure</th><th>needs</th></tr>\n"
    for job in plan.jobs {
      let needs = job.needs.map { $0.map(\.label).joined(separator: ", ") } ?? "(previous stages)"
      out += "<tr class=\"job-row\"><td>\(escapeXML(job.name))</td><td>\(escapeXML(job.stage))</td><td>\(job.when)</td><td>\(job.allowFailure)</td><td>\(escapeXML(needs))</td></tr>\n"
    }
    out += "</table>\n"
    for d in plan.diagnostics { out += "<p class=\"diagnostic\">\(escapeXML(d.message))</p>\n" }
    return out + "</body>\n</html>\n"
  }

  private func escapeXML(_ s: String) -> String {
    s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
  }
  private func escapeDot(_ s: String) -> String { s.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") }
  /// Mermaid's entity codes, so a name like `build <x>` keeps its brackets.
  private func escapeMermaid(_ s: String) -> String {
    s.replacingAll("\"", "#quot;").replacingAll("<", "#lt;").replacingAll(">", "#gt;")
  }
}

extension String {
  func replacingAll(_ target: String, _ replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
