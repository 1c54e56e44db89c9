import Foundation
import Testing

@testable import PubPack

/// What a council officer gets from `pubpack init` to a published pack: pages that never say a
/// thing twice, valid and accessible HTML, and a press copy with no holes in it.
///
/// Uses Ofsted's official 2024 statistics from `../shared/data/` (skipped without them).
@Suite(.serialized) struct StarterPackTests {
  static let statistics = sharedFolder.appendingPathComponent("data/LA_Inspection_Outcomes_as_at_March_2024.ods")
  static let authorities = ["Cornwall", "Doncaster", "Barking and Dagenham"]

  /// A pack made by `init` for `authority`, every `TYPE` filled with text of the author's own,
  /// every `draft: true` line deleted, and built at a time after its embargo.
  static func publishedStarter(_ authority: String, in folder: URL) throws -> URL {
    let name = authority.lowercased().replacingOccurrences(of: " ", with: "-")
    let made = try runPubpack(["init", name, "--outcomes", statistics.path, "--la", authority], in: folder)
    #expect(made.status == 0, "\(made.stderr)")
    let pack = folder.appendingPathComponent(name)
    try StarterFiller.fillEveryPlaceholder(in: pack.appendingPathComponent("content"))
    let build = try runPubpack(["build", "--at", "2030-01-01T09:00"], in: pack)
    #expect(build.status == 0, "\(authority): \(build.stderr)")
    #expect(build.stderr.contains("3 documents released, 0 withheld"), "\(authority): \(build.stderr)")
    return pack
  }

