/// The judgement table on a report's first page, read whatever its line wrapping.
///
/// `pdftotext -layout` keeps the table's two columns apart by runs of spaces: a judgement's
/// name may wrap over several lines, with its grade on the first, the middle or the last of
/// them. Rows are separated by blank lines; a block that holds several rows is split by
/// matching Ofsted's judgement names word by word.
struct JudgementTable: Sendable, Hashable {
  /// The grade of each judgement the table has.
  var grades: [Judgement: Grade]
  /// Whether the children in care judgement also covers care leavers (the 2018 framework).
  var hasCombinedChildrenInCare: Bool
  /// The index in the layout's lines just after the table.
  var endIndex: Int

  /// The ways a table can fail to read.
  enum Failure: Error, Hashable {
    /// No "Judgement   Grade" heading line.
    case headingNotFound
    /// A row (counted from 1) whose name or grade is not Ofsted's.
    case unreadableRow(number: Int)
    /// The same judgement twice.
    case repeatedJudgement(Judgement)
  }

  /// A judgement name as Ofsted words it, split into comparable words.
  private struct Name {
    var judgement: Judgement
    var isCombined: Bool
    var words: [String]
  }

  private static let names: [Name] = {
    var names = Judgement.allCases.map {
      Name(
        judgement: $0, isCombined: false, words: comparableWords($0.ofstedWording(in: .ilacs2023)))
    }
    names.append(
      Name(
        judgement: .childrenInCare, isCombined: true,
        words: comparableWords(Judgement.childrenInCare.ofstedWording(in: .ilacs2018))))
    // Longest first, so "children in care and care leavers" wins over "children in care".
    return names.sorted { $0.words.count > $1.words.count }
  }()

  private static let gradeWordings: [(Grade, [String])] = {
    var wordings = Grade.allCases.map { ($0, comparableWords($0.ofstedWording)) }
    wordings.append((.requiresImprovement, ["requires", "improvement"]))
    return wordings.sorted { $0.1.count > $1.1.count }
  }()

  /// Reads the table that starts at or after `start` in `lines`.
  init(lines: [ReportLayout.Line], from start: Int) throws(Failure) {
    guard
      let headingIndex = lines[start...].firstIndex(where: {
        let words = comparableWords($0.text)
        return words == ["judgement", "grade"] || words == ["judgements", "grade"]
      }),
      let gradeColumn = Self.segments(of: lines[headingIndex].text).last?.column
    else { throw .headingNotFound }

    var grades: [Judgement: Grade] = [:]
    var hasCombined = false
    var index = headingIndex + 1
    var endIndex = index
    reading: while index < lines.count {
      while index < lines.count, lines[index].isBlank { index += 1 }
      let blockStart = index
      while index < lines.count, !lines[index].isBlank { index += 1 }
      guard blockStart < index else { break }
      let block = lines[blockStart..<index]

      // Most blocks are whole rows. When the text under the table follows its last row
      // with no blank line, the longest run of lines that reads as rows is the table's end.
      var rows: [(Name, Grade)]?
      var rowLines = block.endIndex
      while rows == nil, rowLines > block.startIndex {
        rows = Self.rows(in: block[block.startIndex..<rowLines], gradeColumn: gradeColumn)
        if rows == nil { rowLines -= 1 }
      }
      guard let rows else {
        // Not a row: the table has ended, unless the block carries a grade, in which case
        // it is a row this reader does not understand and nothing may be guessed.
        if Self.hasGrade(block, gradeColumn: gradeColumn) {
          throw .unreadableRow(number: grades.count + 1)
        }
        break reading
      }
      for (name, grade) in rows {
        if grades[name.judgement] != nil { throw .repeatedJudgement(name.judgement) }
        grades[name.judgement] = grade
        hasCombined = hasCombined || name.isCombined
      }
      endIndex = rowLines
      if rowLines < index || grades[.overallEffectiveness] != nil { break reading }
    }
    self.grades = grades
    self.hasCombinedChildrenInCare = hasCombined
    self.endIndex = endIndex
  }

  /// The lines' name and grade words, told apart by the column they start in.
  private static func words(
    in lines: ArraySlice<ReportLayout.Line>, gradeColumn: Int
  ) -> (names: [String], grades: [String]) {
    var nameWords: [String] = []
    var gradeWords: [String] = []
    for line in lines {
      for segment in segments(of: line.text) {
        // A little slack: a grade can sit a column or two left of the heading's "Grade".
        if segment.column >= gradeColumn - 3 {
          gradeWords += comparableWords(segment.text)
        } else {
          nameWords += comparableWords(segment.text)
        }
      }
    }
    return (nameWords, gradeWords)
  }

  /// The lines' rows, when their names are exactly a run of Ofsted's judgement names and
  /// their grades one for each.
  private static func rows(
    in lines: ArraySlice<ReportLayout.Line>, gradeColumn: Int
  ) -> [(Name, Grade)]? {
    let (nameWords, gradeWords) = words(in: lines, gradeColumn: gradeColumn)
    guard !nameWords.isEmpty, let names = partition(nameWords[...]),
      let grades = grades(in: gradeWords), grades.count == names.count
    else { return nil }
    return Array(zip(names, grades))
  }

  /// Whether the lines have a grade in the grade column.
  private static func hasGrade(_ lines: ArraySlice<ReportLayout.Line>, gradeColumn: Int) -> Bool {
    let gradeWords = words(in: lines, gradeColumn: gradeColumn).grades
    return !gradeWords.isEmpty && grades(in: gradeWords) != nil
  }

  private static func partition(_ words: ArraySlice<String>) -> [Name]? {
    if words.isEmpty { return [] }
    for name in names where words.starts(with: name.words) {
      if let rest = partition(words.dropFirst(name.words.count)) { return [name] + rest }
    }
    return nil
  }

  private static func grades(in words: [String]) -> [Grade]? {
    var rest = words[...]
    var grades: [Grade] = []
    while !rest.isEmpty {
      guard let (grade, wording) = gradeWordings.first(where: { rest.starts(with: $0.1) })
      else { return nil }
      grades.append(grade)
      rest = rest.dropFirst(wording.count)
    }
    return grades
  }

  /// The runs of text on a line that are kept apart by two spaces or more, with the
  /// column (from 0) each starts at.
  static func segments(of line: String) -> [(column: Int, text: String)] {
    var segments: [(column: Int, text: String)] = []
    var current = ""
    var currentColumn = 0
    var spaces = 0
    for (column, character) in line.enumerated() {
      if character == " " {
        spaces += 1
        continue
      }
      if !current.isEmpty, spaces >= 2 {
        segments.append((currentColumn, current))
        current = ""
      }
      if current.isEmpty {
        currentColumn = column
      } else if spaces == 1 {
        current.append(" ")
      }
      current.append(character)
      spaces = 0
    }
    if !current.isEmpty { segments.append((currentColumn, current)) }
    return segments
  }
}

/// Words compared without case, with typographic apostrophes as straight ones.
func comparableWords(_ text: String) -> [String] {
  text.lowercased()
    .replacingOccurrences(of: "\u{2019}", with: "'")
    .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    .map(String.init)
}
