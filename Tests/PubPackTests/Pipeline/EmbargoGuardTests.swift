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

  /// A link typed as the withheld page's address, not its file, is refused the same way.
  @Test(arguments: [
    "../council-report/", "https://www.test.example/ofsted/council-report/?from=web", "/ofsted/council-report/",
    "<https://www.test.example/ofsted/council-report/>", "http://www.test.example/ofsted/council-report/",
    "//www.test.example/ofsted/council-report/", "HTTPS://WWW.TEST.EXAMPLE/ofsted/council-report/",
    "./../council-report/", "../%63ouncil-report/", "https://www.test.example/ofsted//council-report/",
    "https://www.test.example/ofsted/./council-report/", "../../ofsted/council-report/", "../council-report",
  ])
  func aLinkToAWithheldPagesAddressFails(link: String) throws {
    let markdown = link.hasPrefix("<") ? "See \(link)." : "See [the report](\(link))."
    let pack = try TestPack(
      Self.leakPack.merging(["content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\n\(markdown)\n"]) { _, new in new })
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    let errors = TestPack.errors(build.diagnostics)
    #expect(
      errors.contains {
        $0.contains("webpage.md:5:") && $0.contains("error: this released document links to the page of 'council-report.md', which is withheld")
      }, "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
    // Once it is out, the address is an ordinary link.
    let (later, _) = pack.buildSite(at: "2026-08-04T10:00")
    #expect(later.succeeded, "\(TestPack.errors(later.diagnostics))")
  }

  /// Addresses that lead elsewhere are not taken for a withheld page.
  @Test(arguments: [
    "../", "../webpage/", "https://www.test.example.evil.example/ofsted/council-report/",
    "https://elsewhere.example/ofsted/council-report/", "/other/council-report/",
  ])
  func anAddressThatLeadsElsewhereIsNotRefused(link: String) throws {
    let pack = try TestPack(
      Self.leakPack.merging(["content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\nSee [this](\(link)).\n"]) { _, new in new })
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(!errors.contains { $0.contains("links to the page of") }, "\(errors)")
  }

  /// Before release day, `check` finds a link by address that would break the build when the
  /// linking page comes out first, as it does for a link by file name.
  @Test func checkFindsALinkByAddressThatComesOutBeforeItsTarget() throws {
    let pack = try TestPack(
      Self.leakPack.merging([
        "content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\nSee [the report](../council-report/).\n"
      ]) { _, new in new })
    let errors = TestPack.errors(pack.build(at: "2026-07-28T10:00").diagnostics)
    #expect(errors.contains { $0.contains("webpage.md:5:5: error: this document links to council-report.md, which") }, "\(errors)")
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

/// Hugo's `TestDraftAndFutureRender`, widened: draft × embargo (past, future) × mode.
@Suite struct DraftEmbargoModeMatrixTests {
  static let files: [String: String] = [
    "content/past.md": "---\ntitle: PAST-LIVE\nkind: page\nembargo: none\n---\nx\n",
    "content/past-draft.md": "---\ntitle: PAST-DRAFT\nkind: page\nembargo: none\ndraft: true\n---\nx\n",
    "content/future.md": "---\ntitle: FUTURE-LIVE\nkind: webpage\n---\nx\n",
    "content/future-draft.md": "---\ntitle: FUTURE-DRAFT\nkind: webpage\ndraft: true\n---\nx\n",
  ]

  @Test(arguments: [BuildMode.release, .preview])
  func onlyWhatIsReleasedReachesARelease(mode: BuildMode) throws {
    let pack = try TestPack(Self.files.merging(["content/webpage.md": "---\ntitle: W\nkind: page\nembargo: none\n---\nx\n"]) { a, _ in a })
    let build = pack.build(at: "2026-08-04T00:00", mode: mode)
    #expect(build.succeeded)
    let everything = build.files.map { String(decoding: $0.contents, as: UTF8.self) }.joined()
    let pages = Set(build.files.map(\.path))
    switch mode {
    case .release:
      #expect(pages.contains("past/index.html"))
      for slug in ["past-draft", "future", "future-draft"] { #expect(!pages.contains("\(slug)/index.html")) }
      for title in ["PAST-DRAFT", "FUTURE-LIVE", "FUTURE-DRAFT"] { #expect(!everything.contains(title)) }
    case .preview:
      for slug in ["past", "past-draft", "future", "future-draft"] { #expect(pages.contains("\(slug)/index.html")) }
      let banner = { (slug: String) in
        String(decoding: build.files.first { $0.path == "\(slug)/index.html" }!.contents, as: UTF8.self)
          .contains("not for publication")
      }
      #expect(!banner("past"))
      #expect(banner("past-draft"))
      #expect(banner("future"))
      #expect(banner("future-draft"))
    }
  }
}

/// A pack written by someone else from the SPEC's own example, with pubpack's templates.
@Suite struct SpecExamplePackTests {
  @Test func theSPECsExampleInspectionBuilds() throws {
    let inspection = """
      council:
        name: Fernleigh Borough Council        # required
        ofstedName: Fernleigh                  # name as Ofsted writes it
        dfeLaCode: "999"
        ofstedProviderUrl: https://reports.ofsted.gov.uk/provider/44/999999
        website: https://www.fernleigh.example
      inspection:
        type: ilacsStandard      # ilacsStandard | ilacsShort | focusedVisit | monitoringVisit | jtai
        frameworkVersion: ilacs2023   # ilacs2018 | ilacs2023 (care leavers judged separately) | ilacs2026 (no overall effectiveness)
        onSiteStart: 2026-06-08
        onSiteEnd: 2026-06-19
        leadInspector: Jo Bennett, His Majesty's Inspector
      report:
        title: Inspection of Fernleigh local authority children's services
        url: https://reports.ofsted.gov.uk/provider/44/999999
      embargo:
        liftsAt: 2026-08-04T00:01          # London time; the release instant of the pack
        source: Ofsted notification email, 28 July 2026
      judgements:                          # graded inspections only; none for visits
        overallEffectiveness: good         # required for ilacs2018/ilacs2023, absent for ilacs2026
        impactOfLeaders: good
        helpAndProtection: requiresImprovement
        childrenInCare: good
        careLeavers: good                  # from ilacs2023 on
      previous:                            # optional: the last inspection, for "improved from ..."
        publicationDate: 2023-01-10
        judgements: { overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement,
                      helpAndProtection: requiresImprovement, childrenInCare: requiresImprovement }
      findings:
        headline: One sentence quoted from the report.
        strengths: [ Children in care live in stable homes. ]
        whatNeedsToImprove: [ The timeliness of assessments. ]
        areasForPriorityAction: [ ]
      quotes:                              # for the press release
        - { speakerName: Councillor Amira Holt, speakerTitle: Cabinet Member for Children and Families, role: leadMember, text: We are proud. }
      media: { pressOfficeEmail: press@fernleigh.example, pressOfficePhone: "01632 960000" }
      intervention: { type: none }         # none | improvementNotice | statutoryDirection | revisedDirection
      """
    let pack = """
      site:
        title: Our Ofsted inspection 2026
        baseURL: https://www.fernleigh.example/ofsted-2026/
      publish:
        targets:
          live:    { rsync: "deploy@web01.fernleigh.example:/var/www/ofsted-2026", keepReleases: 5 }
          staging: { directory: /srv/www/ofsted-2026 }
      """
    let root = Scratch.root.appendingPathComponent("pubpack-spec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("templates"), to: root.appendingPathComponent("templates"))
    try inspection.write(to: root.appendingPathComponent("content/inspection.yaml"), atomically: true, encoding: .utf8)
    try pack.write(to: root.appendingPathComponent("content/pack.yaml"), atomically: true, encoding: .utf8)
    try """
      ---
      title: Ofsted report on our services
      kind: press-release
      summary: Good overall.
      ---
      {{council.name}} was judged {{judgements.overallEffectiveness.gradeLower}} overall, up from
      {{previous.judgements.overallEffectiveness.gradeLower}}. See [the details](webpage.md).

      | Judgement | Grade |
      | --- | --- |
      {{#judgementList}}
      | {{label}} | {{grade}} |
      {{/judgementList}}

      ~~Draft text~~ and a footnote[^1].

      [^1]: From Ofsted's report.
      """.write(to: root.appendingPathComponent("content/news.md"), atomically: true, encoding: .utf8)
    try "---\ntitle: Details\nkind: webpage\n---\nLed by {{inspection.leadInspector}}.\n".write(
      to: root.appendingPathComponent("content/webpage.md"), atomically: true, encoding: .utf8)
    let result = try runPubpack(["build", "--at", "2026-08-04T00:01"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    let html = try String(contentsOf: root.appendingPathComponent("site/news/index.html"), encoding: .utf8)
    #expect(html.contains("Fernleigh Borough Council was judged good overall, up from\nrequires improvement to be good."))
    #expect(html.contains("<a href=\"../webpage/\">the details</a>"))
    #expect(html.contains("<td>The experiences and progress of children who need help and protection</td>"))
    #expect(html.contains("<del>Draft text</del>"))
    #expect(html.contains("class=\"footnotes\""))
  }
}

/// Before the embargo, nothing written may reveal when it lifts.
@Suite struct ReleaseInstantLeakTests {
  @Test func noFileBeforeTheEmbargoNamesTheReleaseInstant() throws {
    let pack = try TestPack([
      "content/accessibility.md": "---\ntitle: Accessibility\nkind: page\nembargo: none\n---\nHow to tell us about a problem.\n"
    ])
    pack.buildSite(at: "2026-07-28T09:00")
    #expect(pack.siteFiles().contains("accessibility/index.html"))
    for path in pack.siteFiles() where path != BuildManifest.fileName {
      let text = pack.siteText(path) ?? ""
      for marker in ["2026-08-03T23:01", "2026-08-04", "4 August 2026", "12:01am", "23:01"] {
        #expect(!text.contains(marker), "\(path) contains \(marker)")
      }
    }
  }
}
