import Foundation

/// Finds facts written out in prose that contradict the inspection data: a grade, a date, the
/// council's name. Each rule is explained in docs/check.md.
///
/// It reads the documents as written (before data tags are filled in), so a fact that comes from
/// a tag is never flagged, and a line holding the marker `{{! check: ignore }}` is skipped.
///
/// Every line of every document is looked at, so the looks are made on UTF-8 (`WordSearch`) and
/// give Foundation's answers without Foundation's cost; columns still count characters.
public struct ProseChecker: Sendable {
  public static let ignoreMarker = "{{! check: ignore }}"

  let inspection: Inspection
  /// Dates the data knows, so a date written out that equals one of them is never flagged.
  let knownDates: Set<CalendarDate>
  /// The place a council name like ours starts with, lower-cased ("fernleigh").
  let councilPlace: String

  public init(inspection: Inspection) {
    self.inspection = inspection
    self.knownDates = Self.knownDates(of: inspection)
    let name = inspection.council.name
    self.councilPlace = (inspection.council.ofstedName ?? name.components(separatedBy: " ").first ?? name).lowercased()
  }

  /// The phrases that name each judgement in running prose, longest first.
  static let judgementPhrases: [(String, Judgement)] = [
    ("overall effectiveness", .overallEffectiveness),
    ("impact of leaders", .impactOfLeaders), ("leadership", .impactOfLeaders), ("leaders", .impactOfLeaders),
    ("help and protection", .helpAndProtection), ("need help and protection", .helpAndProtection),
    ("children in care", .childrenInCare),
    ("care leavers", .careLeavers),
    ("overall", .overallEffectiveness),
  ]

  /// Grade wordings, longest first so "requires improvement to be good" wins over "good".
  static let gradeWords: [(String, Grade)] = [
    ("requires improvement to be good", .requiresImprovement),
    ("requires improvement", .requiresImprovement),
    ("outstanding", .outstanding),
    ("inadequate", .inadequate),
    ("good", .good),
  ]

  /// Words that, just before a grade word, make it a rating rather than an ordinary adjective
  /// ("judged good", "rated as outstanding", "remains good" but not "good progress").
  static let ratingCues: Set<String> = [
    "rated", "judged", "graded", "be", "as", "was", "were", "is", "are", "remains", "remained", "been", "now",
    "from", "to",
  ]

  /// Words that, with no judgement named, make a grade word about overall effectiveness.
  static let ratingVerbs = ["rated", "judged", "graded"]

  static let pastCues = ["previous", "previously", "last inspection", "last time", "in 2018", "in 2019", "in 2020",
    "in 2021", "in 2022", "in 2023", "in 2024", "in 2025", "had been", "was judged", "were judged", "was rated",
    "were rated", "improved from", "up from", "from"]

  public func check(_ document: Document) -> [Diagnostic] {
    // One look at the whole document first: a document that never writes a grade word, a month
    // or "Council" in its own words (data tags often do) has no line that needs reading.
    let words = WordsInDocument(document.body)
    guard words.mayHoldFinding else { return [] }
    var diagnostics: [Diagnostic] = []
    var inFence = false
    for (index, line) in Self.lines(of: document.body).enumerated() {
      if line.hasPrefixAfterBlanks("```") || line.hasPrefixAfterBlanks("~~~") { inFence.toggle(); continue }
      if inFence || (words.mayHoldIgnoreMarker && line.contains(word: Self.ignoreMarker)) { continue }
      let lineNumber = index + 1 + document.bodyLineOffset
      // Quotes (blockquotes and text in quotation marks) are the report's or a person's words.
      if line.hasPrefixAfterBlanks(">") { continue }
      // Most lines hold no grade word, month or "Council": one cheap look at the lower-cased line
      // spares them the sentence-by-sentence reading.
      let (mayHoldGrade, mayHoldDate) = words.gradeAndMonth(in: line)
      if mayHoldGrade || mayHoldDate {
        for sentence in Self.sentences(in: String(line)) {
          if mayHoldGrade { diagnostics += checkGrades(in: sentence, line: lineNumber, document: document) }
          if mayHoldDate { diagnostics += checkDates(in: sentence, line: lineNumber, document: document) }
        }
      }
      if words.mayNameCouncil && line.contains(word: "Council") {
        diagnostics += checkCouncilName(in: String(line), line: lineNumber, document: document)
      }
    }
    return diagnostics
  }

