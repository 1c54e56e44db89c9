import Foundation

/// What `OutcomesReader` found: the outcomes, and warnings about what it had to leave out.
public struct OutcomesReading: Sendable {
  /// The outcomes for the authority.
  public var outcomes: Outcomes
  /// Problems that did not stop the import (a missing optional column, a latest inspection not
  /// in the history table).
  public var warnings: [Diagnostic]
}

/// Reads one authority's outcomes from the sheets of Ofsted's statistics "Local authority
/// inspection outcomes as at 31 March YEAR".
///
/// Tables are found by their header rows and columns by their headers' words (see
/// `HeaderWords`), so the reader copes with the yearly changes of sheet names, header wording,
/// column order and added columns, and with the history table in either shape (one row per
/// authority in 2024, one row per inspection from 2025). What it cannot read with confidence
/// (a missing table or column, a cell that is not a grade or a date) is an error naming the
/// sheet, row and column: never a silent wrong figure.
public struct OutcomesReader: Sendable {
  /// The path shown in messages (as the user typed it).
  public var displayPath: String
  /// Whether the history table must be there: true for the ODS file, false for a CSV export,
  /// which holds one table only.
  public var requiresHistory: Bool

  public init(displayPath: String, requiresHistory: Bool = true) {
    self.displayPath = displayPath
    self.requiresHistory = requiresHistory
  }

  /// The name of every authority in the table of latest judgements, as the file writes it.
  func authorityNames(_ spreadsheet: Spreadsheet) throws(DiagnosticError) -> [String] {
    let findings = try OutcomesTableFinder(displayPath: displayPath).find(in: spreadsheet)
    return try readLatestRows(chooseLatestTable(findings)).map(\.name)
  }

  /// Reads the outcomes of the authority named `authority` (matched as `AuthorityName` says).
  public func read(_ spreadsheet: Spreadsheet, authority: String) throws(DiagnosticError) -> OutcomesReading {
    var warnings: [Diagnostic] = []
    let findings = try OutcomesTableFinder(displayPath: displayPath).find(in: spreadsheet)
    let latestTable = try chooseLatestTable(findings)
    let historyTables = try chooseHistoryTables(findings)

    let latestRows = try readLatestRows(latestTable)
    let names = latestRows.map(\.name)
    let row: LatestRow
    switch AuthorityName.match(authority, in: names) {
    case .found(let name):
      let matching = latestRows.filter { $0.name == name }
      guard matching.count == 1, let only = matching.first else {
        throw failure(
          "\(latestTable.place): '\(name)' has \(matching.count) rows in \(latestTable.kind.description)",
          notes: ["the file lists an authority twice, so pubpack cannot tell which row is right"])
      }
      row = only
    case .ambiguous(let candidates):
      throw failure(
        "'\(authority)' could be any of: \(candidates.joined(separator: "; "))",
        notes: ["give the name exactly as the statistics write it, for example --la \"\(candidates[0])\""])
    case .notFound(let closest):
      var notes = closest.map { "did you mean '\($0)'?" }
      if closest.isEmpty, let first = names.first, let last = names.last {
        let nearest = AuthorityName.nearest(to: authority, in: names).map { "'\($0)'" }
        notes.append("the closest names in the table: \(nearest.joined(separator: ", "))")
        notes.append("the table lists \(names.count) authorities, from '\(first)' to '\(last)'")
      }
      notes.append("--la takes the authority's name as Ofsted's statistics write it (\(latestTable.place) onwards)")
      throw failure(
        "there is no local authority called '\(authority)' in \(latestTable.kind.description)", notes: notes)
    }

    warnings += missingColumnWarnings(latestTable)
    let national = tally(latestRows, in: latestTable, name: nil)
    var region: GradeTally?
    if let regionName = row.region {
      let regionKey = AuthorityName.key(regionName)
      let inRegion = latestRows.filter { $0.region.map(AuthorityName.key) == regionKey }
      region = tally(inRegion, in: latestTable, name: regionName)
    }

    var latest: InspectionRecord?
    if row.inspectionDate != nil || !row.judgements.isEmpty {
      latest = InspectionRecord(
        inspectionDate: row.inspectionDate, publicationDate: row.publicationDate, type: row.type,
        judgements: row.judgements)
    }

    var history: [InspectionRecord]?
    if !historyTables.isEmpty {
      var records = try readHistory(of: row.name, in: historyTables)
      if let current = latest {
        if let merged = link(current, toLastOf: &records) {
          latest = merged
        } else if !current.judgements.isEmpty {
          let place = historyTables.first.map { $0.place } ?? ""
          warnings.append(
            .warning(
              at: location,
              "the latest inspection of \(row.name) is not the last one in the ILACS inspection history table (\(place))",
              notes: [
                "outcomes.yaml gives the latest inspection without its publication date and type, and the history as the table gives it"
              ]))
        }
      }
      history = records
    }

    let outcomes = Outcomes(
      source: source(of: spreadsheet, latestTable: latestTable),
      localAuthority: Outcomes.LocalAuthority(name: row.name, region: row.region, areaCode: row.areaCode),
      latest: latest, history: history, national: national, region: region)
    return OutcomesReading(outcomes: outcomes, warnings: warnings)
  }

