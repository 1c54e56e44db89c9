import Foundation
import Testing

@testable import PubPack

/// `site.shareImages: false` in pack.yaml: no cards and no `og:image`, for a council whose own
/// site makes its social cards; anything but true or false is a located error.
@Suite struct ShareImageSettingTests {
  static func pack(_ setting: String) throws -> TestPack {
    try TestPack([
      "content/pack.yaml": """
        site:
          title: Test pack
          baseURL: https://www.test.example/ofsted/
        \(setting)
        """
    ])
  }

  @Test(.enabled(if: ShareImageFixture.hasRasteriser, ShareImageFixture.reason))
  func turnedOffThereIsNoCardAndNoOgImage() throws {
    let packYAML = try String(contentsOfFile: DocumentsFixture.sampleContent + "/pack.yaml", encoding: .utf8)
    func built(_ setting: String) throws -> Build {
      let yaml = packYAML.replacingOccurrences(
        of: "  baseURL: https://www.fernleigh.example/ofsted-2026/\n",
        with: "  baseURL: https://www.fernleigh.example/ofsted-2026/\n\(setting)\n")
      #expect(yaml != packYAML)
      let pack = try DocumentsFixture.samplePack(replacing: ["pack.yaml": yaml], label: "share-setting")
      return ShareImageFixture.build(content: pack.content, templates: pack.templates)
    }
    let offBuild = try built("  shareImages: false")
    let onBuild = try built("  shareImages: true")
    #expect(offBuild.succeeded && onBuild.succeeded)
    #expect(!offBuild.files.contains { $0.path.hasSuffix(".png") })
    #expect(onBuild.files.contains { $0.path == "press-release/share.png" })
    func page(_ build: Build) -> String {
      String(decoding: build.files.first { $0.path == "press-release/index.html" }?.contents ?? Data(), as: UTF8.self)
    }
    #expect(!page(offBuild).isEmpty && !page(offBuild).contains("og:image"))
    #expect(page(onBuild).contains("og:image"))
  }

  @Test(arguments: ["  shareImages: sometimes", "  shareImages: [true]", "  shareImages: \"\""])
  func anythingButTrueOrFalseIsALocatedError(setting: String) throws {
    let pack = try Self.pack(setting)
    let build = pack.build(at: "2026-08-05T00:00")
    #expect(!build.succeeded)
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.contains { $0.hasPrefix(pack.content + "/pack.yaml:4:") && $0.contains("shareImages") }, "\(errors)")
  }
}
