import Foundation
import Testing

@testable import PubPack

/// Addresses that reach a released page from data, not from a body: a council report's
/// `appendices: [{ url: ... }]` in front matter, and inspection.yaml's `actionPlan.url` and
/// `intervention.documentUrl`. One that leads to a withheld page (a later embargo, a draft, a
/// briefing), however it is spelt, is refused where it was written, and nothing is written.
@Suite struct DataLinkTests {
  /// The withheld pages, by slug, with what the error says of each at 00:01 on 4 August (the
  /// pack's release) and before release day.
  static let targets: [(slug: String, file: String, reason: String, early: String)] = [
    (
      "later-plan", "later-plan.md",
      "embargoed until 9am on Wednesday 5 August 2026 (08:00 UTC on Wednesday 5 August 2026)", "comes out later"
    ),
    ("draft-plan", "draft-plan.md", "draft", "is a draft"),
    (
      "staff-brief", "staff-brief.md", "a briefing, which is sent by 'pubpack send' and never published",
      "is a briefing and will never be published"
    ),
  ]

  /// Spellings of the page `SLUG` as a link from a document's page (`/ofsted/council-report/`).
  static let spellings = [
    "../SLUG/", "https://www.test.example/ofsted/SLUG/", "../SLUG-UPPER/", "%2e%2e/SLUG/",
    "HTTPS://WWW.TEST.EXAMPLE./Ofsted/SLUG-UPPER/index.html", "/ofsted/SLUG", "//www.test.example/ofsted/SLUG/",
    "../SLUG-ENCODED/",
  ]

  static func spelling(_ template: String, _ slug: String) -> String {
    let encoded = slug.replacingOccurrences(of: "-", with: "%2D")
    return template.replacingOccurrences(of: "SLUG-UPPER", with: slug.uppercased())
      .replacingOccurrences(of: "SLUG-ENCODED", with: encoded).replacingOccurrences(of: "SLUG", with: slug)
  }

  static let cases: [(String, Int)] = spellings.flatMap { spelling in targets.indices.map { (spelling, $0) } }

  /// The pack's release is 00:01 on 4 August; `later-plan` comes out a day later, `draft-plan`
  /// is a draft and `staff-brief` a briefing.
  static func pack(
    appendix: String = "https://elsewhere.example/a/", actionPlan: String = "https://elsewhere.example/b/",
    documentUrl: String = "https://elsewhere.example/c/"
  ) throws -> TestPack {
    try TestPack([
      "content/inspection.yaml": TestPack.inspection + """

        actionPlan:
          url: '\(actionPlan)'
        intervention:
          documentUrl: '\(documentUrl)'
        """,
      "content/council-report.md": """
      ---
      title: Report to Cabinet
      kind: council-report
      appendices:
        - title: Staff briefing
          url: '\(appendix)'
      ---
      The report.
      """,
      "content/later-plan.md": "---\ntitle: Later plan\nkind: page\nembargo: 2026-08-05T09:00\n---\nLater.\n",
      "content/draft-plan.md": "---\ntitle: Draft plan\nkind: page\ndraft: true\n---\nDraft.\n",
      "content/staff-brief.md": "---\ntitle: Staff brief\nkind: briefing\naudience: staff\n---\nBrief.\n",
      "templates/briefing.mustache":
        "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
      "templates/council-report.mustache":
        "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{#page.appendices}}<a href=\"{{url}}\">Appendix {{number}}</a>{{/page.appendices}}{{/main}}{{/layout}}",
      "templates/webpage.mustache":
        "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}<a href=\"{{actionPlan.url}}\">Plan</a><a href=\"{{intervention.documentUrl}}\">Notice</a>{{/main}}{{/layout}}",
    ])
  }

  /// inspection.yaml's lines of `actionPlan.url` and `intervention.documentUrl`.
  static let actionPlanLine = TestPack.inspection.split(separator: "\n", omittingEmptySubsequences: false).count + 2
  static let documentUrlLine = actionPlanLine + 2

