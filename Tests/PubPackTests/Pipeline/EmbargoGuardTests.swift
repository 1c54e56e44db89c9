import Foundation
import Testing

@testable import PubPack

/// Whole-pack tests of the embargo guard, asserting on the files actually written.
@Suite struct EmbargoGuardTests {
  /// A withheld press release whose title, slug, body, summary and asset carry a marker, and a
  /// council report with a later embargo carrying another.
  static let leakPack: [String: String] = [
    "content/press-release.md": """
      ---
      title: SENTINEL-TITLE-7Q
      kind: press-release
      slug: sentinel-slug-7q
      summary: SENTINEL-SUMMARY-7Q
      embargo: 2026-08-05T09:00
      ---
      SENTINEL-BODY-7Q ![SENTINEL-ALT-7Q](assets/sentinel-asset-7q.png)
      """,
    "content/council-report.md": """
      ---
      title: LATER-TITLE-3K
      kind: council-report
      summary: LATER-SUMMARY-3K
      embargo: 2026-08-04T10:00
      ---
      LATER-BODY-3K
      """,
    "content/draft.md": """
      ---
      title: DRAFT-TITLE-9Z
      kind: page
      embargo: none
      draft: true
      ---
      DRAFT-BODY-9Z
      """,
    "content/exempt.md": """
      ---
      title: EXEMPT-TITLE-5X
      kind: council-report
      exempt: { paragraphs: [1, 2] }
      ---
      EXEMPT-BODY-5X
      """,
    "content/assets/sentinel-asset-7q.png": "PNGDATA",
    "content/assets/shared.png": "SHARED",
  ]

  static let markers = ["SENTINEL", "sentinel", "7Q", "7q", "LATER-", "DRAFT-", "EXEMPT-"]

  /// Every byte of every file written, searched for every marker.
  func leaks(in pack: TestPack) -> [String] {
    var found: [String] = []
    for path in pack.siteFiles() {
      let text = String(decoding: FileManager.default.contents(atPath: pack.site + "/" + path) ?? Data(), as: UTF8.self)
      for marker in Self.markers where text.contains(marker) || path.contains(marker) {
        found.append("\(path): \(marker)")
      }
    }
    return found
  }

  @Test func nothingDerivedFromAWithheldDocumentIsWritten() throws {
    let pack = try TestPack(Self.leakPack)
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(TestPack.errors(diagnostics).isEmpty)
    #expect(build.released.map(\.document.fileName) == ["webpage.md"])
    #expect(leaks(in: pack).isEmpty)
    #expect(pack.siteFiles() == [".pubpack-build.json", "feed.xml", "index.html", "sitemap.xml", "webpage/index.html"])
  }

  @Test func laterDocumentComesOutAtItsOwnInstantAndNotBefore() throws {
    let pack = try TestPack(Self.leakPack)
    pack.buildSite(at: "2026-08-04T09:59:59")
    #expect(!pack.siteFiles().contains("council-report/index.html"))
    pack.buildSite(at: "2026-08-04T10:00")
    #expect(pack.siteFiles().contains("council-report/index.html"))
    #expect(pack.siteText("sitemap.xml")?.contains("council-report/") == true)
    #expect(pack.siteText("feed.xml")?.contains("<updated>2026-08-04T09:00:00Z</updated>") == true)
    #expect(pack.siteText("index.html")?.contains("LATER-SUMMARY-3K") == true)
    #expect(pack.siteText("index.html")?.contains("SENTINEL") == false)
  }

  @Test func assetUsedOnlyByAWithheldDocumentIsNotCopied() throws {
    let pack = try TestPack(
      Self.leakPack.merging([
        "content/webpage.md": """
          ---
          title: Our inspection
          kind: webpage
          ---
          ![A chart of the grades](assets/shared.png)
          """
      ]) { _, new in new })
    pack.buildSite(at: "2026-08-04T00:01")
    #expect(pack.siteFiles().contains("assets/shared.png"))
    #expect(!pack.siteFiles().contains("assets/sentinel-asset-7q.png"))
    pack.buildSite(at: "2026-08-05T09:00")
    #expect(pack.siteFiles().contains("assets/sentinel-asset-7q.png"))
    #expect(pack.siteText("sentinel-slug-7q/index.html")?.contains("../assets/sentinel-asset-7q.png") == true)
  }

