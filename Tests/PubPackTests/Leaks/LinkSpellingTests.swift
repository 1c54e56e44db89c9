import Foundation
import Testing

@testable import PubPack

/// A link from a released page to a withheld one is refused however it is spelt: every
/// spelling a browser (WHATWG URL) or a lenient, case-insensitive web server would take to the
/// withheld page, or that names its file.
@Suite struct LinkSpellingTests {
  /// The withheld council report (until 10am on 4 August) of `EmbargoGuardTests.leakPack`,
  /// linked from the webpage, which is out at 00:01.
  static func pack(linking link: String) throws -> TestPack {
    let markdown: String
    if link.hasPrefix("<") || link.hasPrefix("www.") {
      markdown = "See \(link) now."
    } else {
      markdown = "See [the report](\(link))."
    }
    return try TestPack(
      EmbargoGuardTests.leakPack.merging(["content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\n\(markdown)\n"]) {
        _, new in new
      })
  }

  static let byAddress = [
    // Dot segments, percent-encoded as a browser decodes them, or as a server might.
    "%2e%2e/council-report/", ".%2E/council-report/", "%2E./council-report/", "..%2fcouncil-report/",
    "..%5Ccouncil-report/", "%252e%252e/council-report/", "x/../../council-report/", "./x/%2e%2e/../council-report/",
    // Backslashes and doubled slashes.
    "..\\council-report\\index.html", "..//council-report/", "../council-report//index.html",
    // Letters percent-encoded, in another case, with trailing dots, spaces or invisible characters.
    "../%63ouncil-report/", "../council%2Dreport/", "../COUNCIL-REPORT/", "../Council-Report/index.html",
    "../council-report./", "../council-report%20/", "../council%E2%80%8B-report/",
    "../\u{FF43}\u{FF4F}uncil-report/", "../council-report;jsessionid=1/", "../council&#x2D;report/",
    // The page's output path, index.html, its PDF, a query or a fragment.
    "../council-report", "../council-report/index.html", "../council-report/council-report.pdf",
    "../council-report/?x=1", "../council-report/#", "/ofsted/council-report/index.html", "/OFSTED/council-report/",
    "/ofsted/./council-report/", "/ofsted/x/../council-report/", "/ofsted/council-report/x.md",
    // The site's own address: any number of slashes, a host in another case, with a trailing
    // dot, a port, a user, percent-encoded or in fullwidth letters; `https:` relative forms.
    "//www.test.example/ofsted/council-report/", "///www.test.example/ofsted/council-report/",
    "\\\\\\\\www.test.example\\ofsted\\council-report\\index.html",
    "https://WWW.TEST.EXAMPLE./ofsted/council-report/", "https://www.test.example:443/ofsted/council-report/",
    "http://www.test.example:80/ofsted/council-report/", "https://user@www.test.example/ofsted/council-report/",
    "https://www.test%2Eexample/ofsted/council-report/",
    "https://\u{FF57}\u{FF57}\u{FF57}.test.example/ofsted/council-report/",
    "https:/ofsted/council-report/", "https:../council-report/", "http:www.test.example/ofsted/council-report/",
    "https:\\\\www.test.example/ofsted/council-report/", "HTTPS://www.test.example/Ofsted/Council-Report/Index.HTML",
    "https://www.test.example/ofsted/council-report/report.md",
    "<https://www.test.example./ofsted/council-report/>", "www.test.example/ofsted/council-report/",
  ]

