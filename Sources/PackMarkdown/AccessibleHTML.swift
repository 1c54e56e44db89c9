#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Repairs in cmark-gfm's HTML that WCAG 2.2 AA and the Nu Html Checker need.
///
/// cmark-gfm 0.29 writes task-list checkboxes with no label, table header cells with no
/// `scope`, and gives every footnote back-link the same name ("Back to content"). Each repair
/// matches only the exact text cmark-gfm writes, so raw HTML an author passes through is left
/// alone. The input is cmark-gfm's own output, not arbitrary HTML.
///
/// The repairs work on the page's UTF-8 bytes (see `MarkupBytes`): each is a scan for ASCII
/// markup that copies the bytes between the places it changes.
public enum AccessibleHTML {
  /// Applies every repair, in an order where none undoes another.
  public static func repair(_ html: String) -> String {
    String(decoding: repair(bytes: html.bytes), as: UTF8.self)
  }

  /// `repair` on the HTML's UTF-8 bytes, as the renderer holds them.
  static func repair(bytes html: [UInt8]) -> [UInt8] {
    // Each repair scans the whole page, and most pages need none of them: one pass over the
    // tags says which could apply. (No repair writes the tag another one looks for unless that
    // tag was on the page already, so what the first pass saw holds for all of them.)
    let tags = Tags(in: html)
    var html = html
    if tags.contains(.input) { html = labellingTaskCheckboxes(html) }
    if tags.contains(.th) { html = scopingTableHeaders(html) }
    if tags.contains(.paragraph) && tags.contains(.table) { html = captioningTables(html) }
    if tags.contains(.table) { html = scrollingTables(html) }
    if tags.contains(.section) {
      html = namingFootnoteBackLinks(html)
      html = headingFootnotes(html)
    }
    return html
  }

  /// Every repair run on the page whatever it holds (the tests hold `repair` to it).
  static func repairRunningEveryPass(bytes html: [UInt8]) -> [UInt8] {
    var html = html
    html = labellingTaskCheckboxes(html)
    html = scopingTableHeaders(html)
    html = captioningTables(html)
    html = scrollingTables(html)
    html = namingFootnoteBackLinks(html)
    html = headingFootnotes(html)
    return html
  }

  /// The tags a page holds that some repair starts from.
  struct Tags: OptionSet {
    let rawValue: UInt8
    static let input = Tags(rawValue: 1)
    static let th = Tags(rawValue: 2)
    static let paragraph = Tags(rawValue: 4)
    static let table = Tags(rawValue: 8)
    static let section = Tags(rawValue: 16)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Every `<` of the page, and the name after it (the repairs' patterns all begin so:
    /// `<input type="checkbox"`, `<th>` and `<th style=`, `<p>Table: `, `<table>`, `<section`).
    init(in html: [UInt8]) {
      var found: Tags = []
      html.withUnsafeBufferPointer { bytes in
        guard let base = bytes.baseAddress else { return }
        func has(_ name: StaticString, at index: Int) -> Bool {
          let count = name.utf8CodeUnitCount
          guard index + count <= bytes.count else { return false }
          return memcmp(base + index, name.utf8Start, count) == 0
        }
        var at = 0
        while at < bytes.count, let open = memchr(base + at, Int32(UInt8(ascii: "<")), bytes.count - at) {
          let index = base.distance(to: open.assumingMemoryBound(to: UInt8.self))
          if has("<input", at: index) {
            found.insert(.input)
          } else if has("<th", at: index) {
            found.insert(.th)
          } else if has("<table>", at: index) {
            found.insert(.table)
          } else if has("<p>Table: ", at: index) {
            found.insert(.paragraph)
          } else if has("<section", at: index) {
            found.insert(.section)
          }
          at = index + 1
        }
      }
      self = found
    }
  }

  static let uncheckedBox = "<input type=\"checkbox\" disabled=\"\" />".bytes
  static let checkedBox = "<input type=\"checkbox\" checked=\"\" disabled=\"\" />".bytes
  static let itemEnd = "</li>".bytes
  static let paragraphEnd = "</p>".bytes
  static let paragraphStart = "<p>".bytes
  /// Tags that, inside a task item's text, mean a label cannot wrap it.
  static let blockStarts = ["<ul", "<ol", "<p", "<div", "<table", "<pre", "<blockquote", "<h", "<label", "<input"]
    .map(\.bytes)

