/// Repairs in cmark-gfm's HTML that WCAG 2.2 AA and the Nu Html Checker need.
///
/// cmark-gfm 0.29 writes task-list checkboxes with no label, table header cells with no
/// `scope`, and gives every footnote back-link the same name ("Back to content"). Each repair
/// matches only the exact text cmark-gfm writes, so raw HTML an author passes through is left
/// alone. The input is cmark-gfm's own output, not arbitrary HTML.
public enum AccessibleHTML {
  /// Applies every repair, in an order where none undoes another.
  public static func repair(_ html: String) -> String {
    var html = html
    html = labellingTaskCheckboxes(html)
    html = scopingTableHeaders(html)
    html = captioningTables(html)
    html = namingFootnoteBackLinks(html)
    html = headingFootnotes(html)
    return html
  }

  static let uncheckedBox = "<input type=\"checkbox\" disabled=\"\" />"
  static let checkedBox = "<input type=\"checkbox\" checked=\"\" disabled=\"\" />"

  /// `<li><input type="checkbox" disabled="" /> Write the plan</li>` becomes a list item whose
  /// checkbox is labelled by the item's text: `<label>` wraps the box and the text when the text
  /// runs to the end of the item or paragraph with no block inside; otherwise the box is named
  /// "Done" or "Not done" with `aria-label`.
  static func labellingTaskCheckboxes(_ html: String) -> String {
    guard html.contains(uncheckedBox) || html.contains(checkedBox) else { return html }
    var output = ""
    var rest = html[...]
    while let box = firstBox(in: rest) {
      output += rest[..<box.range.lowerBound]
      var after = rest[box.range.upperBound...]
      // In a loose list the item's text is in a paragraph after the box: move the box into it.
      let loose = after.prefix(while: { $0 == " " || $0 == "\n" })
      if !loose.isEmpty, after[loose.endIndex...].hasPrefix("<p>") {
        output += "\n<p>"
        after = after[after.index(loose.endIndex, offsetBy: 3)...]
        after = after.hasPrefix(" ") ? after : " " + after
      }
      let input = box.isChecked ? "<input type=\"checkbox\" checked disabled>" : "<input type=\"checkbox\" disabled>"
      // The item's text ends at the first closing tag of its container.
      let ends = ["</li>", "</p>"].compactMap { after.range(of: $0)?.lowerBound }
      if let end = ends.min() {
        let text = after[..<end]
        let blocks = ["<ul", "<ol", "<p", "<div", "<table", "<pre", "<blockquote", "<h", "<label", "<input"]
        if !text.isEmpty, !blocks.contains(where: { text.contains($0) }) {
          output += "<label class=\"task-list-item__label\">" + input + text + "</label>"
          rest = after[end...]
          continue
        }
      }
      output += input.dropLast() + " aria-label=\"\(box.isChecked ? "Done" : "Not done")\">"
      rest = after
    }
    output += rest
    return output
  }

  private static func firstBox(in text: Substring) -> (range: Range<Substring.Index>, isChecked: Bool)? {
    let unchecked = text.range(of: uncheckedBox)
    let checked = text.range(of: checkedBox)
    switch (unchecked, checked) {
    case (let u?, let c?): return u.lowerBound < c.lowerBound ? (u, false) : (c, true)
    case (let u?, nil): return (u, false)
    case (nil, let c?): return (c, true)
    case (nil, nil): return nil
    }
  }

  /// Header cells of a GFM table head every column: `<th>` in `<thead>` gets `scope="col"`.
  /// (cmark-gfm writes `<th>` nowhere else.)
  static func scopingTableHeaders(_ html: String) -> String {
    html.replacingOccurrences(of: "<th>", with: "<th scope=\"col\">")
      .replacingOccurrences(of: "<th style=", with: "<th scope=\"col\" style=")
  }

  /// A paragraph `Table: Ofsted's judgements` immediately before a table becomes its caption
  /// (the Pandoc convention; GFM tables have no syntax for one).
  static func captioningTables(_ html: String) -> String {
    let marker = "<p>Table: "
    guard html.contains(marker) else { return html }
    var output = ""
    var rest = html[...]
    while let start = rest.range(of: marker) {
      guard let close = rest[start.upperBound...].range(of: "</p>\n<table>") else { break }
      let caption = rest[start.upperBound..<close.lowerBound]
      if caption.contains("</p>") || caption.contains("<p") {
        output += rest[..<start.upperBound]
        rest = rest[start.upperBound...]
        continue
      }
      output += rest[..<start.lowerBound]
      output += "<table>\n<caption>" + caption + "</caption>"
      rest = rest[close.upperBound...]
    }
    output += rest
    return output
  }

  /// The footnotes section gets a heading, so it is announced and listed like any other section.
  static func headingFootnotes(_ html: String) -> String {
    html.replacingOccurrences(
      of: "<section class=\"footnotes\" data-footnotes>\n",
      with:
        "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes\">\n<h2 id=\"footnotes\">Footnotes</h2>\n"
    )
  }

  /// Footnote back-links get a name that says where they go: "Back to reference 1 in the text",
  /// and for a note cited more than once "Back to reference 1, use 2, in the text".
  static func namingFootnoteBackLinks(_ html: String) -> String {
    let backLabel = "aria-label=\"Back to content\""
    guard html.contains("<section class=\"footnotes\""), html.contains(backLabel) else { return html }
    var output = ""
    var rest = html[...]
    var note = 0
    // Walk the notes in order: each `<li id="fn-` starts the next note's number.
    while let item = rest.range(of: "<li id=\"fn-") {
      output += rest[..<item.lowerBound]
      note += 1
      let itemEnd = rest[item.upperBound...].range(of: "</li>")?.upperBound ?? rest.endIndex
      var body = rest[item.lowerBound..<itemEnd]
      var rewritten = ""
      var use = 0
      while let label = body.range(of: backLabel) {
        use += 1
        rewritten += body[..<label.lowerBound]
        rewritten +=
          use == 1
          ? "aria-label=\"Back to reference \(note) in the text\""
          : "aria-label=\"Back to reference \(note), use \(use), in the text\""
        body = body[label.upperBound...]
      }
      rewritten += body
      output += rewritten
      rest = rest[itemEnd...]
    }
    output += rest
    return output
  }
}
