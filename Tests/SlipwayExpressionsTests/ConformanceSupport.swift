import Foundation
import XCTest

@testable import SlipwayExpressions

/// Loads the shared JSON tables (`../shared` next to the repository root).
enum SharedData {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let shared = repoRoot.appendingPathComponent("../shared").standardized

  static func json(_ relativePath: String) throws -> Any {
    let data = try Data(contentsOf: shared.appendingPathComponent(relativePath))
    return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
  }

  static func dictionary(_ relativePath: String) throws -> [String: Any] {
    try XCTUnwrap(try json(relativePath) as? [String: Any], relativePath)
  }

  static func array(_ relativePath: String) throws -> [[String: Any]] {
    try XCTUnwrap(try json(relativePath) as? [[String: Any]], relativePath)
  }
}

extension ExpressionValue {
  /// Compares with a JSON value from the tables: string, true/false or null (NSNull).
  func equalsJSON(_ json: Any) -> Bool {
    switch (self, json) {
    case (.null, is NSNull): return true
    case (.string(let a), let b as String): return a == b
    case (.bool(let a), let b as Bool): return a == b
    default: return false
    }
  }
}

func stringMap(_ value: Any?) -> [String: String] {
  (value as? [String: Any])?.compactMapValues { $0 as? String } ?? [:]
}
