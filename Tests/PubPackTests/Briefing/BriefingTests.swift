import Foundation
import Testing

@testable import PubPack

/// `kind: briefing`: embargoed copy for staff, partners and members that is never part of the site.
@Suite struct BriefingTests {
  static let sentinel = "SENTINELBRIEFING7Q"

  static let files: [String: String] = [
    "templates/briefing.mustache":
      "{{<layout}}{{$main}}<article><p>Confidential briefing for {{page.audience}}</p><h1>{{page.title}}</h1>{{{page.content}}}</article>{{/main}}{{/layout}}",
    "content/staff-briefing.md": """
    ---
    title: Staff briefing \(sentinel)
    kind: briefing
    audience: staff
    summary: Summary \(sentinel).
    ---
    Thank you. Ofsted judged us {{judgements.overallEffectiveness.gradeLower}} overall. \(sentinel)

    ![chart](assets/only-briefing.png)
    """,
    "content/assets/only-briefing.png": "PNG \(sentinel)",
    "content/later.md": """
    ---
    title: Later page
    kind: page
    embargo: 2026-08-10T09:00
    ---
    More later.
    """,
  ]

  /// Every instant around every embargo in the pack (the pack's, and the later page's).
  static let sweep = [
    "2026-07-01T09:00", "2026-08-04T00:00", "2026-08-04T00:01", "2026-08-04T00:02",
    "2026-08-10T08:59", "2026-08-10T09:00", "2026-08-10T09:01", "2027-01-01T00:00",
  ]

  @Test func noBuildAtAnyInstantWritesATraceOfABriefing() throws {
    for instant in Self.sweep {
      let pack = try TestPack(Self.files)
      let (build, diagnostics) = pack.buildSite(at: instant)
      #expect(TestPack.errors(diagnostics).isEmpty, "\(instant): \(TestPack.errors(diagnostics))")
      #expect(build.succeeded)
      let files = pack.siteFiles()
      #expect(files.contains("index.html"))
      for path in files {
        let data = try #require(FileManager.default.contents(atPath: pack.site + "/" + path))
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains(Self.sentinel), "\(instant): \(path) holds the briefing's text")
        #expect(!text.contains("staff-briefing"), "\(instant): \(path) names the briefing")
        #expect(!path.contains("staff-briefing") && !path.contains("only-briefing"), "\(instant): \(path)")
      }
    }
  }

  @Test func aPreviewShowsTheBriefingToTheAuthorButListsItNowhere() throws {
    let pack = try TestPack(Self.files)
    let build = pack.build(at: "2026-07-01T09:00", mode: .preview)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(build.files.contains { $0.path == "staff-briefing/index.html" })
    for file in build.files where file.path != "staff-briefing/index.html" && !file.path.hasPrefix("assets/") {
      #expect(!String(decoding: file.contents, as: UTF8.self).contains(Self.sentinel), "\(file.path)")
    }
  }

  @Test func theBriefingCopyIsHeadedWithTheEmbargoAndMarkedConfidential() throws {
    let pack = try TestPack(Self.files)
    let (copies, diagnostics) = BriefingCopy.make(
      BuildRequest(
        content: pack.content, templates: pack.templates, mode: .preview, at: TestPack.instant("2026-07-01T09:00")))
    #expect(TestPack.errors(diagnostics).isEmpty, "\(TestPack.errors(diagnostics))")
    let copy = try #require(copies.first)
    let heading =
      "EMBARGOED: not for publication or onward sharing until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)"
    #expect(copy.heading == heading)
    #expect(copy.text.hasPrefix(heading + "\nCONFIDENTIAL: a briefing for staff. Do not forward.\n\n"))
    #expect(copy.html.contains(">\(heading)</p>"))
    #expect(copy.html.contains("CONFIDENTIAL: a briefing for staff"))
    // Every fact of the pack, before the embargo: it goes out early on purpose.
    #expect(copy.text.contains("Ofsted judged us good overall."))
    for line in copy.text.split(separator: "\n").dropFirst(2) { #expect(line.count <= 72, "\(line)") }
    // No page to point at: the footer names none.
    #expect(!copy.html.contains("Online:"))
  }

  @Test func pressWritesTheBriefingCopyBesideThePressRelease() throws {
    var files = Self.files
    files["content/press-release.md"] = "---\ntitle: Press\nkind: press-release\n---\nNews.\n"
    let pack = try TestPack(files)
    let run = try runPubpack(
      [
        "press", "--content", pack.content, "--templates", pack.templates, "--at", "2026-07-01T09:00", "--output",
        "out",
      ],
      in: pack.root)
    #expect(run.status == 0, "\(run.stderr)")
    let text = try String(contentsOfFile: pack.root.path + "/out/staff-briefing.txt", encoding: .utf8)
    #expect(text.hasPrefix("EMBARGOED: not for publication or onward sharing until 12:01am"))
    #expect(FileManager.default.fileExists(atPath: pack.root.path + "/out/staff-briefing.html"))
  }

  @Test(arguments: [
    ("[the briefing](staff-briefing.md)", "links to 'staff-briefing.md', which is withheld: a briefing"),
    ("[the briefing](../staff-briefing/)", "links to the page of 'staff-briefing.md', which is withheld: a briefing"),
    ("[the briefing](Staff-Briefing.md)", "which is withheld: a briefing"),
  ])
  func aReleasedPageLinkingToABriefingFailsAtItsLine(link: String, message: String) throws {
    var files = Self.files
    files["content/webpage.md"] = "---\ntitle: Our inspection\nkind: webpage\n---\nFirst line.\n\nSee \(link).\n"
    let pack = try TestPack(files)
    let (build, _) = pack.buildSite(at: "2026-08-05T09:00")
    #expect(!build.succeeded)
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.contains { $0.contains("webpage.md:7:") && $0.contains(message) }, "\(errors)")
    #expect(pack.siteFiles().isEmpty)
    // And `check` says so before release day.
    let early = pack.build(at: "2026-07-01T09:00")
    #expect(
      early.diagnostics.contains { $0.rendered.contains("webpage.md:7:") && $0.rendered.contains("briefing") },
      "\(early.diagnostics.map(\.rendered))")
  }

  @Test(arguments: [
    ("kind: briefing", "a briefing needs 'audience:'"),
    ("kind: briefing\naudience: \"\"", "the audience is empty"),
    ("kind: briefing\naudience: [staff]", "audience"),
  ])
  func aBriefingWithoutAnAudienceIsAnError(front: String, message: String) throws {
    let pack = try TestPack(
      Self.files.merging(["content/staff-briefing.md": "---\ntitle: Briefing\n\(front)\n---\nText.\n"]) { _, new in new
      })
    let build = pack.build(at: "2026-07-01T09:00")
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.contains { $0.contains("staff-briefing.md:") && $0.contains(message) }, "\(errors)")
  }

  @Test func checkHoldsABriefingsProseToTheData() throws {
    let pack = try TestPack(
      Self.files.merging([
        "content/staff-briefing.md":
          "---\ntitle: Briefing\nkind: briefing\naudience: staff\n---\nOfsted judged our overall effectiveness as outstanding.\n"
      ]) { _, new in new })
    let build = pack.build(at: "2026-07-01T09:00")
    #expect(
      build.diagnostics.contains {
        $0.rendered.contains("staff-briefing.md:6:") && $0.rendered.contains("not the one in inspection.yaml")
      },
      "\(build.diagnostics.map(\.rendered))")
  }
}
