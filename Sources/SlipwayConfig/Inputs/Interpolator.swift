import Foundation
import SlipwayYAML

/// Interpolates `$[[ inputs.x | fn ]]` blocks in one file's content, as GitLab's
/// `Config::Interpolation::Template` does: every string (keys too) is scanned; a block that is the
/// whole scalar keeps the input's type, blocks inside a larger string are replaced by their `to_s`.
struct Interpolator {
  /// `Template::MAX_BLOCKS`.
  static let maxBlocks = 10_000
  /// `Config::MAX_NODES` and `MAX_NODE_SIZE`.
  static let maxNodes = 500_000
  static let maxNodeSize = 1024 * 1024
  /// `Access::MAX_ACCESS_BYTESIZE` and `MAX_ACCESS_OBJECTS`.
  static let maxAccessBytes = 1024
  static let maxAccessObjects = 5

  /// Values reachable from blocks: `inputs.*`, and `component.*` for components.
  var context: [String: [String: YAMLNode]]
  var variables: [String: String]

  private var blocks = Set<String>()
  private var visited = 0
  private(set) var errors: [String] = []

  init(context: [String: [String: YAMLNode]], variables: [String: String]) {
    self.context = context
    self.variables = variables
  }

  mutating func interpolate(_ node: YAMLNode) -> YAMLNode? {
    let result = replace(node)
    return errors.isEmpty ? result : nil
  }

  private mutating func replace(_ node: YAMLNode) -> YAMLNode {
    if !errors.isEmpty { return node }
    visited += 1
    if visited > Self.maxNodes {
      errors.append("config too large")
      return node
    }
    switch node.content {
    case .mapping(let pairs):
      return YAMLNode(
        .mapping(pairs.map { YAMLPair(key: replace($0.key), value: replace($0.value)) }), tag: node.tag,
        mark: node.mark)
    case .sequence(let items):
      return YAMLNode(.sequence(items.map { replace($0) }), tag: node.tag, mark: node.mark)
    case .scalar(let s):
      let text: String
      switch s.value {
      case .string(let v), .symbol(let v): text = v
      default: return node
      }
      guard text.contains("$[[") else { return node }
      if text.utf8.count > Self.maxNodeSize {
        errors.append("config node too large")
        return node
      }
      return interpolateString(text, node)
    }
  }

  /// One match of `\$\[\[\s*(?<data>\S.*?\S)\s*\]\]`.
  struct BlockMatch {
    var block: String
    var data: String
  }

  static func scan(_ text: String) -> [BlockMatch] {
    let c = Array(text.unicodeScalars)
    var matches: [BlockMatch] = []
    var i = 0
    func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{0B}" || s == "\u{0C}" }
    outer: while i + 2 < c.count {
      guard c[i] == "$", c[i + 1] == "[", c[i + 2] == "[" else {
        i += 1
        continue
      }
      var start = i + 3
      while start < c.count, isSpace(c[start]) { start += 1 }
      guard start < c.count, c[start] != "\n" else {
        i += 1
        continue
      }
      var end = start + 2
      while end <= c.count {
        if c[end - 1] == "\n" { break }
        if !isSpace(c[end - 1]) {
          var j = end
          while j < c.count, isSpace(c[j]) { j += 1 }
          if j + 1 < c.count, c[j] == "]", c[j + 1] == "]" {
            var block = String.UnicodeScalarView()
            block.append(contentsOf: c[i..<(j + 2)])
            var data = String.UnicodeScalarView()
            data.append(contentsOf: c[start..<end])
            matches.append(BlockMatch(block: String(block), data: String(data)))
            i = j + 2
            continue outer
          }
        }
        end += 1
      }
      i += 1
    }
    return matches
  }

  private mutating func interpolateString(_ text: String, _ node: YAMLNode) -> YAMLNode {
    let matches = Self.scan(text)
    if matches.isEmpty { return node }
    var values: [(String, YAMLNode)] = []
    for match in matches {
      blocks.insert(match.block)
      if blocks.count > Self.maxBlocks {
        errors.append("too many interpolation blocks")
        return node
      }
      guard let value = evaluate(match, at: node.mark) else { return node }
      values.append((match.block, value))
    }
    if values.count == 1, text.count == matches[0].block.count {
      let v = values[0].1
      return YAMLNode(v.content, tag: v.tag, mark: node.mark)
    }
    var result = text
    for (block, value) in values {
      result = result.replacingOccurrences(of: block, with: value.rubyString ?? value.rubyInspect)
    }
    return YAMLNode(.scalar(.string(result)), tag: node.tag, mark: node.mark)
  }

  /// `Interpolation::Block#evaluate!`: access, then up to three functions.
  private mutating func evaluate(_ match: BlockMatch, at mark: Mark) -> YAMLNode? {
    var parts = match.data.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
    let access = parts.removeFirst()
    // `$[[ matrix.X ]]` belongs to needs:parallel:matrix and is left for later.
    if access.split(separator: ".").first == "matrix" { return .string(match.block, at: mark) }
    let objects = access.split(separator: ".", maxSplits: Self.maxAccessObjects - 1, omittingEmptySubsequences: false)
      .map(String.init)
    var accessErrors: [String] = []
    if objects.count <= 1 { accessErrors.append("invalid interpolation access pattern") }
    if access.utf8.count > Self.maxAccessBytes { accessErrors.append("maximum interpolation expression size exceeded") }
    if !accessErrors.isEmpty {
      errors += accessErrors
      return nil
    }
    guard let scope = context[objects[0]] else {
      errors.append("unknown interpolation key: `\(objects[0])`")
      return nil
    }
    guard var value = scope[objects[1]] else {
      errors.append("unknown interpolation key: `\(objects[1])`")
      return nil
    }
    for key in objects.dropFirst(2) {
      guard value.isMapping, let next = value[key] else {
        errors.append("unknown interpolation key: `\(key)`")
        return nil
      }
      value = next
    }
    if parts.count > InterpolationFunctions.maxFunctions {
      errors.append("too many functions in interpolation block")
      return nil
    }
    for function in parts {
      switch InterpolationFunctions.apply(function, to: value, variables: variables) {
      case .success(let next): value = next
      case .failure(let error):
        errors.append(error.message)
        return nil
      }
    }
    return value
  }
}
