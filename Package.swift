// swift-tools-version:6.0
import PackageDescription

// Layering (each module may import only those listed before it):
// SlipwayCore → SlipwayYAML → SlipwayRegex → SlipwayExpressions → SlipwayConfig
// → SlipwayLint, SlipwayPipeline; SlipwayRelease (Core only)
// → SlipwayCLI (commands, renderers) → slipway (executable, a few lines).
let package = Package(
  name: "Slipway",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "slipway", targets: ["slipway"]),
    .library(name: "SlipwayConfig", targets: ["SlipwayConfig"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
  ],
  targets: [
    /// Diagnostics, source locations and the side-effect protocols every module speaks.
    .target(name: "SlipwayCore"),
    /// Positioned YAML: nodes with file:line:col, tags, anchors, Psych merge keys, limits.
    .target(
      name: "SlipwayYAML",
      dependencies: ["SlipwayCore", .product(name: "Yams", package: "Yams")],
      cSettings: [.define("YAML_DECLARE_STATIC")]),
    /// RE2-compatible, linear-time regular expressions.
    .target(name: "SlipwayRegex"),
    /// GitLab `rules:if` expressions: lexer, parser, evaluator.
    .target(name: "SlipwayExpressions", dependencies: ["SlipwayCore", "SlipwayRegex"]),
    /// The `.gitlab-ci.yml` compiler: includes, inputs, extends, !reference, defaults.
    .target(
      name: "SlipwayConfig",
      dependencies: ["SlipwayCore", "SlipwayYAML", "SlipwayRegex", "SlipwayExpressions"]),
    /// GitLab's keyword and pipeline validation, and Slipway's own lint rules.
    .target(
      name: "SlipwayLint",
      dependencies: ["SlipwayCore", "SlipwayYAML", "SlipwayRegex", "SlipwayExpressions", "SlipwayConfig"]),
    /// Pipeline contexts, rules evaluation, plans, explanations and graphs.
    .target(
      name: "SlipwayPipeline",
      dependencies: ["SlipwayCore", "SlipwayYAML", "SlipwayRegex", "SlipwayExpressions", "SlipwayConfig"]),
    /// The template library's tooling: `slipway init` scaffolding and `slipway gate` quality gates.
    .target(name: "SlipwayTemplates", dependencies: ["SlipwayCore", "SlipwayYAML", "SlipwayConfig"]),
    /// Semantic versions from git history, release tags.
    .target(name: "SlipwayRelease", dependencies: ["SlipwayCore"]),
    /// Commands and renderers; the only layer that prints or picks exit codes.
    .target(
      name: "SlipwayCLI",
      dependencies: [
        "SlipwayCore", "SlipwayYAML", "SlipwayRegex", "SlipwayExpressions", "SlipwayConfig",
        "SlipwayRelease", "SlipwayLint", "SlipwayPipeline", "SlipwayTemplates",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "slipway", dependencies: ["SlipwayCLI"]),

    .testTarget(name: "SlipwayCoreTests", dependencies: ["SlipwayCore"]),
    .testTarget(name: "SlipwayYAMLTests", dependencies: ["SlipwayYAML"]),
    .testTarget(name: "SlipwayRegexTests", dependencies: ["SlipwayRegex"]),
    .testTarget(name: "SlipwayExpressionsTests", dependencies: ["SlipwayExpressions"]),
    .testTarget(name: "SlipwayConfigTests", dependencies: ["SlipwayConfig", "SlipwayYAML"]),
    .testTarget(name: "SlipwayReleaseTests", dependencies: ["SlipwayRelease"]),
    .testTarget(
      name: "SlipwayTemplatesTests",
      dependencies: ["SlipwayTemplates", "SlipwayConfig", "SlipwayYAML", "SlipwayLint", "SlipwayPipeline"]),
    .testTarget(name: "SlipwayLintTests", dependencies: ["SlipwayLint", "SlipwayConfig", "SlipwayYAML"]),
    .testTarget(name: "SlipwayPipelineTests", dependencies: ["SlipwayPipeline", "SlipwayConfig", "SlipwayYAML"]),
    .testTarget(name: "SlipwayCLITests", dependencies: ["SlipwayCLI"]),
  ]
)
