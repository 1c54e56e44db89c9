import Foundation
import Testing

@testable import PubPack

/// What each document's page holds, as councils publish it.
@Suite struct DocumentTemplateTests {
  static let sample = DocumentsFixture.build()

  static func page(_ slug: String, in build: Build = sample) -> String {
    DocumentsFixture.text(build, slug == "" ? "index.html" : "\(slug)/index.html")
  }

  static func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test func everyJudgementRowHasAChangeCellWhenThereWasAPreviousInspection() {
    let html = Self.page("ofsted-inspection")
    let table =
      html.components(separatedBy: "<table class=\"judgements\">").last?.components(separatedBy: "</table>")
      .first ?? ""
    let rows = table.components(separatedBy: "<tr>").dropFirst()
    #expect(rows.count == 6)
    for row in rows { #expect(Self.count("<td", in: row) + Self.count("<th", in: row) == 3, "\(row)") }
    #expect(table.contains("<td class=\"judgements__change\">not judged at the previous inspection</td>"))
  }

  @Test func withoutAPreviousInspectionTheTableHasNoChangeColumn() throws {
    let inspection = try String(contentsOfFile: DocumentsFixture.sampleContent + "/inspection.yaml", encoding: .utf8)
    let withoutPrevious = inspection.replacingOccurrences(
      of: #"previous:[\s\S]*?(?=\nfindings:)"#, with: "", options: .regularExpression)
    let pack = try DocumentsFixture.samplePack(
      replacing: [
        "inspection.yaml": withoutPrevious,
        "webpage.md": "---\ntitle: Our inspection\nkind: webpage\nslug: ofsted-inspection\n---\nText.\n",
        "press-release.md": DocumentsFixture.plainPressRelease,
        "council-report.md": DocumentsFixture.minimalCouncilReport,
      ], label: "no-previous")
    let build = DocumentsFixture.build(content: pack.content, templates: pack.templates)
    if !build.succeeded { Issue.record("\(build.diagnostics.map(\.rendered))") }
    let html = Self.page("ofsted-inspection", in: build)
    #expect(
      html.contains(
        "<th scope=\"row\">Overall effectiveness</th><td><strong class=\"grade grade--good\">Good</strong></td></tr>"))
    #expect(!html.contains("Change since"))
  }

  @Test func thePageStartsAtOneH1AndHasASkipLinkToMain() {
    for slug in ["", "ofsted-inspection", "press-release", "council-report", "accessibility"] {
      let html = Self.page(slug)
      #expect(Self.count("<h1", in: html) == 1, "\(slug)")
      #expect(html.contains("<a class=\"skip-link\" href=\"#main-content\">Skip to main content</a>"))
      #expect(html.contains("<main id=\"main-content\""))
      #expect(!html.contains("<script src") && !html.contains("<script>"), "no JavaScript in \(slug)")
      // Every page links to the accessibility statement.
      #expect(html.contains("accessibility/\">Accessibility statement</a>") || slug == "accessibility")
    }
  }

  @Test func gradesAreWrittenOutNotOnlyColoured() {
    let html = Self.page("ofsted-inspection")
    #expect(
      html.contains("<strong class=\"grade grade--requiresImprovement\">Requires improvement to be good</strong>"))
    #expect(html.contains("<p class=\"outcome__grade\">Good</p>"))
  }

