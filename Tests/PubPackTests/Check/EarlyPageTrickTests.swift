import Foundation
import Testing

@testable import PubPack

/// A page with `embargo: none` comes out before the report and may state no outcome, however
/// it is written: in its title or summary, on a line marked to be ignored, in code, or with the
/// word split by a character reference, emphasis, a Mustache comment or an invisible character.
/// Each is refused by the real build before the release, and nothing is written.
@Suite struct EarlyPageTrickTests {
  /// TestPack's inspection is released at 12:01am on 4 August 2026; overall it is good.
  static let before = "2026-08-04T00:00"

  static let stated = "this page has 'embargo: none' and comes out before the report, but it"

  /// The accessibility page with `embargo: none`; its body starts at line 7.
  static func page(title: String = "Accessibility statement", summary: String = "How to use this site", _ body: String)
    -> [String: String]
  {
    [
      "content/accessibility.md":
        "---\ntitle: \(title)\nsummary: \(summary)\nkind: page\nembargo: none\n---\n\(body)\n"
    ]
  }

  /// The build's errors as "line:column message", with their notes; and whether `site/` exists.
  static func refusal(_ files: [String: String]) throws -> (errors: [Diagnostic], wroteSite: Bool) {
    let pack = try TestPack(files)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let (build, _) = pack.buildSite(at: before)
    return (build.diagnostics.filter { $0.severity == .error }, FileManager.default.fileExists(atPath: pack.site))
  }

