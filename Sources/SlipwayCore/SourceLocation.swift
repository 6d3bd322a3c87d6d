/// A place in a source file: 1-based line and column (column counts Unicode scalars).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Path as the user named it (relative to the project root where possible).
  public var file: String
  public var line: Int
  public var column: Int
  /// End of the range where known (exclusive column on `endLine`).
  public var endLine: Int?
  public var endColumn: Int?

  public init(file: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.endLine = endLine
    self.endColumn = endColumn
  }

  /// `file:line:col`, the form editors and terminals jump to.
  public var description: String { "\(file):\(line):\(column)" }
}
