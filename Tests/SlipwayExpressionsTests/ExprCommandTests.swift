import Foundation
import XCTest

/// Runs the built `slipway` binary (next to the test bundle) for `slipway expr`; skipped when the
/// executable has not been built in the same build directory.
final class ExprCommandTests: XCTestCase {
  private func slipway() throws -> URL {
    // Linux: the bundle URL is the build directory; macOS: the .xctest bundle inside it.
    let bundle = Bundle(for: ExprCommandTests.self).bundleURL
    for directory in [bundle, bundle.deletingLastPathComponent()] {
      let binary = directory.appendingPathComponent("slipway")
      if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
    }
    throw XCTSkip("slipway binary not built next to the tests (\(bundle.path))")
  }

  private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = try slipway()
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = Pipe()
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func testJSONValueAndTruthiness() throws {
    let result = try run(["expr", "$A && $B", "--var", "A=x", "--var", "B=", "--format", "json"])
    XCTAssertEqual(result.status, 0)
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    XCTAssertEqual(object?["value"] as? String, "")
    XCTAssertEqual(object?["truthy"] as? Bool, false)
  }

  func testRegexMatch() throws {
    let result = try run(["expr", #"$TAG =~ /^v\d+\.\d+\.\d+$/"#, "--var", "TAG=v1.2.3", "--format", "json"])
    XCTAssertEqual(result.status, 0)
    XCTAssertTrue(result.stdout.contains(#""truthy": true"#), result.stdout)
  }

  func testInvalidExpressionExitsOne() throws {
    _ = try slipway()
    XCTAssertEqual(try run(["expr", "${VAR} == 'true'"]).status, 1)
    XCTAssertEqual(try run(["expr", "$A =~ /a(?=b)/"]).status, 1)
  }
}
