import Foundation

/// Standard output and error for commands; the only place the CLI writes.
public enum Output {
  public static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  public static func err(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }
}
