import Foundation
import Testing

@testable import PubPack

/// Ofsted's statistics as at 31 March 2024, as published, imported for every kind of authority.
///
/// Every expected figure below was read off the spreadsheet once, by hand, not by
/// pubpack.
@Suite("Outcomes import: the 2024 statistics", .enabled(if: SharedData.hasOutcomes2024, "needs ../shared/data"))
struct OutcomesImportOfficial2024Tests {
  static let path = SharedData.outcomes2024.path

  /// The file read once for the whole suite.
  static let spreadsheet: Spreadsheet? = {
    guard let data = try? Data(contentsOf: SharedData.outcomes2024) else { return nil }
    return try? ODSReader(displayPath: "LA_Inspection_Outcomes_as_at_March_2024.ods").read(data)
  }()

  func read(_ authority: String) throws -> Outcomes {
    let spreadsheet = try #require(Self.spreadsheet)
    return try OutcomesReader(displayPath: "LA_Inspection_Outcomes_as_at_March_2024.ods").read(
      spreadsheet, authority: authority
    ).outcomes
  }

  typealias G = Grade
  static func day(_ iso: String) -> CalendarDate? { CalendarDate(iso: iso) }
  static func grades(_ grades: G...) -> [Judgement: Grade] {
    Dictionary(uniqueKeysWithValues: zip(Judgement.allCases, grades))
  }
  static func counts(_ o: Int, _ g: Int, _ ri: Int, _ i: Int) -> [Grade: Int] {
    [.outstanding: o, .good: g, .requiresImprovement: ri, .inadequate: i]
  }
  static func tally(_ name: String?, _ authorities: Int, _ rows: [[Int]]) -> GradeTally {
    GradeTally(
      name: name, authorities: authorities,
      counts: Dictionary(uniqueKeysWithValues: zip(Judgement.allCases, rows.map { counts($0[0], $0[1], $0[2], $0[3]) }))
    )
  }

  static let source = Outcomes.Source(
    title: "Local authority inspection outcomes as at 31 March 2024", asAt: day("2024-03-31"))
  // Rows: overall effectiveness, impact of leaders, help and protection, children in care,
  // care leavers; columns: outstanding, good, requires improvement, inadequate.
  static let national = tally(
    nil, 153, [[30, 61, 43, 17], [40, 54, 41, 16], [16, 66, 56, 13], [26, 70, 45, 10], [9, 24, 15, 3]])
  static let london = tally(
    "London", 33, [[12, 16, 4, 1], [16, 12, 4, 1], [5, 23, 4, 1], [9, 18, 5, 1], [3, 6, 1, 0]])
  static let southEast = tally(
    "South East", 19, [[4, 8, 7, 0], [5, 8, 5, 1], [3, 7, 9, 0], [4, 9, 6, 0], [1, 5, 4, 0]])
  static let westMidlands = tally(
    "West Midlands", 14, [[1, 7, 4, 2], [2, 6, 4, 2], [0, 6, 6, 2], [1, 8, 3, 2], [0, 3, 0, 0]])
  static let northEast = tally(
    "North East, Yorkshire and the Humber", 27,
    [[6, 11, 7, 3], [8, 9, 6, 4], [4, 12, 9, 2], [7, 11, 6, 3], [1, 4, 3, 0]])
  static let northWest = tally(
    "North West", 24, [[0, 8, 9, 5], [1, 7, 10, 4], [0, 5, 13, 4], [0, 9, 11, 2], [2, 1, 3, 2]])
  static let southWest = tally(
    "South West", 15, [[2, 4, 5, 4], [3, 3, 5, 4], [0, 6, 6, 3], [2, 5, 6, 2], [1, 2, 3, 0]])
  static let eastOfEngland = tally(
    "East of England", 11, [[3, 4, 3, 1], [3, 5, 3, 0], [2, 5, 4, 0], [2, 5, 4, 0], [1, 1, 1, 1]])

  @Test func aLondonBoroughBarkingAndDagenham() throws {
    let latest = InspectionRecord(
      inspectionDate: Self.day("2023-07-10"), publicationDate: Self.day("2023-09-04"), type: .ilacsStandard,
      judgements: Self.grades(
        .requiresImprovement, .requiresImprovement, .requiresImprovement, .requiresImprovement, .good))
    let expected = Outcomes(
      source: Self.source, localAuthority: .init(name: "Barking and Dagenham", region: "London"), latest: latest,
      history: [
        InspectionRecord(
          publicationDate: Self.day("2019-04-01"), type: .ilacsStandard,
          judgements: Self.grades(
            .requiresImprovement, .requiresImprovement, .requiresImprovement, .requiresImprovement)),
        latest,
      ],
      national: Self.national, region: Self.london)
    #expect(try read("Barking and Dagenham") == expected)
  }

