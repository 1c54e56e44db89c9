import Foundation
import Testing

@testable import PubPack

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Each released page's share image (`og:image`): a 1200x630 PNG drawn from an SVG card by
/// `rsvg-convert`, following its page's embargo.
@Suite(.serialized) struct ShareImageTests {
  typealias F = ShareImageFixture

  static let baseURL = "https://www.fernleigh.example/ofsted-2026/"

  // MARK: - The released site

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func everyReleasedPageNamesAnAbsoluteShareImageThatIsA1200x630PNGInTheSite() throws {
    let build = F.build()
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    let folder = try DocumentsFixture.writeFiles(of: build, label: "share")
    defer { try? FileManager.default.removeItem(at: folder) }
    let pages = build.files.map(\.path).filter { $0.hasSuffix("index.html") }
    #expect(pages.count == 5, "\(pages)")
    for page in pages {
      let html = DocumentsFixture.text(build, page)
      guard let url = F.meta("og:image", in: html) else {
        Issue.record("\(page) has no og:image")
        continue
      }
      let expected = Self.baseURL + page.replacingOccurrences(of: "index.html", with: "share.png")
      #expect(url == expected, "\(page)")
      #expect(F.meta("twitter:image", in: html) == url)
      #expect(F.meta("twitter:card", in: html) == "summary_large_image")
      #expect(F.meta("og:image:width", in: html) == "1200")
      #expect(F.meta("og:image:height", in: html) == "630")
      let alt = F.meta("og:image:alt", in: html) ?? ""
      #expect(alt.hasPrefix("Fernleigh Borough Council. "), "\(page): \(alt)")
      #expect(F.meta("twitter:image:alt", in: html) == alt)
      // The file the URL names, as written.
      let file = folder.appendingPathComponent(String(url.dropFirst(Self.baseURL.count)))
      let png = try Data(contentsOf: file)
      let size = F.size(ofPNG: png)
      #expect(size?.width == 1200 && size?.height == 630, "\(file.lastPathComponent): \(String(describing: size))")
      // No time or text chunk: nothing in the file but the picture.
      #expect(
        Set(F.chunks(ofPNG: png)).isSubset(of: ["IHDR", "bKGD", "IDAT", "IEND", "sRGB", "gAMA", "pHYs"]),
        "\(F.chunks(ofPNG: png))")
    }
    // Not blank: the background, the text and its anti-aliased edges.
    let colours = try F.distinctColours(ofPNG: folder.appendingPathComponent("press-release/share.png").path)
    #expect(colours > 20, "only \(colours) colours")
    // The webpage and the press release state the outcome; the landing page and the others do not.
    let alts = Dictionary(
      uniqueKeysWithValues: pages.map { ($0, F.meta("og:image:alt", in: DocumentsFixture.text(build, $0)) ?? "") })
    #expect(alts["press-release/index.html"]?.hasSuffix("Overall effectiveness: Good.") == true)
    #expect(alts["ofsted-inspection/index.html"]?.hasSuffix("Overall effectiveness: Good.") == true)
    #expect(alts["index.html"] == "Fernleigh Borough Council. Our Ofsted inspection 2026.")
    #expect(alts["council-report/index.html"]?.contains("Overall effectiveness") == false)
    #expect(alts["accessibility/index.html"]?.contains("Overall effectiveness") == false)
  }

  @Test(
    .enabled(
      if: F.hasRasteriser && PageCheckers.hasJava && PageCheckers.hasChromium, "needs rsvg-convert, Java and Chromium"))
  func pagesWithShareImagesPassTheNuHtmlCheckerAndAxe() throws {
    let build = F.build()
    let folder = try DocumentsFixture.writeFiles(of: build, label: "share-pages")
    defer { try? FileManager.default.removeItem(at: folder) }
    let vnu = try PageCheckers.check("vnu", site: folder)
    #expect(vnu.output.contains(" 0 errors"), "\(vnu.output)")
    let axe = try PageCheckers.check("axe", site: folder, screenshots: "screenshots/share-images")
    #expect(axe.output.contains(" 0 violations"), "\(axe.output)")
  }

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func twoBuildsGiveIdenticalShareImages() {
    let first = F.build().files.filter { $0.path.hasSuffix(".png") }
    let second = F.build().files.filter { $0.path.hasSuffix(".png") }
    #expect(first.count == 5)
    #expect(first.map(\.path) == second.map(\.path))
    for (a, b) in zip(first, second) {
      #expect(a.contents == b.contents, "\(a.path) differs between two builds")
    }
  }

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func aShareImageCarriesItsPagesSourcesAndEmbargoIntoTheManifest() throws {
    let build = F.build()
    for page in build.files where page.path.hasSuffix("/index.html") {
      let card = build.files.first { $0.path == page.path.replacingOccurrences(of: "index.html", with: "share.png") }
      #expect(card?.sources == page.sources, "\(page.path)")
      #expect(card?.notBefore == page.notBefore, "\(page.path)")
    }
    let manifest = BuildManifest(mode: .release, instant: build.request.instant, files: build.files)
    let entry = manifest.files.first { $0.path == "press-release/share.png" }
    #expect(entry?.notBefore == "2026-08-03T23:01:00Z")
    #expect(entry?.sources.first?.hasSuffix("press-release.md") == true)
  }

  // MARK: - The embargo

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func beforeTheReleaseNoWithheldPageHasAShareImageAndNoCardStatesTheGrade() throws {
    let build = F.build(at: DocumentsFixture.weekBefore)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    let cards = build.files.filter { $0.path.hasSuffix(".png") }
    // The landing page and the accessibility statement (`embargo: none`) only.
    #expect(cards.map(\.path) == ["accessibility/share.png", "share.png"])
    for withheld in build.withheld {
      #expect(!build.files.contains { $0.path.hasPrefix(withheld.document.slug + "/") })
    }
    // Each PNG is exactly the card this build drew: rendering that card's SVG again gives its
    // bytes, and the SVG says no grade.
    guard let pack = build.pack else { return }
    let landing = ShareCard.forLanding(inspection: pack.inspection, siteTitle: pack.settings.siteTitle)
    let accessibility = try #require(build.released.first { $0.document.slug == "accessibility" })
    let drawn = [
      "share.png": landing, "accessibility/share.png": ShareImageStage.card(for: accessibility, pack: pack),
    ]
    let work = try DocumentsFixture.temporaryFolder("share-svg")
    defer { try? FileManager.default.removeItem(at: work) }
    for file in cards {
      let card = try #require(drawn[file.path])
      #expect(!card.svg.contains("Overall effectiveness"), "\(file.path)")
      #expect(!card.svg.contains("Good"), "\(file.path)")
      let again = F.renderer.render(card.svg, output: work.appendingPathComponent("again.png").path)
      #expect((try? again.get()) == file.contents, "\(file.path) is not the card's SVG")
    }
    for page in build.files where page.path.hasSuffix(".html") {
      let alt = F.meta("og:image:alt", in: String(decoding: page.contents, as: UTF8.self)) ?? ""
      #expect(!alt.contains("Overall effectiveness"), "\(page.path): \(alt)")
    }
  }

  @Test func theGradeIsOnTheWebpageAndPressReleaseCardsOnlyOnceReleased() throws {
    let webpage = try TestPack([:])
    defer { try? FileManager.default.removeItem(at: webpage.root) }
    let before = webpage.build(at: "2026-08-04T00:00")
    let after = webpage.build(at: "2026-08-04T00:01")
    let pack = try #require(after.pack)
    let page = try #require(after.documents.first { $0.document.kind == .webpage })
    #expect(ShareImageStage.card(for: page, pack: pack).grade == "Overall effectiveness: Good")
    #expect(ShareImageStage.card(for: page, pack: pack).svg.contains(">Overall effectiveness: Good</text>"))
    let withheld = try #require(before.documents.first { $0.document.kind == .webpage })
    #expect(ShareImageStage.card(for: withheld, pack: pack).grade == nil)
    #expect(!ShareImageStage.card(for: withheld, pack: pack).svg.contains("Overall effectiveness"))
    #expect(!ShareImageStage.makesCard(for: withheld))
    // "Requires improvement to be good", whole, as Ofsted writes it, on one line that fits.
    var document = page.document
    document.kind = .pressRelease
    var inspection = pack.inspection
    inspection.judgements[.overallEffectiveness] = .requiresImprovement
    let card = ShareCard.forDocument(document, inspection: inspection, siteTitle: "Site", isPackReleased: true)
    #expect(card.grade == "Overall effectiveness: Requires improvement to be good")
    #expect(card.svg.contains(">Overall effectiveness: Requires improvement to be good</text>"))
    // A council report, a page, and the landing page never show it.
    for kind in [Document.Kind.councilReport, .page] {
      document.kind = kind
      #expect(
        ShareCard.forDocument(document, inspection: inspection, siteTitle: "Site", isPackReleased: true).grade == nil)
    }
    // No overall effectiveness (the 2026 framework, a visit): no grade line.
    document.kind = .webpage
    inspection.judgements = [:]
    #expect(
      ShareCard.forDocument(document, inspection: inspection, siteTitle: "Site", isPackReleased: true).grade == nil)
  }

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func aLaterEmbargoHoldsItsShareImageBackToTheInstant() throws {
    let pack = try TestPack([
      "content/press-release.md": """
      ---
      title: Council welcomes report
      kind: press-release
      summary: The council's response.
      embargo: 2026-08-10T09:00
      ---
      Text.
      """
    ])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    for (at, expected) in [("2026-08-10T08:59", false), ("2026-08-10T09:00", true)] {
      let build = F.build(content: pack.content, templates: pack.templates, at: at)
      #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
      let card = build.files.first { $0.path == "press-release/share.png" }
      #expect((card != nil) == expected, "at \(at)")
      #expect(build.files.contains { $0.path == "webpage/share.png" })
      if let card {
        #expect(card.notBefore == TestPack.instant("2026-08-10T09:00"))
      }
    }
  }

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func aPreviewGivesWithheldPagesNoShareImage() {
    let build = F.build(at: DocumentsFixture.weekBefore, mode: .preview)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(build.files.filter { $0.path.hasSuffix(".png") }.map(\.path) == ["accessibility/share.png", "share.png"])
    let page = DocumentsFixture.text(build, "press-release/index.html")
    #expect(page.contains("EMBARGOED"))
    #expect(!page.contains("og:image"))
    #expect(F.meta("twitter:card", in: page) == "summary")
  }

  // MARK: - Without rsvg-convert

  @Test func withoutRsvgConvertTheBuildFailsSayingHowToInstallIt() throws {
    let pack = try TestPack([:])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let empty = pack.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    for renderer in [ShareImageRenderer(searchPath: []), ShareImageRenderer(searchPath: [empty.path])] {
      let build = F.build(content: pack.content, templates: pack.templates, at: "2026-08-05T00:00", renderer: renderer)
      let errors = TestPack.errors(build.diagnostics)
      #expect(!build.succeeded)
      #expect(build.files.isEmpty)
      #expect(errors.count == 1, "\(errors)")
      #expect(errors.first?.hasPrefix("\(pack.content)/pack.yaml:3:") == true, "\(errors)")
      #expect(errors.first?.contains("error: rsvg-convert was not found") == true)
      #expect(errors.first?.contains("note: install it: 'apt-get install librsvg2-bin'") == true)
    }
    // Reported with every other problem of the build, not only when the rest is right.
    try pack.write("content/webpage.md", "---\ntitle: Our inspection\nkind: webpage\n---\nSee [the plan](plan.md).\n")
    let both = F.build(
      content: pack.content, templates: pack.templates, at: "2026-08-05T00:00",
      renderer: ShareImageRenderer(searchPath: []))
    let errors = TestPack.errors(both.diagnostics)
    #expect(errors.count == 2, "\(errors)")
    #expect(errors.contains { $0.contains("plan.md") })
    #expect(errors.contains { $0.contains("error: rsvg-convert was not found") })
  }

  @Test func withoutARendererThereIsNoShareImageAndNoOgImage() throws {
    let pack = try TestPack([:])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let build = F.build(content: pack.content, templates: pack.templates, at: "2026-08-05T00:00", renderer: nil)
    #expect(build.succeeded)
    #expect(!build.files.contains { $0.path.hasSuffix(".png") })
  }

  @Test func theBuildCommandWithoutRsvgConvertOnPathExitsOneAndWritesNothing() throws {
    let pack = try TestPack([:])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let empty = pack.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let result = try runPubpack(
      ["build", "--at", "2026-08-05T00:00"], in: pack.root, environment: ["PATH": empty.path])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("content/pack.yaml:3:"), "\(result.stderr)")
    #expect(result.stderr.contains("error: rsvg-convert was not found"), "\(result.stderr)")
    #expect(result.stderr.contains("note: install it: 'apt-get install librsvg2-bin'"))
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  // MARK: - Hard titles

  static let hardTitles = [
    "Children & families: <b>\"our\"</b> 'plan'",
    "Ofsted’s report — “Good” for Øresund, Ελληνικά, Кириллица, العربية and 日本語",
    String(repeating: "A very long title about children's services ", count: 7),
    String(repeating: "Unbreakable", count: 30),
    "Line\nbreak\tand\u{0007}control\u{FFFE}characters",
  ]

  @Test func aCardIsWellFormedSVGWhateverTheTitle() throws {
    for title in Self.hardTitles {
      let card = ShareCard(councilName: "Fernleigh & <Co>", title: title, grade: "Overall effectiveness: Good")
      let parser = XMLParser(data: Data(card.svg.utf8))
      #expect(parser.parse(), "not well-formed for \(title): \(String(describing: parser.parserError))")
      let lines = card.svg.split(separator: "\n").filter { $0.contains("font-size=\"64\"") }
      #expect((1...3).contains(lines.count), "\(title): \(lines.count) lines")
      for line in lines {
        // Each line fits the card's text width by the font's advance widths.
        let written = String(line.split(separator: ">")[1].split(separator: "<")[0])
        let text = F.unescape(written)
        #expect(ShareCard.measure(text, size: 64) <= ShareCard.textWidth, "\(text)")
      }
    }
    let long = ShareCard(councilName: "C", title: String(repeating: "word ", count: 60))
    #expect(ShareCard.fit(long.title, size: 64, lines: 3).count == 3)
    #expect(ShareCard.fit(long.title, size: 64, lines: 3).last?.hasSuffix("…") == true)
    #expect(ShareCard.fit("Short title", size: 64, lines: 3) == ["Short title"])
    let escaped = ShareCard(councilName: "A & B", title: "<script>\"x\"</script>").svg
    #expect(escaped.contains("A &amp; B"))
    #expect(escaped.contains("&lt;script&gt;&quot;x&quot;&lt;/script&gt;"))
    #expect(!escaped.contains("<script>"))
  }

  @Test(.enabled(if: F.hasRasteriser, F.reason))
  func hardTitlesRenderToValidPNGsAndEscapedMetaTags() throws {
    for (index, title) in Self.hardTitles.enumerated() {
      let yamlTitle = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        .replacingOccurrences(of: "\u{0007}", with: "").replacingOccurrences(of: "\u{FFFE}", with: "")
      let pack = try TestPack([
        "templates/layout.mustache": """
        <html><head><title>{{page.title}}</title>{{#page.shareImage}}<meta property="og:image" content="{{page.shareImage.url}}"><meta property="og:image:alt" content="{{page.shareImage.alt}}">{{/page.shareImage}}</head><body>{{$main}}{{/main}}</body></html>
        """,
        "content/webpage.md": "---\ntitle: \"\(yamlTitle)\"\nkind: webpage\nsummary: What Ofsted found.\n---\nText.\n",
      ])
      defer { try? FileManager.default.removeItem(at: pack.root) }
      let build = F.build(content: pack.content, templates: pack.templates, at: "2026-08-05T00:00")
      #expect(build.succeeded, "title \(index): \(TestPack.errors(build.diagnostics))")
      let png = try #require(build.files.first { $0.path == "webpage/share.png" }, "title \(index)")
      let size = F.size(ofPNG: png.contents)
      #expect(size?.width == 1200 && size?.height == 630)
      let html = DocumentsFixture.text(build, "webpage/index.html")
      let alt = try #require(F.meta("og:image:alt", in: html))
      #expect(alt.count <= 420)
      #expect(!html.contains("content=\"Testborough Council. Children & "), "the alt text is escaped")
      if index == 0 { #expect(alt.contains("Children & families: <b>\"our\"</b> 'plan'")) }
      if index == 2 { #expect(alt.hasPrefix("Testborough Council. A very long title")) }
    }
  }

  // MARK: - check's warning

  @Test func checkWarnsWhenAPageHasImagesButNoShareText() throws {
    let image = "![A chart of the grades](assets/chart.png)"
    let cases: [(body: String, summary: String?, line: Int?)] = [
      ("Intro.\n\n\(image)\n", nil, 7),
      ("Intro.\n\n\(image)\n", "What Ofsted found, with a chart.", nil),
      ("No pictures here.\n", nil, nil),
      ("Intro.\n\n<p><img src=\"assets/chart.png\" alt=\"A chart\"></p>\n", nil, 7),
      ("Intro.\n\n<p><img src=\"assets/chart.png\" alt=\"A chart\"></p>\n", "With a summary.", nil),
    ]
    for (body, summary, line) in cases {
      let front = "---\ntitle: Our inspection\nkind: webpage\n" + (summary.map { "summary: \($0)\n" } ?? "") + "---\n"
      let pack = try TestPack([
        "content/pack.yaml":
          "site:\n  title: Test pack\n  baseURL: https://www.test.example/ofsted/\nmarkdown:\n  rawHTML: true\n",
        "content/webpage.md": front + body,
      ])
      try pack.write("content/assets/chart.png", Data(ShareImageRenderer.pngSignature))
      defer { try? FileManager.default.removeItem(at: pack.root) }
      let build = pack.build(at: "2026-08-05T00:00")
      let warnings = build.diagnostics.filter { $0.severity == .warning && $0.message.contains("share text") }
      if let line {
        #expect(warnings.count == 1, "\(body): \(build.diagnostics.map(\.rendered))")
        #expect(warnings.first?.location?.line == line)
        #expect(warnings.first?.rendered.contains("note: add a one-sentence 'summary:'") == true)
      } else {
        #expect(warnings.isEmpty, "\(body): \(warnings.map(\.rendered))")
      }
    }
  }
}
