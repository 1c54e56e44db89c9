import Foundation
import Testing

@testable import PubPack

/// The site writer is the embargo's second gate: whatever the pipeline hands it, it does not
/// write a release build that has a file not yet released at the build's instant.
@Suite struct SiteWriterGateTests {
  static let instant = PublishFixture.instant("2026-08-04T09:00")

  /// A real release build of the publish fixture's pack, at 9am, after the pack's release.
  func build(_ f: PublishFixture, mode: BuildMode = .release) -> Build {
    let build = Pipeline.build(BuildRequest(content: f.content, templates: f.templates, mode: mode, at: Self.instant))
    #expect(build.succeeded && build.files.count > 3)
    return build
  }

  @Test(
    arguments: [
      // (the file forced early, seconds after the build's instant its notBefore says)
      ("page/index.html", Int64(1)),
      ("index.html", 60),
      ("feed.xml", 3600),
      ("assets/site.css", 86_400 * 365),
    ] as [(String, Int64)])
  func aFileNotYetReleasedIsNotWrittenNorAnythingElse(path: String, early: Int64) throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
    defer { f.cleanUp() }
    var forced = build(f)
    guard let index = forced.files.firstIndex(where: { $0.path == path }) else {
      Issue.record("the build has no \(path): \(forced.files.map(\.path))")
      return
    }
    forced.files[index].notBefore = Self.instant.adding(seconds: early)

    // Into a new folder: nothing is made.
    let fresh = f.root.appendingPathComponent("fresh").path
    let problems = SiteWriter.write(forced, to: fresh)
    #expect(problems.count == 1)
    #expect(problems.first?.rendered.contains("refusing to write '\(path)': it is not released until ") == true)
    #expect(!FileManager.default.fileExists(atPath: fresh))
    let siblings = try FileManager.default.contentsOfDirectory(atPath: f.root.path)
    #expect(!siblings.contains { $0.contains("pubpack-new") })

    // Over an earlier site: it stays exactly as it was.
    f.buildSite(at: "2026-08-04T09:00")
    let before = PublishFixture.tree(f.site)
    #expect(!SiteWriter.write(forced, to: f.site).isEmpty)
    #expect(PublishFixture.tree(f.site) == before)
  }

  @Test func aFileReleasedAtTheBuildsInstantExactlyIsWritten() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
    defer { f.cleanUp() }
    var boundary = build(f)
    for index in boundary.files.indices { boundary.files[index].notBefore = Self.instant }
    #expect(SiteWriter.write(boundary, to: f.site).map(\.rendered) == [])
    #expect(FileManager.default.fileExists(atPath: f.site + "/page/index.html"))
  }

  @Test func aPreviewBuildStillShowsWithheldFiles() throws {
    // A preview shows withheld documents on purpose (marked embargoed) and is never published.
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" }, liftsAt: "2026-08-05T00:01")
    defer { f.cleanUp() }
    let preview = build(f, mode: .preview)
    #expect(preview.files.contains { !ReleasePolicy.isReleased(embargo: $0.notBefore, at: Self.instant) })
    #expect(SiteWriter.write(preview, to: f.site).map(\.rendered) == [])
  }

  @Test(
    arguments: [
      // (embargo, now, released?)
      (nil, "2026-08-04T09:00", true),
      ("2026-08-04T09:00", "2026-08-04T09:00", true),
      ("2026-08-04T09:00", "2026-08-04T07:59:59Z", false),
      ("2026-08-04T09:00", "2026-08-04T08:00:01Z", true),
      ("2030-01-01T00:00", "2026-08-04T09:00", false),
    ] as [(String?, String, Bool)])
  func theOneComparisonOfAnInstantWithAnEmbargo(embargo: String?, now: String, released: Bool) {
    #expect(
      ReleasePolicy.isReleased(embargo: embargo.map(PublishFixture.instant), at: PublishFixture.instant(now))
        == released)
  }
}
