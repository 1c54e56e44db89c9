import Foundation
import PackPreview
import PubPack
import Testing

/// The preview draws the share images of the pages a release build would publish, and none for
/// the pages it still withholds.
@Suite struct SharePreviewTests {
  static let hasRasteriser: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/rsvg-convert") }
  }()

  @Test(.enabled(if: hasRasteriser, "needs rsvg-convert (apt-get install librsvg2-bin)"))
  func thePreviewServesReleasedPagesCardsAndNoneForWithheldPages() async throws {
    let fixture = try PackFixture()
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let server = PreviewServer(
      PreviewConfiguration(
        content: fixture.content, templates: fixture.templates, at: beforeRelease, host: "127.0.0.1", port: 0,
        shareImageRenderer: ShareImageRenderer(searchPath: path.split(separator: ":").map(String.init))))
    let port = try await server.start()
    let preview = RunningPreview(fixture: fixture, server: server, port: port)
    defer { Task { await preview.stop() } }

    let landing = try await preview.get("/share.png")
    #expect(landing.status == 200)
    #expect(landing.headers["content-type"] == "image/png")
    #expect(landing.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(try await preview.get("/accessibility/share.png").status == 200)
    // The press release is withheld at this instant: no card, and its page names none.
    #expect(try await preview.get("/press-release/share.png").status == 404)
    let page = try await preview.get("/press-release/")
    #expect(page.text.contains("EMBARGOED until"))
    #expect(!page.text.contains("og:image"))
    #expect(
      (try await preview.get("/")).text.contains(
        "<meta property=\"og:image\" content=\"https://www.fernleigh.example/ofsted-2026/share.png\">"))
  }
}
