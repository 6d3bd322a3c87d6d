import CYaml
import Foundation
import SlipwayCore

/// One YAML document of a file, with the line it starts on.
public struct YAMLDocument: Sendable {
  /// nil for a document with no content (only comments or nothing).
  public var root: YAMLNode?
  /// 1-based line of the document's first line in its file.
  public var startLine: Int
}

/// What loading a file produced: its documents and any warnings (e.g. duplicate keys).
public struct LoadedYAML: Sendable {
  public var documents: [YAMLDocument]
  public var warnings: [Diagnostic]
}

/// Loads YAML the way GitLab does (Psych `safe_load` with aliases, one `!reference` tag, limits),
/// keeping a mark on every node.
public enum YAMLLoader {
  /// Loads one YAML stream's first document (Psych's `safe_load` reads only the first).
  public static func load(
    _ bytes: [UInt8], file: SourceFile, lineOffset: Int = 0, options: YAMLLoadOptions = .gitlab
  ) throws(YAMLLoadError) -> (root: YAMLNode?, warnings: [Diagnostic]) {
    if bytes.count > options.maxSizeBytes {
      throw YAMLLoadError(
        .providedTooBig, YAMLLoadError.providedTooBigMessage,
        at: SourceLocation(file: file.path, line: 1 + lineOffset, column: 1))
    }
    var builder = TreeBuilder(file: file, lineOffset: lineOffset, options: options)
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw YAMLLoadError(.syntax, "could not initialise the YAML parser")
    }
    defer { yaml_parser_delete(&parser) }
    var failure: YAMLLoadError?
    // Strip a UTF-8 byte order mark as GitLab does for valid UTF-8 input.
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    bytes.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress.map { $0 + start }
      let empty: [UInt8] = [0]
      empty.withUnsafeBufferPointer { emptyBuffer in
        yaml_parser_set_input_string(&parser, base ?? emptyBuffer.baseAddress, buffer.count - start)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while true {
          guard yaml_parser_parse(&parser, &event) == 1 else {
            failure = syntaxError(parser, file: file, lineOffset: lineOffset)
            return
          }
          let done = builder.handle(&event)
          yaml_event_delete(&event)
          if done { return }
        }
      }
    }
    if let failure { throw failure }
    if let deferred = builder.deferredError { throw deferred }
    if builder.tooBig {
      throw YAMLLoadError(
        .parsedTooBig, YAMLLoadError.parsedTooBigMessage,
        at: SourceLocation(file: file.path, line: 1 + lineOffset, column: 1))
    }
    return (builder.root, builder.warnings)
  }

  /// Loads a CI configuration file: at most two documents (a `spec:` header and the body), split
  /// by `/^---\s+/` as `Gitlab::Config::Loader::MultiDocYaml` does, each loaded on its own, so
  /// anchors do not cross the divider. A leading blank document is dropped.
  public static func loadDocuments(
    _ bytes: [UInt8], file: SourceFile, options: YAMLLoadOptions = .gitlab
  ) throws(YAMLLoadError) -> LoadedYAML {
    if bytes.count > options.maxSizeBytes {
      throw YAMLLoadError(
        .providedTooBig, YAMLLoadError.providedTooBigMessage,
        at: SourceLocation(file: file.path, line: 1, column: 1))
    }
    var documents: [YAMLDocument] = []
    var warnings: [Diagnostic] = []
    let pieces = DocumentSplitter.split(bytes, maxPieces: YAMLLimits.maxDocuments + 1)
    for piece in pieces {
      let slice = pieces.count == 1 ? bytes : Array(bytes[piece.range])
      let loaded = try load(slice, file: file, lineOffset: piece.startLine - 1, options: options)
      documents.append(YAMLDocument(root: loaded.root, startLine: piece.startLine))
      warnings += loaded.warnings
    }
    if let first = documents.first, isBlank(first.root) { documents.removeFirst() }
    return LoadedYAML(documents: documents, warnings: warnings)
  }

  /// Ruby's `blank?` for a loaded value (see `YAMLNode.isBlank`); nil is blank.
  public static func isBlank(_ node: YAMLNode?) -> Bool { node?.isBlank ?? true }

  /// Psych's message: `(<unknown>): <problem> <context> at line L column C`, with libyaml's context
  /// mark (where the construct began), as GitLab shows it. The location is the problem mark.
  static func syntaxError(_ parser: yaml_parser_t, file: SourceFile, lineOffset: Int) -> YAMLLoadError {
    let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
    let context = parser.context.map { String(cString: $0) }
    let text = [problem, context].compactMap { $0 }.joined(separator: " ")
    let cited = parser.context != nil ? parser.context_mark : parser.problem_mark
    var line = Int(cited.line) + 1 + lineOffset
    var column = Int(cited.column) + 1
    if parser.error == YAML_READER_ERROR {
      // Reader errors (bad UTF-8, control characters) carry only a byte offset.
      (line, column) = (1 + lineOffset, 1)
    }
    let message = "(<unknown>): \(text) at line \(line) column \(column)"
    let problemLine = Int(parser.problem_mark.line) + 1 + lineOffset
    let problemColumn = Int(parser.problem_mark.column) + 1
    let located =
      parser.error == YAML_READER_ERROR
      ? SourceLocation(file: file.path, line: line, column: column)
      : SourceLocation(file: file.path, line: problemLine, column: problemColumn)
    return YAMLLoadError(.syntax, message, at: located)
  }
}

