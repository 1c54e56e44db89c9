import Foundation
import Testing

@testable import PubPack

/// Pages published before the pack's release (`embargo: none`, and the landing page of an early
/// build) show no fact of the inspection: the SPEC's embargo rule 2, checked rather than trusted.
@Suite struct EarlyPageTests {
  /// Before the release instant (00:01 on 4 August 2026) only the accessibility page is out.
  static let before = "2026-08-04T00:00"
  static let after = "2026-08-04T00:01"

  static func page(_ body: String) -> [String: String] {
    ["content/accessibility.md": "---\ntitle: Accessibility statement\nkind: page\nembargo: none\n---\n\(body)\n"]
  }

  static func errors(_ build: Build, in pack: TestPack) -> [String] {
    TestPack.errors(build.diagnostics).map { $0.replacingOccurrences(of: pack.root.path + "/", with: "") }
  }

  @Test func aPageWithNoEmbargoMayNotShowTheInspectionsFacts() throws {
    let pack = try TestPack(
      Self.page("We are {{council.name}}.\n\nOverall: **{{judgements.overallEffectiveness.grade}}**.\n{{#findings.strengths}}\n- {{.}}\n{{/findings.strengths}}"))
    // The page's embargo does not depend on the instant: the error is there before and after.
    for instant in [Self.before, Self.after] {
      let (build, _) = pack.buildSite(at: instant)
      let errors = Self.errors(build, in: pack)
      #expect(
        errors.contains(
          "content/accessibility.md:8:12: error: {{judgements.overallEffectiveness.grade}} shows a fact of the inspection, but this page has 'embargo: none' and comes out before the report\n"
            + "  note: a page with 'embargo: none' comes out before the report, so it must say nothing about the inspection\n"
            + "  note: remove the tag, or remove 'embargo: none' to release the page with the pack"),
        "\(errors)")
      #expect(errors.contains { $0.hasPrefix("content/accessibility.md:9:1: error: {{findings.strengths}} shows a fact") }, "\(errors)")
      #expect(errors.count == 2, "{{council.name}} is not about the inspection: \(errors.joined(separator: "\n"))")
    }
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// The page's body is rendered without the facts, so no way of writing a tag reaches them.
  @Test(arguments: [
    "{{=<% %>=}}\nGrade: <%headlineGrade.grade%>",
    "Grade: {{\theadlineGrade.grade}}",
    "{{#reversed(reversed(findings.strengths))}}\n- {{.}}\n{{/reversed(reversed(findings.strengths))}}",
    "{{#council}}{{judgements.overallEffectiveness.grade}}{{/council}}",
  ])
  func noWayOfWritingATagReachesTheFacts(body: String) throws {
    var files = Self.page(body)
    files["content/inspection.yaml"] = TestPack.inspection + "\nfindings:\n  strengths: [STRENGTH-SENTINEL-8R]\n"
    let pack = try TestPack(files)
    let (build, _) = pack.buildSite(at: Self.before)
    let errors = Self.errors(build, in: pack)
    #expect(errors.contains { $0.contains("shows a fact of the inspection, but this page has 'embargo: none'") }, "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// Facts that are public already may be shown: the previous inspection, the statistics.
  @Test func thePreviousInspectionIsNotThisOne() throws {
    var files = Self.page(
      "Last time: {{#previous}}{{judgements.overallEffectiveness.gradeLower}} ({{publicationDate.long}}){{/previous}}.")
    files["content/inspection.yaml"] =
      TestPack.inspection
      + "\nprevious:\n  type: ilacsStandard\n  frameworkVersion: ilacs2018\n  onSiteStart: 2022-01-10\n"
      + "  publicationDate: 2022-03-01\n  judgements:\n    overallEffectiveness: requiresImprovement\n"
    let pack = try TestPack(files)
    let (build, written) = pack.buildSite(at: Self.before)
    #expect(build.succeeded && written.isEmpty, "\(Self.errors(build, in: pack))")
    #expect(
      pack.siteText("accessibility/index.html")?.contains("Last time: requires improvement to be good (1 March 2022).") == true)
  }

  @Test func aDocumentCannotPullInATemplate() throws {
    let pack = try TestPack(Self.page("Our results:\n\n{{>judgements}} and {{ > nosuch}}"))
    let errors = Self.errors(pack.build(at: Self.after), in: pack)
    #expect(
      errors.contains(
        "content/accessibility.md:8:1: error: {{>judgements}} pulls in a template, which a document cannot do\n"
          + "  note: partials and layouts belong in templates/*.mustache; the kind's template can use {{>judgements}} around the document\n"
          + "  note: in the document, write the text, or use data tags (docs/variables.md)"),
      "\(errors)")
    #expect(errors.contains { $0.hasPrefix("content/accessibility.md:8:21: error: {{>nosuch}} pulls in a template") }, "\(errors)")
  }

  @Test func aPageWithTheFactsBuildsOnceItKeepsThePacksEmbargo() throws {
    let pack = try TestPack([
      "content/accessibility.md":
        "---\ntitle: Accessibility statement\nkind: page\n---\nOverall: {{judgements.overallEffectiveness.grade}}.\n"
    ])
    let (build, written) = pack.buildSite(at: Self.after)
    #expect(build.succeeded && written.isEmpty, "\(Self.errors(build, in: pack))")
    #expect(pack.siteText("accessibility/index.html")?.contains("Overall: Good.") == true)
  }

  @Test func aTemplateOfAnEarlyPageGetsNoFactToShow() throws {
    var files = Self.page("We are {{council.name}}.")
    files["templates/index.mustache"] =
      "{{<layout}}{{$main}}<h1>{{site.title}}</h1>\n<p>{{findings.headline}}</p>{{/main}}{{/layout}}"
    files["content/inspection.yaml"] = TestPack.inspection + "\nfindings:\n  headline: HEADLINE-SENTINEL-4Q\n"
    let pack = try TestPack(files)

    // Before the release the landing page is published alone with the accessibility page.
    let (early, _) = pack.buildSite(at: Self.before)
    let errors = Self.errors(early, in: pack)
    #expect(
      errors.contains(
        "templates/index.mustache:2:4: error: {{findings.headline}} shows a fact of the inspection, which is embargoed until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026), on a page this build publishes before then\n"
          + "  note: before the pack's release only the landing page and pages with 'embargo: none' are published, and their templates may not show the inspection's facts\n"
          + "  note: show it in the templates of the inspection's documents (webpage, press-release, council-report) instead"),
      "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site), "nothing is written")

    // From the release instant the facts are public, and the same template shows them.
    let (released, written) = pack.buildSite(at: Self.after)
    #expect(released.succeeded && written.isEmpty, "\(Self.errors(released, in: pack))")
    #expect(pack.siteText("index.html")?.contains("HEADLINE-SENTINEL-4Q") == true)

    // The author's preview shows everything, before the release too.
    #expect(pack.build(at: Self.before, mode: .preview).succeeded)
  }
}