  /// The grade words, months and markers a document's bytes could hold, so its lines are only
  /// looked at for those. A word whose bytes occur nowhere in the document is in no line of it.
  struct WordsInDocument {
    var gradeWords: [String]
    var months: [String]
    var mayNameCouncil: Bool
    var mayHoldIgnoreMarker: Bool

    init(_ body: String) {
      let lower = body.lowercased()
      gradeWords = ProseChecker.gradeWords.map(\.0).filter { lower.mayContain(word: $0) }
      months = ProseChecker.lowercasedMonths.filter { lower.mayContain(word: $0) }
      mayNameCouncil = body.mayContain(word: "Council")
      mayHoldIgnoreMarker = body.mayContain(word: ProseChecker.ignoreMarker)
    }

    var mayHoldFinding: Bool { !gradeWords.isEmpty || !months.isEmpty || mayNameCouncil }

    /// Whether the line may hold a grade word, and a month: whether its lower-cased text
    /// contains one.
    func gradeAndMonth(in line: Substring) -> (grade: Bool, month: Bool) {
      guard !gradeWords.isEmpty || !months.isEmpty else { return (false, false) }
      let lower = line.lowercased()
      return (gradeWords.contains { lower.contains(word: $0) }, months.contains { lower.contains(word: $0) })
    }
  }