  @Test func aUnitaryWokingham() throws {
    let latest = InspectionRecord(
      inspectionDate: Self.day("2023-03-06"), publicationDate: Self.day("2023-05-09"), type: .ilacsStandard,
      judgements: Self.grades(
        .requiresImprovement, .requiresImprovement, .requiresImprovement, .good, .requiresImprovement))
    let expected = Outcomes(
      source: Self.source, localAuthority: .init(name: "Wokingham", region: "South East"), latest: latest,
      history: [
        InspectionRecord(
          publicationDate: Self.day("2019-07-15"), type: .ilacsStandard,
          judgements: Self.grades(
            .requiresImprovement, .requiresImprovement, .requiresImprovement, .requiresImprovement)),
        latest,
      ],
      national: Self.national, region: Self.southEast)
    #expect(try read("Wokingham") == expected)
  }

  @Test func aCountyWorcestershire() throws {
    let latest = InspectionRecord(
      inspectionDate: Self.day("2023-05-15"), publicationDate: Self.day("2023-07-14"), type: .ilacsStandard,
      judgements: Self.grades(.good, .good, .good, .requiresImprovement, .good))
    let expected = Outcomes(
      source: Self.source, localAuthority: .init(name: "Worcestershire", region: "West Midlands"), latest: latest,
      history: [
        InspectionRecord(
          publicationDate: Self.day("2019-07-29"), type: .ilacsStandard,
          judgements: Self.grades(
            .requiresImprovement, .requiresImprovement, .requiresImprovement, .requiresImprovement)),
        latest,
      ],
      national: Self.national, region: Self.westMidlands)
    #expect(try read("Worcestershire") == expected)
  }

  @Test func anAuthorityWithNoCareLeaversGradeYork() throws {
    let latest = InspectionRecord(
      inspectionDate: Self.day("2022-03-07"), publicationDate: Self.day("2022-05-04"), type: .ilacsStandard,
      judgements: Self.grades(.requiresImprovement, .requiresImprovement, .requiresImprovement, .requiresImprovement))
    let outcomes = try read("York")
    #expect(outcomes.latest == latest)
    #expect(outcomes.latest?.judgements[.careLeavers] == nil)
    #expect(outcomes.history == [latest])
    #expect(outcomes.localAuthority == .init(name: "York", region: "North East, Yorkshire and the Humber"))
    #expect(outcomes.region == Self.northEast)
    #expect(outcomes.national == Self.national)
  }

  @Test func aNameWithPunctuationStHelens() throws {
    let latest = InspectionRecord(
      inspectionDate: Self.day("2023-07-10"), publicationDate: Self.day("2023-09-04"), type: .ilacsStandard,
      judgements: Self.grades(.good, .good, .requiresImprovement, .good, .outstanding))
    let expected = Outcomes(
      source: Self.source, localAuthority: .init(name: "St Helens", region: "North West"), latest: latest,
      history: [
        InspectionRecord(
          publicationDate: Self.day("2019-11-04"), type: .ilacsStandard,
          judgements: Self.grades(.inadequate, .requiresImprovement, .requiresImprovement, .inadequate)),
        latest,
      ],
      national: Self.national, region: Self.northWest)
    #expect(try read("St. Helens") == expected)
    #expect(try read("st helens") == expected)
  }

  @Test func namesSpeltDifferentlyInTheHistoryTableStillFindTheirHistory() throws {
    // The main table writes "&" where the history writes "and", and "Bedford" where it writes
    // "Bedford Borough".
    let bcp = try read("Bournemouth, Christchurch and Poole")
    #expect(bcp.localAuthority == .init(name: "Bournemouth, Christchurch & Poole", region: "South West"))
    #expect(bcp.region == Self.southWest)
    #expect(
      bcp.history == [
        InspectionRecord(
          inspectionDate: Self.day("2021-12-06"), publicationDate: Self.day("2022-02-11"), type: .ilacsStandard,
          judgements: Self.grades(.inadequate, .inadequate, .inadequate, .requiresImprovement))
      ])

