import Foundation
import Testing

@testable import PubPack

/// `check`'s rules, one small pack per rule, with the exact findings expected.
///
/// TestPack's inspection: overall good, leaders good, help and protection requires improvement,
/// children in care good, care leavers outstanding; on site 8 to 19 June 2026; released
/// 12:01am on 4 August 2026.
@Suite struct CheckTests {
  static let previous = """

    previous:
      publicationDate: 2023-01-10
      judgements: { overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement, helpAndProtection: requiresImprovement, childrenInCare: inadequate }
    media: { pressOfficeEmail: press@test.example }
    """

  func findings(_ body: String, extra: [String: String] = [:]) throws -> [String] {
    var files = ["content/webpage.md": "---\ntitle: T\nkind: webpage\n---\n\(body)\n"]
    files["content/inspection.yaml"] = TestPack.inspection + Self.previous
    for (k, v) in extra { files[k] = v }
    let pack = try TestPack(files)
    let build = pack.build(at: "2026-08-04T00:01")
    let found = build.diagnostics.map {
      "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.severity.rawValue): \($0.message)"
    }
    return found
  }

  // MARK: Prose against data

  @Test func aWordJoinedToTheCharacterBeforeItIsNotReadAsAWord() throws {
    // U+0600 ARABIC NUMBER SIGN joins the letter after it into one Character; this crashed.
    // The joined "leaders" names no judgement, so "judged" means overall effectiveness.
    #expect(
      try findings("\u{600}leaders were judged outstanding.") == [
        "5:21 error: the grade written here for overall effectiveness is not the one in inspection.yaml (judgements.overallEffectiveness)"
      ])
    #expect(try findings("Leaders were judged \u{600}outstanding.").isEmpty)
  }

  @Test func aWrongGradeNamedWithItsJudgementIsAnError() throws {
    #expect(
      try findings("Help and protection was judged good by inspectors.")
        == [
          "5:32 error: the grade written here for the experiences and progress of children who need help and protection is not the one in inspection.yaml (judgements.helpAndProtection)"
        ])
  }

  @Test func ratedWithoutAJudgementMeansOverallEffectiveness() throws {
    #expect(try findings("Our services have been rated outstanding.") == [
      "5:30 error: the grade written here for overall effectiveness is not the one in inspection.yaml (judgements.overallEffectiveness)"
    ])
  }

  @Test func theLongGradeWordingIsReadWhole() throws {
    #expect(try findings("Care leavers services were judged requires improvement to be good.").count == 1)
    #expect(try findings("Help and protection was judged requires improvement to be good.").isEmpty)
  }

  @Test func aTableRowIsChecked() throws {
    let table = "| Judgement | Grade |\n| --- | --- |\n| Children in care | Outstanding |"
    #expect(try findings(table) == [
      "7:22 error: the grade written here for the experiences and progress of children in care is not the one in inspection.yaml (judgements.childrenInCare)"
    ])
  }

  @Test(arguments: [
    // Real council prose that must not be flagged.
    "Inspectors judged our services to be good overall.",
    "Children in care make good progress and have a good foster carer.",
    "At the last inspection, in 2023, services for children in care were judged inadequate.",
    "Leaders improved the service from requires improvement to good.",
    "The report says “help and protection is good in places” but needs work.",
    "What needs to improve: requires improvement in assessments.",
    "We want every child to have a good start in life.",
    "The {{judgements.helpAndProtection.grade}} grade for help and protection reflects our plan.",
    "Care leavers services were judged outstanding.",
    "Help and protection was judged good by inspectors. {{! check: ignore }}",
  ])
  func realisticProseGivesNoFinding(_ prose: String) throws {
    #expect(try findings(prose) == [])
  }

  @Test func aDateThatIsNotTheInspectionsIsAnError() throws {
    #expect(try findings("Inspectors visited from 8 to 18 June 2026.") == [
      "5:30 error: the date 18 June 2026 is not one of this inspection's dates in inspection.yaml (on site, or published)"
    ])
    #expect(try findings("Inspectors visited from 8 to 19 June 2026.").isEmpty)
    #expect(try findings("The report was published on 10 January 2023 last time.").isEmpty)
    #expect(try findings("The committee meets on 15 September 2026.").isEmpty)
  }

  @Test func aCouncilNameLikeOursButNotOursIsAnError() throws {
    #expect(try findings("Testborugh Council is proud of its staff.") == [
      "5:1 error: 'Testborugh Council' is not the council's name in inspection.yaml ('Testborough Council')"
    ])
    #expect(try findings("Testborough Council and Nearby City Council work together.").isEmpty)
  }

  // MARK: Text that is not ASCII

  /// Columns count characters as the author sees them: an emoji, a curly quote or an accent
  /// written as two code points is one column, however many bytes it takes.
  @Test func columnsCountCharactersNotBytes() throws {
    #expect(try findings("Ofsted’s “report” is out. Help and protection was judged good.") == [
      "5:58 error: the grade written here for the experiences and progress of children who need help and protection is not the one in inspection.yaml (judgements.helpAndProtection)"
    ])
    #expect(try findings("Cafe\u{301} “news”: help and protection was judged good.") == [
      "5:45 error: the grade written here for the experiences and progress of children who need help and protection is not the one in inspection.yaml (judgements.helpAndProtection)"
    ])
    #expect(try findings("👩‍👧 Our care leavers were judged inadequate.") == [
      "5:32 error: the grade written here for the experiences and progress of care leavers is not the one in inspection.yaml (judgements.careLeavers)"
    ])
    #expect(try findings("Inspectors’ visit — from 8 to 18 June 2026, cost £2m.") == [
      "5:31 error: the date 18 June 2026 is not one of this inspection's dates in inspection.yaml (on site, or published)"
    ])
    #expect(try findings("🇬🇧 Testborugh Council’s staff.") == [
      "5:3 error: 'Testborugh Council' is not the council's name in inspection.yaml ('Testborough Council')"
    ])
  }

  /// A combining accent after a grade word makes another word, as Foundation's search reads it.
  @Test func aGradeWordWithACombiningAccentIsAnotherWord() throws {
    #expect(try findings("Help and protection was judged good\u{301} by inspectors.") == [])
  }

  /// Foundation's `whitespaces` include the no-break space: a fence or a quote after one is
  /// still a fence or a quote.
  @Test func aFenceOrQuoteAfterANoBreakSpaceIsStillOne() throws {
    #expect(try findings("\u{A0}```\nHelp and protection was judged good.\n\u{A0}```") == [])
    #expect(try findings("\u{A0}> Help and protection was judged good.") == [])
  }

  // MARK: Links

  @Test func anAnchorThatNamesNoHeadingIsAnError() throws {
    #expect(try findings("## What happens next\n\nSee [below](#what-happens-next) and [x](#nowhere).") == [
      "7:37 error: the anchor '#nowhere' names no heading in this document"
    ])
  }

  @Test func aLinkToADocumentThatComesOutLaterIsAnErrorBeforeRelease() throws {
    let later = ["content/council-report.md": "---\ntitle: R\nkind: council-report\nembargo: 2026-08-04T10:00\n---\n## Recommendations\n"]
    let pack = try TestPack(
      later.merging(["content/webpage.md": "---\ntitle: T\nkind: webpage\n---\nSee [the report](council-report.md#recommendations).\n"]) { a, _ in a })
    let before = pack.build(at: "2026-08-01T09:00")
    #expect(TestPack.errors(before.diagnostics).map { $0.components(separatedBy: "\n")[0].replacingOccurrences(of: pack.root.path + "/", with: "") } == [
      "content/webpage.md:5:5: error: this document links to council-report.md, which comes out later (10am on Tuesday 4 August 2026 (09:00 UTC on Tuesday 4 August 2026)) than this document (12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026))"
    ])
    #expect(pack.build(at: "2026-08-04T10:00").succeeded)
  }

  // MARK: Accessibility of the sources

  @Test func imagesNeedMeaningfulAlternativeText() throws {
    let assets = ["content/assets/chart.png": "PNG"]
    // The page has no `summary:`, so the share-text warning comes too (ShareImageTests).
    let noShareText = "5:1 warning: this page has images but no share text: a shared link to it shows no summary"
    #expect(try findings("![](assets/chart.png)", extra: assets) == [
      "5:1 error: the image assets/chart.png has no alternative text", noShareText,
    ])
    #expect(try findings("![chart.png](assets/chart.png)", extra: assets) == [
      "5:1 error: the alternative text of assets/chart.png is a file name ('chart.png')", noShareText,
    ])
    #expect(try findings("![Bar chart of the five judgements](assets/chart.png)", extra: assets) == [noShareText])
  }

  @Test func headingsStartAtTwoAndDoNotSkip() throws {
    // A body written with '#' is shown one level down (HeadingShiftTests): '#' is h2, never an error.
    #expect(try findings("# Title again\n\n## Fine\n\n#### Skipped") == [
      "9:1 error: this heading skips from level 3 to level 5"
    ])
    #expect(try findings("## Fine\n\n#### Skipped") == [
      "7:1 error: this heading skips from level 2 to level 4"
    ])
  }

  @Test func vagueLinkTextAndBareAddressesAreWarnings() throws {
    #expect(try findings("Read the report [here](https://example.com/r). Or https://example.com/r") == [
      "5:17 warning: the link text 'here' does not say where it goes",
      "5:51 warning: the link text is a bare address",
    ])
  }

  @Test func aTableWithAnEmptyHeaderCellIsAnError() throws {
    #expect(try findings("|  | Grade |\n| --- | --- |\n| Leaders | {{judgements.impactOfLeaders.grade}} |") == [
      "5:1 error: the table has an empty header cell"
    ])
  }

  @Test func boldTextAsAHeadingIsAWarning() throws {
    #expect(try findings("**What happens next**\n\nText.") == [
      "5:1 warning: a paragraph that is only bold or italic text looks like a heading"
    ])
  }

  // MARK: Completeness

  @Test func anUnusedAssetIsAWarning() throws {
    #expect(try findings("Text.", extra: ["content/assets/old.png": "PNG"]) == [
      "1:1 warning: the asset assets/old.png is not used by any document"
    ])
  }

  @Test func inadequateWithoutInterventionIsAWarning() throws {
    let pack = try TestPack([
      "content/inspection.yaml": TestPack.inspection.replacingOccurrences(of: "helpAndProtection: requiresImprovement", with: "helpAndProtection: inadequate")
        + "\nmedia: { pressOfficeEmail: p@x.example }"
    ])
    #expect(pack.build(at: "2026-08-04T00:01").diagnostics.map(\.message) == [
      "'intervention.type' is none: check it against the judgements"
    ])
  }

  /// The sample pack, as shipped, gives no finding at all.
  @Test func theSamplePackIsClean() throws {
    let build = Pipeline.build(
      BuildRequest(
        content: packageRoot.appendingPathComponent("content").path,
        templates: packageRoot.appendingPathComponent("templates").path, at: TestPack.instant("2026-08-04T00:01")))
    #expect(build.succeeded)
    #expect(build.diagnostics.map(\.rendered) == [])
  }
}