  /// The body's lines, as `body.split(separator: "\n", omittingEmptySubsequences: false)` cuts
  /// them, found on bytes. That split compares characters, and "\r\n" is one character: a line
  /// feed right after a carriage return ends no line.
  static func lines(of body: String) -> [Substring] {
    let utf8 = body.utf8
    var lines: [Substring] = []
    var lineStart = utf8.startIndex
    var previous: UInt8 = 0
    for index in utf8.indices {
      let byte = utf8[index]
      if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
        lines.append(body[lineStart..<index])
        lineStart = utf8.index(after: index)
      }
      previous = byte
    }
    lines.append(body[lineStart..<utf8.endIndex])
    return lines
  }

  /// A piece of a line ending at '.', '!', '?' or a table cell border, with its first column.
  struct Sentence {
    var text: String
    var column: Int
    var isTableRow: Bool
  }

  static func sentences(in line: String) -> [Sentence] {
    let isTableRow = line.hasPrefixAfterBlanks("|")
    if isTableRow { return [Sentence(text: line, column: 1, isTableRow: true)] }
    var result: [Sentence] = []
    var current = ""
    var start = 1
    var column = 0
    let chars = Array(line)
    for (i, c) in chars.enumerated() {
      column += 1
      current.append(c)
      let next = i + 1 < chars.count ? chars[i + 1] : " "
      if (c == "." || c == "!" || c == "?" || c == ";") && next == " " {
        result.append(Sentence(text: current, column: start, isTableRow: false))
        current = ""
        start = column + 1
      }
    }
    if !current.isBlank {
      result.append(Sentence(text: current, column: start, isTableRow: false))
    }
    return result
  }

  /// The text with quoted passages and data tags blanked out (same length, so columns hold).
  static func blankQuotesAndTags(_ text: String) -> String {
    var out = ""
    var inQuote = false
    var inTag = false
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if !inQuote, c == "{", i + 1 < chars.count, chars[i + 1] == "{" { inTag = true }
      if inTag {
        out.append(" ")
        if c == "}", i + 1 < chars.count, chars[i + 1] == "}" {
          out.append(" ")
          i += 2
          inTag = false
          continue
        }
        i += 1
        continue
      }
      if c == "\u{201C}" || c == "\u{201D}" || c == "\"" {
        inQuote = c == "\u{201C}" ? true : (c == "\u{201D}" ? false : !inQuote)
        out.append(" ")
      } else {
        out.append(inQuote ? " " : c)
      }
      i += 1
    }
    return out
  }

  func checkGrades(in sentence: Sentence, line: Int, document: Document) -> [Diagnostic] {
    let text = Self.blankQuotesAndTags(sentence.text).lowercased()
    var diagnostics: [Diagnostic] = []
    for (range, _, grade) in Self.wholeWordMatches(of: Self.gradeWords, in: text) {
      let before = text[..<range.lowerBound].split(whereSeparator: { !$0.isLetter }).suffix(2).map(String.init)
      let isRating = sentence.isTableRow || before.contains { Self.ratingCues.contains($0) }
      guard isRating else { continue }
      guard let judgement = judgement(named: text, near: range, isTableRow: sentence.isTableRow) else { continue }
      guard let actual = inspection.judgements[judgement] else { continue }
      if actual == grade { continue }
      let isAboutThePast = Self.pastCues.contains { text.contains(word: $0) }
      if isAboutThePast, inspection.previous?.judgements[judgement] == grade { continue }
      let column = sentence.column + text.distance(from: text.startIndex, to: range.lowerBound)
      diagnostics.append(
        .error(
          at: SourceLocation(path: document.path, line: line, column: column),
          // The message names the field, and neither grade: a build's log may be read by
          // anyone, and before the embargo the grade is the news.
          "the grade written here for \(judgement.ofstedWording(in: inspection.details.frameworkVersion).lowercased()) is not the one in inspection.yaml (judgements.\(judgement.rawValue))",
          notes: [
            "write {{judgements.\(judgement.rawValue).gradeLower}} (or .grade) so the text follows the data",
            "if this is right (a quotation, or another inspection), add \(Self.ignoreMarker) to the line",
          ]))
    }
    return diagnostics
  }

  /// Every whole-word occurrence of each phrase, the phrases taken in the order given (longest
  /// first), and none where an earlier phrase was found: "requires improvement to be good" is
  /// not also "good".
  static func wholeWordMatches<Value>(of phrases: [(String, Value)], in text: String)
    -> [(range: Range<String.Index>, phrase: String, value: Value)]
  {
    var matches: [(range: Range<String.Index>, phrase: String, value: Value)] = []
    for (phrase, value) in phrases {
      var start = text.startIndex
      while let found = text.range(ofWord: phrase, from: start) {
        start = found.upperBound
        guard isWholeWord(found, in: text), !matches.contains(where: { $0.range.overlaps(found) }) else { continue }
        matches.append((found, phrase, value))
      }
    }
    return matches
  }

  /// The judgement a grade word is about: the nearest judgement named before it in the sentence,
  /// else after it; "rated"/"judged" alone means overall effectiveness.
  func judgement(named text: String, near range: Range<String.Index>, isTableRow: Bool) -> Judgement? {
    var best: (distance: Int, judgement: Judgement)?
    for (found, _, judgement) in Self.wholeWordMatches(of: Self.judgementPhrases, in: text) {
      let distance =
        found.upperBound <= range.lowerBound
        ? text.distance(from: found.upperBound, to: range.lowerBound)
        : text.distance(from: range.upperBound, to: found.lowerBound) + 1000
      if best == nil || distance < best!.distance { best = (distance, judgement) }
    }
    if let best { return best.judgement }
    if !isTableRow, Self.ratingVerbs.contains(where: { text.contains(word: $0) }),
      inspection.judgements[.overallEffectiveness] != nil
    {
      return .overallEffectiveness
    }
    return nil
  }

  static func isWholeWord(_ range: Range<String.Index>, in text: String) -> Bool {
    // A match that starts or ends inside a Character is joined to its neighbour (U+0600 ARABIC
    // NUMBER SIGN takes the letter after it into its Character): not a word of its own.
    guard range.lowerBound.samePosition(in: text) != nil, range.upperBound.samePosition(in: text) != nil else {
      return false
    }
    let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
    let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
    return !before.isLetter && !after.isLetter
  }

  // MARK: - Dates

  static func knownDates(of inspection: Inspection) -> Set<CalendarDate> {
    var dates: Set<CalendarDate> = [inspection.details.onSiteStart, inspection.details.onSiteEnd,
      CalendarDate(londonDateOf: inspection.embargo.liftsAt)]
    for date in [inspection.report.publicationDate, inspection.details.notificationDate, inspection.previous?.onSiteStart,
      inspection.previous?.publicationDate, inspection.actionPlan?.dueDate, inspection.actionPlan?.basisDate,
      inspection.intervention.issuedDate]
    {
      if let date { dates.insert(date) }
    }
    return dates
  }

  static let lowercasedMonths = LondonTime.months.map { $0.lowercased() }

  static let inspectionCues = ["inspect", "visited", "visit", "on site", "on-site", "took place", "published", "publish"]

  func checkDates(in sentence: Sentence, line: Int, document: Document) -> [Diagnostic] {
    let text = Self.blankQuotesAndTags(sentence.text)
    let lower = text.lowercased()
    guard Self.inspectionCues.contains(where: { lower.contains(word: $0) }) else { return [] }
    var diagnostics: [Diagnostic] = []
    for found in Self.writtenDates(in: text) where !knownDates.contains(found.date) {
      let column = sentence.column + found.offset
      diagnostics.append(
        .error(
          at: SourceLocation(path: document.path, line: line, column: column),
          "the date \(found.date.long) is not one of this inspection's dates in inspection.yaml (on site, or published)",
          notes: [
            "write {{inspection.dates}}, {{inspection.onSiteStart.long}} or {{report.publicationDate.long}} so the text follows the data",
            "if this is right (another event), add \(Self.ignoreMarker) to the line",
          ]))
    }
    return diagnostics
  }

  /// "8 June 2026", and both ends of "8 to 19 June 2026" / "29 June to 10 July 2026".
  static func writtenDates(in text: String) -> [(date: CalendarDate, offset: Int)] {
    let months = lowercasedMonths
    let words = tokens(text)
    var result: [(CalendarDate, Int)] = []
    for (i, word) in words.enumerated() {
      guard let month = months.firstIndex(of: word.text.lowercased()), i + 1 < words.count,
        let year = Int(words[i + 1].text), (1990...2100).contains(year)
      else { continue }
      // Day before the month: "19 June 2026".
      if i >= 1, let day = Int(words[i - 1].text), let date = CalendarDate(year: year, month: month + 1, day: day) {
        result.append((date, words[i - 1].offset))
        // A range "8 to 19 June 2026": the first day shares the month.
        if i >= 3, words[i - 2].text == "to", let first = Int(words[i - 3].text),
          let date = CalendarDate(year: year, month: month + 1, day: first)
        {
          result.append((date, words[i - 3].offset))
        }
        // "29 June to 10 July 2026": the first date's month comes before "to".
        if i >= 4, words[i - 2].text == "to", let firstMonth = months.firstIndex(of: words[i - 3].text.lowercased()),
          let firstDay = Int(words[i - 4].text), let date = CalendarDate(year: year, month: firstMonth + 1, day: firstDay)
        {
          result.append((date, words[i - 4].offset))
        }
      }
    }
    return result
  }

  static func tokens(_ text: String) -> [(text: String, offset: Int)] {
    var result: [(String, Int)] = []
    var current = ""
    var start = 0
    for (i, c) in text.enumerated() {
      if c.isLetter || c.isNumber {
        if current.isEmpty { start = i }
        current.append(c)
      } else if !current.isEmpty {
        result.append((current, start))
        current = ""
      }
    }
    if !current.isEmpty { result.append((current, start)) }
    return result
  }

  // MARK: - The council's name

  func checkCouncilName(in line: String, line lineNumber: Int, document: Document) -> [Diagnostic] {
    let name = inspection.council.name
    let place = councilPlace
    let text = Self.blankQuotesAndTags(line)
    let words = Self.tokens(text)
    var diagnostics: [Diagnostic] = []
    for (i, word) in words.enumerated() where word.text == "Council" {
      // The capitalised words before "Council": "Fernleigh Borough Council".
      var j = i
      while j > 0, let first = words[j - 1].text.first, first.isUppercase, i - j < 5 { j -= 1 }
      guard j < i else { continue }
      let phrase = words[j...i].map(\.text).joined(separator: " ")
      let phrasePlace = words[j].text.lowercased()
      if phrase == name { continue }
      // Only a name like ours is suspect: a neighbouring council is named on purpose.
      guard editDistance(phrasePlace, place) <= 2 else { continue }
      diagnostics.append(
        .error(
          at: SourceLocation(path: document.path, line: lineNumber, column: words[j].offset + 1),
          "'\(phrase)' is not the council's name in inspection.yaml ('\(name)')",
          notes: [
            "write {{council.name}} so the text follows the data",
            "if this is right, add \(Self.ignoreMarker) to the line",
          ]))
    }
    return diagnostics
  }
}
