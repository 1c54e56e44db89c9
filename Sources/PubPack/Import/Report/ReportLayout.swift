/// The body text of a report as `pdftotext -layout` lays it out, with the page furniture
/// taken out: running headers and footers, page numbers and footnotes.
///
/// Lines keep their leading spaces, because indentation is what tells a bullet's continuation
/// from the next paragraph and a judgement from its grade.
struct ReportLayout: Sendable {
  /// One line of body text and the page (from 1) it is on.
  struct Line: Sendable, Hashable {
    var text: String
    var page: Int

    /// The text without leading and trailing spaces.
    var trimmed: String { text.trimmingSpaces }
    /// Whether the line has nothing but spaces.
    var isBlank: Bool { trimmed.isEmpty }
    /// How many spaces the line starts with.
    var indent: Int { text.prefix { $0 == " " }.count }
  }

  /// Every body line, page after page.
  var lines: [Line]
  /// How many pages `pdftotext` wrote (it ends each page with a form feed).
  var pageCount: Int

  init(layoutText: String) {
    var pages = layoutText.split(separator: "\u{0C}", omittingEmptySubsequences: false).map {
      $0.split(separator: "\n", omittingEmptySubsequences: false).map {
        String($0).replacingTabs
      }
    }
    // pdftotext ends every page, the last included, with a form feed.
    if let last = pages.last, last.allSatisfy({ $0.trimmingSpaces.isEmpty }), pages.count > 1 {
      pages.removeLast()
    }
    pageCount = pages.count

    let running = Self.runningKeys(in: pages)
    var lines: [Line] = []
    for (index, page) in pages.enumerated() {
      let body = Self.withoutFootnotes(
        Self.withoutFurniture(page, running: running, isFirstPage: index == 0))
      lines += body.map { Line(text: $0, page: index + 1) }
    }
    self.lines = lines
  }

  /// The key a running header or footer line is recognised by: its words, with every run of
  /// digits as "#" so that "Page 2 of 11" and "Page 3 of 11" are the same line.
  private static func runningKey(_ line: String) -> String {
    var key = ""
    var inDigits = false
    for character in line.trimmingSpaces {
      if character.isASCIIDigit {
        if !inDigits { key.append("#") }
        inDigits = true
        continue
      }
      inDigits = false
      if character == " ", key.last == " " { continue }
      key.append(character)
    }
    return key
  }

  /// Lines that open or close at least half of the pages (and two at the least): the running
  /// header and footer, which are not part of the text.
  private static func runningKeys(in pages: [[String]]) -> Set<String> {
    var counts: [String: Int] = [:]
    for page in pages {
      let filled = page.filter { !$0.trimmingSpaces.isEmpty }
      let edges = Set((filled.prefix(3) + filled.suffix(3)).map(runningKey))
      for key in edges where !key.isEmpty { counts[key, default: 0] += 1 }
    }
    let threshold = max(2, (pages.count + 1) / 2)
    return Set(counts.filter { $0.value >= threshold }.keys)
  }

  private static func isFurniture(_ line: String, running: Set<String>) -> Bool {
    let trimmed = line.trimmingSpaces
    return trimmed.isEmpty || trimmed.allSatisfy(\.isASCIIDigit)
      || running.contains(runningKey(trimmed))
  }

  /// The page without its running header and footer and its page number.
  ///
  /// The report's title opens the first page and may read exactly like the running footer
  /// ("Inspection of Bury local authority children’s services"), so it is kept.
  private static func withoutFurniture(
    _ page: [String], running: Set<String>, isFirstPage: Bool
  ) -> [String] {
    var start = page.startIndex
    var end = page.endIndex
    while start < end, isFurniture(page[start], running: running),
      !(isFirstPage && page[start].trimmingSpaces.hasPrefix("Inspection of "))
    {
      start += 1
    }
    while end > start, isFurniture(page[end - 1], running: running) { end -= 1 }
    return Array(page[start..<end])
  }

  /// The page without the footnotes at its foot.
  ///
  /// `pdftotext` prints a footnote as its number alone on a line, after a blank line,
  /// then the note; body paragraphs are numbered "1." so they never look like that.
  private static func withoutFootnotes(_ page: [String]) -> [String] {
    let searchFrom = max(page.startIndex + 1, page.endIndex - 12)
    guard searchFrom < page.endIndex else { return page }
    for index in searchFrom..<page.endIndex {
      let trimmed = page[index].trimmingSpaces
      if !trimmed.isEmpty, trimmed.count <= 2, trimmed.allSatisfy(\.isASCIIDigit),
        page[index - 1].trimmingSpaces.isEmpty
      {
        var body = Array(page[..<index])
        while let last = body.last, last.trimmingSpaces.isEmpty { body.removeLast() }
        return body
      }
    }
    return page
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line ends.
  var trimmingSpaces: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }

  /// Tabs as single spaces (pdftotext -layout does not write tabs, but a stray one must not
  /// shift a column by more than one).
  var replacingTabs: String { String(map { $0 == "\t" ? " " : $0 }) }
}

extension Character {
  /// Whether this is one of the digits 0 to 9.
  var isASCIIDigit: Bool { isASCII && isNumber }
}
