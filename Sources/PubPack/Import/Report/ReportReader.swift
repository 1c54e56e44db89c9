/// Reads the facts an Ofsted ILACS inspection report states from its text as
/// `pdftotext -layout` lays it out.
///
/// It reads the first page's title, dates, lead inspector and judgement table, the headline
/// paragraph under the table and every item of "What needs to improve?". It guesses nothing:
/// a field it cannot read with confidence is an error that names it, and a document that is
/// not an ILACS inspection report (a visit letter, a school report, a scan) is refused.
///
/// Messages say where a field should be, never what the report says there: the report is
/// embargoed until Ofsted publishes it, and messages can end up in public build logs.
public struct ReportReader: Sendable {
  /// The path shown in messages, as the user typed it.
  public var displayPath: String

  public init(displayPath: String) {
    self.displayPath = displayPath
  }

  /// The facts the report states; throws every field that could not be read.
  ///
  /// - Parameters:
  ///   - layoutText: the output of `pdftotext -layout`, pages ended by form feeds.
  ///   - sourceFile: the PDF's file name, recorded as `source.file`.
  public func facts(fromLayoutText layoutText: String, sourceFile: String) throws(DiagnosticError)
    -> ReportFacts
  {
    let layout = ReportLayout(layoutText: layoutText)
    let lines = layout.lines
    var facts = ReportFacts(sourceFile: sourceFile, sourcePages: layout.pageCount)
    var problems: [Diagnostic] = []
    func problem(_ message: String, _ notes: [String] = []) {
      problems.append(.error(at: here, message, notes: notes))
    }

    guard lines.contains(where: { !$0.isBlank }) else {
      throw DiagnosticError(
        .error(
          at: here, "the PDF has no text: it looks like a scanned image",
          notes: [
            "pubpack reads the report PDF Ofsted publishes, which has a text layer; download it from reports.ofsted.gov.uk"
          ]))
    }

    // The first page: the title, then "Inspection dates:", then "Lead inspector:".
    let firstPage = lines.indices.filter { lines[$0].page == 1 }
    let datesIndex = firstPage.first { lines[$0].trimmed.hasPrefix("Inspection dates") }
    // The title is above the dates; without dates, it must still be near the top.
    let titleLines = firstPage.prefix { $0 != datesIndex }.prefix(15).map { lines[$0] }
    guard let title = Self.title(from: titleLines) else {
      throw DiagnosticError(
        .error(
          at: here,
          "this PDF is not an Ofsted inspection report of local authority children’s services (ILACS): its first page has no title \"Inspection of … children’s services\"",
          notes: [
            "focused visit and monitoring visit letters, joint targeted area inspections and school reports are not ILACS inspection reports",
            "use the final report PDF of a standard or short ILACS inspection",
          ]))
    }
    facts.reportTitle = title.title
    if let name = title.authority {
      facts.ofstedName = name
    } else {
      problem("the authority’s name was not found in the report’s title")
    }

    // Inspection dates.
    if let datesIndex {
      let text = Self.fieldText(lines, at: datesIndex, label: "Inspection dates")
      if let dates = Self.dateRange(text) {
        facts.onSiteStart = dates.start
        facts.onSiteEnd = dates.end
      } else {
        problem(
          "the inspection dates on the first page could not be read",
          [
            "pubpack reads dates as Ofsted writes them: \"13 to 24 May 2024\", \"22 April to 3 May 2024\" or \"1 July 2024 to 12 July 2024\""
          ])
      }
    } else {
      problem(
        "the inspection dates were not found (no \"Inspection dates:\" line on the first page)")
    }

    // Lead inspector.
    if let leadIndex = firstPage.first(where: { lines[$0].trimmed.hasPrefix("Lead inspector") }) {
      let text = Self.fieldText(lines, at: leadIndex, label: "Lead inspector")
      if let lead = Self.leadInspector(text) {
        facts.leadInspector = lead
      } else {
        problem(
          "the lead inspector on the first page could not be read",
          [
            "pubpack expects a name followed by \"His Majesty’s Inspector\" or \"Her Majesty’s Inspector\""
          ])
      }
    } else {
      problem("the lead inspector was not found (no \"Lead inspector:\" line on the first page)")
    }

    // The judgement table, and the framework it implies.
    var afterTable: Int?
    do throws(JudgementTable.Failure) {
      let table = try JudgementTable(lines: lines, from: 0)
      afterTable = table.endIndex
      facts.judgements = table.grades
      switch Self.framework(of: table) {
      case .success(let framework):
        facts.frameworkVersion = framework
        let missing = framework.judgements.filter { table.grades[$0] == nil }
        if !missing.isEmpty {
          problem(
            "the judgement table has no grade for "
              + missing.map { "\"\($0.ofstedWording(in: framework))\"" }.joined(separator: ", "),
            [
              "a \(framework.rawValue) report grades: "
                + framework.judgements.map { $0.ofstedWording(in: framework) }.joined(
                  separator: "; ")
            ])
        }
      case .failure(let failure):
        problem(failure.message)
      }
    } catch {
      switch error {
      case .headingNotFound:
        problem("the judgement table was not found (no \"Judgement   Grade\" heading)")
      case .unreadableRow(let number):
        problem(
          "row \(number) of the judgement table could not be read",
          [
            "pubpack knows Ofsted’s judgement names and the grades Outstanding, Good, Requires improvement to be good and Inadequate"
          ])
      case .repeatedJudgement(let judgement):
        problem("the judgement table grades \"\(judgement.ofstedWording())\" twice")
      }
    }

    // The headline paragraph, directly under the table.
    let improveIndex = lines.indices.first { Self.isWhatNeedsToImproveHeading(lines[$0].trimmed) }
    if let afterTable {
      if let headline = Self.headline(lines, from: afterTable, stopAt: improveIndex) {
        facts.headline = headline
      } else {
        problem("the headline paragraph under the judgement table was not found")
      }
    }

    // What needs to improve.
    if let improveIndex {
      let items = Self.bulletItems(lines, after: improveIndex)
      if items.isEmpty {
        problem("\"What needs to improve?\" has no bulleted items")
      } else {
        facts.whatNeedsToImprove = items
      }
    } else {
      problem("the section \"What needs to improve?\" was not found")
    }

    if !problems.isEmpty {
      throw DiagnosticError(problems)
    }
    return facts
  }