  @Test(.enabled(if: hasSharedFolder, "needs ../shared/data (Ofsted's statistics)"))
  func noStarterPageSaysAThingTwice() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for authority in Self.authorities {
      let pack = try Self.publishedStarter(authority, in: folder)
      for slug in ["ofsted-inspection", "council-report", "press-release"] {
        let page = try String(contentsOf: pack.appendingPathComponent("site/\(slug)/index.html"), encoding: .utf8)
        let headings = HTMLScan.elements(["h1", "h2", "h3"], in: page)
        #expect(Set(headings).count == headings.count, "\(authority) \(slug) repeats a heading: \(headings)")
        let ids = HTMLScan.ids(in: page)
        #expect(Set(ids).count == ids.count, "\(authority) \(slug) repeats an id: \(ids)")
        let inspection = try String(
          contentsOf: pack.appendingPathComponent("content/inspection.yaml"), encoding: .utf8)
        // The headline, and each quote the press release shows, appear once on a page.
        for line in inspection.split(separator: "\n") where line.contains("headline:") || line.contains("text:") {
          let text = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
          #expect(page.components(separatedBy: text).count <= 2, "\(authority) \(slug) shows '\(text)' twice")
        }
      }
      let press = try String(contentsOf: pack.appendingPathComponent("site/press-release/index.html"), encoding: .utf8)
      #expect(press.contains("Filled in by the author (quote"), "the press release shows its quotes")
    }
  }

  @Test(
    .enabled(if: hasSharedFolder, "needs ../shared/data (Ofsted's statistics)"),
    .enabled(if: PageCheckers.hasJava && PageCheckers.hasChromium, "needs java, chromium and python3"))
  func everyStarterPageIsValidAndAccessible() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sites = try DocumentsFixture.temporaryFolder("starters")
    defer { try? FileManager.default.removeItem(at: sites) }
    for authority in Self.authorities {
      let pack = try Self.publishedStarter(authority, in: folder)
      try FileManager.default.copyItem(
        at: pack.appendingPathComponent("site"), to: sites.appendingPathComponent(pack.lastPathComponent))
    }
    let vnu = try PageCheckers.check("vnu", site: sites)
    #expect(vnu.output.contains(" 0 errors"), "\(vnu.output)")
    let axe = try PageCheckers.check("axe", site: sites, screenshots: "screenshots/starters")
    #expect(axe.output.contains(" 0 violations"), "\(axe.output)")
  }

  /// A chart 1600 pixels wide, and the sample's tables, on a 390px phone: the page does not
  /// scroll sideways (check_pages.py measures it in headless Chromium, and fails a page that does).
  @Test(.enabled(if: PageCheckers.hasChromium, "needs chromium, chromium-driver and python3"))
  func aWideImageFitsAPhone() throws {
    let pack = try DocumentsFixture.samplePack(replacing: [:], label: "wide-image")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: pack.content).deletingLastPathComponent().path) }
    let content = URL(fileURLWithPath: pack.content)
    try FileManager.default.createDirectory(
      at: content.appendingPathComponent("assets"), withIntermediateDirectories: true)
    try WidePNG.write(width: 1600, height: 400, to: content.appendingPathComponent("assets/wide-chart.png"))
    let webpage = content.appendingPathComponent("webpage.md")
    var text = try String(contentsOf: webpage, encoding: .utf8)
    text += "\n![A bar chart of the council's judgements since 2018](assets/wide-chart.png)\n"
    try text.write(to: webpage, atomically: true, encoding: .utf8)
    let build = DocumentsFixture.build(content: pack.content, templates: pack.templates)
    let site = try DocumentsFixture.writeFiles(of: build, label: "wide-image-site")
    defer { try? FileManager.default.removeItem(at: site) }
    #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/wide-chart.png").path))
    let axe = try PageCheckers.check("axe", site: site, screenshots: "screenshots/wide-image")
    #expect(!axe.output.contains("scrolls sideways"), "\(axe.output)")
  }

  /// The checker itself: a page with a fixed 1600px-wide block must be reported.
  @Test(.enabled(if: PageCheckers.hasChromium, "needs chromium, chromium-driver and python3"))
  func theWidthCheckCatchesAPageThatScrollsSideways() throws {
    let site = try DocumentsFixture.temporaryFolder("too-wide")
    defer { try? FileManager.default.removeItem(at: site) }
    let page = """
      <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
      <title>Wide</title></head><body><main><h1>Wide</h1><div style="width:1600px">wide</div></main></body></html>
      """
    try Data(page.utf8).write(to: site.appendingPathComponent("index.html"))
    let result = try PageCheckers.run(["axe", site.path, site.appendingPathComponent("shots").path])
    #expect(result.output.contains("scrolls sideways"), "\(result.output)")
  }

  /// A journalist's copy has no hole: every image has an absolute address and its alt text
  /// (`check` refuses an image with none), and the text copy says in brackets what each shows.
  @Test func thePressCopyShowsImagesWithAnAddressAndAltText() throws {
    let release = """
      ---
      title: Council welcomes Ofsted report
      kind: press-release
      ---
      Fernleigh's services were inspected.

      ![A chart of the judgements since 2018](assets/chart.png)

      ![Photo of the social work team](https://www.fernleigh.example/images/team.jpg)
      """
    let pack = try DocumentsFixture.samplePack(replacing: ["press-release.md": release], label: "press-images")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: pack.content).deletingLastPathComponent().path) }
    let assets = URL(fileURLWithPath: pack.content).appendingPathComponent("assets")
    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
    try WidePNG.write(width: 40, height: 10, to: assets.appendingPathComponent("chart.png"))
    let (copies, diagnostics) = PressCopy.make(
      DocumentsFixture.request(content: pack.content, templates: pack.templates, at: DocumentsFixture.weekBefore))
    #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.rendered))")
    let copy = try #require(copies.first)
    let images = HTMLScan.startTags("img", in: copy.html)
    #expect(images.count == 2, "\(images)")
    for image in images {
      #expect(image.contains("src=\"https://"), "\(image)")
      #expect(!image.contains("alt=\"\""), "\(image)")
      #expect(image.contains("alt=\""), "\(image)")
    }
    #expect(copy.html.contains("src=\"https://www.fernleigh.example/ofsted-2026/assets/chart.png\""), "\(images)")
    #expect(copy.text.contains("[Image: A chart of the judgements since 2018]"))
    #expect(copy.text.contains("[Image: Photo of the social work team]"))
  }
}

/// What an author does to the starter: every `TYPE` placeholder replaced with text of their own
/// (each different, so a repeat can be seen), and every `draft: true` line deleted.
enum StarterFiller {
  static func fillEveryPlaceholder(in content: URL) throws {
    var counter = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: content.path).sorted()
    where name.hasSuffix(".md") || name.hasSuffix(".yaml") {
      let url = content.appendingPathComponent(name)
      let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      var out: [String] = []
      for line in lines {
        if line.hasPrefix("draft: true") { continue }
        out.append(fill(String(line), counter: &counter))
      }
      try out.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
  }

  /// The line with its placeholder value replaced; a `TYPE` only in a comment is left alone.
  static func fill(_ line: String, counter: inout Int) -> String {
    guard let type = line.range(of: "TYPE") else { return line }
    let comment = line.range(of: " #")
    if let comment, comment.lowerBound < type.lowerBound { return line }
    if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { return line }
    let valueEnd = comment?.lowerBound ?? line.endIndex
    let before = line[..<type.lowerBound]
    let after = line[valueEnd...]
    counter += 1
    let key = before.trimmingCharacters(in: .whitespaces)
    let value: String
    if key.lowercased().hasSuffix("email:") {
      value = "press\(counter)@council.example"
    } else if key.hasSuffix("Date:") {
      value = "2030-01-01"
    } else if key.hasSuffix("speakerName:") {
      value = "Alex Morgan \(counter)"
    } else if key.hasSuffix("text:") {
      value = "Filled in by the author (quote \(counter))."
    } else {
      value = "Filled in by the author (\(counter))."
    }
    return before + value + after
  }
}

