/// A variable as `ExpandVariables` sees it: its value and whether it is a file or masked variable.
public struct ExpansionVariable: Sendable, Hashable {
  public var value: String
  public var isFile: Bool
  public var isMasked: Bool

  public init(_ value: String, isFile: Bool = false, isMasked: Bool = false) {
    self.value = value
    self.isFile = isFile
    self.isMasked = isMasked
  }
}

/// `ExpandVariables::VariableExpansionError`.
public struct VariableExpansionError: Error, Sendable, Equatable {
  public var message: String
}

/// GitLab's `ExpandVariables` (lib/expand_variables.rb) for the places GitLab itself expands:
/// `$VAR`, `${VAR}` and `%VAR%`, one pass (a substituted value is not expanded again), with `$$`
/// and `%%` kept as written.
public enum VariableExpansion {
  public struct Options: Sendable {
    /// false keeps references to file-type variables as written.
    public var expandFileRefs = true
    /// true makes a reference to a masked variable an error (`expand_vars` in inputs).
    public var failOnMasked = false
    public init(expandFileRefs: Bool = true, failOnMasked: Bool = false) {
      self.expandFileRefs = expandFileRefs
      self.failOnMasked = failOnMasked
    }
  }

  static let maskedMessage = "masked variables cannot be expanded"

  /// Replaces known variables and leaves unknown references as written (`expand_existing`).
  public static func expandExisting(_ text: String, _ variables: [String: String]) -> String {
    (try? expand(text, variables.mapValues { ExpansionVariable($0) }, keepUnknown: true)) ?? text
  }

  /// Replaces known variables and unknown ones with the empty string (`expand`).
  public static func expandAll(_ text: String, _ variables: [String: String]) -> String {
    (try? expand(text, variables.mapValues { ExpansionVariable($0) }, keepUnknown: false)) ?? text
  }

  /// The general form: `keepUnknown` selects `expand_existing` over `expand`.
  public static func expand(
    _ text: String, _ variables: [String: ExpansionVariable], keepUnknown: Bool, options: Options = Options()
  ) throws(VariableExpansionError) -> String {
    // Like GitLab, look at the variables only when the text can hold a reference.
    guard text.utf8.contains(0x24) || text.utf8.contains(0x25) else { return text }
    let u = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(u.count)
    var i = 0
    func name(from start: Int) -> Int {
      guard start < u.count, isNameStart(u[start]) else { return start }
      var j = start + 1
      while j < u.count, isName(u[j]) { j += 1 }
      return j
    }
    func substitute(_ key: String, raw: ArraySlice<UInt8>) throws(VariableExpansionError) {
      guard let variable = variables[key] else {
        if keepUnknown { out += raw }
        return
      }
      if variable.isFile && !options.expandFileRefs {
        out += raw
        return
      }
      if variable.isMasked && options.failOnMasked { throw VariableExpansionError(message: maskedMessage) }
      out += Array(variable.value.utf8)
    }
    while i < u.count {
      let c = u[i]
      let next: UInt8? = i + 1 < u.count ? u[i + 1] : nil
      // Alternatives in GitLab's order: `$$`, `%%`, `$name`, `${name}`, `%name%`.
      if (c == 0x24 && next == 0x24) || (c == 0x25 && next == 0x25) {
        out += [c, c]
        i += 2
        continue
      }
      if c == 0x24, let n = next {
        if isNameStart(n) {
          let end = name(from: i + 1)
          try substitute(String(decoding: u[(i + 1)..<end], as: UTF8.self), raw: u[i..<end])
          i = end
          continue
        }
        if n == 0x7B {
          let end = name(from: i + 2)
          if end < u.count, u[end] == 0x7D {
            try substitute(String(decoding: u[(i + 2)..<end], as: UTF8.self), raw: u[i...end])
            i = end + 1
            continue
          }
        }
      }
      if c == 0x25 {
        let end = name(from: i + 1)
        if end > i + 1, end < u.count, u[end] == 0x25 {
          try substitute(String(decoding: u[(i + 1)..<end], as: UTF8.self), raw: u[i...end])
          i = end + 1
          continue
        }
      }
      out.append(c)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func isNameStart(_ c: UInt8) -> Bool {
    (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
  }

  private static func isName(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }
}
