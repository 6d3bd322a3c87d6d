import SlipwayYAML

/// Puts `.pre` first and `.post` last in `stages` (GitLab `Config::EdgeStagesInjector`). Nested
/// stage lists (allowed since 16.9) are flattened first.
enum EdgeStagesPass {
  static let pre = ".pre"
  static let post = ".post"

  static func run(_ root: YAMLNode) -> YAMLNode {
    guard let stages = root["stages"], case .sequence(let items) = stages.content, !items.isEmpty else {
      return root
    }
    let flat = flatten(items).filter { $0.rubyString != pre && $0.rubyString != post }
    let wrapped = [YAMLNode.string(pre, at: stages.mark)] + flat + [YAMLNode.string(post, at: stages.mark)]
    return root.setting("stages", to: YAMLNode(.sequence(wrapped), mark: stages.mark))
  }

  static func flatten(_ items: [YAMLNode]) -> [YAMLNode] {
    items.flatMap { item -> [YAMLNode] in
      if case .sequence(let inner) = item.content { return flatten(inner) }
      return [item]
    }
  }
}
