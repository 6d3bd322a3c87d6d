/// GitLab's `ExpandVariables` for the places GitLab itself expands: `$VAR`, `${VAR}` and `%VAR%`.
public enum VariableExpansion {
  /// Replaces known variables and leaves unknown references as written (`expand_existing`).
  public static func expandExisting(_ text: String, _ variables: [String: String]) -> String {
    expand(text, variables, keepUnknown: true)
  }

  /// Replaces known variables and unknown ones with the empty string (`expand`).
  public static func expandAll(_ text: String, _ variables: [String: String]) -> String {
    expand(text, variables, keepUnknown: false)
  }

  private static func isNameStart(_ c: UInt8) -> Bool {
    (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
  }

  private static func isName(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) }

  private static func expand(_ text: String, _ variables: [String: String], keepUnknown: Bool) -> String {
    guard text.contains("$") || text.contains("%") else { return text }
    let u = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(u.count)
    var i = 0
    func emit(_ name: String, raw: ArraySlice<UInt8>) {
      if let value = variables[name] {
        out += Array(value.utf8)
      } else if keepUnknown {
        out += raw
      }
    }
    while i < u.count {
      let c = u[i]
      if c == 0x24, i + 1 < u.count {
        if isNameStart(u[i + 1]) {
          var j = i + 1
          while j < u.count, isName(u[j]) { j += 1 }
          emit(String(decoding: u[(i + 1)..<j], as: UTF8.self), raw: u[i..<j])
          i = j
          continue
        }
        if u[i + 1] == 0x7B, i + 2 < u.count, isNameStart(u[i + 2]) {
          var j = i + 2
          while j < u.count, isName(u[j]) { j += 1 }
          if j < u.count, u[j] == 0x7D {
            emit(String(decoding: u[(i + 2)..<j], as: UTF8.self), raw: u[i...j])
            i = j + 1
            continue
          }
        }
      }
      if c == 0x25, i + 1 < u.count, isNameStart(u[i + 1]) {
        var j = i + 1
        while j < u.count, isName(u[j]) { j += 1 }
        if j < u.count, u[j] == 0x25 {
          emit(String(decoding: u[(i + 1)..<j], as: UTF8.self), raw: u[i...j])
          i = j + 1
          continue
        }
      }
      out.append(c)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}