/// Minimal scans of the HTML pubpack writes, for assertions.
enum HTMLScan {
  /// The text of each element named, in order (tags inside stripped).
  static func elements(_ names: [String], in html: String) -> [String] {
    let pattern = "<(" + names.joined(separator: "|") + ")[ >][\\s\\S]*?</\\1>"
    let regex = try! NSRegularExpression(pattern: pattern)
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).map { match in
      let element = String(html[Range(match.range, in: html)!])
      return element.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  static func ids(in html: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: " id=\"([^\"]+)\"")
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
      String(html[Range($0.range(at: 1), in: html)!])
    }
  }

  static func startTags(_ name: String, in html: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: "<\(name)\\b[^>]*>")
    return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
      String(html[Range($0.range, in: html)!])
    }
  }
}

/// A real PNG of a given size (grey, uncompressed deflate blocks), made without an image library.
enum WidePNG {
  static func write(width: Int, height: Int, to url: URL) throws {
    var raw: [UInt8] = []
    for _ in 0..<height { raw.append(0); raw += [UInt8](repeating: 0x80, count: width) }
    var zlib: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let count = min(65_535, raw.count - offset)
      let isLast = offset + count >= raw.count
      zlib.append(isLast ? 1 : 0)
      zlib += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
      zlib += raw[offset..<(offset + count)]
      offset += count
    } while offset < raw.count
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in raw { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
    zlib += bigEndian((b << 16) | a)
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0])
    png += chunk("IDAT", zlib)
    png += chunk("IEND", [])
    try Data(png).write(to: url)
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in body {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
    }
    return bigEndian(UInt32(data.count)) + body + bigEndian(~crc)
  }
}

/// The body wins: an author's own section replaces the template's, so a page never carries a
/// part twice, nor two elements with one id.
@Suite struct BodyOwnedSectionTests {
  static let release = """
    ---
    title: Council welcomes Ofsted report
    kind: press-release
    ---
    Fernleigh's services were inspected.

    ## Notes to editors

    1. Our own notes, as our press office writes them.

    ## Media enquiries

    Call the press office.
    """

  @Test func anAuthorsNotesToEditorsReplaceTheTemplates() throws {
    let pack = try DocumentsFixture.samplePack(replacing: ["press-release.md": Self.release], label: "own-notes")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: pack.content).deletingLastPathComponent().path) }
    let build = DocumentsFixture.build(content: pack.content, templates: pack.templates)
    let page = DocumentsFixture.text(build, "press-release/index.html")
    #expect(page.components(separatedBy: "id=\"notes-to-editors\"").count == 2, "one heading with that id")
    #expect(page.contains("Our own notes, as our press office writes them."))
    #expect(!page.contains("Ofsted inspects local authority children's services under its ILACS framework"))
    #expect(!page.contains("id=\"media-contact\""), "the body's media enquiries replace the template's contact")
  }

  @Test func withoutThemTheTemplateWritesItsOwn() {
    let page = DocumentsFixture.text(DocumentsFixture.build(), "press-release/index.html")
    #expect(page.components(separatedBy: "id=\"notes-to-editors\"").count == 2)
    #expect(page.contains("Ofsted inspects local authority children's services under its ILACS framework"))
    #expect(page.contains("id=\"media-contact\""))
  }

  @Test func aWebpageWithItsOwnWhatHappensNextHasOne() throws {
    let webpage = """
      ---
      title: Our Ofsted inspection
      kind: webpage
      slug: ofsted-inspection
      ---
      Ofsted has inspected our services.

      ## What happens next

      We will publish our plan in the autumn.
      """
    let pack = try DocumentsFixture.samplePack(replacing: ["webpage.md": webpage], label: "own-next")
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: pack.content).deletingLastPathComponent().path) }
    let build = DocumentsFixture.build(content: pack.content, templates: pack.templates)
    let page = DocumentsFixture.text(build, "ofsted-inspection/index.html")
    #expect(page.components(separatedBy: ">What happens next</h2>").count == 2, "\(page)")
    #expect(page.contains("We will publish our plan in the autumn."))
    #expect(page.contains(">What inspectors found</h2>"), "the template keeps the parts the body does not have")
  }
}
