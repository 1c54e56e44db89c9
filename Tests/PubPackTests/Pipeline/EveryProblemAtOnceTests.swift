import Foundation
import Testing

@testable import PubPack

/// One run of `check` or `build` reports every problem in every document, whatever else is
/// wrong, in document order and each at its line; and a build with any error writes nothing.
@Suite struct EveryProblemAtOnceTests {
  static let report = """
    source: { file: testborough.pdf, pages: 12 }
    judgements:
      overallEffectiveness: good
      impactOfLeaders: good
      helpAndProtection: requiresImprovement
      childrenInCare: good
      careLeavers: outstanding
    findings:
      headline: "Children in Testborough are well supported by social workers who know them well."
    """

  static let inspection = TestPack.inspection + """

    findings:
      headline: Children in Testborough are not supported well enough.
    media: { pressOfficeEmail: press@test.example }
    """

  /// Three documents, each with problems of several kinds, and a fourth that cannot be read.
  static let files: [String: String] = [
    "content/report.yaml": report,
    "content/inspection.yaml": inspection,
    // A misspelt link and a misspelt tag (render), a wrong grade (prose), a link to a document
    // that cannot be read (no extra error: that document has its own).
    "content/webpage.md": """
      ---
      title: Our inspection
      kind: webpage
      ---
      Read [the council report](council-reprot.md) and [the leaflet](leaflet.md).

      Help and protection was judged good.

      Written by {{council.nmae}}.
      """,
    // A broken anchor (link check), an image with no alternative text (accessibility), a
    // placeholder, and a wrong grade.
    "content/council-report.md": """
      ---
      title: Ofsted inspection of children's services
      kind: council-report
      ---
      ## Purpose

      See [the findings](#findings).

      ![](assets/chart.png)

      The report goes to TYPE the committee.

      Care leavers services were judged good.
      """,
    // A Mustache syntax error stops the body rendering; its prose is still read.
    "content/press-release.md": """
      ---
      title: Council welcomes Ofsted report
      kind: press-release
      ---
      {{#quotes}}

      Our services for children in care were judged outstanding.
      """,
    "content/leaflet.md": "---\ntitle: Leaflet\nkind: leaflet\n---\nText.\n",
    "content/assets/chart.png": "png",
    "templates/page.mustache": "{{<layout}}{{$main}}<h1>{{page.titel}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
  ]

  static func shown(_ diagnostics: [Diagnostic], root: String) -> [String] {
    diagnostics.sortedForDisplay().filter { $0.severity == .error }.map {
      "\($0.location.map { "\($0.path.replacingOccurrences(of: root + "/", with: "")):\($0.line):\($0.column)" } ?? "-") \($0.message)"
    }
  }

  @Test func checkReportsEveryKindOfProblemInEveryDocumentInOneRun() throws {
    let pack = try TestPack(Self.files)
    let build = pack.build(at: "2026-08-04T00:01")
    let errors = Self.shown(build.diagnostics, root: pack.root.path)
    let expected = [
      "content/council-report.md:7:5 the anchor '#findings' names no heading in this document",
      "content/council-report.md:9:1 the image assets/chart.png has no alternative text",
      "content/council-report.md:11:20 a placeholder (TYPE) is left in the text of council-report.md, which this build releases",
      "content/council-report.md:13:35 the grade written here for the experiences and progress of care leavers is not the one in inspection.yaml (judgements.careLeavers)",
      // The headline that disagrees with the report is reported where inspection.yaml has it.
      "content/inspection.yaml:18:13 findings.headline: ",
      "content/leaflet.md:3:7 'leaflet' is not a valid kind",
      "content/press-release.md:7:47 the grade written here for the experiences and progress of children in care is not the one in inspection.yaml (judgements.childrenInCare)",
      // An unclosed section is found where the text ends.
      "content/press-release.md:7:59 Mustache: a section is opened but never closed",
      "content/webpage.md:5:6 the link to 'council-reprot.md' names no document in the pack",
      "content/webpage.md:7:32 the grade written here for the experiences and progress of children who need help and protection is not the one in inspection.yaml (judgements.helpAndProtection)",
      "content/webpage.md:9:12 {{council.nmae}} names nothing",
    ]
    #expect(errors.count == expected.count, "\(errors.joined(separator: "\n"))")
    for (error, prefix) in zip(errors, expected) {
      #expect(error.hasPrefix(prefix), "\(error) should start \(prefix)")
    }
    #expect(!errors.contains { $0.contains("leaflet.md' names no document") }, "a document that cannot be read has one error")
    #expect(build.files.isEmpty, "a failed build has nothing to write")
  }

