import Foundation
import Testing

@testable import PubPack

/// Text read on its bytes where a byte is a `Character` (ASCII), and a `Character` at a time
/// otherwise: the escaper, a link's parts and whether it leads off the site, the scan for a
/// partial's tag and for a front-matter fence. Each must give what the longer way gives, for
/// every text: many texts of awkward pieces (a combining mark after `&` or `#` makes another
/// character) and the links councils write.
@Suite struct ByteFastPathTests {
  static let linkPieces = [
    "council-report.md", "./", "../", "#", "?", "&", "<", ">", "\"", "'", "assets/", "chart.png", "https://",
    "http:", "mailto:", "tel:", "www.", "//", "/", "%2F", "%20", ":", "a", "Z", "9", "+", "-", ".", " ", "\t",
    "\u{301}", "\u{200D}", "é", "e\u{301}", "ü", "😀", "\r\n", "{{", "}}", "{{>", "{{<", "{{ ", "{{\t", "{",
    "---", "...", "--", "..", "\u{A0}", "\u{2003}", "-", "x",
  ]

  static let texts: [String] = {
    var generator = WordScanTests.Generator(state: 2026)
    let random = (0..<4000).map { _ in
      (0..<Int.random(in: 0...8, using: &generator)).map { _ in linkPieces.randomElement(using: &generator)! }
        .joined()
    }
    return random + WordScanTests.texts(count: 500, seed: 7) + [
      "council-report.md#findings", "./press-release.md?utm_source=feed", "assets/chart.png",
      "https://reports.ofsted.gov.uk/provider/44/80512", "#\u{301}x", "&\u{301}", "?\u{301}a#b", "./\u{301}x.md",
      "http\u{301}:x", "h:\u{301}", "#", "", ":", "a:", "1+-.:", "caf\u{E9}:x",
    ]
  }()

  @Test func escapingMarkupIsTheSameAsScalarByScalar() {
    let choices: [(String?, String?)] = [("&quot;", "&#39;"), (nil, nil), ("&quot;", "&apos;"), (nil, "&#39;")]
    for text in Self.texts {
      for (quote, apostrophe) in choices {
        #expect(
          escapingMarkup(text, quote: quote, apostrophe: apostrophe).utf8.elementsEqual(
            escapingMarkupByScalar(text, quote: quote, apostrophe: apostrophe).utf8), "\(text.debugDescription)")
      }
    }
    #expect(escapingMarkup("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
    // A combining mark after a quote or an ampersand makes one character with it, not a quote:
    // escaped a character at a time, the quote was let through and broke out of an attribute.
    #expect(escapingMarkup("Hello\"\u{301} onmouseover=x") == "Hello&quot;\u{301} onmouseover=x")
    #expect(escapingMarkup("&\u{301}<\u{20DD}'\u{301}") == "&amp;\u{301}&lt;\u{20DD}&#39;\u{301}")
  }

  @Test func aLinksPartsAreTheSameAsCharacterByCharacter() {
    for text in Self.texts {
      #expect(PackLink(text) == PackLink(characters: text), "\(text.debugDescription)")
      #expect(
        DocumentRenderer.isExternal(text) == DocumentRenderer.isExternalByCharacter(text), "\(text.debugDescription)")
    }
    #expect(PackLink("./council-report.md?x=1#findings").anchor == "findings")
    #expect(PackLink("./council-report.md?x=1#findings").path == "council-report.md")
    #expect(DocumentRenderer.isExternal("mailto:a@b.example") && !DocumentRenderer.isExternal("council-report.md"))
  }

  @Test func thePartialTagScanFindsWhatFourSearchesFound() {
    for text in Self.texts {
      let bytes = Array(text.utf8)
      let searched = ["{{>", "{{<", "{{ ", "{{\t"].contains { needle in
        let needle = Array(needle.utf8)
        return bytes.count >= 3 && (0...(bytes.count - 3)).contains { Array(bytes[$0..<($0 + 3)]) == needle }
      }
      #expect(DocumentRenderer.mayHoldPartialTag(text) == searched, "\(text.debugDescription)")
    }
    #expect(DocumentRenderer.mayHoldPartialTag("a {{{ b}}}") && !DocumentRenderer.mayHoldPartialTag("{{a}} {"))
  }

  @Test func aValueHoldingAnASCIIScalarIsFoundOnItsBytes() {
    let placeholders: Set<Unicode.Scalar> = ["\u{1}", "\u{2}"]
    let texts = Self.texts + ["\u{1}", "a\u{2}", "\u{2}\u{301}", "é\u{1}", "no"]
    for text in texts {
      let byScalar = text.unicodeScalars.contains { placeholders.contains($0) }
      #expect(TemplateValue.string(text).contains(anyOf: placeholders) == byScalar, "\(text.debugDescription)")
      #expect(TemplateValue.map(["k": .list([.string(text)])]).contains(anyOf: placeholders) == byScalar)
      #expect(TemplateValue.map([text: .null]).contains(anyOf: placeholders) == byScalar)
    }
    #expect(TemplateValue.string("a\u{2}b").contains(anyOf: placeholders))
    #expect(!TemplateValue.string("plain").contains(anyOf: placeholders))
  }

  @Test func aFenceIsNeverSkippedUntrimmed() {
    for text in Self.texts {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed == "---" || trimmed == "..." {
        #expect(LineCursor.mayBeFence(Substring(text)), "\(text.debugDescription)")
      }
    }
    #expect(LineCursor.mayBeFence("\u{A0}---\t") && LineCursor.mayBeFence("...") && !LineCursor.mayBeFence("-.-"))
  }
}