  // MARK: Choosing the tables

  private func chooseLatestTable(_ findings: OutcomesTableFinder.Findings) throws(DiagnosticError) -> OutcomesTable {
    let candidates = findings.tables.filter { $0.kind == .latest }
    if candidates.count > 1 {
      throw failure(
        "more than one table looks like the table of latest judgements: "
          + candidates.map(\.place).joined(separator: "; "),
        notes: ["pubpack cannot tell which one to read; import a CSV export of the right table instead"])
    }
    if let table = candidates.first { return table }
    if let other = findings.tables.first {
      throw failure(
        "this file has \(other.kind.description) (\(other.place)) but not the table of latest judgements",
        notes: [
          "import-outcomes needs the table with one row per local authority and its latest judgements",
          "give the .ods file as downloaded from GOV.UK, or a CSV export of that table",
        ])
    }
    if let gradeless = findings.gradelessHeaders.first {
      throw failure(
        "sheet '\(gradeless.sheet)', row \(gradeless.row): this table of local authorities has no grade column",
        notes: [
          "looked for a column headed like one of: "
            + Judgement.allCases.map { "'\($0.ofstedWording())'" }.joined(separator: ", ")
        ])
    }
    throw failure(
      "no table of latest judgements found: no sheet has a header row with a 'Local authority name' column and a grade column",
      notes: [
        "looked in: " + findings.sheetNames.joined(separator: ", "),
        "give Ofsted's 'Local authority inspection outcomes' statistics (.ods), or a CSV export of its table of latest judgements",
      ])
  }

  private func chooseHistoryTables(_ findings: OutcomesTableFinder.Findings) throws(DiagnosticError) -> [OutcomesTable]
  {
    let candidates = findings.tables.filter { $0.kind == .longHistory || $0.kind == .wideHistory }
    var sheets: [String] = []
    for table in candidates where !sheets.contains(table.sheetName) { sheets.append(table.sheetName) }
    if sheets.count > 1 {
      // The in-year table could pass for a history table if Ofsted stopped saying "visit"
      // in its headers; the history sheet names itself so.
      let named = sheets.filter {
        let words = HeaderWords.words($0); return words.contains("history")
      }
      guard named.count == 1 else {
        throw failure(
          "more than one sheet looks like the ILACS inspection history: "
            + sheets.map { "'\($0)'" }.joined(separator: ", "),
          notes: ["pubpack cannot tell which one to read"])
      }
      sheets = named
    }
    guard let sheet = sheets.first else {
      if requiresHistory {
        throw failure(
          "no ILACS inspection history table found: no sheet has a header row with 'Local authority name', "
            + "'Inspection type' (or 'First ILACS inspection type') and grade columns",
          notes: [
            "looked in: " + findings.sheetNames.joined(separator: ", "),
            "the history gives the authority's earlier judgements and the latest inspection's type and publication date",
          ])
      }
      return []
    }
    return candidates.filter { $0.sheetName == sheet }
  }

