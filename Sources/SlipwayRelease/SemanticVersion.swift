/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
///
/// Ordering follows semver precedence (build metadata is ignored, a prerelease sorts before
/// its release, numeric identifiers compare numerically), never string or date order.
public struct SemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
  public var major: Int
  public var minor: Int
  public var patch: Int
  /// Dot-separated prerelease identifiers (`["rc", "3"]`); empty for a release.
  public var prerelease: [String]
  /// Dot-separated build metadata identifiers; ignored for precedence.
  public var build: [String]

  public init(major: Int, minor: Int, patch: Int, prerelease: [String] = [], build: [String] = []) {
    self.major = major
    self.minor = minor
    self.patch = patch
    self.prerelease = prerelease
    self.build = build
  }

  /// Parses a strict semver string (no `v` prefix, no two-part versions); `nil` when it is not one.
  public init?(_ text: some StringProtocol) {
    if let plain = Self.parsePlainRelease(text.utf8) {
      self = plain
      return
    }
    var core = Substring(text)
    var build: [String] = []
    if let plus = core.firstIndex(of: "+") {
      build = core[core.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(
        String.init)
      guard !build.isEmpty, build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isIdentifierCharacter) })
      else {
        return nil
      }
      core = core[..<plus]
    }
    var prerelease: [String] = []
    if let dash = core.firstIndex(of: "-") {
      prerelease = core[core.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
        .map(String.init)
      guard prerelease.allSatisfy(Self.isValidPrereleaseIdentifier) else { return nil }
      core = core[..<dash]
    }
    let parts = core.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let major = Self.numeric(parts[0]), let minor = Self.numeric(parts[1]),
      let patch = Self.numeric(parts[2])
    else { return nil }
    self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build)
  }

  public var isPrerelease: Bool { !prerelease.isEmpty }

  public var description: String {
    var text = "\(major).\(minor).\(patch)"
    if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
    if !build.isEmpty { text += "+" + build.joined(separator: ".") }
    return text
  }

  /// The release this version leads to after `bump` (prerelease and build dropped).
  public func bumped(_ bump: Bump) -> SemanticVersion {
    switch bump {
    case .major: SemanticVersion(major: major + 1, minor: 0, patch: 0)
    case .minor: SemanticVersion(major: major, minor: minor + 1, patch: 0)
    case .patch: SemanticVersion(major: major, minor: minor, patch: patch + 1)
    }
  }

  /// The same version without prerelease and build parts.
  public var release: SemanticVersion { SemanticVersion(major: major, minor: minor, patch: patch) }

  public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    if lhs.major != rhs.major { return lhs.major < rhs.major }
    if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
    if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
    // A release has higher precedence than any of its prereleases.
    if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty {
      return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty
    }
    for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
      switch (Int(left), Int(right)) {
      case let (l?, r?): return l < r
      case (.some, nil): return true  // numeric identifiers sort before alphanumeric ones
      case (nil, .some): return false
      case (nil, nil): return left < right
      }
    }
    return lhs.prerelease.count < rhs.prerelease.count
  }

  /// Precedence equality ignores build metadata, so `==` stays consistent with `<`.
  public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
    lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch
      && lhs.prerelease == rhs.prerelease
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(major)
    hasher.combine(minor)
    hasher.combine(patch)
    hasher.combine(prerelease)
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let version = SemanticVersion(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not semver: \(text)"))
    }
    self = version
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  // MARK: - Lexical rules

  /// Fast path for the common `X.Y.Z` with nothing after it; `nil` means "use the full parser".
  private static func parsePlainRelease(_ bytes: some Collection<UInt8>) -> SemanticVersion? {
    var parts = (0, 0, 0)
    var part = 0
    var digits = 0
    var leadingZero = false
    for byte in bytes {
      if byte == UInt8(ascii: ".") {
        guard digits > 0, part < 2 else { return nil }
        part += 1
        digits = 0
        continue
      }
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else { return nil }
      if digits == 0 { leadingZero = byte == UInt8(ascii: "0") } else if leadingZero { return nil }
      let value = Int(byte - UInt8(ascii: "0"))
      switch part {
      case 0: parts.0 = parts.0 * 10 + value
      case 1: parts.1 = parts.1 * 10 + value
      default: parts.2 = parts.2 * 10 + value
      }
      digits += 1
    }
    guard part == 2, digits > 0 else { return nil }
    return SemanticVersion(major: parts.0, minor: parts.1, patch: parts.2)
  }

  static func isIdentifierCharacter(_ c: Character) -> Bool {
    c == "-" || (c.isASCII && (c.isLetter || c.isNumber))
  }

  static func isValidPrereleaseIdentifier(_ identifier: String) -> Bool {
    guard !identifier.isEmpty, identifier.allSatisfy(isIdentifierCharacter) else { return false }
    // Numeric identifiers must not have leading zeros.
    if identifier.allSatisfy(\.isNumber) { return identifier == "0" || !identifier.hasPrefix("0") }
    return true
  }

  private static func numeric(_ part: Substring) -> Int? {
    guard !part.isEmpty, part.count <= 18, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    if part.count > 1 && part.hasPrefix("0") { return nil }
    return Int(part)
  }
}

/// How far a version moves. Ordered so that `major > minor > patch`.
public enum Bump: String, Sendable, Codable, Comparable, CaseIterable {
  case patch
  case minor
  case major

  private var rank: Int {
    switch self {
    case .patch: 0
    case .minor: 1
    case .major: 2
    }
  }

  public static func < (lhs: Bump, rhs: Bump) -> Bool { lhs.rank < rhs.rank }
}
