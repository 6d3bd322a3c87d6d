import Foundation

/// A push token for one git command at a time.
///
/// The token travels as an `http.<remote>.extraHeader` set through `GIT_CONFIG_COUNT`/`KEY`/`VALUE`
/// in the child's environment only: never on the command line (visible in `ps`), never in
/// `.git/config`, the remote URL or a credential store (`credential.helper` is reset so no helper
/// can save it), and scoped to the remote's host so redirects elsewhere do not receive it.
public struct GitCredentials: Sendable {
  public var user: String
  public var token: String

  public init(user: String, token: String) {
    self.user = user
    self.token = token
  }

  /// The token from environment variable `variable`; `nil` when unset or empty.
  public static func fromEnvironment(
    variable: String, user: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> GitCredentials? {
    guard let token = environment[variable], !token.isEmpty else { return nil }
    return GitCredentials(user: user, token: token)
  }

  var basicValue: String { Data("\(user):\(token)".utf8).base64EncodedString() }

  /// Strings that must never appear in output.
  var secrets: [String] { [token, basicValue] }

  /// Extra environment for one git command talking to `remoteURL`. Entries already in the
  /// inherited `GIT_CONFIG_COUNT` list are kept; ours are appended after them.
  /// Empty for non-HTTP remotes (SSH uses keys; a header would mean nothing there).
  func environment(
    remoteURL: String, inherited: [String: String] = ProcessInfo.processInfo.environment
  ) -> [String: String] {
    guard let scope = Self.scope(of: remoteURL) else { return [:] }
    let start = inherited["GIT_CONFIG_COUNT"].flatMap { Int($0) } ?? 0
    var env: [String: String] = [:]
    let entries = [
      ("http.\(scope).extraHeader", "Authorization: Basic \(basicValue)"),
      ("credential.helper", ""),
    ]
    for (offset, entry) in entries.enumerated() {
      env["GIT_CONFIG_KEY_\(start + offset)"] = entry.0
      env["GIT_CONFIG_VALUE_\(start + offset)"] = entry.1
    }
    env["GIT_CONFIG_COUNT"] = String(start + entries.count)
    return env
  }

  /// `scheme://host[:port]/` of an http(s) URL, without any user info; `nil` for other URLs.
  static func scope(of remoteURL: String) -> String? {
    guard let components = URLComponents(string: remoteURL), let scheme = components.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = components.host
    else { return nil }
    let port = components.port.map { ":\($0)" } ?? ""
    return "\(scheme)://\(host)\(port)/"
  }
}
