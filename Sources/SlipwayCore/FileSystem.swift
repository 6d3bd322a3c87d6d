import Foundation

/// Reading files and listing directories, behind a protocol so compiler tests can stay in memory.
public protocol FileSystem: Sendable {
  /// The raw bytes of a file, or `nil` when it does not exist or is not a regular file.
  func contents(atPath path: String) -> [UInt8]?
  func isDirectory(_ path: String) -> Bool
  func fileExists(_ path: String) -> Bool
  /// Every regular file below `directory`, as paths relative to it, sorted.
  func filesRecursively(under directory: String) -> [String]
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
  public init() {}

  public func contents(atPath path: String) -> [UInt8]? {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    return [UInt8](data)
  }

  public func isDirectory(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
  }

  public func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  public func filesRecursively(under directory: String) -> [String] {
    let base = URL(fileURLWithPath: directory).standardizedFileURL
    guard
      let walker = FileManager.default.enumerator(
        at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [])
    else { return [] }
    let prefixLength = base.path.count + 1
    var result: [String] = []
    while let url = walker.nextObject() as? URL {
      if url.lastPathComponent == ".git" {
        walker.skipDescendants()
        continue
      }
      if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
        result.append(String(url.standardizedFileURL.path.dropFirst(prefixLength)))
      }
    }
    return result.sorted()
  }
}

/// Files held in memory, keyed by path; for tests and for sources that are not on disk.
public struct InMemoryFileSystem: FileSystem {
  public var files: [String: [UInt8]]

  public init(files: [String: String] = [:]) {
    self.files = files.mapValues { Array($0.utf8) }
  }

  public func contents(atPath path: String) -> [UInt8]? { files[Self.normalize(path)] }

  public func isDirectory(_ path: String) -> Bool {
    let prefix = Self.normalize(path) + "/"
    return files.keys.contains { $0.hasPrefix(prefix) }
  }

  public func fileExists(_ path: String) -> Bool {
    files[Self.normalize(path)] != nil || isDirectory(path)
  }

  public func filesRecursively(under directory: String) -> [String] {
    let base = Self.normalize(directory)
    let prefix = base.isEmpty || base == "." ? "" : base + "/"
    return files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
  }

  static func normalize(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", !parts.isEmpty { parts.removeLast(); continue }
      parts.append(part)
    }
    return parts.joined(separator: "/")
  }
}
