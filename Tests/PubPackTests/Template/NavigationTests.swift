import Foundation
import Testing

@testable import PubPack

/// The default layout's navigation lists the documents about the inspection and, while there
/// are few, the pack's other pages; with many pages it points to the landing page, so a page
/// does not grow with the pack.
@Suite struct NavigationTests {
  /// A pack with the repo's own templates and `pages` pages besides the webpage.
  func pack(pages: Int) throws -> TestPack {
    var files: [String: String] = [:]
    for number in 1...pages {
      files["content/page-\(number).md"] = "---\ntitle: Page \(number)\nkind: page\nembargo: none\n---\nText.\n"
    }
    let pack = try TestPack(files)
    let templates = packageRoot.appendingPathComponent("templates")
    for name in try FileManager.default.subpathsOfDirectory(atPath: templates.path) {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: templates.appendingPathComponent(name).path, isDirectory: &isDirectory)
      if !isDirectory.boolValue {
        try pack.write("templates/" + name, try Data(contentsOf: templates.appendingPathComponent(name)))
      }
    }
    return pack
  }

  func footerLinks(_ html: String) -> [String] {
    guard let footer = html.components(separatedBy: "<footer").last else { return [] }
    return footer.components(separatedBy: "<li>").dropFirst().map { $0.components(separatedBy: "</li>")[0] }
  }

  @Test func aFewPagesAreListedOnEveryPageWithTheCurrentOneMarked() throws {
    let pack = try pack(pages: 2)
    let (build, diagnostics) = pack.buildSite(at: "2026-09-01T09:00")
    #expect(build.succeeded, "\(TestPack.errors(diagnostics))")
    let page = try #require(pack.siteText("page-1/index.html"))
    #expect(
      footerLinks(page) == [
        "<a href=\"../page-1/\" aria-current=\"page\">Page 1</a>", "<a href=\"../page-2/\">Page 2</a>",
        "<a href=\"../feed.xml\">Atom feed of this pack</a>",
      ])
    #expect(page.contains("<ul><li><a href=\"../webpage/\">Our inspection</a></li></ul>"))
    let webpage = try #require(pack.siteText("webpage/index.html"))
    #expect(webpage.contains("<ul><li><a href=\"../webpage/\" aria-current=\"page\">Our inspection</a></li></ul>"))
  }

  @Test func aWithheldPageIsInNoNavigationOfTheReleaseBuild() throws {
    let pack = try pack(pages: 2)
    try pack.write(
      "content/page-3.md",
      "---\ntitle: WITHHELD-MARKER page\nkind: page\nembargo: 2026-12-01T09:00\n---\nWITHHELD-MARKER body.\n")
    let (build, diagnostics) = pack.buildSite(at: "2026-09-01T09:00")
    #expect(build.succeeded, "\(TestPack.errors(diagnostics))")
    let files = pack.siteFiles()
    #expect(files.contains("page-1/index.html"))
    for file in files {
      let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pack.site + "/" + file)), as: UTF8.self)
      #expect(!text.contains("WITHHELD-MARKER"), "\(file) names the withheld page")
      #expect(!text.contains("page-3"), "\(file) links to the withheld page")
    }
    // In preview it is listed, marked as embargoed on its own page.
    let preview = pack.build(at: "2026-09-01T09:00", mode: .preview)
    let page = try #require(preview.files.first { $0.path == "page-1/index.html" })
    #expect(String(decoding: page.contents, as: UTF8.self).contains("WITHHELD-MARKER page"))
  }

  @Test func manyPagesAreListedOnTheLandingPageOnly() throws {
    let pack = try pack(pages: Navigation.mostSupportPages + 1)
    let (build, diagnostics) = pack.buildSite(at: "2026-09-01T09:00")
    #expect(build.succeeded, "\(TestPack.errors(diagnostics))")
    let page = try #require(pack.siteText("page-1/index.html"))
    #expect(
      footerLinks(page) == [
        "<a href=\"../\">All pages in this pack</a>", "<a href=\"../feed.xml\">Atom feed of this pack</a>",
      ])
    let landing = try #require(pack.siteText("index.html"))
    for number in 1...(Navigation.mostSupportPages + 1) {
      #expect(landing.contains("href=\"page-\(number)/\""), "page-\(number) on the landing page")
    }
  }
}
