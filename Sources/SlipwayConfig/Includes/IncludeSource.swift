import SlipwayCore

/// What a source answers when asked for a file.
public enum FetchResult: Sendable {
  case content([UInt8])
  /// The file (or the project/ref) does not exist there: GitLab's own error applies.
  case missing(String)
  /// Slipway cannot reach it offline: say how to configure it.
  case unresolvable(String)
}

/// Where included files come from. The compiler only sees this protocol; the offline implementation
/// reads the working tree, local checkouts (with `git show` for refs), a templates directory and a
/// cache of remote files. A network implementation can plug in later.
public protocol IncludeSource: Sendable {
  /// A file of the project being compiled, by path relative to its root.
  func localFile(_ path: String) -> [UInt8]?
  /// Files of the project being compiled below the folder `prefix` ("" for all), relative to the
  /// project root, sorted (for wildcards and `rules:exists`).
  func localFiles(under prefix: String) -> [String]
  /// A file of another project (`include:project`, components) at `ref` (nil: the default branch).
  func projectFile(project: String, ref: String?, path: String) -> FetchResult
  /// Every file of another project at `ref`.
  func projectFiles(project: String, ref: String?) -> [String]
  /// A remote URL.
  func remoteFile(_ url: String) -> FetchResult
  /// One of GitLab's own templates (`include:template`).
  func templateFile(_ name: String) -> FetchResult
  /// Resolves a component version (`1.2.3`, `1`, `~latest`, a branch or SHA) to a ref of `project`.
  func componentRef(project: String, version: String) -> FetchResult
}

extension FetchResult {
  /// For `componentRef`: the resolved ref carried as UTF-8 bytes.
  var text: String? {
    if case .content(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
    return nil
  }
}