  static func lines(_ errors: [Diagnostic]) -> [String] {
    errors.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }
  }

  @Test(arguments: [
    ("ignore marker", "Ofsted judged our services good overall. {{! check: ignore }}", 7, 28),
    ("ignore marker alone", "{{! check: ignore }}\nOfsted judged our services good overall.", 8, 28),
    ("code fence", "Our news:\n\n```\nOfsted judged our services good overall.\n```", 10, 28),
    ("tilde fence", "~~~\nOfsted judged our services good overall.\n~~~", 8, 28),
    ("numeric reference", "Ofsted judged our services g&#111;od overall.", 7, 28),
    ("hex reference", "Ofsted judged our services &#x67;&#x6F;od overall.", 7, 28),
    ("emphasis", "Ofsted judged our services **g**ood overall.", 7, 30),
    ("underscore emphasis", "Ofsted judged our services _go_od overall.", 7, 29),
    ("Mustache comment", "Ofsted judged our services go{{! x }}od overall.", 7, 28),
    ("Mustache comment over lines", "Our news:\n\nOfsted judged our services go{{!\nx\n}}od overall.", 9, 28),
    ("HTML comment over lines", "Ofsted judged our services go<!--\n-->od overall.", 7, 28),
    ("soft hyphen", "Ofsted judged our services go\u{AD}od overall.", 7, 28),
    ("soft hyphen reference", "Ofsted judged our services go&shy;od overall.", 7, 28),
    ("zero-width space", "Ofsted judged our services go\u{200B}od overall.", 7, 28),
    ("HTML tag", "Ofsted judged our services g<span></span>ood overall.", 7, 28),
    ("link", "Ofsted judged our services [go](https://www.example.org/)od overall.", 7, 29),
    ("block quote", "> Ofsted judged our services good overall.", 7, 30),
    ("fullwidth letters", "Ofsted judged our services \u{FF47}\u{FF4F}\u{FF4F}\u{FF44} overall.", 7, 28),
    ("Greek omicrons", "Ofsted judged our services g\u{3BF}\u{3BF}d overall.", 7, 28),
    ("Cyrillic o", "Ofsted judged our services g\u{43E}\u{43E}d overall.", 7, 28),
    ("mathematical bold", "Ofsted judged our services \u{1D420}\u{1D428}\u{1D428}\u{1D41D} overall.", 7, 28),
  ])
  func aSplitOrHiddenOutcomeInTheBodyIsRefusedAtItsLine(trick: String, body: String, line: Int, column: Int) throws {
    let (errors, wroteSite) = try Self.refusal(Self.page(body))
    #expect(
      Self.lines(errors) == ["\(line):\(column) \(Self.stated) states a grade for overall effectiveness in words"],
      "\(trick): \(Self.lines(errors))")
    #expect(!wroteSite, "\(trick): nothing is written")
    if trick.hasPrefix("ignore marker") {
      #expect(
        errors.first?.notes.contains(
          "{{! check: ignore }} does not apply here: a page with 'embargo: none' may not state the inspection's outcome at all"
        )
          == true, "\(errors.first?.notes ?? [])")
    }
  }

  @Test(arguments: [
    ("title", "Ofsted judged our services good overall", "How to use this site", 2),
    ("title with a reference", "Ofsted judged our services g&#111;od overall", "How to use this site", 2),
    ("summary", "Accessibility statement", "Ofsted judged our services good overall.", 3),
    ("summary with emphasis", "Accessibility statement", "'Ofsted judged our services **go**od overall.'", 3),
    ("title in fullwidth letters", "Ofsted rated our services \u{FF47}\u{FF4F}\u{FF4F}\u{FF44}", "How to use this site", 2),
    ("title with Greek omicrons", "Ofsted rated our services g\u{3BF}\u{3BF}d", "How to use this site", 2),
  ])
  func anOutcomeInTheTitleOrSummaryIsRefusedAtItsField(trick: String, title: String, summary: String, line: Int) throws
  {
    let (errors, wroteSite) = try Self.refusal(
      Self.page(title: title, summary: summary, "We want as many people as possible to use this website."))
    let key = trick.hasPrefix("title") ? "title" : "summary"
    #expect(
      Self.lines(errors) == [
        "\(line):1 this page has 'embargo: none' and comes out before the report, but its \(key) states a grade for overall effectiveness in words"
      ], "\(trick): \(Self.lines(errors))")
    #expect(errors.first?.notes.contains { $0.hasPrefix("the \(key) shows on the landing page") } == true)
    #expect(!wroteSite, "\(trick): nothing is written")
  }

  /// A sentence of the report's findings, split by markup, is the report's findings still.
  @Test func aSplitSentenceOfTheFindingsIsRefused() throws {
    var files = Self.page("Care leavers are helped by personal advisers who know them very w&#101;ll.")
    files["content/inspection.yaml"] =
      TestPack.inspection
      + "\nfindings:\n  strengths:\n    - Care leavers are helped by personal advisers who know them very well.\n"
    let (errors, wroteSite) = try Self.refusal(files)
    #expect(
      Self.lines(errors) == ["7:1 \(Self.stated) states the report's findings"], "\(Self.lines(errors))")
    #expect(!wroteSite)
  }

  /// Pages that say nothing of the outcome build, markup and all: the tricks' reading finds no
  /// grade where a reader sees none.
  @Test(arguments: [
    (
      "Accessibility statement", "How accessible this website is",
      """
      This website is run by the council. We want as many people as possible to be able to use it.

      - zoom in up to 300% without the text spilling off the screen
      - navigate most of the website using just a **keyboard** {{! check: ignore }}

      This website is *partially compliant* with the [Web Content Accessibility Guidelines version 2.1](https://www.w3.org/TR/WCAG21/) AA standard.
      We&rsquo;re always looking to improve: email <accessibility@test.example>.

      > If you find a problem, tell us &mdash; we aim to reply within 5 working days.

      ```
      Last reviewed: 1 July 2026
      ```
      """
    ),
    (
      "Contact us", "How to reach the council",
      """
      Call 01234 567890 (Monday&#8211;Friday, 9am to 5pm) or email <contact@test.example>.

      Become a foster carer: we give **good** support and go&shy;od training.

      At our last inspection, in 2019, we were rated _outstanding_.
      """
    ),
  ])
  func aPageWithoutTheOutcomeStillBuilds(title: String, summary: String, body: String) throws {
    var files = Self.page(title: title, summary: summary, body)
    files["content/inspection.yaml"] =
      TestPack.inspection
      + "\nprevious:\n  publicationDate: 2019-11-06\n  frameworkVersion: ilacs2018\n  judgements: { overallEffectiveness: outstanding }\n"
    let pack = try TestPack(files)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let (build, written) = pack.buildSite(at: Self.before)
    #expect(build.succeeded && written.isEmpty, "\(Self.lines(build.diagnostics.filter { $0.severity == .error }))")
    #expect(pack.siteText("accessibility/index.html") != nil)
  }

  /// Reading as a reader sees it stays linear: a line of many '<', '{{' and '&' that close
  /// nothing, and a long page of marked-up text, are each read in under a second in a debug
  /// build (5 s allowed; a reading quadratic in the line would take minutes).
  @Test func markupThatClosesNothingIsReadOnce() throws {
    let long = String(repeating: "<a {{ &x ](", count: 20_000)
    let page = String(
      repeating: "Our **carers** do a g&#114;eat job, with [help](https://www.example.org/).\n\n", count: 2_000)
    let pack = try TestPack(Self.page("Nothing to see."))
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let checker = ProseChecker(inspection: try #require(pack.build(at: Self.before).pack).inspection)
    for body in [long, page] {
      let start = ContinuousClock.now
      _ = checker.check(
        Document(
          path: "content/a.md", fileName: "a.md", title: "A", kind: .page, slug: "a", summary: nil, embargo: .none,
          isDraft: false, exemptParagraphs: nil, fields: [:], body: .text(body), bodyLineOffset: 5),
        body: body, isEarly: true)
      let elapsed = ContinuousClock.now - start
      #expect(elapsed < .seconds(5), "\(elapsed)")
    }
  }

  /// `pubpack build --at` before the release refuses an outcome in the title, and writes nothing.
  @Test func theCommandRefusesAnOutcomeInTheTitle() throws {
    let pack = try TestPack(Self.page(title: "Ofsted judged our services go&#111;d overall", "Nothing to see."))
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let result = try runPubpack(["build", "--at", Self.before], in: pack.root)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(
      result.stderr.contains(
        "content/accessibility.md:2:1: error: this page has 'embargo: none' and comes out before the report, but its title states"
      ),
      "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }
}
