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
  /// Reads what a sentence claims about the grades.
  let reader: GradeClaims
  /// Every sentence of the report's words in inspection.yaml (headline and findings), as a
  /// reader sees it (`readerText`): an early page may state none of them.
  let findingSentences: [String]
  /// The same texts whole: a quotation of them must be whole sentences.
  let findingTexts: [String]
  /// Every word of them, for a quick look at whether a quotation could be one of them.
  let findingWords: Set<String>

  public init(inspection: Inspection) {
    self.inspection = inspection
    self.knownDates = Self.knownDates(of: inspection)
    let name = inspection.council.name
    self.councilPlace = (inspection.council.ofstedName ?? name.components(separatedBy: " ").first ?? name).lowercased()
    self.reader = GradeClaims(inspection: inspection, councilPlace: councilPlace)
    let findings = inspection.findings
    let texts =
      ([findings.headline].compactMap { $0 } + findings.strengths + findings.whatNeedsToImprove
      + findings.areasForPriorityAction + findings.quotesFromReport).map(Self.readerText).filter { !$0.isBlank }
    self.findingTexts = texts
    self.findingWords = Set(texts.flatMap { $0.split(separator: " ").map(String.init) })
    self.findingSentences = texts.flatMap { Self.sentences(in: $0, isTableRow: false).map { $0.text.trimmingBlanks() } }
      .filter { $0.split(separator: " ").count >= 4 }
  }

  /// Grade wordings, for the quick look that spares documents and lines without one.
  static let gradeWords: [String] = GradeClaims.gradeWordings

  /// The findings of `check` in one document, whose body as written is `written`. `isEarly`: the
  /// document is a page with `embargo: none` and the build is before the pack's release, so it
  /// may state no outcome.
  public func check(_ document: Document, body written: String, isEarly: Bool = false) -> [Diagnostic] {
    // One look at the whole document first: a document that never writes a grade word, a month,
    // "Council" or a quotation in its own words (data tags often do) has no line that needs reading.
    let words = WordsInDocument(written)
    let mayQuote = !findingSentences.isEmpty && Self.mayHoldQuotation(written)
    // The title and summary are read whatever the body holds: they reach the landing page too.
    var diagnostics: [Diagnostic] = isEarly ? [] : checkFields(of: document, isEarly: false)
    guard isEarly || words.mayHoldFinding || mayQuote else { return diagnostics }
    var inFence = false
    var block = Block()
    func finish() {
      if !block.lines.isEmpty {
        diagnostics += checkBlock(block, document: document, isEarly: isEarly, mayQuote: mayQuote)
      }
      block.removeAll()
    }
    if isEarly { diagnostics += checkFields(of: document, isEarly: true) }
    // An early page is read with its comments that span lines taken out, so `go{{!` and `}}od`
    // on the next line read "good", as the page shows them.
    let (body, writtenLine) = isEarly ? EarlyPageText.joiningComments(written) : (written, nil)
    for (index, line) in Self.lines(of: body).enumerated() {
      if line.hasPrefixAfterBlanks("```") || line.hasPrefixAfterBlanks("~~~") {
        finish()
        inFence.toggle()
        continue
      }
      let looked = words.look(at: line)
      let isIgnored = looked.isIgnored
      // An early page may state no outcome at all, in code or on a marked line too: those lines
      // are still read for that, and only spared the other checks.
      let isSkipped = inFence || isIgnored
      if isSkipped && !isEarly {
        finish()
        continue
      }
      let lineNumber = (writtenLine.map { $0[min(index, $0.count - 1)] } ?? index) + 1 + document.bodyLineOffset
      if line.isBlank {
        finish()
        continue
      }
      // A block quote is somebody's words: only read for a quotation of the report cut short.
      if line.hasPrefixAfterBlanks(">") {
        if !block.isBlockquote { finish() }
        block.isBlockquote = true
        block.mayHoldQuote = true
        let marker = line.firstIndex(of: ">")!
        let text = line[line.index(after: marker)...]
        let indent = line.distance(from: line.startIndex, to: text.startIndex)
        block.append(lineNumber, text, indent: indent, isEarly: isEarly)
        if isIgnored { block.isIgnored = true }
        continue
      }
      if block.isBlockquote { finish() }
      let (isTableRow, startsBlock) = Self.blockStart(line)
      if startsBlock || block.isTableRow { finish() }
      block.isTableRow = isTableRow
      block.append(lineNumber, line, indent: 0, isEarly: isEarly)
      if isIgnored { block.isIgnored = true }
      if isSkipped { continue }
      if mayQuote, !block.mayHoldQuote, Self.mayHoldQuotation(line) { block.mayHoldQuote = true }
      // Most lines hold no grade word, month or "Council": one cheap look at the lower-cased line
      // spares them the sentence-by-sentence reading.
      if looked.grade { block.mayHoldGrade = true }
      if looked.month {
        for sentence in Self.sentences(in: String(line)) {
          diagnostics += checkDates(in: sentence, line: lineNumber, document: document)
        }
      }
      if looked.council {
        diagnostics += checkCouncilName(in: String(line), line: lineNumber, document: document)
      }
    }
    finish()
    return diagnostics.sorted {
      ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
    }
  }

  /// Consecutive lines read as one: a paragraph, a list item, a table row, a heading, or a block
  /// quote (its lines without the '>'). A sentence may run over several lines of a paragraph.
  struct Block {
    /// Each line's number in the file, its text, and the characters before the text (a
    /// block quote's '>').
    var lines: [(number: Int, text: Substring, indent: Int)] = []
    /// For each line of an early page that reads otherwise than written (`EarlyPageText`), the
    /// column of each character of its text; nil for the lines read as written.
    var columns: [[Int]?] = []
    var isTableRow = false
    /// Whether a line holds the ignore marker (read on an early page all the same).
    var isIgnored = false
    var isBlockquote = false
    var mayHoldGrade = false
    /// Whether a line holds a quotation mark (or the block is a block quote).
    var mayHoldQuote = false

    /// Makes the block empty, keeping its storage for the next one.
    mutating func removeAll() {
      lines.removeAll(keepingCapacity: true)
      columns.removeAll(keepingCapacity: true)
      isTableRow = false
      isIgnored = false
      isBlockquote = false
      mayHoldGrade = false
      mayHoldQuote = false
    }

    /// Adds a line; on an early page, as a reader sees it (`EarlyPageText`).
    mutating func append(_ number: Int, _ text: Substring, indent: Int, isEarly: Bool) {
      if isEarly, let read = EarlyPageText.normalised(text, indent: indent) {
        lines.append((number, Substring(read.text), indent))
        columns.append(read.columns)
      } else {
        lines.append((number, text, indent))
        columns.append(nil)
      }
    }

    /// The lines joined by spaces.
    func joinedText() -> String {
      var text = ""
      for (i, line) in lines.enumerated() {
        if i > 0 { text.append(" ") }
        text.append(contentsOf: line.text)
      }
      return text
    }

    /// The file line and column of the character at `offset` in `joinedText()`, counting each
    /// line's characters as they are in the line and one for each space between lines; an
    /// offset past the end is the last character's place. Worked out only for a finding, as
    /// few blocks have one.
    func place(at offset: Int) -> (line: Int, column: Int) {
      let count = lines.reduce(lines.count - 1) { $0 + $1.text.count }
      guard count > 0 else { return (lines[0].number, 1) }
      var remaining = min(max(offset, 0), count - 1)
      var lastColumn = 0  // the column of the place before, 0 for none
      for (i, line) in lines.enumerated() {
        if i > 0 {
          // The space between two lines is placed just after the end of the first.
          if remaining == 0 { return (lines[i - 1].number, lastColumn + 1) }
          lastColumn += 1
          remaining -= 1
        }
        let given = i < columns.count ? columns[i] : nil
        func column(_ k: Int) -> Int {
          if let given, !given.isEmpty { return given[min(k, given.count - 1)] }
          return line.indent + k + 1
        }
        let length = line.text.count
        if remaining < length { return (line.number, column(remaining)) }
        remaining -= length
        if length > 0 { lastColumn = column(length - 1) }
      }
      return (lines[lines.count - 1].number, lastColumn)
    }
  }

  /// Whether the line is a table row, and whether it starts a block of its own: a heading, a
  /// table row, a list item ("- ", "* ", "+ ", "1. ", "1) "). Read on bytes: a line that starts,
  /// after blanks, with none of those ASCII characters starts no block.
  static func blockStart(_ line: Substring) -> (isTableRow: Bool, startsBlock: Bool) {
    var bytes = line.utf8.drop(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
    guard let first = bytes.first else { return (false, false) }
    switch first {
    case UInt8(ascii: "|"): return (true, true)
    case UInt8(ascii: "#"): return (false, true)
    case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
      return (false, bytes.dropFirst().first == UInt8(ascii: " "))
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      bytes = bytes.drop(while: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
      let marker = bytes.first
      return (
        false,
        (marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")")) && bytes.dropFirst().first == UInt8(ascii: " ")
      )
    default: return (false, false)
    }
  }

  /// Whether the text may hold a quotation: a quotation mark or a block quote's '>'. (U+201C is
  /// the bytes E2 80 9C.)
  static func mayHoldQuotation<Text: StringProtocol>(_ text: Text) -> Bool {
    // Three memchr scans, where the bytes are stored together (they are, for a body and its lines).
    let found: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
      guard let base = bytes.baseAddress else { return false }
      if memchr(base, Int32(UInt8(ascii: "\"")), bytes.count) != nil || memchr(base, Int32(UInt8(ascii: ">")), bytes.count) != nil {
        return true
      }
      var from = 0
      while from + 2 < bytes.count, let hit = memchr(base + from, 0xE2, bytes.count - from - 2) {
        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if bytes[at + 1] == 0x80, bytes[at + 2] == 0x9C { return true }
        from = at + 1
      }
      return false
    }
    if let found { return found }
    var previous: (UInt8, UInt8) = (0, 0)
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ">") { return true }
      if byte == 0x9C, previous == (0xE2, 0x80) { return true }
      previous = (previous.1, byte)
    }
    return false
  }

  func checkBlock(_ block: Block, document: Document, isEarly: Bool, mayQuote: Bool) -> [Diagnostic] {
    let mayQuote = mayQuote && block.mayHoldQuote
    guard isEarly || mayQuote || (block.mayHoldGrade && !block.isBlockquote) else { return [] }
    let text = block.joinedText()
    func location(_ offset: Int) -> SourceLocation {
      let place = block.place(at: offset)
      return SourceLocation(path: document.path, line: place.line, column: place.column)
    }
    var diagnostics: [Diagnostic] = []
    if mayQuote { diagnostics += checkQuotations(in: text, isBlockquote: block.isBlockquote, at: location) }
    if isEarly { diagnostics += checkFindingsStated(in: text, at: location) }
    // A block quote is somebody's words, but an early page may quote no outcome either.
    guard !block.isBlockquote || isEarly, block.mayHoldGrade || isEarly else {
      return diagnostics
    }
    for sentence in Self.sentences(in: text, isTableRow: block.isTableRow) {
      for claim in reader.claims(in: sentence.text, isTableRow: sentence.isTableRow) {
        let at = location(sentence.column - 1 + claim.offset)
        if isEarly {
          diagnostics.append(earlyStatement(claim, at: at))
        } else if let diagnostic = disagreement(claim, at: at) {
          diagnostics.append(diagnostic)
        }
      }
    }
    if isEarly && block.isIgnored {
      for i in diagnostics.indices { diagnostics[i].notes.append(Self.earlyIgnoreNote) }
    }
    return diagnostics
  }

  static let earlyIgnoreNote =
    "\(ignoreMarker) does not apply here: a page with 'embargo: none' may not state the inspection's outcome at all"

  /// The document's `title` and `summary`, which reach the landing page's listing, its
  /// structured data, every page's navigation, the feed and the PDF's metadata, read as a line of
  /// its body is: on an early page for the early-page rule (any outcome, marked or not), else for
  /// grade claims against the data ("Ofsted rates Fernleigh outstanding" in a title). An error
  /// is located at the field's line.
  func checkFields(of document: Document, isEarly: Bool) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for (key, value) in [("title", document.title), ("summary", document.summary)] {
      guard let value, !value.isBlank else { continue }
      if !isEarly {
        guard !value.contains(word: Self.ignoreMarker), WordsInDocument.holdsGradeWord(value) else { continue }
      }
      let at = document.fieldLocations[key] ?? SourceLocation(path: document.path, line: 1, column: 1)
      var block = Block()
      let text = Self.readerText(value)
      block.append(at.line, Substring(text), indent: at.column - 1, isEarly: isEarly)
      block.columns = [Array(repeating: at.column, count: block.lines[0].text.count)]
      block.mayHoldGrade = true
      diagnostics += checkBlock(block, document: document, isEarly: isEarly, mayQuote: false).map {
        var diagnostic = $0
        diagnostic.message =
          isEarly
          ? diagnostic.message.replacingOccurrences(of: "but it states", with: "but its \(key) states")
          : diagnostic.message.replacingOccurrences(of: "the grade written here", with: "the grade written in the \(key)")
        diagnostic.notes.append(
          "the \(key) shows on the landing page's listing, in its structured data, in navigation and in the PDF's details too"
        )
        return diagnostic
      }
    }
    return diagnostics
  }

  /// The grade words, months and markers a document's bytes could hold, so its lines are only
  /// looked at for those. A word whose bytes occur nowhere in the document is in no line of it.
  struct WordsInDocument {
    /// The grade words and months the lower-cased document holds (bit `i` for word `i` of
    /// `scannedWords`).
    var gradeWords: UInt64
    var months: UInt64
    var mayNameCouncil: Bool
    var mayHoldIgnoreMarker: Bool

    /// The words a document and its lines are looked at for, in one pass (`WordScan`): the
    /// grade wordings and months in the lower-cased text, then "Council" and the ignore marker
    /// as written.
    static let scannedWords = ProseChecker.gradeWords + ProseChecker.lowercasedMonths + ["Council", ignoreMarker]
    static let scan = WordScan(
      folded: ProseChecker.gradeWords + ProseChecker.lowercasedMonths, exact: ["Council", ignoreMarker])
    static let allGradeWords = bits(0..<ProseChecker.gradeWords.count)
    static let allMonths = bits(ProseChecker.gradeWords.count..<(scannedWords.count - 2))
    static let council: UInt64 = 1 << UInt64(scannedWords.count - 2)
    static let marker: UInt64 = 1 << UInt64(scannedWords.count - 1)

    static func bits(_ range: Range<Int>) -> UInt64 { range.reduce(0) { $0 | 1 << UInt64($1) } }

    /// The scanned words of `mask`.
    static func words(_ mask: UInt64) -> [String] {
      scannedWords.indices.filter { mask & 1 << UInt64($0) != 0 }.map { scannedWords[$0] }
    }

    init(_ body: String) {
      if let outcomes = Self.scan.outcomes(in: body) {
        // A word found or undecided by the bytes is one `mayContain` does not rule out.
        let held = outcomes.found | outcomes.undecided
        gradeWords = held & Self.allGradeWords
        months = held & Self.allMonths
        mayNameCouncil = held & Self.council != 0
        mayHoldIgnoreMarker = held & Self.marker != 0
        return
      }
      let lower = body.lowercased()
      let held = Self.scannedWords.indices.filter { index in
        let word = Self.scannedWords[index]
        return index < Self.scannedWords.count - 2 ? lower.mayContain(word: word) : body.mayContain(word: word)
      }.reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
      gradeWords = held & Self.allGradeWords
      months = held & Self.allMonths
      mayNameCouncil = held & Self.council != 0
      mayHoldIgnoreMarker = held & Self.marker != 0
    }

    var mayHoldFinding: Bool { gradeWords != 0 || months != 0 || mayNameCouncil }

    /// What a line may hold: the ignore marker, a grade word, a month, "Council", as
    /// `contains(word:)` says (a grade word or month in the lower-cased line). Each is only
    /// looked for when the document may hold it.
    func look(at line: Substring) -> (isIgnored: Bool, grade: Bool, month: Bool, council: Bool) {
      let among = gradeWords | months | (mayNameCouncil ? Self.council : 0) | (mayHoldIgnoreMarker ? Self.marker : 0)
      // "Council" and the marker alone are found sooner with `memchr` (their first bytes are rare).
      guard gradeWords | months != 0, let outcomes = Self.scan.outcomes(in: line, among: among) else {
        let (grade, month) = gradeAndMonth(in: line)
        return (
          mayHoldIgnoreMarker && line.contains(word: ProseChecker.ignoreMarker), grade, month,
          mayNameCouncil && line.contains(word: "Council")
        )
      }
      // Where the first match touches a character that is not ASCII, `contains(word:)` asks
      // Foundation: so is it asked here.
      var lower: String?
      func holds(_ mask: UInt64, folded: Bool) -> Bool {
        if outcomes.found & mask != 0 { return true }
        guard outcomes.undecided & mask != 0 else { return false }
        if folded && lower == nil { lower = line.lowercased() }
        return Self.words(outcomes.undecided & mask).contains {
          folded ? lower!.contains(word: $0) : line.contains(word: $0)
        }
      }
      return (
        holds(among & Self.marker, folded: false), holds(gradeWords, folded: true), holds(months, folded: true),
        holds(among & Self.council, folded: false)
      )
    }

    /// Whether the lower-cased text contains a grade word.
    static func holdsGradeWord(_ text: String) -> Bool {
      if let outcomes = scan.outcomes(in: text, among: allGradeWords) {
        if outcomes.found != 0 { return true }
        if outcomes.undecided == 0 { return false }
      }
      let lower = text.lowercased()
      return ProseChecker.gradeWords.contains { lower.contains(word: $0) }
    }

    /// Whether the line may hold a grade word, and a month: whether its lower-cased text
    /// contains one.
    func gradeAndMonth(in line: Substring) -> (grade: Bool, month: Bool) {
      guard gradeWords != 0 || months != 0 else { return (false, false) }
      let lower = line.lowercased()
      return (
        Self.words(gradeWords).contains { lower.contains(word: $0) },
        Self.words(months).contains { lower.contains(word: $0) }
      )
    }
  }

  /// The body's lines, as `body.split(separator: "\n", omittingEmptySubsequences: false)` cuts
  /// them, found on bytes. That split compares characters, and "\r\n" is one character: a line
  /// feed right after a carriage return ends no line.
  static func lines(of body: String) -> [Substring] {
    let utf8 = body.utf8
    // Line feeds found with memchr, as offsets; the indices made from them once.
    let ends: [Int]? = utf8.withContiguousStorageIfAvailable { bytes in
      guard let base = bytes.baseAddress else { return [] }
      var ends: [Int] = []
      var from = 0
      while from < bytes.count, let hit = memchr(base + from, Int32(UInt8(ascii: "\n")), bytes.count - from) {
        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if at == 0 || bytes[at - 1] != UInt8(ascii: "\r") { ends.append(at) }
        from = at + 1
      }
      return ends
    }
    guard let ends else { return lines(bytewise: body) }
    var lines: [Substring] = []
    lines.reserveCapacity(ends.count + 1)
    var lineStart = utf8.startIndex
    for end in ends {
      let index = utf8.index(utf8.startIndex, offsetBy: end)
      lines.append(body[lineStart..<index])
      lineStart = utf8.index(after: index)
    }
    lines.append(body[lineStart..<utf8.endIndex])
    return lines
  }

  /// `lines(of:)` for a string whose bytes are not stored together (bridged).
  private static func lines(bytewise body: String) -> [Substring] {
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

  static func sentences(in line: String, isTableRow: Bool? = nil) -> [Sentence] {
    let isTableRow = isTableRow ?? line.hasPrefixAfterBlanks("|")
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
    blankQuotesAndTags(ascii: text) ?? blankQuotesAndTags(characters: text)
  }

  /// `blankQuotesAndTags`, a character at a time.
  static func blankQuotesAndTags(characters text: String) -> String {
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

  /// `blankQuotesAndTags` for ASCII text (`ASCIIText`), on bytes; nil for other text.
  static func blankQuotesAndTags(ascii text: String) -> String? {
    ASCIIText.withBytes(of: text) { bytes in
      String(unsafeUninitializedCapacity: bytes.count) { out in
        var inQuote = false
        var inTag = false
        var i = 0
        var o = 0
        while i < bytes.count {
          let c = bytes[i]
          let isDouble = i + 1 < bytes.count && bytes[i + 1] == c
          if !inQuote, c == UInt8(ascii: "{"), isDouble { inTag = true }
          if inTag {
            out[o] = UInt8(ascii: " ")
            o += 1
            if c == UInt8(ascii: "}"), isDouble {
              out[o] = UInt8(ascii: " ")
              o += 1
              i += 2
              inTag = false
              continue
            }
            i += 1
            continue
          }
          if c == UInt8(ascii: "\"") {
            inQuote.toggle()
            out[o] = UInt8(ascii: " ")
          } else {
            out[o] = inQuote ? UInt8(ascii: " ") : c
          }
          o += 1
          i += 1
        }
        return o
      }
    }
  }

  /// The error for a claim that disagrees with the data, or nil.
  func disagreement(_ claim: GradeClaims.Claim, at: SourceLocation) -> Diagnostic? {
    let judgements = inspection.judgements
    switch claim.subject {
    case .judgement(let judgement):
      guard let actual = judgements[judgement], actual != claim.grade else { return nil }
      // The message names the field, and neither grade: a build's log may be read by anyone,
      // and before the embargo the grade is the news.
      return .error(
        at: at,
        "the grade written here for \(judgement.ofstedWording(in: inspection.details.frameworkVersion).lowercased()) is not the one in inspection.yaml (judgements.\(judgement.rawValue))",
        notes: [
          "write {{judgements.\(judgement.rawValue).gradeLower}} (or .grade) so the text follows the data",
          "if this is about something else (another inspection, other councils), say so in the sentence (\"in 2022\", \"at the last inspection\", \"nationally\"), or add \(Self.ignoreMarker) to the line",
        ])
    case .count(let count):
      let all = judgements.values.filter { $0 == claim.grade }.count
      let areas = judgements.filter { $0.key != .overallEffectiveness && $0.value == claim.grade }.count
      guard !judgements.isEmpty, count != all, count != areas else { return nil }
      return .error(
        at: at,
        "the number of judgements written here with this grade is not the number in inspection.yaml (judgements)",
        notes: [
          "name each judgement with its grade, or write {{#judgementList}}...{{/judgementList}} so the text follows the data",
          "if this is about something else, say so in the sentence, or add \(Self.ignoreMarker) to the line",
        ])
    case .all:
      guard !judgements.isEmpty, judgements.values.contains(where: { $0 != claim.grade }) else { return nil }
      return .error(
        at: at, "the grade written here for every judgement is not the grade of each in inspection.yaml (judgements)",
        notes: [
          "name each judgement with its grade, or write {{#judgementList}}...{{/judgementList}} so the text follows the data",
          "if this is about something else, say so in the sentence, or add \(Self.ignoreMarker) to the line",
        ])
    }
  }

  static let earlyNotes = [
    "a page with 'embargo: none' comes out before the report, so it must say nothing about the inspection's outcome",
    "move the sentence to a document released with the report, or remove 'embargo: none' to release the page with the pack",
  ]

  /// The error for a grade stated on a page that comes out before the report, right or wrong.
  func earlyStatement(_ claim: GradeClaims.Claim, at: SourceLocation) -> Diagnostic {
    let what: String
    switch claim.subject {
    case .judgement(let judgement):
      what = "a grade for \(judgement.ofstedWording(in: inspection.details.frameworkVersion).lowercased())"
    case .count, .all: what = "the inspection's grades"
    }
    return .error(
      at: at, "this page has 'embargo: none' and comes out before the report, but it states \(what) in words",
      notes: Self.earlyNotes)
  }

  /// A sentence of the report's headline or findings written out on an early page.
  func checkFindingsStated(in text: String, at location: (Int) -> SourceLocation) -> [Diagnostic] {
    let written = Self.readerText(text, keepingLength: true).lowercased()
    var diagnostics: [Diagnostic] = []
    for sentence in findingSentences {
      guard let found = written.range(of: sentence.lowercased()) else { continue }
      diagnostics.append(
        .error(
          at: location(written.distance(from: written.startIndex, to: found.lowerBound)),
          "this page has 'embargo: none' and comes out before the report, but it states the report's findings",
          notes: Self.earlyNotes))
    }
    return diagnostics
  }

  /// A quotation of the report's headline or findings that is not whole sentences of it: cut
  /// off mid-sentence, or begun mid-sentence.
  func checkQuotations(in text: String, isBlockquote: Bool, at location: (Int) -> SourceLocation) -> [Diagnostic] {
    var quotations: [(text: Substring, offset: Int)] = []
    if isBlockquote {
      quotations.append((text[...], 0))
    } else if Self.mayOpenQuotation(text) {
      var open: (index: String.Index, offset: Int)?
      var i = 0
      var index = text.startIndex
      while index < text.endIndex {
        let c = text[index]
        let next = text.index(after: index)
        if c == "\u{201C}" || (c == "\"" && open == nil) {
          open = (next, i + 1)
        } else if let start = open, c == "\u{201D}" || c == "\"" {
          quotations.append((text[start.index..<index], start.offset))
          open = nil
        }
        index = next
        i += 1
      }
    }
    var diagnostics: [Diagnostic] = []
    for (quoted, offset) in quotations {
      // Most quotations are of nobody's findings: their inner words (the first and last may be
      // cut) are not all words of the findings. Only the first six words are needed for that.
      let words = Self.firstWords(6, of: quoted)
      guard words.count >= 5,
        words[1..<min(5, words.count - 1)].allSatisfy({
          findingWords.contains(Self.readerText(String($0), keepingLength: true))
        })
      else { continue }
      let quoted = String(quoted)
      let quote = Self.readerText(quoted).trimmingBlanks()
      // Short quotations ("outstanding", "a strong grip") are a phrase, not a sentence.
      guard quote.split(separator: " ").count >= 5 else { continue }
      let core = String(quote.reversed().drop(while: { ".!?,;:".contains($0) }).reversed())
      for finding in findingTexts {
        guard let found = finding.range(of: core) else { continue }
        let startsWhole =
          found.lowerBound == finding.startIndex
          || String(finding[..<found.lowerBound]).trimmingBlanks().last.map { ".!?".contains($0) } == true
        let after = finding[found.upperBound...].first
        let endsWhole = after == nil || ".!?".contains(after!)
        if startsWhole && endsWhole { break }
        diagnostics.append(
          .error(
            at: location(offset),
            "this quotation of the report is not whole sentences: it \(endsWhole ? "starts in the middle of a sentence" : "stops before its sentence ends")",
            notes: [
              "quote each sentence of the report whole, from its first word to its full stop",
              "to leave words out, quote whole sentences and mark the gap with '…' or '[...]'",
            ]))
        break
      }
    }
    return diagnostics
  }

  /// The first `count` words of the text as `split(whereSeparator: \.isWhitespace)` cuts them
  /// (fewer when it has fewer), without cutting the rest.
  static func firstWords(_ count: Int, of text: Substring) -> [Substring] {
    firstWords(ascii: count, of: text) ?? firstWords(characters: count, of: text)
  }

  /// `firstWords` on bytes, while they are ASCII (`ASCIIText`): nil when a byte that is not
  /// comes before the words are known. Up to the first byte of the word after the last one
  /// wanted, every character is then one byte.
  static func firstWords(ascii count: Int, of text: Substring) -> [Substring]? {
    let offsets: [Range<Int>]?? = text.utf8.withContiguousStorageIfAvailable { bytes in
      var words: [Range<Int>] = []
      var start: Int?
      for (i, byte) in bytes.enumerated() {
        if byte >= 0x80 || byte == UInt8(ascii: "\r") { return nil }
        if ASCIIText.isWhitespace(byte) {
          if let begun = start {
            words.append(begun..<i)
            start = nil
          }
        } else if start == nil {
          // A word begins: the words before it are known.
          if words.count == count { return words }
          start = i
        }
      }
      if let begun = start { words.append(begun..<bytes.count) }
      return words
    }
    guard let found = offsets ?? nil else { return nil }
    let utf8 = text.utf8
    return found.prefix(count).map {
      text[utf8.index(utf8.startIndex, offsetBy: $0.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: $0.upperBound)]
    }
  }

  /// `firstWords`, a character at a time.
  static func firstWords(characters count: Int, of text: Substring) -> [Substring] {
    var words: [Substring] = []
    var start: String.Index?
    var index = text.startIndex
    while index < text.endIndex {
      if text[index].isWhitespace {
        if let begun = start {
          words.append(text[begun..<index])
          start = nil
          if words.count == count { return words }
        }
      } else if start == nil {
        start = index
      }
      index = text.index(after: index)
    }
    if let begun = start, words.count < count { words.append(text[begun..<text.endIndex]) }
    return words
  }

  /// Whether the text holds a character that opens a quotation: '"' or U+201C (E2 80 9C).
  /// Nothing else is equal to either as a character, so text without their bytes holds none.
  static func mayOpenQuotation(_ text: String) -> Bool {
    var previous: (UInt8, UInt8) = (0, 0)
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\"") { return true }
      if byte == 0x9C, previous == (0xE2, 0x80) { return true }
      previous = (previous.1, byte)
    }
    return false
  }

  /// Text as a reader sees it: curly quotes and apostrophes as straight ones, and (unless
  /// `keepingLength`) runs of white space as one space.
  static func readerText(_ text: String, keepingLength: Bool) -> String {
    readerText(ascii: text, keepingLength: keepingLength) ?? readerText(characters: text, keepingLength: keepingLength)
  }

  /// `readerText` for ASCII text (`ASCIIText`), on bytes; nil for other text.
  static func readerText(ascii text: String, keepingLength: Bool) -> String? {
    ASCIIText.withBytes(of: text) { bytes in
      String(unsafeUninitializedCapacity: bytes.count) { out in
        var o = 0
        if keepingLength {
          for byte in bytes {
            out[o] = byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") ? UInt8(ascii: " ") : byte
            o += 1
          }
          return o
        }
        // Runs of white space as one space, none at either end.
        var pendingSpace = false
        for byte in bytes {
          if ASCIIText.isWhitespace(byte) {
            pendingSpace = o > 0
          } else {
            if pendingSpace {
              out[o] = UInt8(ascii: " ")
              o += 1
              pendingSpace = false
            }
            out[o] = byte
            o += 1
          }
        }
        return o
      }
    }
  }

  /// `readerText`, a character at a time.
  static func readerText(characters text: String, keepingLength: Bool) -> String {
    let straightened = String(
      text.map { character -> Character in
        switch character {
        case "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}": "'"
        case "\u{201C}", "\u{201D}", "\u{201F}", "\u{2033}": "\""
        case "\t", "\n", "\u{A0}": " "
        default: character
        }
      })
    return keepingLength ? straightened : straightened.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  static func readerText(_ text: String) -> String { readerText(text, keepingLength: false) }

  // MARK: - Dates

  static func knownDates(of inspection: Inspection) -> Set<CalendarDate> {
    var dates: Set<CalendarDate> = [
      inspection.details.onSiteStart, inspection.details.onSiteEnd,
      CalendarDate(londonDateOf: inspection.embargo.liftsAt),
    ]
    for date in [
      inspection.report.publicationDate, inspection.details.notificationDate, inspection.previous?.onSiteStart,
      inspection.previous?.publicationDate, inspection.actionPlan?.dueDate, inspection.actionPlan?.basisDate,
      inspection.intervention.issuedDate,
    ] {
      if let date { dates.insert(date) }
    }
    return dates
  }

  static let lowercasedMonths = LondonTime.months.map { $0.lowercased() }

  static let inspectionCues = [
    "inspect", "visited", "visit", "on site", "on-site", "took place", "published", "publish",
  ]

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
          let firstDay = Int(words[i - 4].text),
          let date = CalendarDate(year: year, month: firstMonth + 1, day: firstDay)
        {
          result.append((date, words[i - 4].offset))
        }
      }
    }
    return result
  }

  /// The words of the text (runs of letters and numbers), each with its offset in characters.
  static func tokens(_ text: String) -> [(text: String, offset: Int)] {
    tokens(ascii: text) ?? tokens(characters: text)
  }

  /// `tokens`, a character at a time.
  static func tokens(characters text: String) -> [(text: String, offset: Int)] {
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

  /// `tokens` for ASCII text (`ASCIIText`), on bytes: a letter or number is an ASCII letter or
  /// digit. Nil for other text.
  static func tokens(ascii text: String) -> [(text: String, offset: Int)]? {
    ASCIIText.withBytes(of: text) { bytes in
      var result: [(String, Int)] = []
      var start: Int?
      for i in 0...bytes.count {
        if i < bytes.count, ASCIIText.isLetterOrDigit(bytes[i]) {
          if start == nil { start = i }
        } else if let begun = start {
          result.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[begun..<i]), as: UTF8.self), begun))
          start = nil
        }
      }
      return result
    }
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
