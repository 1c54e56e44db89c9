import Foundation
import Testing

@testable import PubPack

/// A body links to the same address many times; the render stage settles an address once it is
/// found sound, and looks again at one that gave an error, so that each place is reported.
@Suite struct RepeatedLinkTests {
  static func pack(_ body: String) throws -> TestPack {
    try TestPack([
      "content/page.md": "---\ntitle: Help\nkind: page\nslug: help\n---\n\(body)\n"
    ])
  }

  @Test func aBrokenLinkWrittenThreeTimesIsReportedAtEachPlace() throws {
    let pack = try Self.pack(
      "See [the plan](plan.md).\n\nAgain, [the plan](plan.md).\n\n- and [once more](plan.md)\n")
    let errors = TestPack.errors(pack.build(at: "2026-08-04T09:00").diagnostics).map {
      $0.components(separatedBy: "\n")[0].components(separatedBy: "content/").last ?? $0
    }
    #expect(
      errors == [
        "page.md:6:5: error: the link to 'plan.md' names no document in the pack",
        "page.md:8:8: error: the link to 'plan.md' names no document in the pack",
        "page.md:10:7: error: the link to 'plan.md' names no document in the pack",
      ])
  }

  @Test func aSoundLinkWrittenManyTimesIsRewrittenEachTime() throws {
    let line = "See [our inspection](webpage.md) and [Ofsted](https://reports.ofsted.gov.uk/x).\n\n"
    let pack = try Self.pack(String(repeating: line, count: 5))
    let (build, _) = pack.buildSite(at: "2026-08-04T09:00")
    #expect(build.succeeded, "\(build.diagnostics.map(\.rendered))")
    let page = try #require(pack.siteText("help/index.html"))
    #expect(page.components(separatedBy: "href=\"../webpage/\">our inspection</a>").count - 1 == 5)
    #expect(page.components(separatedBy: "href=\"https://reports.ofsted.gov.uk/x\"").count - 1 == 5)
    #expect(build.rendered.first { $0.document.fileName == "page.md" }?.externalLinks == ["https://reports.ofsted.gov.uk/x"])
  }
}
