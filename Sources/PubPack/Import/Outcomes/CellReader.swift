import Foundation

/// Reads typed values (grades, dates, inspection types) from one row of an outcomes table,
/// recording a located problem for every cell it cannot read.
struct CellReader {
  var table: OutcomesTable
  var row: SpreadsheetRow
  /// The path shown in messages.
  var displayPath: String

  /// Cell text that means "no grade" or "no date": blank is the usual, but statisticians also
  /// write these (the GSS shorthand "[x]", "[z]" among them).
  private static let noValueMarkers: Set<String> = [
    "-", "–", "—", ":", "..", "x", "z", "n/a", "na", "none", "not applicable", "not yet inspected",
    "not inspected", "not yet judged", "not judged", "no judgement", "[x]", "[z]", "[c]", "[u]", "[w]",
  ]

  private static func isNoValue(_ text: String) -> Bool {
    let folded = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return folded.isEmpty || noValueMarkers.contains(folded)
  }

  /// The trimmed text of a column, nil when the table has no such column or the cell is empty.
  func text(_ column: OutcomesColumn, ordinal: Int? = nil) -> String? {
    guard let index = table.index(of: column, ordinal: ordinal) else { return nil }
    let text = row[index].value
    return text.isEmpty ? nil : text
  }

  /// The grades of the row (of inspection `ordinal` in a wide history table).
  func judgements(ordinal: Int?, problems: inout [Diagnostic]) -> [Judgement: Grade] {
    var judgements: [Judgement: Grade] = [:]
    for judgement in Judgement.allCases {
      guard let index = table.index(of: .judgement(judgement), ordinal: ordinal) else { continue }
      let text = row[index].value
      if let grade = Grade(parsing: text) {
        judgements[judgement] = grade
      } else if !Self.isNoValue(text) {
        problems.append(
          problem(
            at: index, "'\(text)' is not an Ofsted grade",
            notes: [
              "a grade cell holds one of: " + Grade.allCases.map { "'\($0.ofstedWording)'" }.joined(separator: ", ")
                + ", or nothing"
            ]))
      }
    }
    return judgements
  }

  /// The date in a column: the date of a date cell, or a date written as text.
  ///
  /// Text that is not a date is a problem when the row needs the date (`isRequired`) or the
  /// text has digits in it (a date mistyped); otherwise ("Not yet inspected") it means no date.
  func date(_ column: OutcomesColumn, ordinal: Int?, isRequired: Bool, problems: inout [Diagnostic]) -> CalendarDate? {
    guard let index = table.index(of: column, ordinal: ordinal) else { return nil }
    let cell = row[index]
    if let date = cell.date { return date }
    let text = cell.value
    if let date = DateText.parse(text) { return date }
    let hasDigits = text.contains { $0.isNumber }
    if isRequired || hasDigits {
      problems.append(
        problem(
          at: index, text.isEmpty ? "this graded row has no date" : "'\(text)' is not a date",
          notes: ["write dates as date cells, or as text like 2023-07-10, 10/07/2023 (day first) or 10 July 2023"]))
    }
    return nil
  }

  /// The inspection type; nil when the table has no type column or the cell is empty.
  func type(ordinal: Int?, problems: inout [Diagnostic]) -> InspectionType? {
    guard let index = table.index(of: .type, ordinal: ordinal) else { return nil }
    let text = row[index].value
    if Self.isNoValue(text) { return nil }
    if let type = InspectionType(statisticsLabel: text) { return type }
    problems.append(
      problem(
        at: index, "'\(text)' is not an inspection type pubpack knows",
        notes: [
          "the statistics use: " + InspectionType.allCases.map { "'\($0.ofstedWording)'" }.joined(separator: ", ")
        ]))
    return nil
  }

  private func problem(at column: Int, _ message: String, notes: [String]) -> Diagnostic {
    let header = table.headerRow[column].trimmedText
    return .error(
      at: SourceLocation(path: displayPath, line: row.line ?? 1, column: 1),
      "sheet '\(table.sheetName)', cell \(columnLetters(column))\(row.number) ('\(header)'): \(message)",
      notes: notes)
  }
}

extension InspectionType {
  /// Reads the labels of the statistics' type columns ("ILACS Standard Inspection",
  /// "LA Monitoring visit"), whatever their case, and the keys.
  init?(statisticsLabel text: String) {
    if let type = InspectionType(rawValue: text) {
      self = type
      return
    }
    let words = Set(HeaderWords.words(text))
    if words.contains("standard") {
      self = .ilacsStandard
    } else if words.contains("short") {
      self = .ilacsShort
    } else if words.contains("focused") || words.contains("focussed") {
      self = .focusedVisit
    } else if words.contains("monitoring") {
      self = .monitoringVisit
    } else if words.contains("jtai") || words.contains("joint") {
      self = .jtai
    } else {
      return nil
    }
  }
}

/// Dates written as text, as CSV exports and hand-made tables have them.
enum DateText {
  private static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
  ]

  /// Reads `2023-07-10` (with or without a time after it), `10/07/2023` (day first, as in the
  /// UK) and `10 July 2023` (or `10 Jul 2023`); anything else is nil.
  ///
  /// A slashed date whose middle number is over 12 is month-first (a US export) and is nil,
  /// not a wrong date.
  static func parse(_ text: String) -> CalendarDate? {
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.count >= 10, let date = CalendarDate(iso: String(text.prefix(10))) {
      let rest = text.dropFirst(10)
      if rest.isEmpty || rest.first == "T" || rest.first == " " { return date }
    }
    let slashed = text.split(separator: "/", omittingEmptySubsequences: false)
    if slashed.count == 3, slashed.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      slashed[2].count == 4, let day = Int(slashed[0]), let month = Int(slashed[1]), let year = Int(slashed[2])
    {
      return CalendarDate(year: year, month: month, day: day)
    }
    let words = text.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
    if words.count == 3, let day = Int(words[0].filter(\.isNumber)), words[0].first?.isNumber == true,
      let year = Int(words[2]), words[2].count == 4,
      let month = months.firstIndex(where: { $0 == words[1] || (words[1].count >= 3 && $0.hasPrefix(words[1])) })
    {
      return CalendarDate(year: year, month: month + 1, day: day)
    }
    return nil
  }
}
