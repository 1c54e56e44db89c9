import CSV
import Foundation

/// Reads a CSV export of one of the statistics' tables as a one-sheet spreadsheet.
///
/// Quoted fields (with commas, quotes and line breaks inside) follow RFC 4180. The text may be
/// UTF-8 (with or without a byte order mark) or, as older Excel exports are, Windows-1252.
/// CSV has no date cells: dates are read later from the text.
public struct CSVSheetReader: Sendable {
  /// The path shown in messages (as the user typed it).
  public var displayPath: String

  public init(displayPath: String) {
    self.displayPath = displayPath
  }

  /// Reads the rows of a CSV file's bytes.
  public func read(_ data: Data) throws(DiagnosticError) -> Spreadsheet {
    var bytes = data
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: bytes, encoding: .utf8) ?? String(data: bytes, encoding: .windowsCP1252)
    else {
      throw failure("this file is not text, so it is not a CSV export")
    }
    if text.contains("\u{0}") {
      throw failure(
        "this file is not text, so it is not a CSV export",
        notes: ["give the .ods file as downloaded from GOV.UK, or a CSV export of its table of latest judgements"])
    }
    let reader: CSVReader
    do {
      reader = try CSVReader(string: text, hasHeaderRow: false)
    } catch {
      throw failure("this CSV file cannot be read: \(error)")
    }
    var rows: [SpreadsheetRow] = []
    var number = 1
    var line = 1
    while let fields = reader.next() {
      var cells = fields.map { SpreadsheetCell(text: $0) }
      while let last = cells.last, last.isEmpty { cells.removeLast() }
      rows.append(SpreadsheetRow(number: number, cells: cells, line: line))
      number += 1
      // A quoted field may hold line breaks: the next row starts after them.
      line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count }
    }
    if let error = reader.error {
      throw failure(
        "this CSV file cannot be read after row \(number - 1): \(error)",
        notes: ["check that every quoted field has its closing quote"])
    }
    let name = URL(fileURLWithPath: displayPath).deletingPathExtension().lastPathComponent
    return Spreadsheet(sheets: [Sheet(name: name, rows: rows)])
  }

  private func failure(_ message: String, notes: [String] = []) -> DiagnosticError {
    DiagnosticError(.error(at: SourceLocation(path: displayPath, line: 1, column: 1), message, notes: notes))
  }
}
