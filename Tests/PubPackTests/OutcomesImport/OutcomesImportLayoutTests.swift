import Foundation
import Testing

@testable import PubPack

/// Every layout Ofsted has used (or might, within the known synonyms) gives the same figures.
@Suite("Outcomes import: layouts")
struct OutcomesImportLayoutTests {
  typealias S = SyntheticStatistics

  func read(_ sheets: [FixtureSheet], _ authority: String, tablePrefix: String = "table") throws -> Outcomes {
    let data = try ODSFixture.ods(sheets, tablePrefix: tablePrefix)
    return try OutcomesImporter(displayPath: "outcomes.ods").read(data, authority: authority).outcomes
  }

  func readCSV(_ text: String, _ authority: String) throws -> Outcomes {
    try OutcomesImporter(displayPath: "latest.csv").read(Data(text.utf8), authority: authority).outcomes
  }

  static func counts(_ outstanding: Int, _ good: Int, _ requiresImprovement: Int, _ inadequate: Int) -> [Grade: Int] {
    [.outstanding: outstanding, .good: good, .requiresImprovement: requiresImprovement, .inadequate: inadequate]
  }

  // Worked out by hand from `SyntheticStatistics.authorities`.
  static let national = GradeTally(
    authorities: 6,
    counts: [
      .overallEffectiveness: counts(1, 2, 1, 1), .impactOfLeaders: counts(1, 3, 0, 1),
      .helpAndProtection: counts(0, 2, 2, 1), .childrenInCare: counts(1, 2, 2, 0), .careLeavers: counts(0, 1, 1, 0),
    ])
  static let southEast = GradeTally(
    name: "South East", authorities: 3,
    counts: [
      .overallEffectiveness: counts(1, 1, 1, 0), .impactOfLeaders: counts(1, 2, 0, 0),
      .helpAndProtection: counts(0, 1, 2, 0), .childrenInCare: counts(1, 1, 1, 0), .careLeavers: counts(0, 1, 0, 0),
    ])
  static let northEast = GradeTally(
    name: "North East, Yorkshire and the Humber", authorities: 2,
    counts: [
      .overallEffectiveness: counts(0, 0, 0, 1), .impactOfLeaders: counts(0, 0, 0, 1),
      .helpAndProtection: counts(0, 0, 0, 1), .childrenInCare: counts(0, 0, 1, 0), .careLeavers: counts(0, 0, 1, 0),
    ])

  static func day(_ iso: String) -> CalendarDate? { CalendarDate(iso: iso) }

  /// Brackenfield as the 2024 layout gives it: history without inspection dates, except the
  /// latest, whose date is in the main table.
  static let brackenfield2024 = Outcomes(
    source: .init(title: "Local authority inspection outcomes as at 31 March 2024", asAt: day("2024-03-31")),
    localAuthority: .init(name: "Brackenfield, City of", region: "North East, Yorkshire and the Humber"),
    latest: InspectionRecord(
      inspectionDate: day("2023-09-11"), publicationDate: day("2023-11-01"), type: .ilacsStandard,
      judgements: [
        .overallEffectiveness: .inadequate, .impactOfLeaders: .inadequate, .helpAndProtection: .inadequate,
        .childrenInCare: .requiresImprovement, .careLeavers: .requiresImprovement,
      ]),
    history: [
      InspectionRecord(
        publicationDate: day("2018-06-01"), type: .ilacsStandard,
        judgements: [
          .overallEffectiveness: .requiresImprovement, .impactOfLeaders: .requiresImprovement,
          .helpAndProtection: .requiresImprovement, .childrenInCare: .requiresImprovement,
        ]),
      InspectionRecord(
        publicationDate: day("2020-02-03"), type: .ilacsShort,
        judgements: [
          .overallEffectiveness: .good, .impactOfLeaders: .good, .helpAndProtection: .good, .childrenInCare: .good,
        ]),
      InspectionRecord(
        inspectionDate: day("2023-09-11"), publicationDate: day("2023-11-01"), type: .ilacsStandard,
        judgements: [
          .overallEffectiveness: .inadequate, .impactOfLeaders: .inadequate, .helpAndProtection: .inadequate,
          .childrenInCare: .requiresImprovement, .careLeavers: .requiresImprovement,
        ]),
    ],
    national: national, region: northEast)

  @Test func the2024LayoutGivesEveryFigure() throws {
    #expect(try read(S.layout2024, "Brackenfield, City of") == Self.brackenfield2024)
  }

  @Test func noteMarkersAndOddSpacesInCellsGiveTheSameFigures() throws {
    var sheets = S.layout2024
    // Brackenfield's row in the table of latest judgements (row 5).
    sheets[2].rows[4][1] = .text("Brackenfield, City of [note 1]")
    sheets[2].rows[4][4] = .text("Inadequate [note 2]")
    sheets[2].rows[4][7] = .text("Requires\u{00A0}improvement  to be good")
    #expect(try read(sheets, "Brackenfield, City of") == Self.brackenfield2024)
  }