  // MARK: The table of latest judgements

  private struct LatestRow {
    var name: String
    var region: String?
    var areaCode: String?
    var inspectionDate: CalendarDate?
    var publicationDate: CalendarDate?
    var type: InspectionType?
    var judgements: [Judgement: Grade]
  }

  private func readLatestRows(_ table: OutcomesTable) throws(DiagnosticError) -> [LatestRow] {
    var problems: [Diagnostic] = []
    var rows: [LatestRow] = []
    guard let nameColumn = table.index(of: .name) else { return [] }
    if table.rows.isEmpty {
      throw failure("\(table.place): \(table.kind.description) has a header row but no rows under it")
    }
    for row in table.rows {
      let cells = CellReader(table: table, row: row, displayPath: displayPath)
      let judgements = cells.judgements(ordinal: nil, problems: &problems)
      rows.append(
        LatestRow(
          name: row[nameColumn].value,
          region: cells.text(.region),
          areaCode: cells.text(.areaCode),
          inspectionDate: cells.date(
            .inspectionDate, ordinal: nil, isRequired: !judgements.isEmpty, problems: &problems),
          publicationDate: cells.date(.publicationDate, ordinal: nil, isRequired: false, problems: &problems),
          type: cells.type(ordinal: nil, problems: &problems),
          judgements: judgements))
    }
    if !problems.isEmpty { throw DiagnosticError(problems) }
    return rows
  }

  private func missingColumnWarnings(_ table: OutcomesTable) -> [Diagnostic] {
    var missing: [OutcomesColumn] = [.region, .inspectionDate]
    missing += Judgement.allCases.map { .judgement($0) }
    return missing.filter { table.index(of: $0) == nil }.map { column in
      .warning(
        at: location,
        "\(table.place): \(table.kind.description) has no '\(column.label)' column, so outcomes.yaml leaves it out",
        notes: ["if the column is there under another heading, rename the heading to '\(column.label)'"])
    }
  }

  private func tally(_ rows: [LatestRow], in table: OutcomesTable, name: String?) -> GradeTally {
    var counts: [Judgement: [Grade: Int]] = [:]
    for judgement in table.judgements {
      var perGrade = Dictionary(uniqueKeysWithValues: Grade.allCases.map { ($0, 0) })
      for row in rows {
        if let grade = row.judgements[judgement] { perGrade[grade, default: 0] += 1 }
      }
      counts[judgement] = perGrade
    }
    return GradeTally(name: name, authorities: rows.count, counts: counts)
  }

  // MARK: The history

  private func readHistory(of name: String, in tables: [OutcomesTable]) throws(DiagnosticError) -> [InspectionRecord] {
    var named: [(table: OutcomesTable, row: SpreadsheetRow, name: String)] = []
    for table in tables {
      guard let nameColumn = table.index(of: .name) else { continue }
      for row in table.rows { named.append((table, row, row[nameColumn].value)) }
    }
    let historyName: String
    switch AuthorityName.match(name, in: named.map(\.name)) {
    case .found(let found): historyName = found
    case .notFound: return []
    case .ambiguous(let candidates):
      throw failure(
        "'\(name)' could be any of these authorities in the ILACS inspection history table: "
          + candidates.joined(separator: "; "),
        notes: ["pubpack cannot tell which one's history to give"])
    }

    var problems: [Diagnostic] = []
    var records: [InspectionRecord] = []
    for (table, row, rowName) in named where rowName == historyName {
      let cells = CellReader(table: table, row: row, displayPath: displayPath)
      let groups: [Int?] = table.kind == .wideHistory ? table.ordinals : [nil]
      for ordinal in groups {
        let judgements = cells.judgements(ordinal: ordinal, problems: &problems)
        let type = cells.type(ordinal: ordinal, problems: &problems)
        // Every graded ILACS inspection: visits, and empty column groups, are not.
        guard !judgements.isEmpty, type?.isGraded ?? true else { continue }
        records.append(
          InspectionRecord(
            inspectionDate: cells.date(.inspectionDate, ordinal: ordinal, isRequired: false, problems: &problems),
            publicationDate: cells.date(.publicationDate, ordinal: ordinal, isRequired: false, problems: &problems),
            type: type, judgements: judgements))
      }
    }
    if !problems.isEmpty { throw DiagnosticError(problems) }
    return records.enumerated().sorted { a, b in
      let (left, right) = (
        a.element.publicationDate ?? a.element.inspectionDate, b.element.publicationDate ?? b.element.inspectionDate
      )
      switch (left, right) {
      case (let l?, let r?) where l != r: return l < r
      default: return a.offset < b.offset
      }
    }.map(\.element)
  }