  @Test(arguments: cases)
  func anAppendixURLToAWithheldPageFails(template: String, index: Int) throws {
    let target = Self.targets[index]
    let link = Self.spelling(template, target.slug)
    let pack = try Self.pack(appendix: link)
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    let errors = TestPack.errors(build.diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix("\(pack.content)/council-report.md:6:")
          && $0.contains(
            "error: this released document links to the page of '\(target.file)', which is withheld: \(target.reason)")
      }, "\(link): \(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site), "\(link)")
    // Before release day, `check` says the address would break when the report comes out.
    let early = TestPack.errors(pack.build(at: "2026-07-28T10:00").diagnostics)
    #expect(
      early.contains {
        $0.hasPrefix("\(pack.content)/council-report.md:6:")
          && $0.contains("error: this document links to \(target.file), which \(target.early)")
      }, "\(link): \(early)")
  }

  @Test(arguments: cases)
  func anActionPlanOrInterventionURLToAWithheldPageFails(template: String, index: Int) throws {
    let target = Self.targets[index]
    let link = Self.spelling(template, target.slug)
    for (field, line) in [("actionPlan.url", Self.actionPlanLine), ("intervention.documentUrl", Self.documentUrlLine)] {
      let pack = try field == "actionPlan.url" ? Self.pack(actionPlan: link) : Self.pack(documentUrl: link)
      let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
      let errors = TestPack.errors(build.diagnostics)
      #expect(
        errors.contains {
          $0.hasPrefix("\(pack.content)/inspection.yaml:\(line):")
            && $0.contains(
              "error: '\(field)' is shown on released pages and links to the page of '\(target.file)', which is withheld: \(target.reason)"
            )
        }, "\(field) \(link): \(errors)")
      #expect(!FileManager.default.fileExists(atPath: pack.site), "\(field) \(link)")
      let early = TestPack.errors(pack.build(at: "2026-07-28T10:00").diagnostics)
      #expect(
        early.contains {
          $0.hasPrefix("\(pack.content)/inspection.yaml:\(line):")
            && $0.contains("error: '\(field)' links to \(target.file), which \(target.early)")
        }, "\(field) \(link): \(early)")
    }
  }

  /// The council's website is shown before the report too (the landing page, `embargo: none`
  /// pages): refused at any instant the page is withheld. `report.url` and a council report's
  /// `backgroundPapers` are held as the others are.
  @Test(arguments: ["../later-plan/", "https://www.test.example/ofsted/LATER-PLAN/", "..%2Flater-plan"])
  func theOtherAddressFieldsAreHeldToo(link: String) throws {
    let inspection =
      TestPack.inspection.replacingOccurrences(
        of: "  ofstedName: Testborough", with: "  ofstedName: Testborough\n  website: '\(link)'")
      + "\nreport:\n  url: '\(link)'\n"
    let pack = try TestPack([
      "content/inspection.yaml": inspection,
      "content/council-report.md":
        "---\ntitle: Report\nkind: council-report\nbackgroundPapers:\n  - title: Plan\n    url: '\(link)'\n---\nThe report.\n",
      "content/later-plan.md": "---\ntitle: Later plan\nkind: page\nembargo: 2026-08-05T09:00\n---\nLater.\n",
    ])
    let reportLine = inspection.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    for at in ["2026-08-04T00:01", "2026-07-28T10:00"] {
      let (build, _) = pack.buildSite(at: at)
      let errors = TestPack.errors(build.diagnostics)
      #expect(
        errors.contains {
          $0.hasPrefix("\(pack.content)/inspection.yaml:4:")
            && $0.contains(
              "error: 'council.website' is shown on released pages and links to the page of 'later-plan.md', which is withheld: embargoed until 9am on Wednesday 5 August 2026"
            )
        }, "\(at) \(link): \(errors)")
      #expect(
        errors.contains {
          $0.hasPrefix("\(pack.content)/inspection.yaml:\(reportLine):") && $0.contains("'report.url'")
            && $0.contains("later-plan.md")
        }, "\(at) \(link): \(errors)")
      #expect(
        errors.contains {
          $0.hasPrefix("\(pack.content)/council-report.md:6:") && $0.contains("later-plan.md")
        }, "\(at) \(link): \(errors)")
      #expect(!FileManager.default.fileExists(atPath: pack.site), "\(at) \(link)")
    }
  }

  /// Data may be shown on the landing page, where a plain relative address reaches a page.
  @Test(arguments: ["later-plan/", "./Later-Plan/index.html", "later%2Dplan"])
  func anAddressRelativeToTheLandingPageFails(link: String) throws {
    let pack = try Self.pack(actionPlan: link)
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(
      TestPack.errors(build.diagnostics).contains {
        $0.hasPrefix("\(pack.content)/inspection.yaml:\(Self.actionPlanLine):")
          && $0.contains("links to the page of 'later-plan.md', which is withheld")
      }, "\(link): \(TestPack.errors(build.diagnostics))")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// Addresses of another site, or of a released page, are shown as they are.
  @Test(arguments: [
    "https://elsewhere.example/ofsted/later-plan/", "https://www.test.example/other/later-plan/", "../webpage/",
    "https://www.test.example/ofsted/webpage/", "https://test.example/ofsted/draft-plan/", "mailto:plan@test.example",
  ])
  func addressesThatLeadElsewhereStillBuild(link: String) throws {
    let pack = try Self.pack(appendix: link, actionPlan: link, documentUrl: link)
    let (build, written) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(link): \(TestPack.errors(build.diagnostics))")
    #expect(!written.contains { $0.severity == .error })
    let escaped = link.replacingOccurrences(of: "/", with: "&#x2F;")
    let report = pack.siteText("council-report/index.html") ?? ""
    let webpage = pack.siteText("webpage/index.html") ?? ""
    #expect(report.contains(link) || report.contains(escaped), "\(link): \(report)")
    #expect(webpage.contains(link) || webpage.contains(escaped), "\(link): \(webpage)")
  }

  /// Once the later page is out, an address of it is an ordinary link.
  @Test func anAddressOfAPageReleasedSinceBuilds() throws {
    let link = "https://www.test.example/ofsted/later-plan/"
    let pack = try Self.pack(appendix: "../later-plan/", actionPlan: link, documentUrl: link)
    let (build, _) = pack.buildSite(at: "2026-08-05T09:00")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(FileManager.default.fileExists(atPath: pack.site + "/later-plan/index.html"))
  }

  /// The resolver from any page: a document's (`../x/`) or the landing page (`x/`).
  @Test func addressesResolveFromAnyPage() {
    let site = SiteAddress(baseURL: "https://www.test.example/ofsted/")
    let cases: [(String, String?)] = [
      ("../later-plan/", "later-plan"), ("later-plan/", "later-plan"), ("./LATER-PLAN", "later-plan"),
      ("https://www.test.example/ofsted/later-plan/", "later-plan"), ("../../later-plan/", nil), ("../", nil),
      ("", nil), ("assets/x.png", nil), ("https://elsewhere.example/ofsted/later-plan/", nil), ("#later-plan", nil),
    ]
    for (address, slug) in cases {
      #expect(site.slugFromAnyPage(of: address) == slug, "\(address)")
    }
  }
}
