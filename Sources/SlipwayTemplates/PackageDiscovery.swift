import Foundation

/// Finds what to lint in a Python project, as the talk's lint script did: the top-level packages
/// (folders with `__init__.py`, also under `src/`) and top-level modules, skipping documentation,
/// scripts, migrations, tests, virtual environments and hidden folders.
public struct PackageDiscovery: Sendable {
  public static let defaultExcluded: Set<String> = [
    "doc", "docs", "bin", "alembic", "migrations", "tests", "test", "venv", "env", "node_modules",
    "build", "dist", "site-packages", "setup.py", "conftest.py", "noxfile.py",
  ]

  public var excluded: Set<String>
  public var fileManager: FileManager { FileManager.default }

  public init(excluded: Set<String> = PackageDiscovery.defaultExcluded) {
    self.excluded = excluded
  }

  /// Relative paths, sorted: packages as folders, modules as `name.py`.
  public func discover(in root: String) -> [String] {
    var found = scan(root, prefix: "")
    if isDirectory(root + "/src") { found += scan(root + "/src", prefix: "src/") }
    return found.sorted()
  }

  private func scan(_ folder: String, prefix: String) -> [String] {
    let names = (try? fileManager.contentsOfDirectory(atPath: folder)) ?? []
    return names.compactMap { name in
      if name.hasPrefix(".") || name.hasPrefix("_") && name != "__main__.py" || excluded.contains(name) { return nil }
      let path = folder + "/" + name
      if isDirectory(path) {
        return fileManager.fileExists(atPath: path + "/__init__.py") ? prefix + name : nil
      }
      return name.hasSuffix(".py") && name != "__main__.py" ? prefix + name : nil
    }
  }

  private func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return fileManager.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
  }
}
