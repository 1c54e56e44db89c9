import Foundation
import Testing

@testable import PackMarkdown

/// `AccessibleHTML.repair` runs a repair only on a page holding the tag it starts from. These
/// hold it to running every repair on every page, byte for byte, on cmark-gfm's HTML for
/// Markdown in the shapes councils write and on raw HTML passed through, and (when
/// `../shared/gfm-spec` is there) on every GFM spec example.
@Suite struct RepairGateTests {
  static let shapes: [String] = [
    "Plain text with **bold**, a [link](https://example.org) and a footnote.[^1]\n\n[^1]: The note.\n",
    "- [ ] Write the plan\n- [x] Publish **the report**\n",
    "- [x] Plan\n\n  More about the plan.\n\n  - a step\n",
    "Table: Ofsted's judgements\n\n| Judgement | Grade |\n| --- | --: |\n| Overall | Good |\n",
    "| A | B |\n|---|:-:|\n| 1 | 2 |\n\nTable: not a caption, after the table\n",
    "Table: two\n\n| A |\n|---|\n| 1 |\n\nTable: tables\n\n| B |\n|---|\n| 2 |\n",
    "A note[^a] and another[^b], and the first again[^a].\n\n[^a]: First.\n[^b]: Second.\n",
    "<table>\n<tr><th>raw</th></tr>\n</table>\n\n<p>Table: raw</p>\n",
    "<section class=\"footnotes\">\n<p>raw section</p>\n</section>\n",
    "<input type=\"checkbox\" disabled=\"\" /> raw box\n",
    "Inline <th> and <table> and <input> in text, escaped.\n",
    "```html\n<table>\n<th>in code</th>\n</table>\n```\n",
    "<thead><th style=\"x\">raw</th></thead>\n",
    "Emoji 👩🏽‍💻 and accents: café <th>\n",
    "",
  ]

  static func pages(of markdown: String) -> [[UInt8]] {
    [false, true].map { raw in
      var renderer = MarkdownRenderer(allowsRawHTML: raw)
      renderer.addsHeadingIDs = true
      return Array(renderer.render(markdown).html.utf8)
    }
  }

  @Test(arguments: shapes)
  func gatedRepairsEqualEveryRepairRun(markdown: String) {
    for page in Self.pages(of: markdown) {
      #expect(AccessibleHTML.repair(bytes: page) == AccessibleHTML.repairRunningEveryPass(bytes: page))
    }
  }

  /// The header cells' scope in one pass: as replacing `<th>`, then `<th style=`, did.
  @Test(arguments: shapes + ["<th><th style=<th  style=<thead><th>", "<th", "<th style", "x<th>y<th style=\"a\">"])
  func headerScopesInOnePassEqualTwoReplacements(markdown: String) {
    for page in Self.pages(of: markdown) + [Array(markdown.utf8)] {
      let twoPasses = page.replacingAll("<th>".bytes, with: "<th scope=\"col\">".bytes)
        .replacingAll("<th style=".bytes, with: "<th scope=\"col\" style=".bytes)
      #expect(AccessibleHTML.scopingTableHeaders(page) == twoPasses)
    }
  }

  @Test func theGateCanTellAPageWithoutTheTagsFromOneWithThem() {
    // The test above would pass if the gate ran every repair: it must skip some.
    #expect(AccessibleHTML.Tags(in: Array("<p>Text</p>\n<ul>\n<li>x</li>\n</ul>\n".utf8)) == [])
    #expect(AccessibleHTML.Tags(in: Array("<table>\n<thead>\n<tr>\n<th>A</th>".utf8)) == [.table, .th])
    #expect(AccessibleHTML.Tags(in: Array("<p>Table: x</p>\n<section class".utf8)) == [.paragraph, .section])
    #expect(AccessibleHTML.Tags(in: Array("<li><input type=\"checkbox\"".utf8)) == [.input])
    #expect(AccessibleHTML.Tags(in: Array("text ending in <".utf8)) == [])
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: GFMSpecTests.extensionsFile.path), "needs ../shared/gfm-spec"))
  func gatedRepairsEqualEveryRepairRunOnTheGFMSpec() throws {
    let text = try String(contentsOf: GFMSpecTests.extensionsFile, encoding: .utf8)
    let examples = GFMSpecTests.examples(in: text)
    #expect(examples.count > 20)
    var differing: [Int] = []
    for example in examples {
      for page in Self.pages(of: example.markdown)
      where AccessibleHTML.repair(bytes: page) != AccessibleHTML.repairRunningEveryPass(bytes: page) {
        differing.append(example.number)
      }
    }
    #expect(differing == [])
  }
}
