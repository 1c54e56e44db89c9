import Testing

@testable import PackMarkdown

/// cmark-gfm's HTML made accessible and valid: each repair on the Markdown that needs it.
@Suite struct AccessibleHTMLTests {
  let renderer = MarkdownRenderer(repairsAccessibility: true)

  @Test func taskListCheckboxesAreLabelledByTheirItemText() {
    let html = renderer.render("- [ ] Write the plan\n- [x] Publish **the report**\n").html
    #expect(
      html.contains(
        "<li><label class=\"task-list-item__label\"><input type=\"checkbox\" disabled> Write the plan</label></li>"))
    #expect(
      html.contains(
        "<label class=\"task-list-item__label\"><input type=\"checkbox\" checked disabled> Publish <strong>the report</strong></label>"
      ))
    #expect(!html.contains("/>"))
  }

  @Test func aTaskWithANestedListIsNamedByItsState() {
    let html = renderer.render("- [x] Plan\n\n  More about the plan.\n\n  - a step\n").html
    // A loose item: the text is in a paragraph, which the label stays inside.
    #expect(
      html.contains(
        "<li>\n<p><label class=\"task-list-item__label\"><input type=\"checkbox\" checked disabled> Plan</label></p>"))
    let nested = String(
      decoding: AccessibleHTML.labellingTaskCheckboxes(
        Array("<li><input type=\"checkbox\" disabled=\"\" /> Plan\n<ul>\n<li>step</li>\n</ul>\n</li>".utf8)),
      as: UTF8.self)
    #expect(nested.hasPrefix("<li><input type=\"checkbox\" disabled aria-label=\"Not done\"> Plan\n<ul>"))
  }

  @Test func tableHeaderCellsHeadTheirColumnsAndAlignmentIsValidHTML() {
    let html = renderer.render("| Judgement | Grade |\n| --- | --: |\n| Overall | Good |\n").html
    #expect(html.contains("<th scope=\"col\">Judgement</th>"))
    #expect(html.contains("<th scope=\"col\" style=\"text-align: right\">Grade</th>"))
    #expect(html.contains("<td style=\"text-align: right\">Good</td>"))
    #expect(!html.contains("align=\""))
  }

  @Test func aTableParagraphBeforeATableBecomesItsCaption() {
    let html = renderer.render("Table: Ofsted's judgements\n\n| A | B |\n| - | - |\n| 1 | 2 |\n").html
    #expect(html.contains("<table>\n<caption>Ofsted’s judgements</caption>\n<thead>"))
    #expect(!html.contains("<p>Table:"))
  }

  /// A wide table scrolls inside its own box on a phone, not the page: a focusable region
  /// named by its caption (or "Table"), closed after the table.
  @Test func eachTableSitsInABoxThatScrollsOnItsOwn() {
    let captioned = renderer.render("Table: Ofsted's *judgements*\n\n| A | B |\n| - | - |\n| 1 | 2 |\n").html
    #expect(captioned.hasPrefix("<div class=\"table-scroll\" role=\"region\" aria-label=\"Ofsted’s judgements\" tabindex=\"0\">\n<table>\n"))
    #expect(captioned.hasSuffix("</table>\n</div>\n"))
    let two = renderer.render("| A |\n| - |\n| 1 |\n\nBetween.\n\n| B |\n| - |\n| 2 |\n").html
    #expect(two.components(separatedBy: "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">").count == 3)
    #expect(two.components(separatedBy: "</table>\n</div>\n").count == 3)
    #expect(two.contains("</div>\n<p>Between.</p>"))
  }

  @Test func footnoteBackLinksSayWhichReferenceTheyReturnTo() {
    let html = renderer.render("A note[^a] and another[^b], again[^a].\n\n[^a]: First.\n[^b]: Second.\n").html
    #expect(html.contains("aria-label=\"Back to reference 1 in the text\""))
    #expect(html.contains("aria-label=\"Back to reference 1, use 2, in the text\""))
    #expect(html.contains("aria-label=\"Back to reference 2 in the text\""))
    #expect(!html.contains("Back to content"))
    #expect(
      html.contains(
        "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes\">\n<h2 id=\"footnotes\">Footnotes</h2>"
      ))
  }

  @Test func rawHTMLThatLooksLikeACheckboxIsLeftAlone() {
    let html = MarkdownRenderer(allowsRawHTML: true, repairsAccessibility: true).render(
      "<p><input type=\"checkbox\"> mine</p>\n"
    ).html
    #expect(html.contains("<input type=\"checkbox\"> mine"))
  }
}
