/// Numbers a council report's sections and paragraphs the way councils do: each `h2` section
/// 1, 2, 3 ..., and each paragraph directly inside a section 1.1, 1.2 ..., so that councillors
/// can refer to "paragraph 4.2" in the meeting and in the minutes.
///
/// The numbers are text in the page, not CSS counters, so they are read out, printed, copied
/// and found by searching. Paragraphs inside lists, quotes and tables, and any before the
/// first section, are not numbered. A report whose first section heading already starts with
/// a number is taken to be numbered by hand and is left alone.
enum ParagraphNumbers {
  static func apply(to html: String) -> String {
    guard let firstHeading = html.range(of: "<h2") else { return html }
    if let close = html[firstHeading.upperBound...].firstIndex(of: ">"),
      html[html.index(after: close)...].first?.isNumber == true
    {
      return html
    }
    var output = ""
    output.reserveCapacity(html.utf8.count + 1024)
    var depth = 0
    var section = 0
    var paragraph = 0
    let containers = ["ul", "ol", "blockquote", "table", "section", "div", "li", "dl", "figure"]
    var rest = html[...]
    while let open = rest.firstIndex(of: "<") {
      output += rest[..<open]
      guard let close = rest[open...].firstIndex(of: ">") else { break }
      let tag = rest[open...close]
      output += tag
      rest = rest[rest.index(after: close)...]
      let isClosing = tag.hasPrefix("</")
      let name = String(
        tag.dropFirst(isClosing ? 2 : 1).prefix { $0.isLetter || $0.isNumber }
      ).lowercased()
      if containers.contains(name) {
        if isClosing { depth = max(0, depth - 1) } else if !tag.hasSuffix("/>") { depth += 1 }
        continue
      }
      guard depth == 0, !isClosing else { continue }
      if name == "h2" {
        section += 1
        paragraph = 0
        output += "<span class=\"section-number\">\(section).</span> "
      } else if name == "p", section > 0 {
        paragraph += 1
        output += "<span class=\"paragraph-number\">\(section).\(paragraph)</span> "
      }
    }
    output += rest
    return output
  }
}