  @Test func theBoundaryInstantIsReleasedAndASecondBeforeIsNot() throws {
    let pack = try TestPack([:])
    pack.buildSite(at: "2026-08-03T23:00:59Z")
    #expect(!pack.siteFiles().contains("webpage/index.html"))
    pack.buildSite(at: "2026-08-03T23:01:00Z")
    #expect(pack.siteFiles().contains("webpage/index.html"))
  }

  @Test(arguments: [
    // A winter (GMT) and a summer (BST) release, 00:01 and 00:30, and the clock-change days.
    ("2026-12-01T00:01", "2026-12-01T00:00:59Z", "2026-12-01T00:01:00Z"),
    ("2026-08-04T00:30", "2026-08-03T23:29:59Z", "2026-08-03T23:30:00Z"),
    ("2026-03-29T00:30", "2026-03-29T00:29:59Z", "2026-03-29T00:30:00Z"),
    ("2026-03-29T03:00", "2026-03-29T01:59:59Z", "2026-03-29T02:00:00Z"),
    ("2026-10-25T00:01", "2026-10-24T23:00:59Z", "2026-10-24T23:01:00Z"),
    ("2027-03-28T00:01", "2027-03-28T00:00:59Z", "2027-03-28T00:01:00Z"),
    ("2027-10-31T00:01", "2027-10-30T23:00:59Z", "2027-10-30T23:01:00Z"),
  ])
  func londonReleaseInstantsAcrossTheClockChanges(liftsAt: String, justBefore: String, at: String) throws {
    let inspection = TestPack.inspection.replacingOccurrences(of: "liftsAt: 2026-08-04T00:01", with: "liftsAt: \(liftsAt)")
      .replacingOccurrences(of: "onSiteStart: 2026-06-08", with: "onSiteStart: 2026-01-05")
      .replacingOccurrences(of: "onSiteEnd: 2026-06-19", with: "onSiteEnd: 2026-01-16")
    let pack = try TestPack(["content/inspection.yaml": inspection])
    #expect(pack.build(at: justBefore).released.isEmpty)
    #expect(pack.build(at: at).released.count == 1)
  }

  @Test func rescheduledPackReWithholdsEverything() throws {
    let pack = try TestPack([:])
    pack.buildSite(at: "2026-08-04T08:00")
    #expect(pack.siteFiles().contains("webpage/index.html"))
    try pack.write(
      "content/inspection.yaml",
      TestPack.inspection.replacingOccurrences(of: "liftsAt: 2026-08-04T00:01", with: "liftsAt: 2026-08-11T00:01"))
    pack.buildSite(at: "2026-08-04T08:00")
    #expect(!pack.siteFiles().contains("webpage/index.html"))
  }

  @Test func filesFromAnEarlierBuildNeverSurvive() throws {
    let pack = try TestPack([
      "content/extra.md": "---\ntitle: Extra\nkind: page\nembargo: none\n---\nHello\n"
    ])
    pack.buildSite(at: "2026-08-04T00:01")
    #expect(pack.siteFiles().contains("extra/index.html"))
    try pack.remove("content/extra.md")
    pack.buildSite(at: "2026-08-04T00:01")
    #expect(!pack.siteFiles().contains("extra/index.html"))
    #expect(!FileManager.default.fileExists(atPath: pack.site + "/extra"))
  }

