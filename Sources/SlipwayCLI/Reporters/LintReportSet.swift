import SlipwayCore

/// The diagnostics of one lint target (a file, or a preset combined with shared files).
struct LintTarget {
  var name: String
  var diagnostics: [Diagnostic]
}

/// Stable fingerprints for Code Quality reports: FNV-1a 64 twice (two seeds), as 32 hex digits.
enum Fingerprint {
  static func of(_ text: String) -> String {
    func fnv(_ seed: UInt64) -> UInt64 {
      var hash = seed
      for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      return hash
    }
    let a = String(fnv(0xcbf2_9ce4_8422_2325), radix: 16)
    let b = String(fnv(0x8422_2325_cbf2_9ce4), radix: 16)
    return String(repeating: "0", count: 16 - a.count) + a + String(repeating: "0", count: 16 - b.count) + b
  }
}

/// XML text escaping for the JUnit reporter.
extension String {
  var xmlEscaped: String {
    var out = ""
    for ch in unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default:
        // XML 1.0 forbids most control characters.
        if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { continue }
        out.unicodeScalars.append(ch)
      }
    }
    return out
  }
}