  /// `<li><input type="checkbox" disabled="" /> Write the plan</li>` becomes a list item whose
  /// checkbox is labelled by the item's text: `<label>` wraps the box and the text when the text
  /// runs to the end of the item or paragraph with no block inside; otherwise the box is named
  /// "Done" or "Not done" with `aria-label`.
  static func labellingTaskCheckboxes(_ html: [UInt8]) -> [UInt8] {
    guard var box = firstBox(in: html, from: 0) else { return html }
    var output: [UInt8] = []
    output.reserveCapacity(html.count + 256)
    var rest = 0
    while true {
      output += html[rest..<box.start]
      var after = box.end
      // In a loose list the item's text is in a paragraph after the box: move the box into it,
      // with a space between the box and the text.
      var loose = after
      while loose < html.count, html[loose] == UInt8(ascii: " ") || html[loose] == UInt8(ascii: "\n") { loose += 1 }
      var spaceBeforeText = false
      if loose > after, html.hasPrefix(paragraphStart, at: loose) {
        output += "\n<p>".bytes
        after = loose + paragraphStart.count
        spaceBeforeText = !(after < html.count && html[after] == UInt8(ascii: " "))
      }
      let input = box.isChecked ? "<input type=\"checkbox\" checked disabled>" : "<input type=\"checkbox\" disabled>"
      // The item's text ends at the first closing tag of its container.
      let end = [html.firstIndex(of: itemEnd, from: after), html.firstIndex(of: paragraphEnd, from: after)]
        .compactMap { $0 }.min()
      if let end, end > after || spaceBeforeText,
        !blockStarts.contains(where: { html.contains($0, from: after, before: end) })
      {
        output += "<label class=\"task-list-item__label\">".bytes + input.bytes
        if spaceBeforeText { output.append(UInt8(ascii: " ")) }
        output += html[after..<end]
        output += "</label>".bytes
        rest = end
      } else {
        output += Array(input.utf8.dropLast()) + " aria-label=\"\(box.isChecked ? "Done" : "Not done")\">".bytes
        if spaceBeforeText { output.append(UInt8(ascii: " ")) }
        rest = after
      }
      guard let next = firstBox(in: html, from: rest) else { break }
      box = next
    }
    output += html[rest...]
    return output
  }

  private static func firstBox(in html: [UInt8], from start: Int) -> (start: Int, end: Int, isChecked: Bool)? {
    let unchecked = html.firstIndex(of: uncheckedBox, from: start)
    let checked = html.firstIndex(of: checkedBox, from: start)
    switch (unchecked, checked) {
    case (let u?, let c?) where u < c: return (u, u + uncheckedBox.count, false)
    case (_, let c?): return (c, c + checkedBox.count, true)
    case (let u?, nil): return (u, u + uncheckedBox.count, false)
    case (nil, nil): return nil
    }
  }

  /// Header cells of a GFM table head every column: `<th>` in `<thead>` gets `scope="col"`.
  /// (cmark-gfm writes `<th>` nowhere else.)
  static func scopingTableHeaders(_ html: [UInt8]) -> [UInt8] {
    // One pass over the `<th`s: `<th>` and `<th style=` each get the scope, no other is touched.
    let open = "<th".bytes
    let scope = " scope=\"col\"".bytes
    let styled = " style=".bytes
    guard var found = html.firstIndex(of: open, from: 0) else { return html }
    var output: [UInt8] = []
    output.reserveCapacity(html.count + html.count / 16)
    var rest = 0
    while true {
      let after = found + open.count
      if after < html.count, html[after] == UInt8(ascii: ">") || html.hasPrefix(styled, at: after) {
        output += html[rest..<after]
        output += scope
        rest = after
      }
      guard let next = html.firstIndex(of: open, from: after) else { break }
      found = next
    }
    output += html[rest...]
    return output
  }

