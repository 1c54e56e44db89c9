import Foundation
import Testing

@testable import PubPack

/// Every bad input gives a located, actionable error, and nothing is written.
@Suite struct BadInputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [String: String]
    /// The start of the rendered error: `path:line:column: error: message` with the path
    /// relative to the test pack.
    var expected: String
    var removing: [String] = []
    var testDescription: String { name }
  }

  static func inspection(_ replace: String, with: String) -> [String: String] {
    ["content/inspection.yaml": TestPack.inspection.replacingOccurrences(of: replace, with: with)]
  }

  static func page(_ front: String, _ body: String = "Text") -> [String: String] {
    ["content/webpage.md": "---\n\(front)\n---\n\(body)\n"]
  }

  static let cases: [Case] = [
    Case(name: "malformed YAML", files: inspection("  name: Testborough Council", with: "  name: [Testborough"),
      expected: "content/inspection.yaml:3:13: error: invalid YAML"),
    Case(name: "unknown key with did-you-mean", files: inspection("  ofstedName:", with: "  ofstedNmae:"),
      expected: "content/inspection.yaml:3:3: error: unknown key 'ofstedNmae' in 'council'\n  note: did you mean 'ofstedName'?"),
    Case(name: "grade not one of the four", files: inspection("careLeavers: outstanding", with: "careLeavers: excellent"),
      expected: "content/inspection.yaml:16:16: error: judgements.careLeavers is not an Ofsted grade as written"),
    Case(name: "judgement missing", files: inspection("\n  careLeavers: outstanding", with: ""),
      expected: "content/inspection.yaml:12:3: error: the judgement 'careLeavers' (The experiences and progress of care leavers) is missing"),
    Case(name: "judgement against the framework",
      files: inspection("frameworkVersion: ilacs2023", with: "frameworkVersion: ilacs2018"),
      expected: "content/inspection.yaml:16:3: error: the judgement 'careLeavers' does not belong to this inspection (ilacsStandard, ilacs2018)"),
    Case(name: "overall effectiveness under ilacs2026",
      files: inspection("frameworkVersion: ilacs2023", with: "frameworkVersion: ilacs2026"),
      expected: "content/inspection.yaml:12:3: error: the judgement 'overallEffectiveness' does not belong"),
    Case(name: "date that does not parse", files: inspection("onSiteStart: 2026-06-08", with: "onSiteStart: 8 June 2026"),
      expected: "content/inspection.yaml:7:16: error: '8 June 2026' is not a valid date for 'inspection.onSiteStart'"),
    Case(name: "instant that does not parse", files: inspection("liftsAt: 2026-08-04T00:01", with: "liftsAt: soon"),
      expected: "content/inspection.yaml:10:12: error: embargo.liftsAt: 'soon' is not a date and time"),
    Case(name: "date without a time", files: inspection("liftsAt: 2026-08-04T00:01", with: "liftsAt: 2026-08-04"),
      expected: "content/inspection.yaml:10:12: error: embargo.liftsAt: '2026-08-04' is a date with no time"),
    Case(name: "instant in the spring gap", files: inspection("liftsAt: 2026-08-04T00:01", with: "liftsAt: 2027-03-28T01:30"),
      expected: "content/inspection.yaml:10:12: error: embargo.liftsAt: '2027-03-28T01:30' does not exist in London"),
    Case(name: "instant in the autumn overlap", files: inspection("liftsAt: 2026-08-04T00:01", with: "liftsAt: 2026-10-25T01:30"),
      expected: "content/inspection.yaml:10:12: error: embargo.liftsAt: '2026-10-25T01:30' happens twice in London"),
    Case(name: "on-site end before start", files: inspection("onSiteEnd: 2026-06-19", with: "onSiteEnd: 2026-06-01"),
      expected: "content/inspection.yaml:8:14: error: the on-site end (1 June 2026) is before the on-site start (8 June 2026)"),
    Case(name: "release before the inspection ended", files: inspection("liftsAt: 2026-08-04T00:01", with: "liftsAt: 2026-06-10T00:01"),
      expected: "content/inspection.yaml:10:12: error: the release instant, 12:01am on Wednesday 10 June 2026 (23:01 UTC on Tuesday 9 June 2026), is not after the on-site end"),
    Case(name: "document without a title", files: page("kind: webpage"),
      expected: "content/webpage.md:2:1: error: 'title' is required"),
    Case(name: "unknown kind", files: page("title: T\nkind: news"),
      expected: "content/webpage.md:3:7: error: 'news' is not a valid kind"),
    Case(name: "slug with a slash", files: page("title: T\nkind: webpage\nslug: ../etc"),
      expected: "content/webpage.md:4:7: error: the slug '../etc' may contain only letters, digits and '-'"),
    Case(name: "two documents with the same slug",
      files: ["content/other.md": "---\ntitle: Other\nkind: page\nslug: webpage\nembargo: none\n---\nx\n"],
      expected: "content/webpage.md:1:1: error: the slug 'webpage' is already used by"),
    Case(name: "Mustache tag naming nothing", files: page("title: T\nkind: webpage", "Line one\nThe {{council.nmae}} said"),
      expected: "content/webpage.md:6:5: error: {{council.nmae}} names nothing\n  note: did you mean {{council.name}}?"),
    Case(name: "unknown first name", files: page("title: T\nkind: webpage", "x\nA {{councill.name}}"),
      expected: "content/webpage.md:6:3: error: {{councill.name}} names nothing\n  note: did you mean {{council}}?"),
    Case(name: "a tag naming a group of values, not one", files: page("title: T\nkind: webpage", "Released {{embargo.liftsAt}}."),
      expected: "content/webpage.md:5:10: error: {{embargo.liftsAt}} is a group of values, not one value to show\n  note: name one of its values, e.g. {{embargo.liftsAt.date}}"),
    Case(name: "unbalanced section", files: page("title: T\nkind: webpage", "ok\n{{#findings.strengths}}\n- x"),
      expected: "content/webpage.md:8:1: error: Mustache: a section is opened but never closed"),
    Case(name: "link to a missing document", files: page("title: T\nkind: webpage", "See [the report](council-reprot.md)."),
      expected: "content/webpage.md:5:5: error: the link to 'council-reprot.md' names no document in the pack"),
    Case(name: "missing template",
      files: ["content/report.md": "---\ntitle: R\nkind: council-report\n---\nx\n"],
      expected: "error: the template", removing: ["templates/council-report.mustache"]),
    Case(name: "embargo earlier than the pack's", files: page("title: T\nkind: webpage\nembargo: 2026-08-03T09:00"),
      expected: "content/webpage.md:4:1: error: the document's embargo (9am on Monday 3 August 2026 (08:00 UTC on Monday 3 August 2026)) is earlier than the pack's release instant"),
    Case(name: "embargo none on an inspection document", files: page("title: T\nkind: press-release\nembargo: none"),
      expected: "content/webpage.md:4:1: error: 'embargo: none' is not allowed on a press-release"),
    Case(name: "exempt without paragraphs", files: page("title: T\nkind: council-report\nexempt: {}"),
      expected: "content/webpage.md:4:9: error: an exempt document must name its Schedule 12A paragraphs"),
    Case(name: "exempt paragraph outside 1 to 7", files: page("title: T\nkind: council-report\nexempt: { paragraphs: [2, 8] }"),
      expected: "content/webpage.md:4:27: error: '8' is not a Schedule 12A paragraph"),
    Case(name: "document embargo in the autumn overlap", files: page("title: T\nkind: webpage\nembargo: 2026-10-25T01:15"),
      expected: "content/webpage.md:4:10: error: embargo: '2026-10-25T01:15' happens twice in London"),
    Case(name: "front matter not closed", files: ["content/webpage.md": "---\ntitle: T\nkind: webpage\n"],
      expected: "content/webpage.md:1:1: error: the front matter is not closed"),
    Case(name: "missing asset", files: page("title: T\nkind: webpage", "![Chart](assets/chart.png)"),
      expected: "content/webpage.md:5:1: error: the asset 'assets/chart.png' does not exist"),
    Case(name: "unknown tag in a template",
      files: ["templates/webpage.mustache": "{{<layout}}{{$main}}\n<h1>{{page.titel}}</h1>{{/main}}{{/layout}}"],
      expected: "templates/webpage.mustache:2:5: error: {{page.titel}} names nothing\n  note: did you mean {{page.title}}?"),
    Case(name: "front matter that is a list", files: ["content/webpage.md": "---\n- title\n- kind\n---\nText\n"],
      expected: "content/webpage.md:2:1: error: the front matter must be 'key: value' lines, not a list or a single value\n  note: write e.g."),
    Case(name: "draft that is not true or false", files: page("title: T\nkind: webpage\ndraft: yes please"),
      expected: "content/webpage.md:4:8: error: 'draft' must be true or false, not 'yes please'\n  note: write 'draft: true' or 'draft: false'"),
    Case(name: "a slug already used, at its slug line",
      files: page("title: T\nkind: webpage\nslug: same").merging(
        ["content/about.md": "---\ntitle: About\nkind: page\nslug: same\n---\nText\n"]) { _, new in new },
      expected: "content/webpage.md:4:1: error: the slug 'same' is already used by"),
  ]

  @Test(arguments: cases)
  func locatedErrorAndNothingWritten(_ testCase: Case) throws {
    let pack = try TestPack(testCase.files)
    for path in testCase.removing { try pack.remove(path) }
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    let succeeded = build.succeeded
    #expect(!succeeded)
    let rendered = TestPack.errors(diagnostics).map { $0.replacingOccurrences(of: pack.root.path + "/", with: "") }
    #expect(
      rendered.contains { $0.hasPrefix(testCase.expected) },
      "expected an error starting \(testCase.expected)\ngot:\n\(rendered.joined(separator: "\n"))")
    #expect(diagnostics.allSatisfy { !$0.notes.isEmpty || $0.message.contains("required") }, "every error says how to fix it")
    #expect(!FileManager.default.fileExists(atPath: pack.site), "nothing is written")
  }

  /// A grade that cannot be read is reported once, not also as a judgement missing.
  @Test func anUnreadableGradeIsNotAlsoMissing() throws {
    let pack = try TestPack(Self.inspection("careLeavers: outstanding", with: "careLeavers: Very good"))
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.contains("judgements.careLeavers is not an Ofsted grade as written") == true)
  }

  @Test func fileThatIsNotUTF8() throws {
    let pack = try TestPack([:])
    try pack.write("content/webpage.md", Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x3A, 0x0A, 0xFF, 0xFE, 0x0A]))
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    let succeeded = build.succeeded
    #expect(!succeeded)
    let rendered = TestPack.errors(diagnostics).map { $0.replacingOccurrences(of: pack.root.path + "/", with: "") }
    #expect(rendered.contains { $0.hasPrefix("content/webpage.md:3:1: error: the file is not UTF-8 text") })
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  @Test func filesSavedWithWindowsLineEndsBuildTheSameSite() throws {
    // Comms teams edit on Windows: "\r\n" line ends must not hide the front matter or move
    // the lines and columns errors are reported at.
    let unix = try TestPack([:])
    unix.buildSite(at: "2026-08-04T00:01")
    let windows = try TestPack(
      TestPack.standard.filter { $0.key.hasPrefix("content/") }.mapValues { $0.replacingOccurrences(of: "\n", with: "\r\n") })
    let (build, _) = windows.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    let pages = unix.siteFiles().filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") }
    #expect(!pages.isEmpty)
    #expect(windows.siteFiles().filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") } == pages)
    for page in pages { #expect(windows.siteText(page) == unix.siteText(page), "\(page)") }

    let broken = try TestPack(["content/webpage.md": "---\r\ntitle: Our inspection\r\nkind: webpage\r\n---\r\nText.\r\n{{council.nmae}}\r\n"])
    let errors = TestPack.errors(broken.build(at: "2026-08-04T00:01").diagnostics)
      .map { $0.replacingOccurrences(of: broken.root.path + "/", with: "") }
    #expect(errors.contains { $0.hasPrefix("content/webpage.md:6:1: error: {{council.nmae}} names nothing") }, "\(errors)")
  }

  @Test func windowsLineEndsBecomeNewlinesEvenAfterAStrayReturn() {
    #expect(PackLoader.withUnixLineEnds("a\r\r\nb\r\nc\rd\n") == "a\nb\nc\rd\n")
    #expect(PackLoader.withUnixLineEnds("no returns\n") == "no returns\n")
  }

  @Test func allProblemsAreReportedAtOnce() throws {
    let pack = try TestPack(
      Self.inspection("careLeavers: outstanding", with: "careLeavers: excellent")
        .merging(Self.page("title: T\nkind: news")) { a, _ in a })
    let build = pack.build(at: "2026-08-04T00:01")
    let paths = Set(build.diagnostics.compactMap { $0.location?.path.split(separator: "/").last })
    #expect(paths == ["inspection.yaml", "webpage.md"])
  }

  @Test func noIsAStringNotFalse() throws {
    // YAML 1.1 would read `no` as false and `1.10` as 1.1; pubpack keeps what was typed.
    let pack = try TestPack(Self.inspection("  ofstedName: Testborough", with: "  ofstedName: no\n  dfeLaCode: 1.10"))
    let build = pack.build(at: "2026-08-04T00:01")
    #expect(build.succeeded)
    #expect(build.pack?.inspection.council.ofstedName == "no")
    #expect(build.pack?.inspection.council.dfeLaCode == "1.10")
  }
}
