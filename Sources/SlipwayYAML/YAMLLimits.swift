/// GitLab's YAML limits, with where they come from.
public enum YAMLLimits {
  /// `ApplicationSetting#max_yaml_size_bytes` default (2 MiB). Raw files larger than this are refused
  /// before parsing (`Gitlab::Config::Loader::Yaml#content_too_large?`).
  public static let maxYAMLSizeBytes = 2 * 1024 * 1024
  /// `ApplicationSetting#max_yaml_depth` default; `Gitlab::Utils::DeepSize` fails past it.
  public static let maxYAMLDepth = 100
  /// `Gitlab::Ci::Config::Yaml::Loader::MAX_DOCUMENTS`: a `spec:` header and the body.
  public static let maxDocuments = 2
}

/// The knobs a caller may tighten (tests) or loosen (self-managed instances raise GitLab's settings).
public struct YAMLLoadOptions: Sendable {
  public var maxSizeBytes: Int
  public var maxDepth: Int
  /// The deep-size budget. GitLab measures Ruby object memory (`ObjectSpace.memsize_of`) against
  /// `max_yaml_size_bytes`; Slipway measures the expanded text (scalar bytes plus one per node,
  /// aliases counted every time they are used). For alias-free files this never exceeds the raw
  /// size, so only alias expansion ("billion laughs") can trip it.
  public var maxExpandedBytes: Int

  public init(
    maxSizeBytes: Int = YAMLLimits.maxYAMLSizeBytes, maxDepth: Int = YAMLLimits.maxYAMLDepth,
    maxExpandedBytes: Int = YAMLLimits.maxYAMLSizeBytes
  ) {
    self.maxSizeBytes = maxSizeBytes
    self.maxDepth = maxDepth
    self.maxExpandedBytes = maxExpandedBytes
  }

  public static let gitlab = YAMLLoadOptions()
}
