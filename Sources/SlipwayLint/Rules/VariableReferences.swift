#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import SlipwayCore
import SlipwayYAML

/// Finds variable references in strings: `$NAME`, `${NAME}` and shell forms such as `${NAME:-x}`.
enum VariableReferences {
  struct Reference: Hashable {
    var name: String
    /// `${NAME:-default}`, `${NAME-x}`, `${NAME:=x}`, `${NAME:+x}`, `${#NAME}`: absence is handled.
    var hasFallback: Bool
    var braced: Bool
  }

  /// Whether `text` contains a "$", by `memchr` (vectorised): asked of every scalar the
  /// undefined-variable rule reads, where a byte loop cost about 200 instructions a call.
  static func containsDollar(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
      return memchr(base, 36, bytes.count) != nil
    }
  }

  static func isNameStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
  static func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 48 && c <= 57) }

  /// References in `text`. `$$` (an escaped dollar in GitLab, the PID in a shell) is skipped.
  static func scan(_ text: String) -> [Reference] {
    guard containsDollar(text) else { return [] }
    // In place: a copy of the bytes cost as much as the scan.
    var text = text
    return text.withUTF8 { scan(bytes: $0) }
  }

  private static func scan(bytes: UnsafeBufferPointer<UInt8>) -> [Reference] {
    var refs: [Reference] = []
    var i = 0
    while i < bytes.count {
      guard bytes[i] == 36, i + 1 < bytes.count else { i += 1; continue }
      if i > 0 && bytes[i - 1] == 92 { i += 1; continue }  // \$
      let next = bytes[i + 1]
      if next == 36 { i += 2; continue }
      if next == 123 {  // ${
        var j = i + 2
        var counted = false
        if j < bytes.count && bytes[j] == 35 { counted = true; j += 1 }  // ${#NAME}
        let start = j
        while j < bytes.count && isNameChar(bytes[j]) { j += 1 }
        if j > start, isNameStart(bytes[start]) {
          let name = String(decoding: bytes[start..<j], as: UTF8.self)
          let fallback = counted || (j < bytes.count && bytes[j] != 125)
          refs.append(Reference(name: name, hasFallback: fallback, braced: true))
        }
        i = j
        continue
      }
      if isNameStart(next) {
        var j = i + 1
        while j < bytes.count && isNameChar(bytes[j]) { j += 1 }
        let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
        // PowerShell's `$env:NAME` reads the environment, not a variable called `env`.
        let powershell = j < bytes.count && bytes[j] == 58 && name.lowercased() == "env"
        if !powershell { refs.append(Reference(name: name, hasFallback: false, braced: false)) }
        i = j
        continue
      }
      i += 1
    }
    return refs
  }

  /// The text with single-quoted shell strings blanked out (the shell does not expand them);
  /// single quotes inside double quotes are ordinary characters.
  static func outsideSingleQuotes(_ text: String) -> String {
    guard ByteSearch.containsByte(text, 39) else { return text }  // "'"
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var inSingle = false
    var inDouble = false
    var previous: UInt8 = 0
    for byte in text.utf8 {
      if byte == 39 && !inDouble && previous != 92 {
        inSingle.toggle()
        out.append(byte)
      } else if byte == 34 && !inSingle && previous != 92 {
        inDouble.toggle()
        out.append(byte)
      } else {
        out.append(inSingle ? 32 : byte)
      }
      previous = byte
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Names a shell script assigns: `NAME=`, `export NAME=`, `for NAME in`, `read [-r] NAME`.
  private static let forKeyword = Array("for".utf8)
  private static let declaringKeywords = ["read", "export", "local", "declare"].map { Array($0.utf8) }

  static func shellAssignments(_ text: String) -> Set<String> {
    var text = text
    return text.withUTF8 { shellAssignments(bytes: $0) }
  }

  private static func shellAssignments(bytes: UnsafeBufferPointer<UInt8>) -> Set<String> {
    var names: Set<String> = []
    var i = 0
    while i < bytes.count {
      // NAME= at a word start
      if isNameStart(bytes[i]) && (i == 0 || !isNameChar(bytes[i - 1]) && bytes[i - 1] != 36 && bytes[i - 1] != 45) {
        var j = i
        while j < bytes.count && isNameChar(bytes[j]) { j += 1 }
        // Words become strings only when they are assigned or are one of the keywords.
        let word = bytes[i..<j]
        if j < bytes.count && bytes[j] == 61 { names.insert(String(decoding: word, as: UTF8.self)) }
        let isFor = word.elementsEqual(Self.forKeyword)
        if isFor || Self.declaringKeywords.contains(where: { word.elementsEqual($0) }) {
          // The next name-like words (skipping flags) are assigned.
          var k = j
          while k < bytes.count {
            while k < bytes.count && bytes[k] == 32 { k += 1 }
            if k < bytes.count && bytes[k] == 45 {
              while k < bytes.count && bytes[k] != 32 { k += 1 }
              continue
            }
            let start = k
            while k < bytes.count && isNameChar(bytes[k]) { k += 1 }
            guard k > start else { break }
            names.insert(String(decoding: bytes[start..<k], as: UTF8.self))
            if isFor { break }
            if k < bytes.count && bytes[k] == 61 { break }
          }
        }
        i = j
        continue
      }
      i += 1
    }
    return names
  }
}

/// Memoised scans for one lint run: templates put the same script items into thousands of jobs.
/// Only reads of names that are not always defined are kept: most reads are of global or
/// predefined variables, and are dropped once per stored value instead of once per job.
final class ReferenceScanCache {
  private struct Key: Hashable {
    var mark: Mark
    var shell: Bool
  }
  private struct SubtreeKey: Hashable {
    var identity: UnsafeRawPointer
    var shell: Bool
  }
  /// Names every job has (global, known, required and predefined variables).
  private let alwaysDefined: (String) -> Bool
  /// Unknown names a scalar reads, by its mark; the text is compared to guard against generated nodes.
  private var scalarReads: [Key: (String, [String])] = [:]
  /// Unknown reads below a mapping or sequence, by storage identity; the node is kept so that its
  /// storage cannot be freed and its address reused.
  private var subtreeReads: [SubtreeKey: (YAMLNode, [(String, YAMLNode)])] = [:]
  private var assignments: [Mark: (String, Set<String>)] = [:]

  init(alwaysDefined: @escaping (String) -> Bool) {
    self.alwaysDefined = alwaysDefined
  }

  /// Every read without a fallback of a name not always defined, in `node` and below, with the
  /// scalar that reads it, in document order. Subtrees that jobs share (templates, `!reference`)
  /// are walked once.
  func unknownReads(in node: YAMLNode, shell: Bool) -> [(String, YAMLNode)] {
    switch node.content {
    case .scalar:
      let names = unknownNames(node, shell: shell)
      return names.isEmpty ? [] : names.map { ($0, node) }
    case .sequence, .mapping:
      guard let identity = node.storageIdentity else { return [] }
      let key = SubtreeKey(identity: identity, shell: shell)
      if let (_, known) = subtreeReads[key] { return known }
      var found: [(String, YAMLNode)] = []
      if let items = node.sequence {
        for item in items { found += unknownReads(in: item, shell: shell) }
      } else {
        for pair in node.mapping ?? [] { found += unknownReads(in: pair.value, shell: shell) }
      }
      subtreeReads[key] = (node, found)
      return found
    }
  }

  private func unknownNames(_ node: YAMLNode, shell: Bool) -> [String] {
    // Most scalars read no variable: test for "$" before touching the memo (only strings and
    // symbols can contain one, and then `rubyText` is (part of) that text).
    guard case .scalar(let scalar) = node.content, VariableReferences.containsDollar(scalar.text) else { return [] }
    let text = scalar.stringValue ?? node.rubyText
    let key = Key(mark: node.mark, shell: shell)
    if let (known, names) = scalarReads[key], known == text { return names }
    let references = VariableReferences.scan(shell ? VariableReferences.outsideSingleQuotes(text) : text)
    let names = references.compactMap { !$0.hasFallback && !alwaysDefined($0.name) ? $0.name : nil }
    scalarReads[key] = (text, names)
    return names
  }

  func shellAssignments(_ node: YAMLNode) -> Set<String> {
    let text = node.rubyText
    if let (known, found) = assignments[node.mark], known == text { return found }
    let found = VariableReferences.shellAssignments(text)
    assignments[node.mark] = (text, found)
    return found
  }
}
