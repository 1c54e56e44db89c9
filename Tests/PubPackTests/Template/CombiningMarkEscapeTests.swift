import Foundation
import Testing

@testable import PubPack

/// A quote, ampersand or angle bracket with a combining mark after it is one `Character` in
/// Swift, and not a quote: escaped a character at a time it went through as it was, so a title
/// typed as a quote, U+0301 and ` onmouseover=...` broke out of the attribute it was shown in,
/// and the feed stopped being XML. Every page, the landing page and the feed are read as written.
@Suite struct CombiningMarkEscapeTests {
  static let mark = "\u{301}"
  static let title = "Hello\"" + mark + " onmouseover=alert(1) x=\"& <\u{338}"
  static let escaped = "Hello&quot;" + mark + " onmouseover=alert(1) x=&quot;&amp; &lt;\u{338}"
  static let raw = "Hello\"" + mark

  @Test func aJoinedMarkupCharacterIsEscapedInEveryFileWritten() throws {
    let front = "---\ntitle: '\(Self.title)'\nkind: webpage\nsummary: '\(Self.title)'\n---\n"
    let pack = try TestPack([
      "content/webpage.md": front + "{{council.name}} was judged {{judgements.overallEffectiveness.gradeLower}}.\n",
      "templates/webpage.mustache":
        "{{<layout}}{{$main}}<h1 title=\"{{page.title}}\">{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
    ])
    let (build, _) = pack.buildSite(at: "2027-01-01T00:00")
    #expect(build.succeeded, "\(build.diagnostics)")
    let escaped = Self.escaped
    let raw = Self.raw
    for file in ["index.html", "webpage/index.html", "feed.xml"] {
      let text = try #require(pack.siteText(file), "\(file)")
      let holdsEscaped = text.contains(escaped)
      let holdsRaw = text.contains(raw)
      #expect(holdsEscaped, "\(file)")
      #expect(!holdsRaw, "\(file)")
    }
    let page = try #require(pack.siteText("webpage/index.html"))
    let attribute = "<h1 title=\"" + escaped + "\">"
    let holdsAttribute = page.contains(attribute)
    #expect(holdsAttribute)
  }
}
