import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads an OpenDocument spreadsheet (`.ods`): a ZIP archive whose `content.xml` holds the
/// sheets.
///
/// It reads what a spreadsheet program shows: the text of each cell (hyperlink text included,
/// comments left out), the date of date cells, and repeated rows and cells expanded as the
/// program would show them. Formulas, styles and pictures are ignored.
public struct ODSReader: Sendable {
  /// The path shown in messages (as the user typed it).
  public var displayPath: String

  /// The most rows a sheet may expand to; spreadsheet programs pad sheets with a million
  /// repeated empty rows, which are kept as one.
  static let rowLimit = 100_000
  /// The most columns a row may expand to (the padding of empty cells is not expanded).
  static let columnLimit = 1_024
  /// The largest `content.xml` read, so that a hostile archive cannot exhaust memory.
  static let contentSizeLimit: UInt64 = 256 * 1024 * 1024

  public init(displayPath: String) {
    self.displayPath = displayPath
  }

  /// Reads the spreadsheet from the bytes of an ODS file.
  public func read(_ data: Data) throws(DiagnosticError) -> Spreadsheet {
    let archive: Archive
    do {
      archive = try Archive(data: data, accessMode: .read)
    } catch {
      throw failure(
        "this file is not an OpenDocument spreadsheet: it is not a ZIP archive",
        notes: [
          "give the .ods file as downloaded from GOV.UK, or a CSV export of its table of latest judgements"
        ])
    }
    if let entry = archive["mimetype"], let mimetype = try? contents(of: entry, in: archive) {
      let type = String(decoding: mimetype, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      if !type.hasPrefix("application/vnd.oasis.opendocument.spreadsheet") {
        throw failure(
          "this file is an OpenDocument file of type '\(type)', not a spreadsheet",
          notes: ["give the .ods spreadsheet as downloaded from GOV.UK"])
      }
    }
    guard let entry = archive["content.xml"] else {
      var notes = ["an OpenDocument spreadsheet keeps its sheets in content.xml"]
      if archive["xl/workbook.xml"] != nil {
        notes = ["this looks like an Excel workbook (.xlsx): save it as .ods, or export its table as CSV"]
      }
      throw failure("this ZIP archive has no content.xml, so it is not an OpenDocument spreadsheet", notes: notes)
    }
    guard entry.uncompressedSize <= Self.contentSizeLimit else {
      throw failure("content.xml is too large to be Ofsted's statistics (\(entry.uncompressedSize) bytes)")
    }
    let xml: Data
    do {
      xml = try contents(of: entry, in: archive)
    } catch {
      throw failure("content.xml cannot be unpacked: the archive is damaged (\(error))")
    }
    return try parse(contentXML: xml)
  }

  /// Reads the sheets from the text of `content.xml`.
  public func parse(contentXML xml: Data) throws(DiagnosticError) -> Spreadsheet {
    let parser = XMLParser(data: xml)
    parser.shouldProcessNamespaces = true
    parser.shouldReportNamespacePrefixes = true
    parser.shouldResolveExternalEntities = false
    let builder = ContentBuilder()
    parser.delegate = builder
    guard parser.parse() else {
      let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
      throw failure(
        "content.xml is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(reason)",
        notes: ["the file is damaged; download it again"])
    }
    return Spreadsheet(sheets: builder.sheets)
  }

  private func contents(of entry: Entry, in archive: Archive) throws -> Data {
    var data = Data()
    _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
    return data
  }

  private func failure(_ message: String, notes: [String] = []) -> DiagnosticError {
    DiagnosticError(.error(at: SourceLocation(path: displayPath, line: 1, column: 1), message, notes: notes))
  }
}

/// The XML namespaces of OpenDocument that the reader needs.
private enum ODFNamespace {
  static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  static let drawing = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  static let xlink = "http://www.w3.org/1999/xlink"
}

/// Builds sheets from `XMLParser` events for `content.xml`.
///
/// `XMLParser` reports attributes by qualified name (`table:name`) even when it processes
/// namespaces, so the prefixes the document declares are recorded and attribute names are
/// resolved through them: a file that uses other prefixes still reads correctly.
private final class ContentBuilder: NSObject, XMLParserDelegate {
  var sheets: [Sheet] = []

  private var prefixes: [String: String] = [:]
  private var tableDepth = 0

  // The sheet being read.
  private var sheetName = ""
  private var rows: [SpreadsheetRow] = []
  private var nextRowNumber = 1

  // The row being read.
  private var rowRepeat = 1
  private var cells: [SpreadsheetCell] = []
  private var pendingEmptyCells = 0

  // The cell being read.
  private var isInCell = false
  private var cellRepeat = 1
  private var cellDate: CalendarDate?
  private var cellStringValue: String?
  private var cellLink: String?
  private var cellText = ""
  private var paragraphCount = 0
  private var paragraphDepth = 0
  // Comments (office:annotation) and drawings inside a cell are not its text.
  private var ignoredDepth = 0

  func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
    prefixes[prefix] = namespaceURI
  }

