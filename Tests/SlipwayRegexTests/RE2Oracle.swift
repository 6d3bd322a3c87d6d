import Foundation

/// Repository paths computed from this file's location (…/Tests/SlipwayRegexTests/File.swift).
enum TestPaths {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let shared = repoRoot.appendingPathComponent("../shared").standardized
  static let peersPython = repoRoot.appendingPathComponent(".peers/bin/python")
  static let oracleScript = shared.appendingPathComponent("tools/re2-oracle.py")
}

/// One long-running `re2-oracle.py` process fed JSON lines (see ../shared/tools/README.md).
final class RE2Oracle {
  struct Case: Encodable {
    var pattern: String
    var flags: String
    var input: String
  }

  struct Answer: Decodable, Equatable {
    var ok: Bool
    var match: Bool
    var error: String
    var span: [Int]?
    var groups: [[Int]?]
  }

  private let process = Process()
  private let stdinPipe = Pipe()
  private let stdoutPipe = Pipe()
  private var buffer = Data()

  init() throws {
    process.executableURL = TestPaths.peersPython
    process.arguments = [TestPaths.oracleScript.path]
    process.currentDirectoryURL = TestPaths.repoRoot
    process.standardInput = stdinPipe
    process.standardOutput = stdoutPipe
    try process.run()
  }

  deinit {
    try? stdinPipe.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  /// Asks about a batch; batches stay small so neither pipe fills while the other waits.
  func ask(_ cases: [Case]) throws -> [Answer] {
    let encoder = JSONEncoder()
    var payload = Data()
    for item in cases {
      payload.append(try encoder.encode(item))
      payload.append(0x0A)
    }
    stdinPipe.fileHandleForWriting.write(payload)
    var answers: [Answer] = []
    let decoder = JSONDecoder()
    while answers.count < cases.count {
      if let newline = buffer.firstIndex(of: 0x0A) {
        let line = buffer[buffer.startIndex..<newline]
        answers.append(try decoder.decode(Answer.self, from: Data(line)))
        buffer.removeSubrange(buffer.startIndex...newline)
        continue
      }
      let more = stdoutPipe.fileHandleForReading.availableData
      if more.isEmpty { throw CocoaError(.fileReadUnknown) }
      buffer.append(more)
    }
    return answers
  }
}