  @Test func aTotalsRowUnderTheTableIsNotAnAuthority() throws {
    var sheets = S.layout2024
    let totals: [FixtureCell] =
      [.empty, .text("England"), .empty, .empty] + ["1", "1", "0", "1", "0"].map { .text($0) }
    sheets[2].rows.insert(totals, at: 3 + S.authorities.count)
    #expect(try read(sheets, "Brackenfield, City of") == Self.brackenfield2024)
  }

  @Test func regionAndNationalCountsCoverEveryAuthority() throws {
    let outcomes = try read(S.layout2024, "Ashdown")
    #expect(outcomes.national == Self.national)
    #expect(outcomes.region == Self.southEast)
    #expect(outcomes.latest?.judgements[.helpAndProtection] == .requiresImprovement)
    #expect(outcomes.history?.map(\.publicationDate) == [Self.day("2019-03-04"), Self.day("2023-07-14")])
  }

  @Test func anAuthorityNotYetInspectedHasNoLatestAndNoHistory() throws {
    let outcomes = try read(S.layout2024, "Corrie and Dale")
    #expect(outcomes.localAuthority.name == "Corrie & Dale")
    #expect(outcomes.latest == nil)
    #expect(outcomes.history == [])
    #expect(outcomes.region == Self.northEast)
  }

  @Test func historyIsFoundUnderTheHistoryTablesSpellingOfTheName() throws {
    // The main table says "St. Bride's" and "Dunmere"; the history "St Bride's" and "Dunmere Borough".
    let stBrides = try read(S.layout2024, "St Bride's")
    #expect(stBrides.localAuthority.name == "St. Bride's")
    #expect(stBrides.latest?.type == .ilacsShort)
    #expect(stBrides.latest?.publicationDate == Self.day("2022-03-01"))
    #expect(stBrides.latest?.judgements[.careLeavers] == nil)
    #expect(stBrides.history?.count == 1)
    let dunmere = try read(S.layout2024, "Dunmere")
    #expect(dunmere.history?.map(\.publicationDate) == [Self.day("2022-01-14")])
  }

  @Test func the2025LayoutGivesTheSameFiguresAndItsExtraFields() throws {
    let outcomes = try read(S.layout2025, "Brackenfield, City of")
    var expected = Self.brackenfield2024
    expected.localAuthority.areaCode = "E08000902"
    // The long history has every inspection's date.
    expected.history?[0].inspectionDate = Self.day("2018-04-09")
    expected.history?[1].inspectionDate = Self.day("2019-12-02")
    #expect(outcomes == expected)
  }

  @Test(arguments: SyntheticStatistics.authorities.map(\.name))
  func everyLayoutGivesTheSameFigures(authority: String) throws {
    let base = try read(S.layout2024, authority)
    #expect(try read(S.reordered, authority) == base)
    #expect(try read(S.layout2024, authority, tablePrefix: "tbl") == base)

    let long = try read(S.layout2025, authority)
    #expect(long.national == base.national)
    #expect(long.region == base.region)
    #expect(long.latest == base.latest)
    #expect(long.history?.map(\.publicationDate) == base.history?.map(\.publicationDate))
    #expect(long.history?.map(\.type) == base.history?.map(\.type))
    #expect(long.history?.map(\.judgements) == base.history?.map(\.judgements))

    let csv = try readCSV(S.csv2024, authority)
    #expect(csv.national == base.national)
    #expect(csv.region == base.region)
    #expect(csv.latest?.inspectionDate == base.latest?.inspectionDate)
    #expect(csv.latest?.judgements == base.latest?.judgements)
    #expect(csv.localAuthority == base.localAuthority)
  }

  @Test func aCSVExportHasNoHistoryAndSaysSoByLeavingItOut() throws {
    let outcomes = try readCSV(S.csv2024, "Ashdown")
    #expect(outcomes.history == nil)
    #expect(outcomes.latest?.type == nil)
    #expect(outcomes.latest?.publicationDate == nil)
    #expect(
      outcomes.source
        == .init(title: "Local authority inspection judgements as at 31 March 2024", asAt: Self.day("2024-03-31")))
    let yaml = try outcomes.yaml()
    #expect(!yaml.contains("history"))
    #expect(!yaml.contains("publicationDate"))
  }

  @Test func aCSVExportWithAByteOrderMarkAndWindowsLineEndsReads() throws {
    let data = Data([0xEF, 0xBB, 0xBF]) + Data(S.csv2024.utf8)
    let outcomes = try OutcomesImporter(displayPath: "latest.csv").read(data, authority: "Eastwick").outcomes
    #expect(outcomes.latest?.judgements[.overallEffectiveness] == .good)
    #expect(outcomes.national == Self.national)
  }

  @Test func aMonthFirstCSVDateIsAnErrorNotAWrongDate() throws {
    let american = S.csv2024.replacingOccurrences(of: "11/09/2023", with: "09/13/2023")
    #expect(throws: DiagnosticError.self) { try readCSV(american, "Ashdown") }
  }
}
