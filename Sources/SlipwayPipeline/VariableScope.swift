/// Layered variable lookup, so a job's rules see GitLab's precedence without building a full
/// dictionary per job (gitlab-semantics.md §10.4; evaluation must stay cheap for 5,000 jobs).
struct VariableScope {
  /// Layers, highest precedence first.
  var layers: [[String: String]]

  init(_ layers: [[String: String]]) { self.layers = layers }

  subscript(name: String) -> String? {
    for layer in layers { if let value = layer[name] { return value } }
    return nil
  }

  /// A copy with `layer` above every other layer except the first (the context's own variables
  /// always win).
  func adding(_ layer: [String: String]) -> VariableScope {
    guard !layer.isEmpty else { return self }
    var copy = self
    copy.layers.insert(layer, at: min(1, copy.layers.count))
    return copy
  }

  /// Just the variables `names` refer to, for an expression or an expansion.
  func dictionary(_ names: [String]) -> [String: String] {
    var out: [String: String] = [:]
    for name in names { if let value = self[name] { out[name] = value } }
    return out
  }
}
