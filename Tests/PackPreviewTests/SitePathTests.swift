import Foundation
import PubPack
import Testing

@testable import PackPreview

struct SitePathTests {
  static let files: Set<String> = ["index.html", "press-release/index.html", "assets/pubpack.css", "feed.xml"]

  @Test(arguments: [
    ("/", SitePath.Resolution.file("index.html")),
    ("/index.html", .file("index.html")),
    ("/press-release/", .file("press-release/index.html")),
    ("/press-release", .redirect("/press-release/")),
    ("/press-release/index.html", .file("press-release/index.html")),
    ("/assets/pubpack.css", .file("assets/pubpack.css")),
    ("/assets/", .notFound),
    ("/assets", .notFound),
    ("/press%2Drelease/", .file("press-release/index.html")),
    ("/../index.html", .notFound),
    ("/./index.html", .notFound),
    ("/%2e%2e/index.html", .notFound),
    ("/press-release%2findex.html", .notFound),
    ("/%252e%252e/index.html", .notFound),
    ("//index.html", .notFound),
    ("/press-release//", .notFound),
    ("index.html", .notFound),
    ("/press-release\\..\\index.html", .notFound),
    ("/.hidden", .notFound),
    ("/%", .notFound),
  ])
  func resolves(path: String, expected: SitePath.Resolution) {
    #expect(SitePath.resolve(path, exists: Self.files.contains) == expected)
  }

  @Test func aRedirectKeepsTheQuery() {
    #expect(
      SitePath.resolve("/press-release", query: "at=2026-08-04T00%3A01", exists: Self.files.contains)
        == .redirect("/press-release/?at=2026-08-04T00%3A01"))
  }

  @Test func pageRequestsAreFolderAndHTMLURLs() {
    #expect(SitePath.isPageRequest("/"))
    #expect(SitePath.isPageRequest("/press-release"))
    #expect(SitePath.isPageRequest("/press-release/"))
    #expect(SitePath.isPageRequest("/x/index.html"))
    #expect(!SitePath.isPageRequest("/assets/pubpack.css"))
    #expect(!SitePath.isPageRequest("/../x"))
  }

  @Test func theOverlayGoesBeforeTheLastBodyEndTag() {
    let html = "<html><body><p>x</p></body></html>"
    let out = String(decoding: PreviewPages.inject("[bar]", into: Data(html.utf8)), as: UTF8.self)
    #expect(out == "<html><body><p>x</p>[bar]</body></html>")
    let bare = String(decoding: PreviewPages.inject("[bar]", into: Data("<p>x</p>".utf8)), as: UTF8.self)
    #expect(bare == "<p>x</p>[bar]")
  }

  @Test func viewChoiceReadsTheQueryThenTheCookie() {
    #expect(ViewChoice.choose(queryAt: nil, cookieHeader: nil).view == .author)
    let fromQuery = ViewChoice.choose(queryAt: "2026-08-04T00:01", cookieHeader: nil)
    #expect(fromQuery.view == .publicAt(Instant(secondsSince1970: 1_785_798_060)))
    #expect(fromQuery.setCookie?.hasPrefix("pubpack-at=2026-08-03T23:01:00Z;") == true)
    let fromCookie = ViewChoice.choose(queryAt: nil, cookieHeader: "a=b; pubpack-at=2026-08-03T23:01:00Z")
    #expect(fromCookie.view == .publicAt(Instant(secondsSince1970: 1_785_798_060)))
    #expect(fromCookie.setCookie == nil)
    #expect(ViewChoice.choose(queryAt: "", cookieHeader: "pubpack-at=2026-08-03T23:01:00Z").view == .author)
    #expect(ViewChoice.choose(queryAt: "2026-08-04", cookieHeader: nil).failure != nil)
    #expect(ViewChoice.choose(queryAt: nil, cookieHeader: "pubpack-at=junk").view == .author)
  }

  @Test func londonWallClockIsTheDatetimeLocalValue() {
    #expect(PreviewPages.londonWallClock(Instant(secondsSince1970: 1_785_798_060)) == "2026-08-04T00:01")
  }
}
