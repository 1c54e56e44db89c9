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
        printers: Printers(shareImage: ShareImageRenderer(searchPath: path.split(separator: ":").map(String.init)))))
    let port = try await server.start()
    let preview = RunningPreview(fixture: fixture, server: server, port: port)
    defer { Task { await preview.stop() } }

    let landing = try await Self.get("/share.png", from: preview)
    #expect(landing.status == 200)
    #expect(landing.headers["content-type"] == "image/png")
    #expect(landing.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(try await Self.get("/accessibility/share.png", from: preview).status == 200)
    // The press release is withheld at this instant: no card, and its page names none.
    #expect(try await Self.get("/press-release/share.png", from: preview).status == 404)
    let page = try await Self.get("/press-release/", from: preview)
    #expect(page.text.contains("EMBARGOED until"))
    #expect(!page.text.contains("og:image"))
    #expect(
      (try await Self.get("/", from: preview)).text.contains(
        "<meta property=\"og:image\" content=\"https://www.fernleigh.example/ofsted-2026/share.png\">"))
  }

  /// A GET asked again when no answer came: the server's tasks share the test process's few
  /// threads with every other test running beside it, and a build that draws cards can then
  /// outlast the client's 10 s (the build goes on, and the next request finds it made).
  static func get(_ target: String, from preview: RunningPreview) async throws -> RawResponse {
    for _ in 1..<6 {
      if let response = try? await preview.get(target) { return response }
    }
    return try await preview.get(target)
  }
}