  private func attribute(_ namespace: String, _ localName: String, in attributes: [String: String]) -> String? {
    for (key, value) in attributes {
      let parts = key.split(separator: ":", maxSplits: 1)
      if parts.count == 2, parts[1] == localName, prefixes[String(parts[0])] == namespace { return value }
      if parts.count == 1, key == localName { return value }
    }
    return nil
  }

  private func count(_ text: String?) -> Int {
    guard let text, let value = Int(text), value > 0 else { return 1 }
    return value
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes: [String: String] = [:]
  ) {
    let namespace = namespaceURI ?? ""
    if namespace == ODFNamespace.table && elementName == "table" {
      tableDepth += 1
      if tableDepth == 1 {
        sheetName = attribute(ODFNamespace.table, "name", in: attributes) ?? "Sheet\(sheets.count + 1)"
        rows = []
        nextRowNumber = 1
      }
      return
    }
    // Tables inside cells are not part of the sheet's grid.
    guard tableDepth == 1 else { return }
    if ignoredDepth > 0 {
      ignoredDepth += 1
      return
    }
    switch (namespace, elementName) {
    case (ODFNamespace.table, "table-row"):
      rowRepeat = count(attribute(ODFNamespace.table, "number-rows-repeated", in: attributes))
      cells = []
      pendingEmptyCells = 0
    case (ODFNamespace.table, "table-cell"), (ODFNamespace.table, "covered-table-cell"):
      isInCell = true
      cellRepeat = count(attribute(ODFNamespace.table, "number-columns-repeated", in: attributes))
      cellDate = nil
      if attribute(ODFNamespace.office, "value-type", in: attributes) == "date",
        let value = attribute(ODFNamespace.office, "date-value", in: attributes)
      {
        cellDate = CalendarDate(iso: String(value.prefix(10)))
      }
      cellStringValue = attribute(ODFNamespace.office, "string-value", in: attributes)
      cellLink = nil
      cellText = ""
      paragraphCount = 0
      paragraphDepth = 0
    case (ODFNamespace.office, "annotation"), (ODFNamespace.drawing, _):
      if isInCell { ignoredDepth = 1 }
    case (ODFNamespace.text, "p"), (ODFNamespace.text, "h"):
      guard isInCell else { return }
      if paragraphDepth == 0 {
        if paragraphCount > 0 { cellText += "\n" }
        paragraphCount += 1
      }
      paragraphDepth += 1
    case (ODFNamespace.text, "s"):
      if isInCell && paragraphDepth > 0 {
        cellText += String(repeating: " ", count: count(attribute(ODFNamespace.text, "c", in: attributes)))
      }
    case (ODFNamespace.text, "tab"):
      if isInCell && paragraphDepth > 0 { cellText += "\t" }
    case (ODFNamespace.text, "line-break"):
      if isInCell && paragraphDepth > 0 { cellText += "\n" }
    case (ODFNamespace.text, "a"):
      if isInCell, cellLink == nil { cellLink = attribute(ODFNamespace.xlink, "href", in: attributes) }
    default:
      break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if tableDepth == 1 && isInCell && paragraphDepth > 0 && ignoredDepth == 0 {
      cellText += string
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    let namespace = namespaceURI ?? ""
    if namespace == ODFNamespace.table && elementName == "table" {
      if tableDepth == 1 {
        sheets.append(Sheet(name: sheetName, rows: rows))
      }
      tableDepth -= 1
      return
    }
    guard tableDepth == 1 else { return }
    if ignoredDepth > 0 {
      ignoredDepth -= 1
      return
    }
    switch (namespace, elementName) {
    case (ODFNamespace.text, "p"), (ODFNamespace.text, "h"):
      if isInCell && paragraphDepth > 0 { paragraphDepth -= 1 }
    case (ODFNamespace.table, "table-cell"), (ODFNamespace.table, "covered-table-cell"):
      finishCell()
    case (ODFNamespace.table, "table-row"):
      finishRow()
    default:
      break
    }
  }

  private func finishCell() {
    isInCell = false
    var text = cellText
    if paragraphCount == 0, let value = cellStringValue { text = value }
    let cell = SpreadsheetCell(text: text, date: cellDate, link: cellLink)
    if cell.isEmpty {
      // Spreadsheet programs pad every row with thousands of repeated empty cells: count
      // them, and store them only if a cell with content follows.
      pendingEmptyCells += cellRepeat
      return
    }
    let start = cells.count + pendingEmptyCells
    guard start < ODSReader.columnLimit else { return }
    cells.append(contentsOf: repeatElement(SpreadsheetCell(), count: pendingEmptyCells))
    pendingEmptyCells = 0
    cells.append(contentsOf: repeatElement(cell, count: min(cellRepeat, ODSReader.columnLimit - start)))
  }

  private func finishRow() {
    let row = SpreadsheetRow(number: nextRowNumber, cells: cells)
    if row.isBlank {
      // A run of blank rows (often a million of them) is kept as one: it only ends a table.
      if rows.count < ODSReader.rowLimit { rows.append(row) }
    } else {
      let copies = min(rowRepeat, max(0, ODSReader.rowLimit - rows.count))
      for offset in 0..<copies {
        rows.append(SpreadsheetRow(number: nextRowNumber + offset, cells: cells))
      }
    }
    nextRowNumber += rowRepeat
    cells = []
    pendingEmptyCells = 0
  }
}