  /// A paragraph `Table: Ofsted's judgements` immediately before a table becomes its caption
  /// (the Pandoc convention; GFM tables have no syntax for one).
  static func captioningTables(_ html: [UInt8]) -> [UInt8] {
    let marker = "<p>Table: ".bytes
    let close = "</p>\n<table>".bytes
    guard var start = html.firstIndex(of: marker, from: 0) else { return html }
    var output: [UInt8] = []
    output.reserveCapacity(html.count + 64)
    var rest = 0
    while true {
      let captionStart = start + marker.count
      guard let captionEnd = html.firstIndex(of: close, from: captionStart) else { break }
      if html.contains(paragraphEnd, from: captionStart, before: captionEnd)
        || html.contains("<p".bytes, from: captionStart, before: captionEnd)
      {
        output += html[rest..<captionStart]
        rest = captionStart
      } else {
        output += html[rest..<start]
        output += "<table>\n<caption>".bytes + html[captionStart..<captionEnd] + "</caption>".bytes
        rest = captionEnd + close.count
      }
      guard let next = html.firstIndex(of: marker, from: rest) else { break }
      start = next
    }
    output += html[rest...]
    return output
  }

  /// Each table sits in a box that scrolls sideways on its own, so a wide table never makes a
  /// phone scroll the whole page (WCAG 1.4.10 Reflow). The box can take the keyboard's focus
  /// (so it can be scrolled without a mouse) and is a region named by the table's caption.
  static func scrollingTables(_ html: [UInt8]) -> [UInt8] {
    let open = "<table>\n".bytes
    let close = "</table>\n".bytes
    guard var start = html.firstIndex(of: open, from: 0) else { return html }
    var output: [UInt8] = []
    output.reserveCapacity(html.count + 128)
    var rest = 0
    while let end = html.firstIndex(of: close, from: start + open.count) {
      var name = "Table".bytes
      let captionOpen = "<caption>".bytes
      if html.hasPrefix(captionOpen, at: start + open.count),
        let captionEnd = html.firstIndex(of: "</caption>".bytes, from: start + open.count)
      {
        // The caption's text without its inline tags (it is already escaped for HTML).
        var text: [UInt8] = []
        var inTag = false
        for byte in html[(start + open.count + captionOpen.count)..<captionEnd] {
          if byte == UInt8(ascii: "<") { inTag = true } else if byte == UInt8(ascii: ">") { inTag = false } else if !inTag { text.append(byte) }
        }
        if !text.isEmpty { name = text }
      }
      output += html[rest..<start]
      output += "<div class=\"table-scroll\" role=\"region\" aria-label=\"".bytes + name + "\" tabindex=\"0\">\n".bytes
      output += html[start..<(end + close.count)]
      output += "</div>\n".bytes
      rest = end + close.count
      guard let next = html.firstIndex(of: open, from: rest) else { break }
      start = next
    }
    output += html[rest...]
    return output
  }

  /// The footnotes section gets a heading, so it is announced and listed like any other section.
  static func headingFootnotes(_ html: [UInt8]) -> [UInt8] {
    html.replacingAll(
      "<section class=\"footnotes\" data-footnotes>\n".bytes,
      with:
        "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes\">\n<h2 id=\"footnotes\">Footnotes</h2>\n"
        .bytes)
  }

  /// Footnote back-links get a name that says where they go: "Back to reference 1 in the text",
  /// and for a note cited more than once "Back to reference 1, use 2, in the text".
  static func namingFootnoteBackLinks(_ html: [UInt8]) -> [UInt8] {
    let backLabel = "aria-label=\"Back to content\"".bytes
    let noteStart = "<li id=\"fn-".bytes
    guard html.contains("<section class=\"footnotes\"".bytes), html.contains(backLabel),
      var item = html.firstIndex(of: noteStart, from: 0)
    else { return html }
    var output: [UInt8] = []
    output.reserveCapacity(html.count + 256)
    var rest = 0
    var note = 0
    // Walk the notes in order: each `<li id="fn-` starts the next note's number.
    while true {
      output += html[rest..<item]
      note += 1
      let bodyEnd = html.firstIndex(of: itemEnd, from: item + noteStart.count).map { $0 + itemEnd.count } ?? html.count
      var body = item
      var use = 0
      while let label = html.firstIndex(of: backLabel, from: body, before: bodyEnd) {
        use += 1
        output += html[body..<label]
        output +=
          (use == 1
          ? "aria-label=\"Back to reference \(note) in the text\""
          : "aria-label=\"Back to reference \(note), use \(use), in the text\"").bytes
        body = label + backLabel.count
      }
      output += html[body..<bodyEnd]
      rest = bodyEnd
      guard let next = html.firstIndex(of: noteStart, from: rest) else { break }
      item = next
    }
    output += html[rest...]
    return output
  }
}
