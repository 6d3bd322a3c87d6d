import Foundation
import XCTest

@testable import SlipwayRegex

final class RegexEngineTests: XCTestCase {
  func testRealisticCIPatterns() throws {
    let semver = try Regex2.compile(pattern: #"^v\d+\.\d+\.\d+$"#)
    XCTAssertTrue(semver.matches("v1.22.333"))
    XCTAssertFalse(semver.matches("v1.2.3-rc.1"))
    let branch = try XCTUnwrap(GitLabPattern.fabricate(#"/^(main|release\/.*)$/"#))
    XCTAssertTrue(branch.matches("release/1.x"))
    XCTAssertFalse(branch.matches("feature/x"))
    let skip = try XCTUnwrap(GitLabPattern.fabricate(#"/\[skip tests\]/i"#))
    XCTAssertTrue(skip.matches("Fix it [SKIP TESTS]"))
  }

  func testMatchSpansAndGroups() throws {
    let regex = try Regex2.compile(pattern: #"(\d+)\.(\d+)(?:-(rc))?"#)
    let match = try XCTUnwrap(regex.firstMatch(in: "v10.2"))
    XCTAssertEqual(match.span, MatchSpan(start: 1, end: 5))
    XCTAssertEqual(match.groups, [MatchSpan(start: 1, end: 3), MatchSpan(start: 4, end: 5), nil])
    // Spans count code points, not UTF-8 bytes.
    let unicode = try Regex2.compile(pattern: "ü+")
    XCTAssertEqual(unicode.firstMatch(in: "äüü!")?.span, MatchSpan(start: 1, end: 3))
    // Leftmost-first, not leftmost-longest.
    XCTAssertEqual(try Regex2.compile(pattern: "a|ab").firstMatch(in: "ab")?.span, MatchSpan(start: 0, end: 1))
    XCTAssertEqual(try Regex2.compile(pattern: "(?P<year>\\d{4})").groupNames, [1: "year"])
  }

  /// Found by the 1M-pair differential run: RE2's flattened program gives `b` priority over the
  /// empty match inside doubly nested nullable loops.
  func testNestedNullableLoopPriorityMatchesRE2() throws {
    let regex = try Regex2.compile(pattern: "(?:a*|b)*(?-i)(?i)+(?U)")
    XCTAssertEqual(regex.firstMatch(in: "b!0")?.span, MatchSpan(start: 0, end: 1))
  }

  /// Found by the 1M-pair differential run (seed 20251126): RE2 drops a leading empty match
  /// (`Compiler::Cat`) and skips jumps elsewhere (`Prog::Optimize`), so a loop right after `x{0}`
  /// or `(?:)` keeps its own root in the flattened program. Spans checked with google-re2.
  func testEmptyMatchBeforeNullableLoopMatchesRE2() throws {
    let found = #"(?i-s:(?-i)(S{0,1}?c\.)*|\pL{2,3})]{0}?(?im:[\w]??){1,}(?:ſ{2}\p{Han}{1,}?){0,2}|\x{212A}"#
    let cases: [(pattern: String, input: String, span: MatchSpan)] = [
      (found, "2\n{}\ny", MatchSpan(start: 0, end: 0)),
      (#"]{0}?(?im:[\w]??){1,}"#, "2", MatchSpan(start: 0, end: 0)),
      ("x{0}(?:a??)+", "a", MatchSpan(start: 0, end: 0)),
      ("(?:)(?:a??)+", "a", MatchSpan(start: 0, end: 0)),
      ("b(?:)(?:a??)+", "ba", MatchSpan(start: 0, end: 1)),
      // An empty class is RE2's NoMatch: the branch vanishes, leaving a bare empty match.
      (#"(?:[^\x00-\x{10FFFF}]|)(?:a??)+"#, "a", MatchSpan(start: 0, end: 0)),
      (#"([^\x00-\x{10FFFF}])|b"#, "ab", MatchSpan(start: 1, end: 2)),
    ]
    for (pattern, input, span) in cases {
      let regex = try Regex2.compile(pattern: pattern)
      XCTAssertEqual(regex.firstMatch(in: input)?.span, span, pattern)
    }
    XCTAssertNil(try Regex2.compile(pattern: #"[^\x00-\x{10FFFF}]"#).firstMatch(in: "a"))
  }

  /// Found by a fuzzer aimed at nested empty loops (spans checked with google-re2): RE2 compiles
  /// the simplified tree, so `(?:x*){1,}` is `x*` (stacked operators squash) and `a+a` is `aa+`
  /// (`CoalesceWalker`), and those shapes decide priorities inside nested empty loops.
  func testSimplifiedShapesMatchRE2() throws {
    let cases: [(pattern: String, input: String, span: MatchSpan)] = [
      ("(?:(?:|a)*){0,}", "aa", MatchSpan(start: 0, end: 0)),
      ("(?:(?:|a)*){1,}", "aa", MatchSpan(start: 0, end: 0)),
      ("(?:(?:(?:ab){1,3}?|x{0}|(?:b+?)??){0,}){0,}", "baba", MatchSpan(start: 0, end: 0)),
      (#"\b?(?:(?:bc*?)*|a+a)*"#, "aa", MatchSpan(start: 0, end: 2)),
      (#"\b?(?:(?:bc*?)*|aa+)*"#, "aa", MatchSpan(start: 0, end: 2)),
    ]
    for (pattern, input, span) in cases {
      let regex = try Regex2.compile(pattern: pattern)
      XCTAssertEqual(regex.firstMatch(in: input)?.span, span, pattern)
    }
    let grouped = try XCTUnwrap(Regex2.compile(pattern: "(?:$|((?:(?:^*|a)*){0,}){2})").firstMatch(in: "aa"))
    XCTAssertEqual(grouped.span, MatchSpan(start: 0, end: 0))
    XCTAssertEqual(grouped.groups, [MatchSpan(start: 0, end: 0)])
  }

  func testFullMatch() throws {
    let regex = try Regex2.compile(pattern: "a|ab")
    XCTAssertTrue(regex.fullMatch("ab"))
    XCTAssertFalse(regex.fullMatch("abc"))
    XCTAssertEqual(regex.wholeMatch(in: "ab")?.span, MatchSpan(start: 0, end: 2))
    XCTAssertTrue(try Regex2.compile(pattern: "[a-z]+").fullMatch("abc"))
    XCTAssertFalse(try Regex2.compile(pattern: "[a-z]+").fullMatch("abc1"))
  }

  func testFlags() throws {
    XCTAssertTrue(try Regex2.compile(pattern: "(?i)k").matches("\u{212A}"))  // Kelvin sign folds to k
    XCTAssertTrue(try Regex2.compile(pattern: "(?m)^b$").matches("a\nb\nc"))
    XCTAssertFalse(try Regex2.compile(pattern: "^b$").matches("a\nb\nc"))
    XCTAssertTrue(try Regex2.compile(pattern: "(?s)a.c").matches("a\nc"))
    XCTAssertFalse(try Regex2.compile(pattern: "a.c").matches("a\nc"))
    XCTAssertEqual(try Regex2.compile(pattern: "(?U)a+").firstMatch(in: "aaa")?.span, MatchSpan(start: 0, end: 1))
  }

  func testUnicodeClasses() throws {
    XCTAssertTrue(try Regex2.compile(pattern: #"^\p{Greek}+$"#).matches("αβγ"))
    XCTAssertTrue(try Regex2.compile(pattern: #"^\p{Cyrillic}\p{Han}\pL\pN$"#).matches("ж漢é٣"))
    XCTAssertTrue(try Regex2.compile(pattern: #"^[[:alpha:]]+\d$"#).matches("ab1"))
    XCTAssertFalse(try Regex2.compile(pattern: #"\w"#).matches("é"))  // \w is ASCII in RE2
  }

  func testRE2ErrorMessages() {
    let cases: [(String, String)] = [
      ("(abc", "missing ): (abc"),
      ("abc)", "unexpected ): abc)"),
      ("a(?=b)", "invalid perl operator: (?="),
      ("(?<!a)b", "invalid perl operator: (?<!"),
      (#"(a)\1"#, #"invalid escape sequence: \1"#),
      ("a++", "bad repetition operator: ++"),
      ("a**", "bad repetition operator: **"),
      ("*a", "no argument for repetition operator: *"),
      ("a{1001}", "invalid repetition size: {1001}"),
      ("(a{2}){501}", "invalid repetition size: {501}"),
      ("[abc", "missing ]: [abc"),
      ("[z-a]", "invalid character class range: z-a"),
      ("[[:foo:]]", "invalid character class range: [:foo:]"),
      (#"\p{Foo}"#, #"invalid character class range: \p{Foo}"#),
      ("abc\\", "trailing \\"),
      ("(?P<>a)", "invalid named capture group: (?P<>"),
      (#"\Z"#, #"invalid escape sequence: \Z"#),
    ]
    for (pattern, message) in cases {
      XCTAssertEqual(Regex2.validate(pattern: pattern)?.message, message, pattern)
    }
  }

  func testGitLabPatternSyntax() throws {
    XCTAssertEqual(GitLabPattern("/abc/i")?.re2Source, "(?i)abc")
    XCTAssertEqual(GitLabPattern("/a/b/")?.source, "a/b")
    XCTAssertEqual(GitLabPattern("//")?.source, "")
    XCTAssertNil(GitLabPattern("/abc/x"))
    XCTAssertNil(GitLabPattern("abc"))
    XCTAssertNil(GitLabPattern("/"))
    // Ruby's ^ and $ are line anchors: a later line may hold the pattern.
    XCTAssertEqual(GitLabPattern("junk\n/ok/m")?.re2Source, "(?m)ok")
    XCTAssertNil(GitLabPattern.fabricate("/a(/"))
  }

  /// Linear time: each of these is exponential for a backtracking engine.
  func testPathologicalPatternsStayLinear() throws {
    let size = 100_000
    let a = String(repeating: "a", count: size)
    let x = String(repeating: "x", count: size)
    let cases: [(String, String, Bool)] = [
      ("(a+)+$", a + "!", false),
      ("(a|a)*b", a, false),
      ("(x+x+)+y", x, false),
      ("(a*)*b", a, false),
      ("((a{1,10}){1,10}){1,10}c", a, false),
      ("(a+)+$", a, true),
      ("(?:a|aa)+$", a, true),
      ("(a|a)*$", a, true),
    ]
    for (pattern, input, expected) in cases {
      let started = Date()
      let regex = try Regex2.compile(pattern: pattern)
      XCTAssertEqual(regex.matches(input), expected, pattern)
      XCTAssertEqual(regex.firstMatch(in: input) != nil, expected, pattern)
      let elapsed = Date().timeIntervalSince(started)
      // Debug builds are slow; a backtracking engine would not finish at all.
      XCTAssertLessThan(elapsed, 20, "\(pattern) took \(elapsed) s")
    }
  }
}