  @Test func metadataHasTitleDescriptionCanonicalAndOpenGraph() {
    let html = Self.page("press-release")
    let url = "https://www.fernleigh.example/ofsted-2026/press-release/"
    #expect(html.contains("<link rel=\"canonical\" href=\"\(url)\">"))
    #expect(html.contains("<meta property=\"og:url\" content=\"\(url)\">"))
    #expect(html.contains("<meta name=\"description\" content=\"Inspectors praise"))
    #expect(html.contains("<meta property=\"og:type\" content=\"article\">"))
    #expect(Self.page("").contains("<meta property=\"og:type\" content=\"website\">"))
    #expect(!html.contains("noindex"))
    #expect(
      DocumentsFixture.text(
        DocumentsFixture.build(at: DocumentsFixture.weekBefore, mode: .preview), "press-release/index.html"
      )
      .contains("<meta name=\"robots\" content=\"noindex\">"))
  }

  static func structuredData(_ html: String) throws -> [String: Any] {
    let json = try #require(
      html.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().first?
        .components(separatedBy: "</script>").first)
    return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  }

  @Test func structuredDataIsValidJSONOfTheRightSchemaOrgType() throws {
    let press = try Self.structuredData(Self.page("press-release"))
    #expect(press["@type"] as? String == "NewsArticle")
    #expect(
      press["headline"] as? String
        == "Ofsted rates Fernleigh children's services good, with outstanding support for care leavers")
    #expect(press["datePublished"] as? String == "2026-08-03T23:01:00Z")
    let webpage = try Self.structuredData(Self.page("ofsted-inspection"))
    #expect(webpage["@type"] as? String == "WebPage")
    #expect((webpage["about"] as? [String: Any])?["@type"] as? String == "GovernmentService")
    #expect(try Self.structuredData(Self.page("council-report"))["@type"] as? String == "Report")
    let landing = try Self.structuredData(Self.page(""))
    #expect((landing["hasPart"] as? [[String: Any]])?.count == 4)
  }

  @Test func jsonValuesCannotCloseTheScriptElement() {
    let escaped = JSONContentType().escapeText("</script><b>\"A\" & \\ \n")
    #expect(escaped == #"\u003c/script\u003e\u003cb\u003e\"A\" \u0026 \\ \n"#)
  }

  @Test func thePressReleaseHasDateLineQuotesEndsNotesAndContactButNoEmbargoLine() {
    let html = Self.page("press-release")
    #expect(html.contains("<p class=\"dateline\"><time datetime=\"2026-08-03T23:01:00Z\">4 August 2026</time></p>"))
    #expect(
      html.contains(
        "<span class=\"quote__speaker\">Councillor Amira Holt</span>, Cabinet Member for Children and Families"))
    #expect(html.contains("<p class=\"ends\"><strong>ENDS</strong></p>"))
    #expect(html.contains("<h2 id=\"notes-to-editors\">Notes to editors</h2>"))
    #expect(html.contains("<li>The experiences and progress of care leavers: Outstanding</li>"))
    #expect(html.contains("<li>Overall effectiveness: Good (previously Requires improvement to be good)</li>"))
    #expect(html.contains("Out of hours: 01632 960001."))
    #expect(!html.localizedCaseInsensitiveContains("embargo"))
  }

  @Test func theCouncilReportHasItsFrontSheetRecommendationsAndBackgroundPapers() {
    let html = Self.page("council-report")
    #expect(
      html.contains(
        "<div><dt>Date of meeting</dt><dd><time datetime=\"2026-09-15\">Tuesday 15 September 2026</time></dd></div>"))
    #expect(html.contains("<div><dt>Key decision</dt><dd>No</dd></div>"))
    #expect(html.contains("<div><dt>Classification</dt><dd>Public</dd></div>"))
    #expect(html.contains("<h2 id=\"recommendations\">Recommendations</h2>\n<ol>\n<li>That the committee notes"))
    #expect(
      html.contains(
        "<li>Appendix 1: <a href=\"https://reports.ofsted.gov.uk/provider/44/999999\">Ofsted&#39;s inspection report</a></li>"
      ))
    #expect(html.contains("<li>Appendix 2: Draft action plan (to follow)</li>"))
    #expect(html.contains("<h2 id=\"background-papers\">Background papers</h2>"))
  }

  @Test func councilReportSectionsAndParagraphsAreNumberedAsCouncilsDo() {
    let html = Self.page("council-report")
    #expect(
      html.contains(
        "<h2 id=\"purpose-of-the-report\"><span class=\"section-number\">1.</span> Purpose of the report</h2>"))
    #expect(html.contains("<p><span class=\"paragraph-number\">1.1</span> To inform the committee"))
    #expect(html.contains("<p><span class=\"paragraph-number\">1.2</span> The public summary"))
    #expect(html.contains("<p><span class=\"paragraph-number\">2.1</span> Ofsted inspects"))
    // Lists, quotations and table cells are not paragraphs of the report.
    #expect(!html.contains("<li><span class=\"paragraph-number\""))
  }

  @Test func numberingSkipsListsQuotesAndHandNumberedReports() {
    let numbered = ParagraphNumbers.apply(
      to:
        "<p>Intro</p>\n<h2 id=\"a\">A</h2>\n<p>One</p>\n<ul>\n<li>\n<p>item</p>\n</li>\n</ul>\n<blockquote>\n<p>quote</p>\n</blockquote>\n<p>Two</p>\n"
    )
    #expect(
      numbered
        == "<p>Intro</p>\n<h2 id=\"a\"><span class=\"section-number\">1.</span> A</h2>\n<p><span class=\"paragraph-number\">1.1</span> One</p>\n<ul>\n<li>\n<p>item</p>\n</li>\n</ul>\n<blockquote>\n<p>quote</p>\n</blockquote>\n<p><span class=\"paragraph-number\">1.2</span> Two</p>\n"
    )
    let byHand = "<h2 id=\"1-purpose\">1. Purpose</h2>\n<p>1.1 To inform</p>\n"
    #expect(ParagraphNumbers.apply(to: byHand) == byHand)
  }

  @Test func frontSheetFieldsTakeTheShapesTheTemplateNames() {
    let shaped = FrontSheet.shape([
      "meetingDate": .string("next Tuesday"), "keyDecision": .string("yes"), "contactOfficer": .string("Alex Officer"),
      "wardsAffected": .list([.string("North"), .string("South")]), "appendices": .list([.string("The report")]),
    ])
    #expect(shaped["meetingDate"]?["long"] == .string("next Tuesday"))
    #expect(shaped["meetingDate"]?["iso"] == .null)
    #expect(shaped["keyDecision"] == .string("Yes"))
    #expect(shaped["contactOfficer"]?["name"] == .string("Alex Officer"))
    #expect(shaped["contactOfficer"]?["email"] == .null)
    #expect(shaped["wardsAffected"] == .string("North, South"))
    #expect(
      shaped["appendices"] == .list([.map(["title": .string("The report"), "url": .null, "number": .string("1")])]))
    #expect(shaped["hasBackgroundPapers"] == .bool(false))
    #expect(shaped["isNumbered"] == .bool(true))
    let empty = FrontSheet.shape([
      "meetingDate": .null, "contactOfficer": .null, "keyDecision": .null, "appendices": .null,
    ])
    #expect(empty["meetingDate"] == .null && empty["contactOfficer"] == .null && empty["keyDecision"] == .null)
    #expect(empty["appendices"] == .list([]) && empty["hasAppendices"] == .bool(false))
  }

  @Test func aCouncilReportWithOnlyATitleHasAPublicFrontSheetAndNoEmptyRows() throws {
    let pack = try DocumentsFixture.samplePack(
      replacing: ["council-report.md": "---\ntitle: Outcome\nkind: council-report\n---\nText.\n"], label: "bare-report")
    let html = Self.page("council-report", in: DocumentsFixture.build(content: pack.content, templates: pack.templates))
    let sheet = html.components(separatedBy: "<dl class=\"front-sheet\">").last?.components(separatedBy: "</dl>").first
    #expect(sheet == "\n<div><dt>Classification</dt><dd>Public</dd></div>\n")
    #expect(!html.contains("Recommendations") && !html.contains("Appendices"))
    #expect(html.contains("<h2 id=\"background-papers\">Background papers</h2>\n<p>None.</p>"))
  }

  @Test func theLandingPageListsReleasedDocumentsWithSummariesAndNoInspectionFacts() {
    let before = Self.page("", in: DocumentsFixture.build(at: DocumentsFixture.weekBefore))
    for secret in ["Good", "good", "care leavers", "Requires improvement", "press-release", "council-report"] {
      #expect(!before.contains(secret), "the landing page before release mentions '\(secret)'")
    }
    let after = Self.page("")
    #expect(Self.count("<li class=\"document-list__item\">", in: after) == 4)
    #expect(Self.count("<li class=\"document-list__item\">", in: before) == 1)
    #expect(after.contains("<p>Report to the Children and Young People Scrutiny Committee"))
  }
}
