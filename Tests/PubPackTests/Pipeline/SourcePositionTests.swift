import Foundation
import Testing

@testable import PubPack

/// Errors name the line and column of the file as the author wrote it, even where the data
/// tags changed the lines cmark-gfm counted (a section repeats or drops lines, and its opening
/// and closing tags leave none).
@Suite struct SourcePositionTests {
  static let inspection = TestPack.inspection + """

    findings:
      strengths:
        - Leaders know their services well.
        - Children are seen quickly.
        - Care leavers are supported.
      areasForPriorityAction: []
    """

  /// The webpage's body; its first line is line 6 of the file.
  static func pack(_ body: String, _ more: [String: String] = [:]) throws -> TestPack {
    try TestPack(
      [
        "content/inspection.yaml": inspection,
        "content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\nsummary: What Ofsted found.\n---\n\(body)\n",
      ].merging(more) { _, new in new })
  }

  static func errors(_ build: Build, in pack: TestPack) -> [String] {
    build.diagnostics.map(\.rendered).map { $0.replacingOccurrences(of: pack.root.path + "/", with: "") }
  }

  static let sections = """
    Ofsted found strengths:

    {{#findings.strengths}}
    - {{.}}
    {{/findings.strengths}}

    {{#findings.areasForPriorityAction}}
    - {{.}}
    - again {{.}}
    {{/findings.areasForPriorityAction}}
    {{! a comment alone on its line leaves no line either }}
    """

  @Test func aLinkAfterSectionsIsFoundOnItsOwnLine() throws {
    // Lines 6-16 are the sections above; line 17 is blank.
    let pack = try Self.pack(Self.sections + "\n\nRead [the report](missing-report.md) first.")
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack)
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:18:6: error: the link to 'missing-report.md' names no document") }, "\(errors)")
  }

  @Test func aHeadingAfterSectionsIsFoundOnItsOwnLine() throws {
    let pack = try Self.pack(Self.sections + "\n\n## Next\n\n#### Too deep")
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack)
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:20:1: error: this heading skips from level 2 to level 4") }, "\(errors)")
  }

  @Test func aLinkInsideARepeatedSectionIsReportedOnceAtItsLine() throws {
    let pack = try Self.pack("Strengths:\n\n{{#findings.strengths}}\n- {{.}} ([more](nowhere.md))\n{{/findings.strengths}}\n\nEnd.")
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack).filter { $0.contains("nowhere.md") }
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.hasPrefix("content/webpage.md:9:") == true, "\(errors)")
  }

  @Test func aRepeatedLineWithNoTagIsReportedOnceAtItsLine() throws {
    let pack = try Self.pack("Strengths:\n\n{{#findings.strengths}}\n- See [the report](missing.md)\n{{/findings.strengths}}")
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack).filter { $0.contains("missing.md") }
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.hasPrefix("content/webpage.md:9:7: error:") == true, "\(errors)")
  }

  @Test func aSectionOfSeveralLinesMapsEachItemBackToItsLines() throws {
    let quotes = """

      quotes:
        - speakerName: Alex Lead
          text: We are proud.
        - speakerName: Sam Director
          text: We will do better.
      """
    let pack = try Self.pack(
      "Quotes:\n\n{{#quotes}}\nSaid by [{{speakerName}}](missing.md):\n\n> {{text}}\n\n{{/quotes}}\nEnd.",
      ["content/inspection.yaml": Self.inspection + quotes])
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack).filter { $0.contains("missing.md") }
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.hasPrefix("content/webpage.md:9:9: error:") == true, "\(errors)")
  }

  /// A comment takes a line away and a value of two lines adds one: as many lines, not the same.
  @Test func aCommentAndAValueOfTwoLinesDoNotCancelOut() throws {
    let headline = "\n  headline: |-\n    Children are safe.\n    Leaders know them well.\n"
    let inspection = Self.inspection.replacingOccurrences(of: "\nfindings:\n", with: "\nfindings:" + headline)
    let pack = try Self.pack(
      "Intro.\n{{! written for the launch }}\nSee [the plan](missing.md).\n\nOfsted said: {{findings.headline}}",
      ["content/inspection.yaml": inspection])
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack).filter { $0.contains("missing.md") }
    #expect(errors.first?.hasPrefix("content/webpage.md:8:5: error:") == true, "\(errors)")
  }

  /// A name that misses inside a section is reported there, not where the same name works.
  @Test func aMissInsideASectionIsNotBlamedOnTheSameNameOutside() throws {
    let previous = """

      previous:
        type: ilacsStandard
        frameworkVersion: ilacs2018
        onSiteStart: 2022-01-10
        judgements:
          overallEffectiveness: requiresImprovement
      """
    let pack = try Self.pack(
      "Care leavers: {{judgements.careLeavers.grade}}.\n\nBefore: {{#previous}}{{judgements.careLeavers.grade}}{{/previous}}.",
      ["content/inspection.yaml": Self.inspection + previous])
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack).filter { $0.contains("careLeavers") }
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.hasPrefix("content/webpage.md:8:22: error:") == true, "\(errors)")
  }

  @Test func everyTagThatNamesNothingIsReported() throws {
    let pack = try Self.pack("{{council.name}} and {{bogus}}.\n\nAgain {{bogus}}, and {{council.nmae}}.")
    let errors = Self.errors(pack.build(at: "2026-08-04T00:01"), in: pack)
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:6:22: error: {{bogus}} names nothing") }, "\(errors)")
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:8:7: error: {{bogus}} names nothing") }, "\(errors)")
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:8:22: error: {{council.nmae}} names nothing") }, "\(errors)")
  }

  @Test func aDocumentLinkWithAQueryIsCheckedAndRewritten() throws {
    let press = "---\ntitle: Press release\nkind: press-release\nembargo: 2026-08-04T10:00\n---\n## News\n\nNews.\n"
    let pack = try Self.pack(
      "See [the press release](press-release.md?from=web#news) and [the page](./webpage.md?x=1).",
      ["content/press-release.md": press])
    // Released, the webpage may not link to the withheld press release, query or no query.
    let early = Self.errors(pack.build(at: "2026-08-04T09:00"), in: pack)
    #expect(early.contains { $0.hasPrefix("content/webpage.md:6:5: error: this released document links to 'press-release.md', which is withheld") }, "\(early)")
    // Once both are out, the link goes to the page, with its query and anchor.
    let (build, written) = pack.buildSite(at: "2026-08-04T10:00")
    #expect(build.succeeded && written.isEmpty, "\(Self.errors(build, in: pack))")
    let html = pack.siteText("webpage/index.html") ?? ""
    #expect(html.contains("href=\"../press-release/?from=web#news\""), "\(html)")
    #expect(html.contains("href=\"../webpage/?x=1\""), "\(html)")
  }
}
