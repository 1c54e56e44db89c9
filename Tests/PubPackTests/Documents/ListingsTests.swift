import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing

@testable import PubPack

/// `sitemap.xml` and `feed.xml`, read back with an XML parser: absolute URLs, released
/// documents only, and each entry's time its release instant, never the build's.
@Suite struct ListingsTests {
  /// Every element's text by name, in order, and every `href` of `<link>`.
  final class Collector: NSObject, XMLParserDelegate {
    var texts: [(name: String, text: String)] = []
    var links: [(rel: String, href: String)] = []
    var root: String?
    private var current = ""

    func parser(
      _ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if root == nil { root = name }
      current = ""
      if name == "link" { links.append((attributes["rel"] ?? "", attributes["href"] ?? "")) }
    }
    func parser(_ p: XMLParser, foundCharacters string: String) { current += string }
    func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      texts.append((name, current.trimmingCharacters(in: .whitespacesAndNewlines)))
      current = ""
    }

    func all(_ name: String) -> [String] { texts.filter { $0.name == name }.map(\.text) }
  }

  static func parse(_ xml: String) -> Collector {
    let collector = Collector()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = collector
    #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "")")
    return collector
  }

  let base = "https://www.fernleigh.example/ofsted-2026/"

  @Test func theSitemapListsEveryReleasedPageByAbsoluteURL() {
    let sitemap = Self.parse(DocumentsFixture.text(DocumentsFixture.build(), "sitemap.xml"))
    #expect(sitemap.root == "urlset")
    #expect(
      sitemap.all("loc") == [
        base, base + "accessibility/", base + "council-report/", base + "ofsted-inspection/", base + "press-release/",
      ])
    #expect(sitemap.all("lastmod").allSatisfy { $0 == "2026-08-03T23:01:00Z" })
  }

  @Test func beforeTheEmbargoTheListingsHoldOnlyWhatIsReleased() {
    let build = DocumentsFixture.build(at: DocumentsFixture.weekBefore)
    let sitemap = Self.parse(DocumentsFixture.text(build, "sitemap.xml"))
    #expect(sitemap.all("loc") == [base, base + "accessibility/"])
    let feed = Self.parse(DocumentsFixture.text(build, "feed.xml"))
    #expect(feed.all("title").filter { $0.contains("Ofsted") && $0 != "Our Ofsted inspection 2026" }.isEmpty)
    #expect(!DocumentsFixture.text(build, "feed.xml").contains("press-release"))
    // An empty feed is dated at the build's instant: nothing about when the embargo lifts.
    #expect(feed.all("updated") == ["2026-07-28T09:00:00Z"])
  }

  @Test func theFeedIsAtomWithSummariesAndReleaseTimes() {
    let feed = Self.parse(DocumentsFixture.text(DocumentsFixture.build(at: "2026-08-10T09:00"), "feed.xml"))
    #expect(feed.root == "feed")
    let ids = feed.all("id")
    #expect(ids.first == base)
    #expect(ids.allSatisfy { $0.hasPrefix(base) })
    #expect(feed.links.allSatisfy { $0.href.hasPrefix(base) })
    // The inspection's documents; the accessibility statement (`embargo: none`) is not news.
    #expect(Set(ids.dropFirst()) == [base + "council-report/", base + "ofsted-inspection/", base + "press-release/"])
    // Built a week later, every time is still the release instant.
    #expect(feed.all("updated").allSatisfy { $0 == "2026-08-03T23:01:00Z" })
    #expect(feed.all("published").count == 3)
    #expect(feed.all("summary").count == 3)
  }
}
