import Foundation
import Testing

@testable import PubPack

/// A file pubpack cannot read with confidence is a clear error, and nothing is written.
@Suite("Outcomes import: broken files")
struct OutcomesImportBrokenFileTests {
  typealias S = SyntheticStatistics

  /// Imports `data` (saved as `name`) into a fresh folder; returns the error's text, and
  /// checks that no output (nor a temporary file) was left behind.
  func failure(_ data: Data, name: String = "outcomes.ods", authority: String = "Ashdown") throws -> String {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent(name)
    try data.write(to: input)
    let output = folder.appendingPathComponent("content/outcomes.yaml")
    var text = ""
    do {
      try OutcomesImporter(displayPath: input.path).importOutcomes(authority: authority, to: output.path)
      Issue.record("the import succeeded")
    } catch {
      text = error.diagnostics.map(\.rendered).joined(separator: "\n")
    }
    #expect(!FileManager.default.fileExists(atPath: output.path))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("content").path))
    return text
  }

  @Test func aFileThatIsNotAZIPArchiveIsAnError() throws {
    let text = try failure(Data("this is not a spreadsheet".utf8))
    #expect(
      text.contains("outcomes.ods:1:1: error: this file is not an OpenDocument spreadsheet: it is not a ZIP archive"))
  }

  @Test func aZIPArchiveWithoutContentIsAnError() throws {
    let text = try failure(try ODSFixture.ods(S.layout2024, includeContent: false))
    #expect(text.contains("this ZIP archive has no content.xml"))
  }

  @Test func anExcelWorkbookIsAnErrorThatSaysSo() throws {
    let xlsx = try ODSFixture.zip([("xl/workbook.xml", Data("<workbook/>".utf8))])
    let text = try failure(xlsx, name: "outcomes.xlsx")
    #expect(text.contains("Excel workbook"))
  }

  @Test func aZIPArchiveWithoutTheTableIsAnError() throws {
    let text = try failure(try ODSFixture.ods([S.cover, FixtureSheet(name: "Notes", rows: [[.text("Notes")]])]))
    #expect(text.contains("error: no table of latest judgements found"))
    #expect(text.contains("looked in: Cover, Notes"))
  }

  @Test func aSpreadsheetWithoutTheHistoryTableIsAnError() throws {
    let text = try failure(try ODSFixture.ods([S.cover, S.latest2024, S.inYear2024]))
    #expect(text.contains("error: no ILACS inspection history table found"))
  }

  @Test func aTableWithoutAGradeColumnIsAnError() throws {
    let rows: [[FixtureCell]] = [
      [.text("Local authority name"), .text("Ofsted region"), .text("Inspection date")],
      [.text("Ashdown"), .text("South East"), .date("2023-05-15")],
    ]
    let text = try failure(try ODSFixture.ods([FixtureSheet(name: "Latest", rows: rows)]))
    #expect(text.contains("error: sheet 'Latest', row 1: this table of local authorities has no grade column"))
  }

  @Test func aCellThatIsNotAGradeIsAnErrorAtItsCell() throws {
    var sheets = S.layout2024
    sheets[2].rows[6][5] = .text("Goodish")  // Dunmere's impact of leaders (row 7, column F)
    let text = try failure(try ODSFixture.ods(sheets))
    #expect(
      text.contains(
        "error: sheet 'Inspections_31_March_2024', cell F7 ('Impact of leaders'): 'Goodish' is not an Ofsted grade"))
    #expect(
      text.contains(
        "note: a grade cell holds one of: 'Outstanding', 'Good', 'Requires improvement to be good', 'Inadequate', or nothing"
      ))
  }

  @Test func everyBadCellIsReportedAtOnce() throws {
    var sheets = S.layout2024
    sheets[2].rows[3][4] = .text("Excellent")
    sheets[2].rows[4][3] = .text("sometime in 2023")
    let text = try failure(try ODSFixture.ods(sheets))
    #expect(text.contains("cell E4 ('Overall effectiveness'): 'Excellent' is not an Ofsted grade"))
    #expect(text.contains("cell D5 ('Inspection date'): 'sometime in 2023' is not a date"))
  }

  @Test func twoColumnsForOneJudgementIsAnError() throws {
    var sheets = S.layout2024
    sheets[2].rows[2].append(.text("Overall effectiveness (previous)"))
    let text = try failure(try ODSFixture.ods(sheets))
    #expect(
      text.contains(
        "2 columns could be 'Overall effectiveness': E ('Overall effectiveness') and J ('Overall effectiveness (previous)')"
      ))
  }

  @Test func anUnknownAuthorityIsAnErrorListingTheClosestNames() throws {
    let text = try failure(try ODSFixture.ods(S.layout2024), authority: "Ashdwon")
    #expect(text.contains("error: there is no local authority called 'Ashdwon' in the table of latest judgements"))
    #expect(text.contains("note: did you mean 'Ashdown'?"))
  }

  /// With no name near it, the SPEC's "closest names" are still listed: the nearest by spelling.
  @Test func aNameNearNoneStillGetsTheClosestNames() throws {
    let text = try failure(try ODSFixture.ods(S.layout2024), authority: "Dunstable")
    #expect(text.contains("error: there is no local authority called 'Dunstable' in the table of latest judgements"))
    #expect(!text.contains("did you mean"), "\(text)")
    #expect(text.contains("note: the closest names in the table: 'Dunmere', "), "\(text)")
    #expect(text.contains("note: the table lists 6 authorities, from 'Ashdown' to 'St. Bride's'"), "\(text)")
  }

  @Test func aCSVOfTheHistoryTableIsAnErrorThatNamesTheTableNeeded() throws {
    let csv =
      "Web link,Local authority name,Ofsted region,Inspection date,Publication date,Inspection type,Overall effectiveness\n"
      + "x,Ashdown,South East,2023-05-15,2023-07-14,ILACS Standard Inspection,Good\n"
    let text = try failure(Data(csv.utf8), name: "history.csv")
    #expect(text.contains("this file has the ILACS inspection history table"))
    #expect(text.contains("but not the table of latest judgements"))
  }

  /// In a CSV export a bad cell is reported at its line, counting the line breaks inside a
  /// quoted field, not at the top of the file.
  @Test func aBadCellOfACSVIsReportedAtItsLine() throws {
    func field(_ cell: FixtureCell) -> String {
      let text: String
      switch cell {
      case .text(let t), .merged(let t, _), .commented(let t, _), .link(let t, _): text = t
      case .date(let iso):
        let parts = iso.split(separator: "-")
        text = "\(parts[2])/\(parts[1])/\(parts[0])"
      case .empty: text = ""
      }
      return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    var rows = S.latest2024.rows
    // The title row's text breaks over two lines, as a title cell can in Ofsted's file.
    rows[0] = [.text("Local authority inspection judgements\nas at 31 March 2024")]
    let ashdown = try #require(rows.firstIndex { $0.contains(.text("Ashdown")) })
    rows[ashdown][4] = .text("Very good")
    let csv = rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    let text = try failure(Data(csv.utf8), name: "latest.csv")
    // Row 4 of the table starts on line 5 of the file.
    #expect(ashdown == 3)
    #expect(
      text.contains("latest.csv:5:1: error: sheet 'latest', cell E4 ('Overall effectiveness'): 'Very good' is not"),
      "\(text)")
  }

  @Test func aBinaryFileNamedCSVIsAnError() throws {
    let text = try failure(Data([0x00, 0x01, 0x02, 0xFF]), name: "latest.csv")
    #expect(text.contains("this file is not text"))
  }

  @Test func aMissingFileIsAnError() throws {
    #expect(throws: DiagnosticError.self) {
      try OutcomesImporter(displayPath: "/nonexistent/outcomes.ods").importOutcomes(
        authority: "Ashdown", to: "/nonexistent/out.yaml")
    }
  }
}