  @Test func buildReportsTheSameAndWritesNothing() throws {
    let pack = try TestPack(Self.files)
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(!build.succeeded)
    #expect(Self.shown(diagnostics, root: pack.root.path).count == 11)
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  @Test func theCheckCommandPrintsThemAllInDocumentOrderAndFails() throws {
    let pack = try TestPack(Self.files)
    let check = try runPubpack(["check", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(check.status == 1)
    let located = check.stderr.split(separator: "\n").filter { $0.hasPrefix("content/") && $0.contains(": error: ") }
      .map { $0.split(separator: ":").prefix(3).joined(separator: ":") }
    #expect(
      located == [
        "content/council-report.md:7:5", "content/council-report.md:9:1", "content/council-report.md:11:20",
        "content/council-report.md:13:35", "content/inspection.yaml:18:13", "content/leaflet.md:3:7",
        "content/press-release.md:7:47", "content/press-release.md:7:59", "content/webpage.md:5:6", "content/webpage.md:7:32",
        "content/webpage.md:9:12",
      ], "\(check.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  @Test func aTemplateThatNamesNothingIsReportedWithTheDocumentsProblems() throws {
    var files = Self.files
    files["content/leaflet.md"] = "---\ntitle: Leaflet\nkind: page\n---\nText.\n"
    let pack = try TestPack(files)
    let build = pack.build(at: "2026-08-04T00:01")
    let errors = Self.shown(build.diagnostics, root: pack.root.path)
    #expect(errors.contains { $0.hasPrefix("templates/page.mustache:1:25 {{page.titel}} names nothing") }, "\(errors)")
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:9:12 {{council.nmae}} names nothing") })
    #expect(build.files.isEmpty)
  }

  @Test func theSamePackCorrectedBuilds() throws {
    var files = Self.files
    files["content/report.yaml"] = Self.report.replacingOccurrences(
      of: "Children in Testborough are well supported by social workers who know them well.",
      with: "Children in Testborough are not supported well enough.")
    files["content/webpage.md"] = """
      ---
      title: Our inspection
      kind: webpage
      ---
      Read [the council report](council-report.md) and [the leaflet](leaflet.md).

      Help and protection was judged {{judgements.helpAndProtection.gradeLower}}.

      Written by {{council.name}}.
      """
    files["content/council-report.md"] = """
      ---
      title: Ofsted inspection of children's services
      kind: council-report
      ---
      ## Purpose

      See [the findings](#findings).

      ![Bar chart of the five judgements](assets/chart.png)

      The report goes to the Children and Young People Scrutiny Committee.

      ## Findings

      Care leavers services were judged outstanding.
      """
    files["content/press-release.md"] = """
      ---
      title: Council welcomes Ofsted report
      kind: press-release
      ---
      Our services for children in care were judged good.
      """
    files["content/leaflet.md"] = "---\ntitle: Leaflet\nkind: page\n---\nText.\n"
    files["templates/page.mustache"] = "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}"
    let pack = try TestPack(files)
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(Self.shown(diagnostics, root: pack.root.path))")
    #expect(pack.siteText("council-report/index.html")?.contains("<h2 id=\"findings\">") == true)
  }
}
