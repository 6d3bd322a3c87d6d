import XCTest

@testable import SlipwayLint

/// `undefined-variable` memoises reads per shared list, mapping and scalar, and assignments per script
/// item (templates put the same ones into many jobs); a verdict must still depend on each job's own
/// definitions.
final class UndefinedVariableMemoTests: XCTestCase {
  func testSharedTemplatePartsAreJudgedPerJob() throws {
    let text = """
      .shared:
        before_script:
          - export FROM_TEMPLATE=1
        rules:
          - if: $RULE_READ == "x"
            changes: [$CHANGES_DIR/**/*]
          - when: always
      a:
        extends: .shared
        variables: { RULE_READ: r, CHANGES_DIR: d }
        script:
          - echo $FROM_TEMPLATE
      b:
        extends: .shared
        variables: { CHANGES_DIR: d }
        before_script: [echo none]
        script:
          - echo $FROM_TEMPLATE
      c:
        rules: !reference [.shared, rules]
        script:
          - !reference [.shared, before_script]
          - echo $FROM_TEMPLATE $CHANGES_DIR
      """
    let report = try LintTestSupport.lint([".gitlab-ci.yml": text], requiredVariables: true)
    let undefined = report.diagnostics.filter { $0.code.rawValue == "undefined-variable" }
    // b overrides the assigning before_script; c lacks the rule's variables; b and c share line 5.
    XCTAssertEqual(
      undefined.map { "\($0.location?.line ?? 0) \($0.message.split(separator: " ")[1])" },
      ["5 $RULE_READ", "6 $CHANGES_DIR", "18 $FROM_TEMPLATE", "23 $CHANGES_DIR"],
      "\(undefined.map(\.message))")
    XCTAssertEqual(report.requiredVariables.map(\.job), ["b", "c"])
    XCTAssertEqual(report.requiredVariables.map(\.variables), [["FROM_TEMPLATE", "RULE_READ"], ["CHANGES_DIR", "RULE_READ"]])
  }
}
