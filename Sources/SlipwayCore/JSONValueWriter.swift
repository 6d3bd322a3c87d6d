/// Writes JSON as UTF-8 bytes, in the exact shape of `JSONValue.rendered(pretty:)`, without
/// building a value tree first: large outputs (plans of thousands of jobs) are written straight
/// from their models.
///
/// ```swift
/// var writer = JSONWriter(pretty: true)
/// writer.beginObject()
/// writer.key("name"); writer.string("build")
/// writer.endObject()
/// let text = String(decoding: writer.bytes, as: UTF8.self)
/// ```
public struct JSONWriter: Sendable {
  public private(set) var bytes: [UInt8] = []
  public let pretty: Bool
  /// Open containers: whether each is an array, and how many elements it has so far.
  private var open: [(isArray: Bool, count: Int)] = []
  /// Nesting of the writer's first value (to write a value that sits inside a larger document).
  private let baseDepth: Int

  public init(pretty: Bool = false, depth: Int = 0, capacity: Int = 0) {
    self.pretty = pretty
    baseDepth = depth
    bytes.reserveCapacity(capacity)
  }

  private var depth: Int { baseDepth + open.count }

  // MARK: Containers

  public mutating func beginObject() {
    elementPrefix()
    bytes.append(UInt8(ascii: "{"))
    open.append((false, 0))
  }

  public mutating func endObject() { close(UInt8(ascii: "}")) }

  public mutating func beginArray() {
    elementPrefix()
    bytes.append(UInt8(ascii: "["))
    open.append((true, 0))
  }

  public mutating func endArray() { close(UInt8(ascii: "]")) }

  /// An object member's key; its value follows.
  public mutating func key(_ name: String) {
    separator()
    Self.appendQuoted(name, to: &bytes)
    if pretty {
      bytes.append(UInt8(ascii: ":"))
      bytes.append(0x20)
    } else {
      bytes.append(UInt8(ascii: ":"))
    }
  }

  // MARK: Scalars

  public mutating func string(_ text: String) {
    elementPrefix()
    Self.appendQuoted(text, to: &bytes)
  }

  public mutating func string(_ text: String?) {
    if let text { string(text) } else { null() }
  }

  public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

  public mutating func int(_ value: Int) { raw(String(value)) }

  public mutating func null() { raw("null") }

  /// A whole value (for the small parts that are built as `JSONValue`s).
  public mutating func value(_ value: JSONValue) {
    switch value {
    case .null: null()
    case .bool(let b): bool(b)
    case .int(let i): int(i)
    case .double(let d): raw(JSONValue.numberText(d))
    case .string(let s): string(s)
    case .array(let items):
      beginArray()
      for item in items { self.value(item) }
      endArray()
    case .object(let members):
      beginObject()
      for (name, member) in members {
        key(name)
        self.value(member)
      }
      endObject()
    }
  }

  /// An element already written by another writer whose `depth` was the number of containers
  /// open here (lets parts of a document be written concurrently).
  public mutating func element(written other: [UInt8]) {
    elementPrefix()
    bytes.append(contentsOf: other)
  }

  // MARK: Layout

  private mutating func raw(_ text: String) {
    elementPrefix()
    bytes.append(contentsOf: text.utf8)
  }

  /// Before a value: in an array, the separator and indentation (in an object, `key` wrote them).
  private mutating func elementPrefix() {
    guard let last = open.last, last.isArray else { return }
    separator()
  }

  private mutating func separator() {
    guard !open.isEmpty else { return }
    if open[open.count - 1].count > 0 { bytes.append(UInt8(ascii: ",")) }
    open[open.count - 1].count += 1
    if pretty { newline(indent: depth) }
  }

  private mutating func close(_ byte: UInt8) {
    let container = open.removeLast()
    if container.count > 0 && pretty { newline(indent: depth) }
    bytes.append(byte)
  }

  private mutating func newline(indent: Int) {
    // A newline and two spaces per level, cut from one prepared run.
    if indent < Self.newlineAndIndent.count / 2 {
      bytes.append(contentsOf: Self.newlineAndIndent[0..<(1 + 2 * indent)])
    } else {
      bytes.append(0x0A)
      bytes.append(contentsOf: repeatElement(0x20, count: 2 * indent))
    }
  }

  private static let newlineAndIndent: [UInt8] = [0x0A] + Array(repeating: 0x20, count: 64)

  /// `"…"` with JSON escapes; runs of plain bytes are copied at once.
  static func appendQuoted(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      // Most texts need no escape: one check, one copy.
      if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
        out.append(contentsOf: utf8)
        return
      }
      var runStart = 0
      for index in 0..<utf8.count {
        let byte = utf8[index]
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        runStart = index + 1
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
          let hex = Array("0123456789abcdef".utf8)
          out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
        }
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }
    out.append(UInt8(ascii: "\""))
  }
}
