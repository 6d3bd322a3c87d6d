import Foundation
import SlipwayRegex
import XCTest

@testable import SlipwayExpressions

/// GitLab's lexeme specs (`lexeme/*_spec.rb`) from ../shared/conformance/expressions/lexemes.json.
final class LexemeConformanceTests: XCTestCase {
  private func cases(_ lexeme: String) throws -> [[String: Any]] {
    let table = try SharedData.dictionary("conformance/expressions/lexemes.json")
    let entry = try XCTUnwrap(table[lexeme] as? [String: Any], lexeme)
    return try XCTUnwrap(entry["cases"] as? [[String: Any]], lexeme)
  }

  func testPattern() throws {
    for item in try cases("pattern") {
      let input = try XCTUnwrap(item["input"] as? String)
      switch item["op"] as? String {
      case "new", "build":
        if item["error"] != nil {
          XCTAssertThrowsError(try ExpressionPattern(token: input), input) { error in
            XCTAssertEqual((error as? ExpressionError)?.gitLabErrorClass, item["error"] as? String)
          }
        } else {
          XCTAssertEqual(try ExpressionPattern(token: input).literal, item["value"] as? String, input)
        }
      case "build_and_evaluate":
        if let regexp = item["regexp"] as? String {
          XCTAssertEqual(try ExpressionPattern(token: input).re2Source, regexp, input)
        } else {
          // Not a pattern: GitLab returns the string unchanged, which `=~` then searches literally.
          XCTAssertNil(try? ExpressionPattern(token: input), input)
          XCTAssertEqual(item["string"] as? String, input)
        }
      case "scan":
        let scalars = Array(input.unicodeScalars)
        let scanned = ExpressionLexer.scan(scalars, at: 0)
        if let regexp = item["regexp"] as? String {
          let (kind, length) = try XCTUnwrap(scanned, input)
          XCTAssertEqual(kind, .pattern, input)
          let token = String(String.UnicodeScalarView(scalars[0..<length]))
          XCTAssertEqual(try ExpressionPattern(token: token).re2Source, regexp, input)
        } else {
          XCTAssertNotEqual(scanned?.0, .pattern, input)
        }
      case "evaluate":
        let value = try ExpressionParser.build(ExpressionToken(kind: .pattern, text: input, range: 0..<1))
          .evaluate(variables: [:])
        guard case .pattern(let pattern) = value else { return XCTFail(input) }
        XCTAssertEqual(pattern.re2Source, item["regexp"] as? String)
      default:
        XCTFail("unknown op in \(item)")
      }
    }
  }

  func testPatternRegularExpression() throws {
    for item in try cases("pattern_regular_expression") {
      let input = try XCTUnwrap(item["input"] as? String)
      if let valid = item["valid"] as? Bool {
        XCTAssertEqual(GitLabPattern.fabricate(input) != nil, valid, input)
      }
      if let expression = item["expression"] as? String {
        XCTAssertEqual(GitLabPattern(input)?.re2Source, expression, input)
      }
      if item["expression_error"] != nil {
        XCTAssertNil(GitLabPattern(input), input)
      }
    }
  }

  func testString() throws {
    for item in try cases("string") {
      let input = try XCTUnwrap(item["input"] as? String)
      let tokens = try ExpressionLexer.tokenize(input)
      let first = try XCTUnwrap(tokens.first, input)
      XCTAssertEqual(first.kind, .string, input)
      XCTAssertEqual(try ExpressionParser.build(first).evaluate(variables: [:]), .string(item["value"] as? String ?? "?"))
    }
  }

  func testMatchesAndNotMatches() throws {
    for item in try cases("matches") {
      let left: ExpressionNode = (item["left"] as? String).map(ExpressionNode.string) ?? .null
      var right: ExpressionNode = .null
      if let source = item["right_regexp"] as? String {
        right = .pattern(try ExpressionPattern(token: "/\(source)/"))
      } else if let string = item["right_string"] as? String {
        right = .string(string)
      }
      let label = "\(left) =~ \(right)"
      XCTAssertEqual(try ExpressionNode.matches(left, right).evaluate(variables: [:]), .bool(item["matches"] as? Bool ?? false), label)
      XCTAssertEqual(
        try ExpressionNode.notMatches(left, right).evaluate(variables: [:]), .bool(item["not_matches"] as? Bool ?? false), label)
    }
  }

  func testInput() throws {
    for item in try cases("input") {
      let name = item["name"] as? String
      if let input = item["input"] as? String {
        let tokens = try ExpressionLexer.tokenize(input)
        XCTAssertEqual(tokens.map(\.kind), [.input], input)
        XCTAssertEqual(try ExpressionParser.build(tokens[0]), .input(name ?? "?"), input)
      }
      if let inspect = item["inspect"] as? String {
        XCTAssertEqual(ExpressionNode.input(name ?? "?").description, inspect)
      }
      if item.keys.contains("value") {
        let inputs = stringMap(item["inputs"]).mapValues { ExpressionValue.string($0) }
        let value = try ExpressionNode.input(name ?? "?").evaluate(variables: [:], inputs: inputs)
        XCTAssertTrue(value.equalsJSON(item["value"] ?? NSNull()), "\(item)")
      }
    }
  }

  func testVariable() throws {
    for item in try cases("variable") {
      let name = try XCTUnwrap(item["name"] as? String)
      let value = try ExpressionNode.variable(name).evaluate(variables: stringMap(item["variables"]))
      XCTAssertTrue(value.equalsJSON(item["value"] ?? NSNull()), "\(item)")
    }
  }
}
