/// A table of Ofsted's outcomes statistics, found in a sheet by its header row.
struct OutcomesTable: Sendable {
  /// What the table lists.
  enum Kind: Sendable, Equatable {
    /// One row per authority: its latest judgements ("Inspections_31_March_2024").
    case latest
    /// One row per inspection (the 2025 edition's history; the 2024 table of former authorities).
    case longHistory
    /// One row per authority, one group of columns per inspection (the 2024 edition's history).
    case wideHistory
    /// The year's inspections and visits, graded or not ("Inspections_in_year_2023-24").
    case inYear

    var description: String {
      switch self {
      case .latest: "the table of latest judgements"
      case .longHistory, .wideHistory: "the ILACS inspection history table"
      case .inYear: "the table of the year's inspections and visits"
      }
    }
  }

  var kind: Kind
  var sheetName: String
  var headerRow: SpreadsheetRow
  /// The recognised columns, by column index.
  var headings: [Int: ColumnHeading]
  /// The data rows under the header, up to the first blank row, notes row or next header.
  var rows: [SpreadsheetRow]

  /// The index of the column holding `column` (for the wide history, of inspection `ordinal`).
  func index(of column: OutcomesColumn, ordinal: Int? = nil) -> Int? {
    headings.first { $0.value.column == column && $0.value.ordinal == ordinal }?.key
  }

  /// The inspection numbers of a wide history table's column groups, in order.
  var ordinals: [Int] { Set(headings.values.compactMap(\.ordinal)).sorted() }

  /// The judgements the table has a column for (for the wide history, in any group).
  var judgements: [Judgement] {
    Judgement.allCases.filter { judgement in headings.values.contains { $0.column == .judgement(judgement) } }
  }

  /// "sheet 'Inspections_31_March_2024', row 3".
  var place: String { "sheet '\(sheetName)', row \(headerRow.number)" }
}

/// Finds the outcomes tables in a spreadsheet by their header rows.
struct OutcomesTableFinder {
  var displayPath: String

  /// Tables found, and header rows that name authorities but have no grade column (for
  /// messages when the table sought is missing).
  struct Findings {
    var tables: [OutcomesTable] = []
    var gradelessHeaders: [(sheet: String, row: Int)] = []
    /// Every sheet's name, for messages.
    var sheetNames: [String] = []
  }

  func find(in spreadsheet: Spreadsheet) throws(DiagnosticError) -> Findings {
    var findings = Findings()
    findings.sheetNames = spreadsheet.sheets.map(\.name)
    var problems: [Diagnostic] = []
    for sheet in spreadsheet.sheets {
      var index = 0
      while index < sheet.rows.count {
        let row = sheet.rows[index]
        index += 1
        let headings = recognisedHeadings(row)
        let columns = Set(headings.values.map(\.column))
        guard columns.contains(.name) else { continue }
        let hasGrades = columns.contains { if case .judgement = $0 { true } else { false } }
        guard hasGrades else {
          let others: Set<OutcomesColumn> = [.region, .inspectionDate, .publicationDate, .type, .areaCode]
          if !columns.isDisjoint(with: others) { findings.gradelessHeaders.append((sheet.name, row.number)) }
          continue
        }
        if let duplicate = duplicateHeadings(headings, row: row, sheet: sheet.name) {
          problems.append(duplicate)
          continue
        }
        var rows: [SpreadsheetRow] = []
        while index < sheet.rows.count, isDataRow(sheet.rows[index], headings: headings) {
          rows.append(sheet.rows[index])
          index += 1
        }
        let kind = classify(headings, row: row, sheetName: sheet.name)
        findings.tables.append(
          OutcomesTable(kind: kind, sheetName: sheet.name, headerRow: row, headings: headings, rows: rows))
      }
    }
    if !problems.isEmpty { throw DiagnosticError(problems) }
    return findings
  }

  private func recognisedHeadings(_ row: SpreadsheetRow) -> [Int: ColumnHeading] {
    var headings: [Int: ColumnHeading] = [:]
    // Headers are short; the long texts of notes and cover sheets need not be read word by word.
    for (column, cell) in row.cells.enumerated() where cell.date == nil && cell.text.utf8.count <= 200 {
      if let heading = HeaderWords.heading(cell.trimmedText) { headings[column] = heading }
    }
    return headings
  }

  private func duplicateHeadings(_ headings: [Int: ColumnHeading], row: SpreadsheetRow, sheet: String) -> Diagnostic? {
    var byHeading: [ColumnHeading: [Int]] = [:]
    for (column, heading) in headings where heading.column != .webLink && heading.column != .visitTheme {
      byHeading[heading, default: []].append(column)
    }
    // Two region columns (say "Ofsted region" and "Government office region") would make
    // the regional counts a guess; so would two columns for one judgement.
    let duplicates = byHeading.filter { $0.value.count > 1 }.sorted { $0.value.min() ?? 0 < $1.value.min() ?? 0 }
    guard let (heading, columns) = duplicates.first else { return nil }
    let described = columns.sorted().map { "\(columnLetters($0)) ('\(row[$0].trimmedText)')" }
    return .error(
      at: SourceLocation(path: displayPath, line: row.line ?? 1, column: 1),
      "sheet '\(sheet)', row \(row.number): \(described.count) columns could be '\(heading.column.label)': "
        + described.joined(separator: " and "),
      notes: ["pubpack cannot tell which one to read; delete or rename the column that is not it"])
  }

  /// Names of rows that total the table rather than being an authority.
  private static let totalNames: Set<String> = [
    "england", "total", "totals", "all", "all local authorities", "national",
  ]

  // A table ends at a blank row, a row without an authority name (a notes or title row), a
  // totals row, a row with nothing but the name, or the next header row.
  private func isDataRow(_ row: SpreadsheetRow, headings: [Int: ColumnHeading]) -> Bool {
    guard let nameColumn = headings.first(where: { $0.value.column == .name })?.key,
      !row[nameColumn].isEmpty, !Self.totalNames.contains(row[nameColumn].value.lowercased())
    else { return false }
    let filled = headings.keys.filter { $0 != nameColumn && !row[$0].isEmpty }
    guard !filled.isEmpty else { return false }
    // The next table's header row has a header in the name column too; checking that one
    // cell first keeps the search quick.
    let nameText = row[nameColumn].text.lowercased()
    guard nameText.contains("name") || nameText.contains("authority") || nameText.count <= 3,
      HeaderWords.heading(nameText)?.column == .name
    else { return true }
    let rowHeadings = recognisedHeadings(row)
    return !rowHeadings.values.contains { if case .judgement = $0.column { true } else { false } }
  }

  private func classify(_ headings: [Int: ColumnHeading], row: SpreadsheetRow, sheetName: String) -> OutcomesTable.Kind
  {
    let values = Array(headings.values)
    if values.contains(where: { $0.ordinal != nil }) { return .wideHistory }
    let mentionsVisits = headings.keys.contains { HeaderWords.words(row[$0].text).contains("visit") }
    if values.contains(where: { $0.column == .visitTheme }) || mentionsVisits { return .inYear }
    if values.contains(where: { $0.column == .type }) { return .longHistory }
    return .latest
  }
}