  /// Joins the latest inspection to the last one in the history when they are the same
  /// inspection, so each gains what only the other table says; nil when they are not.
  ///
  /// They are the same when the history gives the same inspection date, or (the 2024 edition's
  /// history has no inspection dates) the same grades published on or after the latest
  /// inspection date.
  private func link(_ latest: InspectionRecord, toLastOf records: inout [InspectionRecord]) -> InspectionRecord? {
    guard let last = records.last, !latest.judgements.isEmpty else { return nil }
    let isSame: Bool
    if let historyDate = last.inspectionDate, let latestDate = latest.inspectionDate {
      isSame = historyDate == latestDate && last.judgements == latest.judgements
    } else if let published = last.publicationDate, let inspected = latest.inspectionDate {
      isSame = last.judgements == latest.judgements && published >= inspected
    } else {
      isSame = false
    }
    guard isSame else { return nil }
    let merged = InspectionRecord(
      inspectionDate: latest.inspectionDate ?? last.inspectionDate,
      publicationDate: latest.publicationDate ?? last.publicationDate,
      type: latest.type ?? last.type,
      judgements: latest.judgements)
    records[records.count - 1] = merged
    return merged
  }

  // MARK: The edition

  private func source(of spreadsheet: Spreadsheet, latestTable: OutcomesTable) -> Outcomes.Source {
    var titles: [String] = []
    // The cover sheet's title names the publication; the table's own title is the fallback
    // (a CSV export of the table has only that).
    let cover = spreadsheet.sheets.first { HeaderWords.words($0.name).contains("cover") } ?? spreadsheet.sheets.first
    if let cover, let first = cover.rows.first(where: { !$0.isBlank }),
      let title = first.cells.first(where: { !$0.isEmpty })?.trimmedText,
      HeaderWords.words(title).contains("outcome")
    {
      titles.append(title)
    }
    if let sheet = spreadsheet.sheets.first(where: { $0.name == latestTable.sheetName }) {
      for row in sheet.rows where row.number < latestTable.headerRow.number {
        let filled = row.cells.filter { !$0.isEmpty }
        if filled.count == 1, let text = filled.first?.trimmedText, asAtDate(in: text) != nil { titles.append(text) }
      }
    }
    guard let title = titles.first else { return Outcomes.Source() }
    return Outcomes.Source(title: title, asAt: titles.lazy.compactMap(asAtDate).first)
  }

  /// The date in a title such as "Local authority inspection outcomes as at 31 March 2024".
  private func asAtDate(in title: String) -> CalendarDate? {
    guard let range = title.range(of: "as at ", options: [.caseInsensitive]) else { return nil }
    let words = title[range.upperBound...].split(whereSeparator: \.isWhitespace).prefix(3)
    return DateText.parse(words.joined(separator: " "))
  }

  // MARK: Messages

  private var location: SourceLocation { SourceLocation(path: displayPath, line: 1, column: 1) }

  private func failure(_ message: String, notes: [String] = []) -> DiagnosticError {
    DiagnosticError(.error(at: location, message, notes: notes))
  }
}