  @Test func aFailedBuildLeavesThePreviousSiteExactlyAsItWas() throws {
    let pack = try TestPack([:])
    pack.buildSite(at: "2026-08-04T00:01")
    let before = try snapshot(pack)
    try pack.write("content/webpage.md", "---\ntitle: Broken\nkind: webpage\n---\n{{council.nmae}}\n")
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(!build.succeeded)
    #expect(!diagnostics.isEmpty)
    #expect(try snapshot(pack) == before)
    // No staging folder is left beside the site.
    let siblings = try FileManager.default.contentsOfDirectory(atPath: pack.root.path)
    #expect(siblings.sorted() == ["content", "site", "templates"])
  }

  @Test func aFolderPubpackDidNotMakeIsNeverReplaced() throws {
    let pack = try TestPack(["site/precious.txt": "the web team's notes"])
    let (_, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(diagnostics.contains { $0.message.contains("was not made by pubpack") })
    #expect(pack.siteFiles() == ["precious.txt"])
  }

  @Test func anEmptyFolderMayBeUsed() throws {
    let pack = try TestPack([:])
    try FileManager.default.createDirectory(atPath: pack.site, withIntermediateDirectories: true)
    let (_, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(diagnostics.isEmpty)
    #expect(pack.siteFiles().contains("webpage/index.html"))
  }

  @Test func sameInputsAndInstantGiveByteIdenticalOutput() throws {
    let pack = try TestPack(Self.leakPack)
    pack.buildSite(at: "2026-08-04T10:00")
    let first = try snapshot(pack)
    pack.buildSite(at: "2026-08-04T10:00")
    #expect(try snapshot(pack) == first)
  }

  @Test func manifestListsEveryFileWithItsHashAndNothingWithheld() throws {
    let pack = try TestPack(Self.leakPack)
    pack.buildSite(at: "2026-08-04T00:01")
    let manifest = try #require(BuildManifest.read(siteDirectory: pack.site))
    #expect(manifest.mode == .release)
    #expect(manifest.builtFor == "2026-08-03T23:01:00Z")
    #expect(manifest.files.map(\.path) == pack.siteFiles().filter { $0 != BuildManifest.fileName })
    for entry in manifest.files {
      let data = try #require(FileManager.default.contents(atPath: pack.site + "/" + entry.path))
      #expect(BuildManifest.sha256(data) == entry.sha256)
    }
    #expect(manifest.files.first { $0.path == "webpage/index.html" }?.sources == [pack.content + "/webpage.md"])
    #expect(manifest.files.first { $0.path == "webpage/index.html" }?.notBefore == "2026-08-03T23:01:00Z")
  }

  @Test func releasedDocumentLinkingToAWithheldOneFailsNamingItsEmbargo() throws {
    let pack = try TestPack(
      Self.leakPack.merging([
        "content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\nSee [the report](council-report.md).\n"
      ]) { _, new in new })
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("\(pack.content)/webpage.md:5:5: error: this released document links to 'council-report.md', which is withheld: embargoed until 10am on Tuesday 4 August 2026 (09:00 UTC on Tuesday 4 August 2026)") == true)
    #expect(!FileManager.default.fileExists(atPath: pack.site))
    // Once both are out, the link becomes the page's URL.
    pack.buildSite(at: "2026-08-04T10:00")
    #expect(pack.siteText("webpage/index.html")?.contains("<a href=\"../council-report/\">the report</a>") == true)
  }

  @Test func previewShowsEverythingWithABanner() throws {
    let pack = try TestPack(Self.leakPack)
    let build = pack.build(at: "2026-08-04T00:01", mode: .preview)
    #expect(build.succeeded)
    let page = try #require(build.files.first { $0.path == "sentinel-slug-7q/index.html" })
    let html = String(decoding: page.contents, as: UTF8.self)
    #expect(html.contains("EMBARGOED until 9am on Wednesday 5 August 2026 (08:00 UTC on Wednesday 5 August 2026) - not for publication"))
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  func snapshot(_ pack: TestPack) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for path in pack.siteFiles() {
      result[path] = try #require(FileManager.default.contents(atPath: pack.site + "/" + path))
    }
    return result
  }
}
