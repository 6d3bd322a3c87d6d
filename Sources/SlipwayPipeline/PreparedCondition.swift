import SlipwayYAML

/// A `rules:if` (or `only:variables`) expression with the variables it reads, interned by text:
/// thousands of rules share a few expressions, so each context caches answers per condition id
/// and values read instead of hashing the expression text for every job.
final class PreparedCondition: Sendable {
  let id: Int
  let text: String
  let names: [String]

  init(id: Int, text: String) {
    self.id = id
    self.text = text
    names = ExpressionReads.names(in: text, skippingQuotes: true)
  }
}

/// Interns conditions while a configuration is prepared (single-threaded, then frozen).
final class ConditionTable {
  private(set) var byText: [String: PreparedCondition] = [:]

  func condition(_ text: String) -> PreparedCondition {
    if let known = byText[text] { return known }
    let made = PreparedCondition(id: byText.count, text: text)
    byText[text] = made
    return made
  }
}

/// A cached truth: the condition and the values it read (the first one inline, since most
/// expressions read one variable and an array would allocate per lookup).
struct TruthKey: Hashable {
  let id: Int
  let first: String?
  let rest: [String?]

  init(_ condition: PreparedCondition, _ scope: VariableScope) {
    id = condition.id
    let names = condition.names
    first = names.isEmpty ? nil : scope[names[0]]
    rest = names.count > 1 ? names.dropFirst().map { scope[$0] } : []
  }

  /// The values read, for `count` names.
  func values(_ count: Int) -> [String?] { count == 0 ? [] : [first] + rest }
}