    let telford = try read("Telford and Wrekin")
    #expect(telford.localAuthority.name == "Telford & Wrekin")
    #expect(
      telford.latest
        == InspectionRecord(
          inspectionDate: Self.day("2020-01-20"), publicationDate: Self.day("2020-03-02"), type: .ilacsStandard,
          judgements: Self.grades(.outstanding, .outstanding, .good, .outstanding)))

    let bedford = try read("Bedford Borough")
    #expect(bedford.localAuthority == .init(name: "Bedford", region: "East of England"))
    #expect(bedford.region == Self.eastOfEngland)
    #expect(bedford.history?.map(\.publicationDate) == [Self.day("2022-01-14")])
    #expect(bedford.latest?.judgements == Self.grades(.good, .good, .good, .good))
  }

  @Test func anAuthorityNotYetInspectedCumberland() throws {
    let outcomes = try read("Cumberland")
    #expect(outcomes.latest == nil)
    #expect(outcomes.history == [])
    #expect(outcomes.region == Self.northWest)
  }

  @Test func anUnknownNameListsTheClosest() throws {
    do {
      _ = try read("Barnsely")
      Issue.record("an unknown name was accepted")
    } catch let error as DiagnosticError {
      #expect(
        error.diagnostics.first?.message
          == "there is no local authority called 'Barnsely' in the table of latest judgements")
      #expect(error.diagnostics.first?.notes.first == "did you mean 'Barnsley'?")
    }
  }

  @Test func theYAMLIsWhatTheSpecShows() throws {
    let yaml = try read("Barking and Dagenham").yaml(sourceFile: "LA_Inspection_Outcomes_as_at_March_2024.ods")
    #expect(
      yaml == """
        # Context from Ofsted's official statistics, written by `pubpack import-outcomes`
        # from LA_Inspection_Outcomes_as_at_March_2024.ods. Import again rather than edit by hand.
        source:
          title: Local authority inspection outcomes as at 31 March 2024
          asAt: 2024-03-31
        localAuthority:
          name: Barking and Dagenham
          region: London
        latest:
          inspectionDate: 2023-07-10
          publicationDate: 2023-09-04
          type: ilacsStandard
          judgements: {overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement, helpAndProtection: requiresImprovement, childrenInCare: requiresImprovement, careLeavers: good}
        history:
        - publicationDate: 2019-04-01
          type: ilacsStandard
          judgements: {overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement, helpAndProtection: requiresImprovement, childrenInCare: requiresImprovement}
        - inspectionDate: 2023-07-10
          publicationDate: 2023-09-04
          type: ilacsStandard
          judgements: {overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement, helpAndProtection: requiresImprovement, childrenInCare: requiresImprovement, careLeavers: good}
        national:
          authorities: 153
          overallEffectiveness: {outstanding: 30, good: 61, requiresImprovement: 43, inadequate: 17}
          impactOfLeaders: {outstanding: 40, good: 54, requiresImprovement: 41, inadequate: 16}
          helpAndProtection: {outstanding: 16, good: 66, requiresImprovement: 56, inadequate: 13}
          childrenInCare: {outstanding: 26, good: 70, requiresImprovement: 45, inadequate: 10}
          careLeavers: {outstanding: 9, good: 24, requiresImprovement: 15, inadequate: 3}
        region:
          name: London
          authorities: 33
          overallEffectiveness: {outstanding: 12, good: 16, requiresImprovement: 4, inadequate: 1}
          impactOfLeaders: {outstanding: 16, good: 12, requiresImprovement: 4, inadequate: 1}
          helpAndProtection: {outstanding: 5, good: 23, requiresImprovement: 4, inadequate: 1}
          childrenInCare: {outstanding: 9, good: 18, requiresImprovement: 5, inadequate: 1}
          careLeavers: {outstanding: 3, good: 6, requiresImprovement: 1, inadequate: 0}

        """)
  }

  @Test func theCommandWritesOutcomesYAMLAtomically() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let output = folder.appendingPathComponent("content/outcomes.yaml").path
    try OutcomesImporter(displayPath: Self.path).importOutcomes(authority: "Wokingham", to: output)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(text.contains("name: Wokingham"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("content").path) == [
        "outcomes.yaml"
      ])

    // A failed import leaves the earlier file as it was.
    #expect(throws: DiagnosticError.self) {
      try OutcomesImporter(displayPath: Self.path).importOutcomes(authority: "Nowhere", to: output)
    }
    #expect(try String(contentsOfFile: output, encoding: .utf8) == text)
  }

  /// The real file laid out as the 2025 edition is (area codes, publication dates, reworded
  /// headers, other sheet names, one row per inspection in the history) gives every authority
  /// the same figures.
  @Test func theRealFigures2025StyleLayoutGivesTheSameOutcomes() throws {
    let spreadsheet = try #require(Self.spreadsheet)
    let sheets = try Relayout.as2025(spreadsheet)
    let relaid = try ODSReader(displayPath: "relaid.ods").read(try ODSFixture.ods(sheets))
    let names = try #require(spreadsheet.sheets.first { $0.name == "Inspections_31_March_2024" }).rows
      .filter { $0.number > 3 && !$0.isBlank }.map { $0[1].trimmedText }
    #expect(names.count == 153)
    for name in names {
      let original = try OutcomesReader(displayPath: "a.ods").read(spreadsheet, authority: name).outcomes
      var other = try OutcomesReader(displayPath: "b.ods").read(relaid, authority: name).outcomes
      #expect(other.localAuthority.areaCode == "TEST\(name.count)")
      other.localAuthority.areaCode = nil
      #expect(other == original, "\(name)")
    }
  }
}

