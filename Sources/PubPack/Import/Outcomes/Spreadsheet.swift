/// A spreadsheet's cells as text, read from an ODS file or a CSV export, before any meaning is
/// given to them.
///
/// Rows and columns keep the numbers a person sees in a spreadsheet program, so that a message
/// can send them to the right cell.
public struct Spreadsheet: Sendable, Equatable {
  /// The sheets in the file's order; a CSV file is one sheet.
  public var sheets: [Sheet]

  public init(sheets: [Sheet]) {
    self.sheets = sheets
  }
}

/// One sheet (tab) of a spreadsheet.
public struct Sheet: Sendable, Equatable {
  /// The sheet's name as its tab shows it; for a CSV file, the file's name.
  public var name: String
  /// The sheet's rows from the top.
  ///
  /// Blank rows are kept (a run of them as one row) because a blank row ends a table.
  public var rows: [SpreadsheetRow]

  public init(name: String, rows: [SpreadsheetRow]) {
    self.name = name
    self.rows = rows
  }
}

/// One row of a sheet.
public struct SpreadsheetRow: Sendable, Equatable {
  /// The row's number as a spreadsheet program shows it, counted from 1.
  public var number: Int
  /// The row's cells from column A; cells after the last non-empty one are left out.
  public var cells: [SpreadsheetCell]
  /// The line of the file the row starts on, for a text file (CSV); nil in a spreadsheet.
  public var line: Int?

  public init(number: Int, cells: [SpreadsheetCell], line: Int? = nil) {
    self.number = number
    self.cells = cells
    self.line = line
  }

  /// The cell in the given column (counted from 0), empty beyond the row's last cell.
  public subscript(column: Int) -> SpreadsheetCell {
    column >= 0 && column < cells.count ? cells[column] : SpreadsheetCell()
  }

  /// Whether every cell is empty.
  public var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
}

/// One cell: the text it shows, and the date it holds when it is a date cell.
public struct SpreadsheetCell: Sendable, Hashable {
  /// The text as displayed; paragraphs are joined by line breaks.
  public var text: String
  /// The date of a date cell (`office:date-value`), whatever format it is displayed in.
  public var date: CalendarDate?
  /// The address of a hyperlink in the cell, if any.
  public var link: String?

  public init(text: String = "", date: CalendarDate? = nil, link: String? = nil) {
    self.text = text
    self.date = date
    self.link = link
  }

  /// The text with surrounding white space (including no-break spaces) removed.
  public var trimmedText: String {
    var trimmed = Substring(text)
    while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
    while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
    return String(trimmed)
  }

  /// The text as a value: white space (no-break spaces and line breaks too) collapsed to single
  /// spaces, and note markers in the style of government statistics ("[note 3]") left out.
  public var value: String {
    var words: [Substring] = []
    for word in text.split(whereSeparator: \.isWhitespace) {
      words.append(word)
      // "[note 3]" is split as "[note" and "3]".
      if words.count >= 2, word.hasSuffix("]"), word.dropLast().allSatisfy(\.isNumber),
        words[words.count - 2].lowercased() == "[note"
      {
        words.removeLast(2)
      }
    }
    return words.joined(separator: " ")
  }

  /// Whether the cell shows nothing.
  public var isEmpty: Bool { date == nil && text.allSatisfy(\.isWhitespace) }
}

/// The letters a spreadsheet program gives a column counted from 0: A, B, ..., Z, AA, AB, ...
public func columnLetters(_ index: Int) -> String {
  var n = index + 1
  var letters = ""
  while n > 0 {
    let remainder = (n - 1) % 26
    letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
    n = (n - 1) / 26
  }
  return letters
}
