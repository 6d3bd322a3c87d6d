import SlipwayCore
import SlipwayYAML

/// Collects GitLab-style validation errors. GitLab builds each message as
/// `"<entry location> <attribute> <message>"` and lower-cases the whole text
/// (`Gitlab::Config::Entry::Validator#messages`); so does `add`.
struct EntryChecker {
  var diagnostics: [Diagnostic] = []
  /// Shared by the jobs of one validation chunk; nil checks everything every time.
  var memo: EntryMemo?

  init(memo: EntryMemo? = nil) { self.memo = memo }

  /// Runs `check` on `node` unless the same stored value (see `YAMLNode.storageIdentity`) was
  /// already checked as `kind` without findings: jobs share their templates' values (`extends`,
  /// `!reference`, anchors), and a value that was clean once is clean again whatever the path.
  mutating func once(_ kind: EntryMemo.Kind, _ node: YAMLNode, _ check: (inout EntryChecker) -> Void) {
    guard let memo, let identity = node.storageIdentity else { return check(&self) }
    if memo.isClean(kind, identity) { return }
    let before = diagnostics.count
    check(&self)
    if diagnostics.count == before { memo.markClean(kind, identity, node) }
  }

  mutating func add(
    _ code: DiagnosticCode, _ path: String, _ attribute: String, _ message: String, at node: YAMLNode,
    help: String? = nil
  ) {
    let text = "\(path) \(attribute) \(message)".lowercased()
    diagnostics.append(.error(code, text, at: node.mark.location, help: help))
  }

  /// `AllowedKeysValidator`: `config contains unknown keys: a, b`, located at the first unknown key.
  mutating func allowedKeys(_ node: YAMLNode, _ path: @autoclosure () -> String, _ allowed: Set<String>) {
    guard let pairs = node.mapping else { return }
    let unknown = pairs.filter { !allowed.contains($0.key.keyName ?? "") }
    guard let first = unknown.first else { return }
    let names = unknown.map { $0.key.rubyText }.joined(separator: ", ")
    add(GitLabCode.unknownKeys, path(), "config", "contains unknown keys: \(names)", at: first.key)
  }

  /// `allowedKeys` for a short literal list: a linear scan instead of building a set per call.
  mutating func allowedKeys(_ node: YAMLNode, _ path: @autoclosure () -> String, _ allowed: [String]) {
    guard let pairs = node.mapping else { return }
    func isAllowed(_ pair: YAMLPair) -> Bool {
      guard case .scalar = pair.key.content else { return allowed.contains("") }
      return allowed.contains { pair.key.isKey(named: $0) } || (pair.key.keyName == nil && allowed.contains(""))
    }
    guard let firstUnknown = pairs.firstIndex(where: { !isAllowed($0) }) else { return }
    let unknown = pairs[firstUnknown...].filter { !isAllowed($0) }
    let names = unknown.map { $0.key.rubyText }.joined(separator: ", ")
    add(GitLabCode.unknownKeys, path(), "config", "contains unknown keys: \(names)", at: unknown[0].key)
  }

  /// `MutuallyExclusiveKeysValidator`.
  mutating func exclusive(_ node: YAMLNode, _ path: @autoclosure () -> String, _ keys: [String]) {
    let present = keys.filter { node[$0] != nil }
    guard present.count > 1, let at = node.pair(present[1]) else { return }
    add(GitLabCode.exclusiveKeys, path(), "config", "these keys cannot be used together: \(present.joined(separator: ", "))", at: at.key)
  }

  /// `TypeValidator` / `HashOrStringValidator` and friends: `<attribute> should be <kind>`.
  @discardableResult
  mutating func expect(
    _ node: YAMLNode?, _ path: @autoclosure () -> String, _ attribute: String = "config", _ kind: ValueKind
  ) -> Bool {
    guard let node else { return true }
    if kind.accepts(node) { return true }
    add(GitLabCode.wrongType, path(), attribute, kind.message, at: node)
    return false
  }

  /// `inclusion` / `AllowedValuesValidator` with GitLab's message for that entry.
  mutating func oneOf(
    _ node: YAMLNode?, _ path: @autoclosure () -> String, _ attribute: String, _ allowed: [String], message: String? = nil
  ) {
    guard let node else { return }
    let text = node.rubyText
    if node.isScalar, allowed.contains(text) { return }
    add(GitLabCode.invalidValue, path(), attribute, message ?? "unknown value: \(text)", at: node)
  }

  /// `DurationValidator`: `should be a duration`, then `should not exceed the limit`.
  mutating func duration(
    _ node: YAMLNode?, _ path: @autoclosure () -> String, _ attribute: String, limit: Int? = nil, allowNever: Bool = false
  ) {
    guard let node else { return }
    let text = node.rubyText
    // `DurationValidator` with `variable: true` skips values that contain variables.
    if ByteSearch.containsByte(text, 36) { return }  // "$"
    guard node.isScalar, !node.isNull, let seconds = memo.map({ $0.duration(text, allowNever: allowNever) }) ?? Duration.parse(text, allowNever: allowNever) else {
      add(GitLabCode.duration, path(), attribute, "should be a duration", at: node)
      return
    }
    if let limit, seconds > limit {
      add(GitLabCode.duration, path(), attribute, "should not exceed the limit", at: node)
    }
  }
}

