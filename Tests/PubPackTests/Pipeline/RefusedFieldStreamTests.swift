import Foundation
import Testing

@testable import PubPack

/// A document's title and summary reach every page's navigation and the listings, not only its
/// own page. When the checks refuse one (an early page whose title states the grade, a title
/// claiming a grade the data does not hold), the build fails, and no page is written, not even
/// to the staging folder: before, the other pages were streamed with the refused title in their
/// navigation before the failure was known (the red team's find).
@Suite struct RefusedFieldStreamTests {
  @Test(
    arguments: [
      // An early page whose title states the outcome (embargo rule 2).
      ("---\ntitle: Ofsted judged our services good\nkind: page\nembargo: none\n---\nThe hub opens at 9am.\n", "2026-08-03T12:00"),
      // Its summary, the same.
      ("---\ntitle: Family help\nkind: page\nembargo: none\nsummary: Ofsted rated us good overall.\n---\nThe hub opens at 9am.\n", "2026-08-03T12:00"),
      // After the release: a title claiming a grade the inspection's data does not hold.
      ("---\ntitle: Ofsted rates Testborough children's services outstanding\nkind: page\n---\nThe hub opens at 9am.\n", "2026-08-05T12:00"),
    ])
  func aRefusedTitleOrSummaryMeansNoPageIsWrittenAtAll(document: String, at instant: String) throws {
    let pack = try StreamedBuildTests.earlyPack(extra: document)
    var request = pack.request(at: instant)
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    request.staging = staging
    let build = Pipeline.build(request)

    #expect(!build.succeeded)
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.contains { $0.contains("early-leak.md") }, "\(errors)")
    // The six early pages have no error of their own, but each names the refused document in
    // its navigation: none was written.
    #expect(staging.writtenPaths == [])
    #expect(!FileManager.default.fileExists(atPath: staging.path))
  }

  @Test func aBuildWithNoRefusedFieldStillStreamsItsPages() throws {
    let pack = try StreamedBuildTests.earlyPack(
      extra: "---\ntitle: Family help\nkind: page\nembargo: none\n---\nThe hub opens at 9am.\n")
    var request = pack.request(at: "2026-08-03T12:00")
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    request.staging = staging
    let build = Pipeline.build(request)
    #expect(build.succeeded, "\(build.diagnostics)")
    #expect(staging.writtenPaths.contains("early-1/index.html"))
    #expect(staging.writtenPaths.contains("early-leak/index.html"))
  }
}