extension OutcomesImportOfficial2024Tests {
  /// The real table of latest judgements exported as CSV (UK dates, quoted where needed)
  /// gives the same latest judgements and counts; it has no history.
  @Test(arguments: ["Barking and Dagenham", "Wokingham", "Worcestershire", "York", "St. Helens", "Cumberland"])
  func theRealTableAsCSVGivesTheSameFigures(authority: String) throws {
    let spreadsheet = try #require(Self.spreadsheet)
    let main = try #require(spreadsheet.sheets.first { $0.name == "Inspections_31_March_2024" })
    func field(_ cell: SpreadsheetCell) -> String {
      let text = cell.date.map { "\($0.day)/\($0.month)/\($0.year)" } ?? cell.trimmedText
      return text.contains(",") || text.contains("\"")
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    let csv = main.rows.filter { !$0.isBlank }.map { $0.cells.map(field).joined(separator: ",") }.joined(
      separator: "\n")
    let fromCSV = try OutcomesImporter(displayPath: "latest.csv").read(Data(csv.utf8), authority: authority).outcomes
    let original = try read(authority)
    #expect(fromCSV.national == Self.national)
    #expect(fromCSV.region == original.region)
    #expect(fromCSV.localAuthority == original.localAuthority)
    #expect(fromCSV.latest?.judgements == original.latest?.judgements)
    #expect(fromCSV.latest?.inspectionDate == original.latest?.inspectionDate)
    #expect(fromCSV.history == nil)
  }
}

/// Lays the 2024 file's figures out again in the 2025 edition's shape.
enum Relayout {
  static func cell(_ cell: SpreadsheetCell) -> FixtureCell {
    if let date = cell.date { return .date(date.iso) }
    return cell.isEmpty ? .empty : .text(cell.trimmedText)
  }

  static func as2025(_ spreadsheet: Spreadsheet) throws -> [FixtureSheet] {
    let main = try #require(spreadsheet.sheets.first { $0.name == "Inspections_31_March_2024" })
    let history = try #require(spreadsheet.sheets.first { $0.name == "ILACS_inspections_2018-2024" })
    let judgements = SyntheticStatistics.judgementHeaders2025

    // The main table: 2025 headers and order, with an area code; the grades in another order
    // (care leavers first) to show the order does not matter.
    var latest: [[FixtureCell]] = [
      [.text("Local authority inspection judgements as at 31 March 2024")],
      (["Web link", "Local authority area code", "Local authority name", "Ofsted region", "Inspection date"]
        + [judgements[4]] + judgements[0..<4]).map { .text($0) },
    ]
    for row in main.rows where row.number > 3 && !row.isBlank {
      let name = row[1].trimmedText
      latest.append(
        [cell(row[0]), .text("TEST\(name.count)"), cell(row[1]), cell(row[2]), cell(row[3]), cell(row[8])]
          + (4..<8).map { cell(row[$0]) })
    }

    // The history: one row per inspection, newest first, from the 2024 column groups.
    var long: [[FixtureCell]] = [
      [.text("ILACS inspection history")],
      ([
        "Web link", "Local authority name", "Local authority status", "Ofsted region", "Publication date",
        "Inspection type",
      ]
        + judgements).map { .text($0) },
    ]
    for row in history.rows where row.number > 4 && row.number < 158 && !row.isBlank {
      for group in [1, 0] {
        let start = 3 + 7 * group
        guard (start..<(start + 7)).contains(where: { !row[$0].isEmpty }) else { continue }
        long.append(
          [cell(row[0]), cell(row[1]), .text("Current"), cell(row[2])] + (start..<(start + 7)).map { cell(row[$0]) })
      }
    }
    let cover = try #require(spreadsheet.sheets.first { $0.name == "Cover" })
    return [
      FixtureSheet(name: "Cover", rows: [[cell(cover.rows[0][0])]]),
      FixtureSheet(name: "Inspections_as_at_31_March", rows: latest),
      FixtureSheet(name: "ILACS_inspection_history", rows: long),
    ]
  }
}