/// The value shapes GitLab's validators accept, with their exact messages.
enum ValueKind {
  case string, boolean, hash, array, integer
  case hashOrString, hashOrBoolean, hashOrInteger, arrayOrString
  case arrayOfStrings, arrayOfStringsOrString, arrayOfHashes
  case nestedStrings(Int)
  case stringOrNestedStrings(Int)
  case nestedHashes(Int)
  case variables

  var message: String {
    switch self {
    case .string: "should be a string"
    case .boolean: "should be a boolean value"
    case .hash: "should be a hash"
    case .array: "should be an array"
    case .integer: "should be an integer"
    case .hashOrString: "should be a hash or a string"
    case .hashOrBoolean: "should be a hash or a boolean value"
    case .hashOrInteger: "should be a hash or an integer"
    case .arrayOrString: "should be an array or a string"
    case .arrayOfStrings: "should be an array of strings"
    case .arrayOfStringsOrString: "should be an array of strings or a string"
    case .arrayOfHashes: "should be an array of hashes"
    case .nestedStrings(let n): "should be an array of strings or a nested array of strings up to \(n) levels deep"
    case .stringOrNestedStrings(let n): "should be a string or a nested array of strings up to \(n) levels deep"
    case .nestedHashes: "should be an array containing hashes and arrays of hashes"
    case .variables: "should be a hash of key value pairs"
    }
  }

  func accepts(_ node: YAMLNode) -> Bool {
    switch self {
    case .string: return node.isStringLike
    case .boolean: return node.isBool
    case .hash: return node.isMapping
    case .array: return node.isSequence
    case .integer: return node.isInteger
    case .hashOrString: return node.isMapping || node.isStringLike
    case .hashOrBoolean: return node.isMapping || node.isBool
    case .hashOrInteger: return node.isMapping || node.isInteger
    case .arrayOrString: return node.isSequence || node.isStringLike
    case .arrayOfStrings: return node.sequence?.allSatisfy({ $0.isStringLike }) ?? false
    case .arrayOfStringsOrString: return node.isStringLike || (node.sequence?.allSatisfy({ $0.isStringLike }) ?? false)
    case .arrayOfHashes: return node.sequence?.allSatisfy({ $0.isMapping }) ?? false
    case .nestedStrings(let n): return node.isSequence && Self.nested(node, n) { $0.isStringLike }
    case .stringOrNestedStrings(let n): return node.isStringLike || (node.isSequence && Self.nested(node, n) { $0.isStringLike })
    case .nestedHashes(let n): return node.isSequence && Self.nested(node, n) { $0.isMapping }
    case .variables: return node.mapping?.allSatisfy { $0.value.isScalar && !$0.value.isNull || $0.value.isMapping } ?? false
    }
  }

  /// `NestedArrayHelpers#validate_nested_array`: arrays of arrays up to `level` deep.
  static func nested(_ node: YAMLNode, _ level: Int, _ leaf: (YAMLNode) -> Bool) -> Bool {
    guard level > 0, case .sequence(let items) = node.content else { return false }
    // By index: the items are looked at in place, not copied one by one.
    for index in items.indices {
      if items[index].isSequence ? !nested(items[index], level - 1, leaf) : !leaf(items[index]) { return false }
    }
    return true
  }
}

/// What one chunk of jobs has already checked: values found clean, parsed durations.
/// Not shared across threads (each chunk has its own).
final class EntryMemo {
  /// The validator a value went through (the same stored value can appear under several keys).
  enum Kind: UInt8 {
    case image, services, artifacts, cache, retry, environment, needs, jobRule, variables, inherit, policy
  }

  private struct Key: Hashable {
    var kind: Kind
    var identity: UnsafeRawPointer
  }

  /// The clean values themselves are kept, so that their storage cannot be freed and reused.
  private var clean: [Key: YAMLNode] = Dictionary(minimumCapacity: 1024)
  private var durations: [String: Int?] = [:]
  private var durationsAllowingNever: [String: Int?] = [:]

  func isClean(_ kind: Kind, _ identity: UnsafeRawPointer) -> Bool { clean[Key(kind: kind, identity: identity)] != nil }

  func markClean(_ kind: Kind, _ identity: UnsafeRawPointer, _ node: YAMLNode) {
    clean[Key(kind: kind, identity: identity)] = node
  }

  /// `Duration.parse`, once per text.
  func duration(_ text: String, allowNever: Bool) -> Int? {
    if let known = allowNever ? durationsAllowingNever[text] : durations[text] { return known }
    let parsed = Duration.parse(text, allowNever: allowNever)
    if allowNever { durationsAllowingNever[text] = .some(parsed) } else { durations[text] = .some(parsed) }
    return parsed
  }
}
