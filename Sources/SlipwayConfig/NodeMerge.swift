import Foundation
import SlipwayYAML

/// Ruby's `Hash#deep_merge!` on YAML mappings: where both sides hold a mapping under the same key the
/// mappings merge recursively; otherwise the right side's value replaces the left's (arrays are
/// replaced, not concatenated). Keys keep the position of their first appearance, as in a Ruby Hash.
enum NodeMerge {
  static func deepMerge(_ base: YAMLNode, _ other: YAMLNode) -> YAMLNode {
    guard case .mapping(let left) = base.content, case .mapping(let right) = other.content else {
      return other
    }
    return YAMLNode(.mapping(deepMerge(left, right)), tag: other.tag, mark: other.mark)
  }

  static func deepMerge(_ left: [YAMLPair], _ right: [YAMLPair]) -> [YAMLPair] {
    if left.isEmpty { return right }
    if right.isEmpty { return left }
    var result = left
    // Small mappings (most jobs) are faster to scan than to index; names are read once.
    if left.count <= 16 {
      var names = left.map { $0.key.keyName }
      for pair in right {
        guard let name = pair.key.keyName else {
          let id = keyIdentity(pair.key)
          if let at = result.firstIndex(where: { keyIdentity($0.key) == id }) {
            result[at] = YAMLPair(key: pair.key, value: deepMerge(result[at].value, pair.value))
          } else {
            result.append(pair)
            names.append(nil)
          }
          continue
        }
        if let at = names.firstIndex(of: name) {
          result[at] = YAMLPair(key: pair.key, value: deepMerge(result[at].value, pair.value))
        } else {
          result.append(pair)
          names.append(name)
        }
      }
      return result
    }
    var index: [String: Int] = [:]
    index.reserveCapacity(left.count + right.count)
    for (i, pair) in left.enumerated() { index[keyIdentity(pair.key)] = i }
    for pair in right {
      let id = keyIdentity(pair.key)
      if let at = index[id] {
        result[at] = YAMLPair(key: pair.key, value: deepMerge(result[at].value, pair.value))
      } else {
        index[id] = result.count
        result.append(pair)
      }
    }
    return result
  }

  /// Symbolized key identity: strings and symbols by name, other scalars by type and text.
  static func keyIdentity(_ key: YAMLNode) -> String {
    if let name = key.keyName { return name }
    guard case .scalar(let s) = key.content else { return "\u{0}node:\(key.mark.line):\(key.mark.column)" }
    return "\u{0}\(s.value)"
  }
}

/// Deep-merges many mappings into one, keeping one key index across merges (the root of a large
/// configuration gets thousands of keys from dozens of files).
struct MappingAccumulator {
  private(set) var pairs: [YAMLPair] = []
  private var index: [String: Int] = [:]

  mutating func merge(_ other: [YAMLPair]) {
    for pair in other {
      let id = NodeMerge.keyIdentity(pair.key)
      if let at = index[id] {
        pairs[at] = YAMLPair(key: pair.key, value: NodeMerge.deepMerge(pairs[at].value, pair.value))
      } else {
        index[id] = pairs.count
        pairs.append(pair)
      }
    }
  }
}

extension YAMLNode {
  /// A copy with the mapping value for `key` replaced (or appended), keeping key order.
  func setting(_ key: String, to value: YAMLNode?, keyMark: Mark? = nil) -> YAMLNode {
    guard case .mapping(var pairs) = content else { return self }
    if let at = pairs.firstIndex(where: { $0.key.keyName == key }) {
      if let value {
        pairs[at].value = value
      } else {
        pairs.remove(at: at)
      }
    } else if let value {
      let k = YAMLNode(.scalar(.string(key)), mark: keyMark ?? value.mark)
      pairs.append(YAMLPair(key: k, value: value))
    }
    return YAMLNode(.mapping(pairs), tag: tag, mark: mark)
  }

  /// A copy without `key`.
  func removing(_ key: String) -> YAMLNode { setting(key, to: nil) }

  static func string(_ text: String, at mark: Mark) -> YAMLNode {
    YAMLNode(.scalar(.string(text)), mark: mark)
  }

  static func sequence(_ items: [YAMLNode], at mark: Mark) -> YAMLNode {
    YAMLNode(.sequence(items), mark: mark)
  }

  static func mapping(_ pairs: [(String, YAMLNode)], at mark: Mark) -> YAMLNode {
    YAMLNode(.mapping(pairs.map { YAMLPair(key: .string($0.0, at: $0.1.mark), value: $0.1) }), mark: mark)
  }
}