  @Test(arguments: byAddress)
  func aLinkToAWithheldPageByAnySpellingOfItsAddressFails(link: String) throws {
    let pack = try Self.pack(linking: link)
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    let errors = TestPack.errors(build.diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix("\(pack.content)/webpage.md:5:")
          && $0.contains(
            "error: this released document links to the page of 'council-report.md', which is withheld: embargoed until 10am on Tuesday 4 August 2026 (09:00 UTC on Tuesday 4 August 2026)"
          )
      }, "\(link): \(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
    // Before release day, `check` says the link would break when the webpage comes out.
    let early = TestPack.errors(pack.build(at: "2026-07-28T10:00").diagnostics)
    #expect(
      early.contains {
        $0.hasPrefix("\(pack.content)/webpage.md:5:")
          && $0.contains("error: this document links to council-report.md, which comes out later")
      },
      "\(link): \(early)")
    // Once the report is out, the address is an ordinary link.
    let (later, _) = pack.buildSite(at: "2026-08-04T10:00")
    #expect(later.succeeded, "\(link): \(TestPack.errors(later.diagnostics))")
  }

  /// The file name spelt otherwise names the withheld document too (and no web server would
  /// find the page by it): refused with its embargo, and once it is out, as a misspelling.
  @Test(arguments: [
    "council%2Dreport.md", "%63ouncil-report.md", "Council-Report.md", "COUNCIL-REPORT.MD", ".%2Fcouncil-report.md",
    "council-report.md.", "council\u{200B}-report.md", "\u{FF43}ouncil-report.md", "council-report%2Emd#findings",
  ])
  func aLinkToAWithheldDocumentByAnySpellingOfItsFileFails(link: String) throws {
    let pack = try Self.pack(linking: link)
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    let errors = TestPack.errors(build.diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix("\(pack.content)/webpage.md:5:")
          && $0.contains("error: this released document links to 'council-report.md' (written '")
          && $0.contains("which is withheld: embargoed until 10am on Tuesday 4 August 2026")
      }, "\(link): \(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
    let (later, _) = pack.buildSite(at: "2026-08-04T10:00")
    #expect(
      TestPack.errors(later.diagnostics).contains {
        $0.hasPrefix("\(pack.content)/webpage.md:5:") && $0.contains("names 'council-report.md' spelt otherwise")
          && $0.contains("note: write the file name exactly as it is: [text](council-report.md)")
      }, "\(link): \(TestPack.errors(later.diagnostics))")
  }

  /// Addresses that lead elsewhere are still links like any other.
  @Test(arguments: [
    "../", "../webpage/", "./", "#top", "assets/shared.png", "../assets/shared.png", "/ofsted/",
    "../council-report-2026/",
    "../councilreport/", "/other/council-report/", "/council-report/",
    "https://www.test.example.evil.example/ofsted/council-report/",
    "https://test.example/ofsted/council-report/", "https://www.test.example/other/council-report/",
    "mailto:council-report@test.example", "https://elsewhere.example/ofsted/council-report/",
    "../council%2Freport/", "https://www.test.example/ofsted/webpage/#council-report",
  ])
  func anAddressThatLeadsElsewhereIsNotRefused(link: String) throws {
    let pack = try Self.pack(linking: link)
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(!errors.contains { $0.contains("withheld") || $0.contains("spelt otherwise") }, "\(link): \(errors)")
  }

  /// The resolver on its own: the slug each address leads to from the page `webpage`.
  @Test func siteAddressesResolveAsABrowserAndALenientServerWould() {
    let site = SiteAddress(baseURL: "https://www.test.example/ofsted/")
    let cases: [(String, String?)] = [
      ("../council-report/", "council-report"), ("%2e%2E/Council-Report", "council-report"),
      ("..%2F..%2Fofsted%2Fcouncil-report", "council-report"), ("./", nil), ("", nil), ("../webpage/", nil),
      ("http:www.test.example/ofsted/council-report/", "council-report"),
      ("../", nil), ("../assets/x.png", nil), ("../../council-report/", nil), ("https://www.test.example/", nil),
      ("ftp://www.test.example/ofsted/council-report/", nil), ("javascript:alert(1)", nil),
      ("https://www.test.example.:8443/ofsted/council-report/", "council-report"),
      ("//www.test.example/ofsted/council-report", "council-report"),
      ("https://www.test.example@evil.example/ofsted/council-report/", nil),
    ]
    for (address, slug) in cases {
      #expect(site.slug(of: address, fromPageOf: "webpage") == slug, "\(address)")
    }
    let root = SiteAddress(baseURL: "https://www.test.example")
    #expect(root.slug(of: "/Council-Report/", fromPageOf: "webpage") == "council-report")
    #expect(root.slug(of: "../x/", fromPageOf: "webpage") == "x")
  }
}
