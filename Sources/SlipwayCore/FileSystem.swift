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
    // readdir with d_type: Foundation's enumerator stats every file through URL resource values,
    // which cost more than the rest of `rules:exists` for a large tree. Same result: regular files
    // only (symlinks are neither followed nor listed), `.git` skipped, relative and sorted.
    var result: [String] = []
    var pending: [String] = [""]
    let root = directory.isEmpty ? "." : directory
    while let relative = pending.popLast() {
      let path = relative.isEmpty ? root : root + "/" + relative
      guard let dir = opendir(path) else { continue }
      defer { closedir(dir) }
      while let entry = readdir(dir) {
        var type = entry.pointee.d_type
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name == "." || name == ".." || name == ".git" { continue }
        let child = relative.isEmpty ? name : relative + "/" + name
        if type == UInt8(DT_UNKNOWN) {
          var info = stat()
          guard lstat(path + "/" + name, &info) == 0 else { continue }
          let format = info.st_mode & S_IFMT
          type = format == S_IFDIR ? UInt8(DT_DIR) : format == S_IFREG ? UInt8(DT_REG) : UInt8(DT_LNK)
        }
        if type == UInt8(DT_DIR) {
          pending.append(child)
        } else if type == UInt8(DT_REG) {
          result.append(child)
        }
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
