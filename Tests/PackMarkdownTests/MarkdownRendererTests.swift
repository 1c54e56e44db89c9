import Foundation
import Testing

@testable import PackMarkdown

@Suite struct MarkdownRendererTests {
  let renderer = MarkdownRenderer()

  @Test func rendersTheGFMExtensions() {
    let html = renderer.render(
      """
      | Judgement | Grade |
      | --- | --- |
      | Leaders | Good |

      ~~old~~ www.example.com

      - [x] done

      Note[^1].

      [^1]: The footnote.
      """
    ).html
    #expect(html.contains("<table>"))
    #expect(html.contains("<del>old</del>"))
    #expect(html.contains("<a href=\"http://www.example.com\">www.example.com</a>"))
    #expect(html.contains("type=\"checkbox\""))
    #expect(html.contains("class=\"footnotes\""))
    #expect(!html.contains("data-sourcepos"))
  }

  @Test func dropsRawHTMLUnlessAllowed() {
    let markdown = "<script>alert(1)</script>\n\n<b>bold</b> [x](javascript:alert(1))\n"
    let safe = renderer.render(markdown).html
    #expect(!safe.contains("<script>"))
    #expect(!safe.contains("<b>"))
    #expect(!safe.contains("javascript:"))
    let unsafe = MarkdownRenderer(allowsRawHTML: true).render(markdown).html
    #expect(unsafe.contains("<b>bold</b>"))
    #expect(!unsafe.contains("<script>"), "tagfilter still escapes script")
  }

  @Test func headingsGetStableUniqueIDs() {
    let rendered = renderer.render("## What happens next\n\n## What happens next\n\n### Help & protection\n")
    #expect(rendered.headings.map(\.id) == ["what-happens-next", "what-happens-next-1", "help--protection"])
    #expect(rendered.html.contains("<h2 id=\"what-happens-next\">What happens next</h2>"))
    #expect(rendered.html.contains("<h2 id=\"what-happens-next-1\">"))
  }

  @Test func reportsAndRewritesLinksWithTheirPositions() {
    let rendered = renderer.render("Intro\n\nSee [the report](council-report.md#recs) and ![A chart](assets/c.png).\n") {
      $0.destination.hasSuffix(".md#recs") ? "../council-report/#recs" : nil
    }
    #expect(rendered.links.map(\.destination) == ["council-report.md#recs"])
    #expect(rendered.links.first?.line == 3)
    #expect(rendered.images.map(\.text) == ["A chart"])
    #expect(rendered.html.contains("<a href=\"../council-report/#recs\">the report</a>"))
  }

  /// Debian's 0.29.0.gfm.6 edits a global table while it parses inlines; pubpack serialises
  /// that part (`cmark_parser_finish`) and feeds the text to the parser outside the lock. Many
  /// documents rendered at once must each equal its serial render: every construct the block
  /// parse meets while fed (reference definitions, footnote definitions, tables, task items,
  /// fences, lists, quotes) beside the inline ones the table drives.
  @Test func concurrentRendersEqualSerialRenders() async {
    let documents = (0..<1200).map { i in
      """
      # Document \(i)

      Line \(i) has ~~struck~~ text and www.example\(i).com link, **bold**, "quoted" -- and a [reference][r\(i)] and a note.[^n\(i)]

      [r\(i)]: https://example.org/\(i) "Title \(i)"

      | a | b |
      | - | :-: |
      | \(i) | ~~\(i)~~ |

      - [ ] task \(i)
      - [x] done ~~\(i)~~
        > quoted www.quoted\(i).org

      ```
      code \(i) ~~not struck~~
      ```

      [^n\(i)]: The note, with https://note\(i).example.
      """
    }
    let renderer = MarkdownRenderer()
    let serial = documents.map { renderer.render($0).html }
    let concurrent = await withTaskGroup(of: (Int, String).self) { group in
      for (index, document) in documents.enumerated() {
        group.addTask { (index, renderer.render(document).html) }
      }
      var results = [String](repeating: "", count: documents.count)
      for await (index, html) in group { results[index] = html }
      return results
    }
    let mismatches = zip(serial, concurrent).filter { $0 != $1 }.count
    #expect(mismatches == 0)
    #expect(serial.allSatisfy { $0.contains("<del>struck</del>") && $0.contains("<a href=\"http://www.example") })
    #expect(serial.allSatisfy { $0.contains("<a href=\"https://example.org/") && $0.contains("footnote") })
  }
}
