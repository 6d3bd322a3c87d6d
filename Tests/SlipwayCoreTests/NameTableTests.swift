import Testing

@testable import SlipwayCore

@Suite struct NameTableTests {
  let keywords = ["script", "stage", "services", "secrets", "before_script", "s", ""]

  @Test func findsEveryNameAtItsPosition() {
    let table = NameTable(keywords)
    for (index, name) in keywords.enumerated() { #expect(table.index(of: name) == index) }
  }

  @Test func rejectsNamesThatShareLengthAndFirstByte() {
    let table = NameTable(keywords)
    // Same bucket as "script" / "stage" / "secrets", different text.
    for name in ["scrips", "stagE", "secretz", "Script", "scripts", "x", "before_scripT"] { #expect(table.index(of: name) == nil) }
  }

  @Test func namesOf32BytesOrMoreAreNeverFound() {
    let long = String(repeating: "a", count: 40)
    let table = NameTable([long, "a"])
    #expect(table.index(of: long) == nil)
    #expect(table.index(of: "a") == 1)
  }

  @Test func nonASCIINamesUseTheirBytes() {
    let table = NameTable(["é", "e"])
    #expect(table.index(of: "é") == 0)
    #expect(table.index(of: "e") == 1)
    #expect(table.index(of: "ê") == nil)
  }
}