  private var here: SourceLocation { SourceLocation(path: displayPath, line: 1, column: 1) }

  // MARK: - Title

  /// The report's title and the authority's name in it.
  ///
  /// 2023 on: "Inspection of Bolton local authority children’s services". 2018: the name on
  /// a line of its own above "Inspection of children’s social care services".
  static func title(from lines: [ReportLayout.Line]) -> (title: String, authority: String?)? {
    guard let start = lines.firstIndex(where: { $0.trimmed.hasPrefix("Inspection of ") }) else {
      return nil
    }
    let end = lines[start...].firstIndex(where: \.isBlank) ?? lines.endIndex
    let title = joinedLines(lines[start..<end].map(\.trimmed))
    guard
      let match = title.wholeMatch(
        of: /Inspection of (?:(.+?) )?(?:local authority )?children[’']s (?:social care )?services/
      )
    else { return nil }
    // In 2018 the name stands on its own line(s) directly above a title without it.
    let nameStart = lines[..<start].lastIndex(where: \.isBlank).map { $0 + 1 } ?? lines.startIndex
    let nameLines = lines[nameStart..<start].map(\.trimmed)
    var authority = match.1.map(String.init) ?? joinedLines(nameLines)
    // Ofsted's title reads "the Isle of Wight"; its statistics, and councils, name the
    // authority without the article.
    if authority.hasPrefix("the ") { authority.removeFirst(4) }
    authority = authority.trimmingSpaces
    return (title, authority.isEmpty ? nil : authority)
  }

  // MARK: - Dates and lead inspector

  /// The text after `label` on line `index`, with the lines that continue it (up to a blank line).
  static func fieldText(_ lines: [ReportLayout.Line], at index: Int, label: String) -> String {
    // The label's colon is optional, as it may be lost in the layout.
    var first = lines[index].trimmed.dropFirst(label.count)
    if first.first == ":" { first = first.dropFirst() }
    var parts = [String(first)]
    var next = index + 1
    while next < lines.count, !lines[next].isBlank, lines[next].page == lines[index].page,
      !lines[next].trimmed.hasPrefix("Lead inspector"), !lines[next].trimmed.hasPrefix("Judgement")
    {
      parts.append(lines[next].trimmed)
      next += 1
    }
    return joinedLines(parts.map(\.trimmingSpaces).filter { !$0.isEmpty })
  }

  private static let months = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// On-site dates in each form Ofsted uses: "13 to 24 May 2024", "22 April to 3 May 2024",
  /// "1 July 2024 to 12 July 2024", "29 December 2025 to 9 January 2026".
  static func dateRange(_ text: String) -> (start: CalendarDate, end: CalendarDate)? {
    guard
      let match = text.wholeMatch(
        of: /(\d{1,2})(?: ([A-Z][a-z]+)(?: (\d{4}))?)? (?:to|–|-) (\d{1,2}) ([A-Z][a-z]+) (\d{4})/)
    else { return nil }
    guard let endMonth = months.firstIndex(of: String(match.5)).map({ $0 + 1 }),
      let endDay = Int(match.4), let endYear = Int(match.6),
      let end = CalendarDate(year: endYear, month: endMonth, day: endDay),
      let startDay = Int(match.1)
    else { return nil }
    var startMonth = endMonth
    if let written = match.2 {
      guard let month = months.firstIndex(of: String(written)) else { return nil }
      startMonth = month + 1
    }
    let startYear = match.3.flatMap { Int($0) } ?? endYear
    guard let start = CalendarDate(year: startYear, month: startMonth, day: startDay), start <= end
    else { return nil }
    return (start, end)
  }

  /// "Lisa Walsh, His Majesty’s Inspector", also when the title is on a line of its own.
  static func leadInspector(_ text: String) -> String? {
    guard
      let match = text.wholeMatch(of: /(.+?),? +((?:His|Her) Majesty[’']s Inspector)/),
      !match.1.contains(where: \.isNumber)
    else { return nil }
    let name = String(match.1).trimmingSpaces
    return name.isEmpty ? nil : "\(name), \(match.2)"
  }

  // MARK: - Framework

  /// The framework a table's judgements imply: a combined children in care and care leavers
  /// judgement is 2018's; a separate care leavers judgement is 2023's, or 2026's when there
  /// is no overall effectiveness.
  static func framework(of table: JudgementTable) -> Result<FrameworkVersion, FrameworkFailure> {
    let hasCareLeavers = table.grades[.careLeavers] != nil
    if table.hasCombinedChildrenInCare {
      if hasCareLeavers {
        return .failure(
          FrameworkFailure(
            "the judgement table grades care leavers both with children in care and on their own"))
      }
      return .success(.ilacs2018)
    }
    if hasCareLeavers {
      return .success(table.grades[.overallEffectiveness] == nil ? .ilacs2026 : .ilacs2023)
    }
    return .failure(
      FrameworkFailure(
        "the framework could not be told from the judgement table: it has neither a care leavers judgement nor the combined \"children in care and care leavers\" one"
      ))
  }

  /// Why a table implies no framework.
  struct FrameworkFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  // MARK: - Headline

  /// The first paragraph under the judgement table.
  ///
  /// A paragraph ends at a blank line. At a page break it goes on unless the page's last line
  /// ends a sentence (the layout shows no blank line there).
  static func headline(_ lines: [ReportLayout.Line], from start: Int, stopAt stop: Int?) -> String? {
    var index = start
    while index < lines.count, lines[index].isBlank { index += 1 }
    var parts: [String] = []
    while index < lines.count, !lines[index].isBlank, index != stop {
      if let previous = parts.last, lines[index].page != lines[index - 1].page,
        endsSentence(previous)
      {
        break
      }
      parts.append(lines[index].trimmed)
      index += 1
    }
    return parts.isEmpty ? nil : joinedLines(parts)
  }

  private static func endsSentence(_ line: String) -> Bool {
    var text = Substring(line)
    while let last = text.last, "’”\"')".contains(last) { text.removeLast() }
    return text.last.map { ".?!:".contains($0) } ?? false
  }

  // MARK: - What needs to improve

  static func isWhatNeedsToImproveHeading(_ line: String) -> Bool {
    // A footnote mark may follow the heading: "What needs to improve?1". Some editions
    // go on: "What needs to improve in this local authority?".
    line.count <= 80
      && line.wholeMatch(of: /What needs to improve(?: in [A-Za-z’' ]+)?\??\d{0,2}/) != nil
      && !line.contains("area of social work practice")
  }

  /// Every bulleted item under the heading at `heading`, whole: continuation lines joined,
  /// sub-items each on a line of their own under their item.
  static func bulletItems(_ lines: [ReportLayout.Line], after heading: Int) -> [String] {
    var index = heading + 1
    while index < lines.count, lines[index].isBlank { index += 1 }
    guard index < lines.count, bullet(lines[index].trimmed) != nil else { return [] }
    let bulletIndent = lines[index].indent

    // Each item is a list of lines: its text, then its sub-items.
    var items: [[[String]]] = []
    while index < lines.count {
      let line = lines[index]
      index += 1
      if line.isBlank { continue }
      let marked = bullet(line.trimmed)
      if line.indent <= bulletIndent {
        guard let marked else { break }
        items.append([[marked.text]])
      } else if let marked, !items.isEmpty {
        items[items.count - 1].append(["\(marked.symbol) \(marked.text)"])
      } else if !items.isEmpty {
        let last = items[items.count - 1].count - 1
        items[items.count - 1][last].append(line.trimmed)
      }
    }
    return items.map { item in item.map(joinedLines).joined(separator: "\n") }
  }

  /// The bullet symbol starting a line and the text after it, if the line starts with one.
  ///
  /// Ofsted's bullets vary by edition (◼, ●, a Wingdings character); any symbol followed by
  /// a space counts, letters, digits and quotation marks do not.
  static func bullet(_ line: String) -> (symbol: Character, text: String)? {
    guard let first = line.first, line.dropFirst().first == " " else { return nil }
    let isSymbol = first.unicodeScalars.allSatisfy { scalar in
      switch scalar.properties.generalCategory {
      case .otherSymbol, .mathSymbol, .privateUse: true
      case .dashPunctuation: true
      default: "•◦▪▫·*".unicodeScalars.contains(scalar)
      }
    }
    guard isSymbol else { return nil }
    let text = line.dropFirst().trimmingSpaces
    return text.isEmpty ? nil : (first, text)
  }
}

/// Lines of running text joined into one: a space between them, except after a line that
/// ends in a hyphen inside a word ("multi-" and "agency" make "multi-agency").
///
/// Runs of spaces inside a line become one: the layout may widen gaps to keep columns, and
/// Ofsted's text never relies on a double space.
func joinedLines<S: Sequence>(_ lines: S) -> String where S.Element == String {
  var text = ""
  for line in lines {
    let trimmed = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
      .trimmingSpaces
    if trimmed.isEmpty { continue }
    if text.isEmpty {
      text = trimmed
    } else if text.hasSuffix("-"), text.dropLast().last?.isLetter == true,
      trimmed.first?.isLetter == true
    {
      text += trimmed
    } else {
      text += " " + trimmed
    }
  }
  return text
}
