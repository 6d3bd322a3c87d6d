import Foundation
import XCTest

@testable import SlipwayExpressions

/// GitLab's `statement_spec.rb`, `parser_spec.rb` and `lexer_spec.rb` tables
/// (../shared/conformance/expressions/), every case.
final class StatementConformanceTests: XCTestCase {
  func testStatementTable() throws {
    let table = try SharedData.dictionary("conformance/expressions/statement.json")
    let variables = stringMap(table["variables"])
    let cases = try XCTUnwrap(table["cases"] as? [[String: Any]])
    XCTAssertGreaterThan(cases.count, 80)
    for item in cases {
      try check(item, variables: variables, inputs: [:])
    }
  }

  func testStatementGroups() throws {
    let table = try SharedData.dictionary("conformance/expressions/statement.json")
    let groups = try XCTUnwrap(table["groups"] as? [[String: Any]])
    XCTAssertEqual(groups.count, 3)
    for group in groups {
      let variables = stringMap(group["variables"])
      let inputs = stringMap(group["inputs"]).mapValues { ExpressionValue.string($0) }
      for item in try XCTUnwrap(group["cases"] as? [[String: Any]]) {
        try check(item, variables: variables, inputs: inputs)
      }
    }
  }

  func testInputNames() throws {
    let table = try SharedData.dictionary("conformance/expressions/statement.json")
    let block = try XCTUnwrap(table["input_names"] as? [String: Any])
    for item in try XCTUnwrap(block["cases"] as? [[String: Any]]) {
      let expression = try XCTUnwrap(item["expression"] as? String)
      let expected = try XCTUnwrap(item["input_names"] as? [String])
      let actual = ExpressionStatement(expression).inputNames
      if item["ordered"] as? Bool == false {
        XCTAssertEqual(Set(actual), Set(expected), expression)
      } else {
        XCTAssertEqual(actual, expected, expression)
      }
    }
  }

  private func check(_ item: [String: Any], variables: [String: String], inputs: [String: ExpressionValue]) throws {
    let expression = try XCTUnwrap(item["expression"] as? String)
    let statement = ExpressionStatement(expression)
    if let expected = item["value"] {
      let value = try statement.evaluate(variables: variables, inputs: inputs)
      XCTAssertTrue(value.equalsJSON(expected), "\(expression): got \(value.json), want \(expected)")
    }
    if let expected = item["truthful"] as? Bool {
      XCTAssertEqual(statement.truthful(variables: variables, inputs: inputs), expected, expression)
    }
  }

  func testParserTrees() throws {
    var checked = 0
    for item in try SharedData.array("conformance/expressions/parser.json") where item["legacy"] as? Bool != true {
      let expression = try XCTUnwrap(item["expression"] as? String)
      let tree = try ExpressionStatement(expression).parse()
      XCTAssertEqual(tree.description, item["tree"] as? String, expression)
      checked += 1
    }
    XCTAssertEqual(checked, 11)
  }

  func testLexerTable() throws {
    for item in try SharedData.array("conformance/expressions/lexer.json") {
      let expression = try XCTUnwrap(item["expression"] as? String)
      let tokens = try ExpressionLexer.tokenize(expression)
      if let expected = item["tokens"] as? [String] {
        XCTAssertEqual(tokens.map(\.text), expected, expression)
      }
      if let expected = item["token_count"] as? Int {
        XCTAssertEqual(tokens.count, expected, expression)
      }
      if let expected = item["lexemes"] as? [String] {
        XCTAssertEqual(tokens.map(\.kind.rawValue), expected, expression)
      }
    }
  }

  func testErrorsTable() throws {
    for item in try SharedData.array("conformance/expressions/errors.json") where item["legacy"] as? Bool != true {
      let expression = try XCTUnwrap(item["expression"] as? String)
      let stage = try XCTUnwrap(item["stage"] as? String)
      let errorClass = item["error"] as? String
      var thrown: ExpressionError?
      switch stage {
      case "lex":
        let limit = item["max_tokens"] as? Int ?? ExpressionLexer.maxTokens
        do { _ = try ExpressionLexer.tokenize(expression, maxTokens: limit) } catch { thrown = error }
      case "parse":
        do { _ = try ExpressionParser.parse(try ExpressionLexer.tokenize(expression)) } catch { thrown = error }
      case "lexeme:pattern.build", "lexeme:pattern.new":
        do { _ = try ExpressionPattern(token: expression) } catch { thrown = error }
      case "statement.truthful":
        XCTAssertEqual(ExpressionStatement(expression).truthful(variables: [:]), item["truthful"] as? Bool)
      case "statement.input_names":
        XCTAssertEqual(ExpressionStatement(expression).inputNames, item["input_names"] as? [String])
      default:
        XCTFail("unknown stage \(stage)")
      }
      if let errorClass {
        XCTAssertEqual(thrown?.gitLabErrorClass, errorClass, "\(expression) at \(stage): \(String(describing: thrown))")
      }
    }
  }

  /// Exact messages for each error kind (the tables give only Ruby classes).
  func testErrorMessages() {
    let cases: [(String, String)] = [
      ("${VAR} == 'true'", "Unknown lexeme found!"),
      ("$V1 123", "Unknown lexeme found!"),
      ("$A == (\"a\"))", "Unmatched parenthesis"),
      ("(($A == \"a\")", "Unprocessable token found in parse tree: parenthesis_open"),
      ("$A \"b\"", "Unreachable nodes in parse tree"),
      ("", "Empty parse tree"),
      ("   ", "Empty parse tree"),
      ("== \"1\"", "Invalid left operand"),
      ("$A ==", "Invalid left operand"),
      ("$A =~ /a(/", "Invalid regular expression!"),
      ("$A =~ /a(?=b)/", "Invalid regular expression!"),
      (Array(repeating: "$A", count: 100).joined(separator: " "), "Too many tokens!"),
    ]
    for (expression, message) in cases {
      XCTAssertThrowsError(try ExpressionStatement(expression).validate(), expression) { error in
        XCTAssertEqual((error as? ExpressionError)?.message, message, expression)
      }
      XCTAssertEqual(ExpressionStatement(expression).validationMessage, "invalid expression syntax")
    }
    // 99 tokens are still fine: GitLab's loop runs MAX_TOKENS scan steps.
    let ninetyNine = Array(repeating: "$A", count: 50).joined(separator: " && ")
    XCTAssertNoThrow(try ExpressionStatement(ninetyNine).validate())
  }
}
