import Foundation
import SlipwayCore

/// A loaded file's display path. Every file gets a small number so that marks, which every node
/// carries, stay 12 plain bytes (copying a node then costs no reference counting for its mark).
public final class SourceFile: Sendable, Hashable {
  /// Path as shown to the user, e.g. `ci/build.yml` or `group/x@main:templates/a.yml`.
  public let path: String
  let id: UInt32

  public init(path: String) {
    self.path = path
    id = SourceFileRegistry.shared.register(path)
  }

  public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Paths by file number, for the lifetime of the process (a compile reads at most a few hundred files).
final class SourceFileRegistry: @unchecked Sendable {
  static let shared = SourceFileRegistry()
  private let lock = NSLock()
  private var paths: [String] = []

  func register(_ path: String) -> UInt32 {
    lock.lock()
    defer { lock.unlock() }
    paths.append(path)
    return UInt32(truncatingIfNeeded: paths.count - 1)
  }

  func path(_ id: UInt32) -> String {
    lock.lock()
    defer { lock.unlock() }
    return Int(id) < paths.count ? paths[Int(id)] : "?"
  }
}

/// Where a node starts.
public struct Mark: Sendable, Hashable {
  let fileID: UInt32
  /// 1-based.
  public let line: Int32
  /// 1-based, in Unicode scalars.
  public let column: Int32

  public init(file: SourceFile, line: Int, column: Int) {
    fileID = file.id
    self.line = Int32(truncatingIfNeeded: line)
    self.column = Int32(truncatingIfNeeded: column)
  }

  /// The display path of the file this mark is in.
  public var path: String { SourceFileRegistry.shared.path(fileID) }

  public var location: SourceLocation {
    SourceLocation(file: path, line: Int(line), column: Int(column))
  }
}
