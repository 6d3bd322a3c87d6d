import Foundation
import SlipwayCore

/// Resolves includes without a network: the project's working tree, local checkouts of other
/// projects (refs read with `git show`), a directory of GitLab templates and a remote-file cache.
public final class OfflineIncludeSource: IncludeSource, @unchecked Sendable {
  public let root: String
  public let settings: ProjectSettings
  private let fileSystem: FileSystem
  private let runner: ProcessRunner
  private let lock = NSLock()
  private var listings: [String: [String]] = [:]

  public init(
    root: String, settings: ProjectSettings, fileSystem: FileSystem = LocalFileSystem(),
    runner: ProcessRunner = SystemProcessRunner()
  ) {
    self.root = root
    self.settings = settings
    self.fileSystem = fileSystem
    self.runner = runner
  }

  private func join(_ base: String, _ path: String) -> String {
    if path.hasPrefix("/") { return path }
    return base == "." || base.isEmpty ? path : base + "/" + path
  }

  /// Paths must stay inside their tree.
  private static func isContained(_ path: String) -> Bool {
    !path.split(separator: "/").contains("..")
  }

  public func localFile(_ path: String) -> [UInt8]? {
    guard Self.isContained(path) else { return nil }
    return fileSystem.contents(atPath: join(root, path))
  }

  public func localFiles(under prefix: String) -> [String] {
    guard !prefix.isEmpty, Self.isContained(prefix) else { return listing(of: root, ref: nil) }
    return listing(of: join(root, prefix), ref: nil).map { prefix + "/" + $0 }
  }

  private func listing(of directory: String, ref: String?) -> [String] {
    let key = directory + "\u{0}" + (ref ?? "")
    lock.lock()
    if let cached = listings[key] {
      lock.unlock()
      return cached
    }
    lock.unlock()
    let files: [String]
    if let ref {
      let out = runner.run("git", ["-C", directory, "ls-tree", "-r", "--name-only", ref], in: nil)
      files = out.status == 0 ? String(decoding: out.stdout, as: UTF8.self).split(separator: "\n").map(String.init).sorted() : []
    } else {
      files = fileSystem.filesRecursively(under: directory)
    }
    lock.lock()
    listings[key] = files
    lock.unlock()
    return files
  }

  /// The checkout that stands for `project`, or nil when it is not configured.
  private func checkout(for project: String) -> String? {
    if project == settings.projectPath { return root }
    return settings.projectCheckouts[project].map { join(root, $0) }
  }

  private func unmapped(_ project: String) -> FetchResult {
    .unresolvable(
      "project `\(project)` has no local checkout; map it in \(ProjectSettings.fileName): `includes: {projects: {\(project): ../path/to/checkout}}`"
    )
  }

  public func projectFile(project: String, ref: String?, path: String) -> FetchResult {
    guard let dir = checkout(for: project) else { return unmapped(project) }
    let notFound = FetchResult.missing("Project `\(project)` file `\(path)` does not exist!")
    guard Self.isContained(path) else { return notFound }
    guard let ref else {
      return fileSystem.contents(atPath: join(dir, path)).map(FetchResult.content) ?? notFound
    }
    let out = runner.run("git", ["-C", dir, "show", "\(ref):\(path)"], in: nil)
    if out.status == 0 { return .content(out.stdout) }
    let verify = runner.run("git", ["-C", dir, "rev-parse", "--verify", "--quiet", "\(ref)^{commit}"], in: nil)
    if verify.status != 0 {
      if !fileSystem.fileExists(join(dir, ".git")) && !fileSystem.isDirectory(join(dir, ".git")) {
        return .unresolvable("`\(dir)` (the checkout of `\(project)`) is not a git repository, so ref `\(ref)` cannot be read")
      }
      return .missing("Project `\(project)` reference `\(ref)` does not exist!")
    }
    return notFound
  }

  public func projectFiles(project: String, ref: String?) -> [String] {
    guard let dir = checkout(for: project) else { return [] }
    return listing(of: dir, ref: ref)
  }

  public func remoteFile(_ url: String) -> FetchResult {
    let cache = join(root, settings.remoteCache)
    let withoutScheme = url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
    let path = withoutScheme.split(separator: "?").first.map(String.init) ?? withoutScheme
    guard Self.isContained(path), let bytes = fileSystem.contents(atPath: cache + "/" + path) else {
      return .unresolvable("remote includes are read offline from \(settings.remoteCache)/<host>/<path>; save `\(url)` as `\(settings.remoteCache)/\(path)` (or set includes.remote_cache in \(ProjectSettings.fileName))")
    }
    return .content(bytes)
  }

  public func templateFile(_ name: String) -> FetchResult {
    guard let dir = settings.templatesDirectory else {
      return .unresolvable("GitLab templates are read from a local directory; set `includes: {templates: path/to/templates}` in \(ProjectSettings.fileName) (a checkout of lib/gitlab/ci/templates)")
    }
    guard Self.isContained(name), let bytes = fileSystem.contents(atPath: join(join(root, dir), name)) else {
      return .missing("Included file `\(name)` is empty or does not exist!")
    }
    return .content(bytes)
  }

  public func componentRef(project: String, version: String) -> FetchResult {
    guard let dir = checkout(for: project) else { return unmapped(project) }
    let out = runner.run("git", ["-C", dir, "tag", "--list"], in: nil)
    let tags = out.status == 0 ? String(decoding: out.stdout, as: UTF8.self).split(separator: "\n").map(String.init) : []
    let versions = tags.compactMap { tag in ComponentVersion(tag).map { ($0, tag) } }
    if version == "~latest" {
      guard let best = versions.filter({ $0.0.preRelease == nil }).max(by: { $0.0 < $1.0 }) else {
        return .missing("Component project `\(project)` has no released version")
      }
      return .content(Array(best.1.utf8))
    }
    if tags.contains(version) { return .content(Array(version.utf8)) }
    // Partial versions (`1`, `1.2`) pick the newest matching release.
    let parts = version.split(separator: ".").compactMap { Int($0) }
    if !parts.isEmpty, parts.count < 3, parts.count == version.split(separator: ".").count {
      let matching = versions.filter { v in
        v.0.preRelease == nil && Array([v.0.major, v.0.minor, v.0.patch].prefix(parts.count)) == parts
      }
      if let best = matching.max(by: { $0.0 < $1.0 }) { return .content(Array(best.1.utf8)) }
    }
    // Otherwise a branch or a SHA.
    return .content(Array(version.utf8))
  }
}

/// A `MAJOR.MINOR.PATCH[-pre]` tag, optionally prefixed with `v`.
struct ComponentVersion: Comparable {
  var major: Int
  var minor: Int
  var patch: Int
  var preRelease: String?

  init?(_ tag: String) {
    var text = Substring(tag)
    if text.hasPrefix("v") { text = text.dropFirst() }
    let main = text.split(separator: "-", maxSplits: 1)
    let numbers = main.first?.split(separator: ".").compactMap { Int($0) } ?? []
    guard numbers.count == 3, main.first?.split(separator: ".").count == 3 else { return nil }
    (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
    preRelease = main.count > 1 ? String(main[1]) : nil
  }

  static func < (a: ComponentVersion, b: ComponentVersion) -> Bool {
    if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
      return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }
    switch (a.preRelease, b.preRelease) {
    case (nil, nil): return false
    case (nil, _): return false
    case (_, nil): return true
    case (let x?, let y?): return x < y
    }
  }
}