/// Splits a file into documents like Ruby's `config.split(/^---\s+/, limit)`.
enum DocumentSplitter {
  struct Piece {
    var range: Range<Int>
    var startLine: Int
  }

  static func split(_ bytes: [UInt8], maxPieces: Int) -> [Piece] {
    bytes.withUnsafeBufferPointer { split($0, maxPieces: maxPieces) }
  }

  private static func split(_ bytes: UnsafeBufferPointer<UInt8>, maxPieces: Int) -> [Piece] {
    // Most files have no divider at all: find one before doing the line-by-line walk.
    guard hasDivider(bytes) else { return [Piece(range: 0..<bytes.count, startLine: 1)] }
    var pieces: [Piece] = []
    var pieceStart = 0
    var pieceLine = 1
    var line = 1
    var i = 0
    let n = bytes.count
    while i < n {
      let atLineStart = i == 0 || bytes[i - 1] == 0x0A
      if atLineStart, pieces.count < maxPieces - 1, i + 3 < n, bytes[i] == 0x2D, bytes[i + 1] == 0x2D,
        bytes[i + 2] == 0x2D, isSpace(bytes[i + 3])
      {
        pieces.append(Piece(range: pieceStart..<i, startLine: pieceLine))
        var j = i + 3
        while j < n, isSpace(bytes[j]) {
          if bytes[j] == 0x0A { line += 1 }
          j += 1
        }
        pieceStart = j
        pieceLine = line
        i = j
        continue
      }
      if bytes[i] == 0x0A { line += 1 }
      i += 1
    }
    pieces.append(Piece(range: pieceStart..<n, startLine: pieceLine))
    return pieces
  }

  private static func hasDivider(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let n = bytes.count
    func dividerAt(_ i: Int) -> Bool {
      i + 3 < n && base[i] == 0x2D && base[i + 1] == 0x2D && base[i + 2] == 0x2D && isSpace(base[i + 3])
    }
    if dividerAt(0) { return true }
    var offset = 0
    while offset < n, let hit = memchr(base + offset, 0x0A, n - offset) {
      let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
      if dividerAt(i) { return true }
      offset = i
    }
    return false
  }

  private static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B
  }
}

extension YAMLNode {
  /// Rails' `blank?`: null, false, a whitespace-only string, an empty array or hash.
  public var isBlank: Bool {
    switch content {
    case .mapping(let pairs): return pairs.isEmpty
    case .sequence(let items): return items.isEmpty
    case .scalar(let s):
      switch s.value {
      case .null: return true
      case .bool(let b): return !b
      case .string(let v): return v.allSatisfy(\.isWhitespace)
      default: return false
      }
    }
  }
}
