/// Holds values until the process exits, so their teardown is skipped: freeing millions of YAML
/// nodes one by one costs several percent of a large compile, lint or plan, for memory the exit
/// returns anyway. Commands call it last, after their output is written.
enum ProcessLifetime {
  nonisolated(unsafe) private static var kept: [Any] = []
  static func keep(_ value: Any) { kept.append(value) }
}
