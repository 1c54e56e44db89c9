import Foundation
import Testing
import ZIPFoundation

@testable import PubPack

/// One cell of a spreadsheet written by a test.
enum FixtureCell: Equatable {
  case text(String)
  /// A date cell (`office:date-value`) displayed day first, as Ofsted's file shows them.
  case date(String)
  /// A hyperlink cell: the text shown inside `text:a`.
  case link(String, url: String)
  /// A title cell merged across `span` columns (followed by covered cells).
  case merged(String, span: Int)
  /// A header cell with a comment attached, which is not part of its text.
  case commented(String, comment: String)
  case empty
}

/// A sheet written by a test: rows of cells from A1.
struct FixtureSheet {
  var name: String
  var rows: [[FixtureCell]]
}

/// Builds small OpenDocument spreadsheets in memory, the way spreadsheet programs write them:
/// adjacent equal cells compressed with `number-columns-repeated`, rows padded with thousands
/// of repeated empty cells, and sheets with a million repeated empty rows.
enum ODSFixture {
  /// The bytes of an `.ods` file holding `sheets`.
  ///
  /// - Parameter tablePrefix: the prefix bound to the table namespace (spreadsheet programs use
  ///   `table`, but any prefix is valid XML).
  static func ods(_ sheets: [FixtureSheet], tablePrefix: String = "table", includeContent: Bool = true) throws -> Data {
    var entries: [(String, Data)] = [("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8))]
    if includeContent { entries.append(("content.xml", Data(contentXML(sheets, tablePrefix: tablePrefix).utf8))) }
    entries.append(("META-INF/manifest.xml", Data(manifest.utf8)))
    return try zip(entries)
  }

  /// The bytes of a ZIP archive holding the given files (deflated, except `mimetype`).
  static func zip(_ entries: [(String, Data)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, data) in entries {
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count),
        compressionMethod: path == "mimetype" ? .none : .deflate
      ) { position, size in
        data.subdata(in: Int(position)..<(Int(position) + size))
      }
    }
    return archive.data ?? Data()
  }

  static func contentXML(_ sheets: [FixtureSheet], tablePrefix t: String = "table") -> String {
    var xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
      xmlns:\(t)="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
      xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
      xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"><office:body><office:spreadsheet>
      """
    for sheet in sheets {
      xml += "<\(t):table \(t):name=\"\(escape(sheet.name))\">"
      xml += "<\(t):table-column \(t):number-columns-repeated=\"16384\"/>"
      for row in sheet.rows {
        xml += "<\(t):table-row>"
        var index = 0
        while index < row.count {
          var repeats = 1
          while index + repeats < row.count, row[index + repeats] == row[index], !isMerged(row[index]) { repeats += 1 }
          xml += cell(row[index], repeats: repeats, t)
          index += repeats
        }
        xml += "<\(t):table-cell \(t):number-columns-repeated=\"\(16384 - row.count)\"/></\(t):table-row>"
      }
      xml +=
        "<\(t):table-row \(t):number-rows-repeated=\"1048000\"><\(t):table-cell \(t):number-columns-repeated=\"16384\"/></\(t):table-row>"
      xml += "</\(t):table>"
    }
    xml += "</office:spreadsheet></office:body></office:document-content>"
    return xml
  }

  private static func isMerged(_ cell: FixtureCell) -> Bool {
    if case .merged = cell { return true }
    return false
  }

  private static func cell(_ cell: FixtureCell, repeats: Int, _ t: String) -> String {
    let repeated = repeats > 1 ? " \(t):number-columns-repeated=\"\(repeats)\"" : ""
    switch cell {
    case .empty:
      return "<\(t):table-cell\(repeated)/>"
    case .text(let text):
      return
        "<\(t):table-cell\(repeated) office:value-type=\"string\"><text:p>\(escape(text))</text:p></\(t):table-cell>"
    case .date(let iso):
      let parts = iso.split(separator: "-")
      let shown = parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
      return
        "<\(t):table-cell\(repeated) office:value-type=\"date\" office:date-value=\"\(iso)T00:00:00\"><text:p>\(shown)</text:p></\(t):table-cell>"
    case .link(let text, let url):
      return
        "<\(t):table-cell\(repeated) office:value-type=\"string\"><text:p><text:a xlink:href=\"\(escape(url))\" xlink:type=\"simple\">\(escape(text))</text:a></text:p></\(t):table-cell>"
    case .merged(let text, let span):
      return
        "<\(t):table-cell \(t):number-columns-spanned=\"\(span)\" office:value-type=\"string\"><text:p>\(escape(text))</text:p></\(t):table-cell>"
        + "<\(t):covered-table-cell \(t):number-columns-repeated=\"\(span - 1)\"/>"
    case .commented(let text, let comment):
      return
        "<\(t):table-cell\(repeated) office:value-type=\"string\"><office:annotation><text:p>\(escape(comment))</text:p></office:annotation><text:p>\(escape(text))</text:p></\(t):table-cell>"
    }
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  private static let manifest = """
    <?xml version="1.0" encoding="UTF-8"?>
    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
    <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
    <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
    </manifest:manifest>
    """
}

/// Where the project's shared folder is: `../shared` beside the package root.
enum SharedData {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Ofsted's statistics as at 31 March 2024, as published (never copied into the project).
  static let outcomes2024 = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/data/LA_Inspection_Outcomes_as_at_March_2024.ods")

  static var hasOutcomes2024: Bool { FileManager.default.fileExists(atPath: outcomes2024.path) }
}

/// A fresh, empty temporary folder for a test's output.
func temporaryFolder() throws -> URL {
  let url = Scratch.root.appendingPathComponent("pubpack-outcomes-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}
