import Foundation
import SlipwayYAML

/// Images without a tag or digest, or with `:latest`.
public struct UnpinnedImageRule: LintRule {
  public init() {}

  public var description: RuleDescription {
    RuleDescription(
      id: "unpinned-image",
      summary: "An image or service has no pinned tag or digest, or uses `:latest`.",
      rationale: """
        Without a tag Docker pulls `:latest`, and `:latest` moves: the same pipeline runs different \
        tools from one day to the next, and a broken upstream release breaks every service at once. \
        Pin a version tag, or better a digest (`image@sha256:…`). Images whose name is a variable that \
        cannot be resolved offline are not checked.
        """,
      defaultSeverity: .warning,
      triggering: [
        RuleExample(
          """
          test:
            image: python
            services: [postgres:latest]
            script: pytest
          """, findings: 2)
      ],
      clean: [
        RuleExample(
          """
          variables:
            PYTHON_IMAGE: python:3.12-slim
          test:
            image: $PYTHON_IMAGE
            services:
              - name: postgres@sha256:4f6c5a3b1d2e
            script: pytest
          """)
      ])
  }

  public func check(_ context: LintContext) -> [LintFinding] {
    var globals: [String: String] = [:]
    for pair in context.root["variables"]?.mapping ?? [] {
      if let name = pair.key.keyName { globals[name] = (pair.value["value"] ?? pair.value).rubyText }
    }
    var findings: [LintFinding] = []
    var seen: Set<String> = []
    // A mark already seen has its location in `seen`: skip it without building the location.
    var seenMarks: Set<Mark> = []
    for job in context.jobs {
      var images: [YAMLNode] = []
      if let image = job.node["image"] { images.append(image.isMapping ? image["name"] ?? image : image) }
      for service in job.node["services"]?.sequence ?? [] {
        images.append(service.isMapping ? service["name"] ?? service : service)
      }
      // The job's variables (the last of a name wins) over the configuration's, built only when
      // an image is checked: jobs share template images, checked once.
      var variables: [String: String]?
      for node in images where node.isStringLike {
        guard seenMarks.insert(node.mark).inserted else { continue }
        let location = node.mark.location
        guard seen.insert(location.description).inserted else { continue }
        if variables == nil {
          var merged = globals
          for pair in job.node["variables"]?.mapping ?? [] {
            if let name = pair.key.keyName { merged[name] = pair.value.rubyText }
          }
          variables = merged
        }
        let name = Self.expand(node.rubyText, variables ?? globals)
        guard !name.contains("$"), let problem = Self.problem(name) else { continue }
        findings.append(LintFinding(problem, at: location, help: "pin a version tag or a digest, e.g. `\(Self.repository(name)):1.2.3`"))
      }
    }
    return findings
  }

  /// One level of `$VAR` / `${VAR}` substitution from the configuration's variables.
  static func expand(_ text: String, _ variables: [String: String]) -> String {
    var out = text
    for _ in 0..<3 {
      let refs = VariableReferences.scan(out)
      guard !refs.isEmpty else { break }
      for ref in refs {
        guard let value = variables[ref.name] else { continue }
        out = out.replacingOccurrences(of: ref.braced ? "${\(ref.name)}" : "$\(ref.name)", with: value)
      }
    }
    return out
  }

  static func repository(_ image: String) -> String {
    let lastSlash = image.lastIndex(of: "/").map { image.index(after: $0) } ?? image.startIndex
    if let colon = image[lastSlash...].lastIndex(of: ":") { return String(image[..<colon]) }
    return image
  }

  static func problem(_ image: String) -> String? {
    if image.contains("@sha256:") || image.contains("@sha512:") { return nil }
    let lastSlash = image.lastIndex(of: "/").map { image.index(after: $0) } ?? image.startIndex
    let tail = image[lastSlash...]
    guard let colon = tail.lastIndex(of: ":") else { return "image \(image) has no tag: it pulls :latest" }
    let tag = tail[tail.index(after: colon)...]
    if tag == "latest" { return "image \(image) uses :latest, which changes without notice" }
    return nil
  }
}
