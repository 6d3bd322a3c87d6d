import Foundation

/// The outcome of a finished process.
public struct ProcessOutput: Sendable {
  public var status: Int32
  public var stdout: [UInt8]
  public var stderr: [UInt8]
}

/// Runs external programs (git, shellcheck, …) behind a protocol so tests can substitute them.
public protocol ProcessRunner: Sendable {
  func run(_ executable: String, _ arguments: [String], in directory: String?) -> ProcessOutput
}

/// Runs programs for real, looking `executable` up on PATH.
public struct SystemProcessRunner: ProcessRunner {
  public init() {}

  public func run(_ executable: String, _ arguments: [String], in directory: String?) -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return ProcessOutput(status: 127, stdout: [], stderr: Array("\(error)".utf8))
    }
    // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
    let stderrBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      stderrBox.set(err.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let stderrData = stderrBox.get()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus, stdout: [UInt8](stdoutData), stderr: [UInt8](stderrData))
  }
}

/// A lock-protected buffer for data read on another thread.
private final class DataBox: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
  func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
