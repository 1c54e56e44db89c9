import Foundation
import Testing

@testable import PubPack

/// The prose check looks for its words in one pass over a text's bytes (`WordScan`), capitals
/// read as small letters, where it lower-cased the text and looked for each word in turn. Both
/// must give the same answers for every text: checked here on the property the scan rests on
/// (of every Unicode scalar) and on many texts made of awkward pieces.
@Suite struct WordScanTests {
  /// A small generator with a seed, so a failure can be run again.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return state
    }
  }

  /// Pieces of prose, a few of them awkward: capitals, curly quotes, non-breaking and other
  /// spaces, combining accents, Cyrillic and Greek letters that look Latin, emoji, a zero-width
  /// joiner, the two scalars that lower-case to ASCII, and carriage returns.
  static let pieces = [
    "good", "Good", "GOOD", "goo", "d", "g", "outstanding", "Outstanding", "inadequate", "requires improvement",
    "Requires Improvement To Be Good", "require improvement", "required improvement", "requiring", "improvement",
    "May", "may", "june", "JULY", "august", "Sept", "september", "march", "Council", "council", "COUNCIL",
    "{{! check: ignore }}", "{{! check: ignore", "{{council.name}}", " ", "  ", ".", ",", "\n", "\r\n", "\r", "\t",
    "\u{A0}", "\u{2019}", "\u{201C}", "\u{201D}", "\"", "\u{301}", "\u{308}", "\u{200D}", "\u{200B}", "\u{AD}",
    "\u{FE0F}", "о", "е", "с", "α", "Σ", "ς", "😀", "👍🏽", "é", "e\u{301}", "İ", "\u{212A}", "\u{130}",
    "\u{1E9E}", "ǅ", "ﬁ", "ｇｏｏｄ", "𝐠𝐨𝐨𝐝", "\u{2033}", "—", "–", "K", "k", "judged", "rated", "in", "2026",
  ]

  static func texts(count: Int, seed: UInt64) -> [String] {
    var generator = Generator(state: seed)
    return (0..<count).map { _ in
      let length = Int.random(in: 0...14, using: &generator)
      return (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }
  }

  /// `lowercased()` maps each scalar on its own, every one that is not ASCII to one or more
  /// that are not, but for U+0130 and U+212A: what `WordScan` reads capitals as small letters on.
  @Test func everyScalarButTwoLowerCasesToScalarsThatAreNotASCII() {
    var toASCII: [UInt32] = []
    for value in UInt32(0x80)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let lower = String(Character(scalar)).lowercased().utf8
      if lower.isEmpty || lower.contains(where: { $0 < 0x80 }) { toASCII.append(value) }
    }
    #expect(toASCII == [0x130, 0x212A])
    for text in Self.texts(count: 400, seed: 7) + ["ΣΑΣ ΣΣ Σ.", "İstanbul \u{212A}", "Straße ǅ", "A\u{301}B\u{345}C"] {
      let scalarByScalar = text.unicodeScalars.map { String(Character($0)).lowercased() }.joined()
      #expect(Array(text.lowercased().unicodeScalars) == Array(scalarByScalar.unicodeScalars), "\(text)")
    }
  }

  /// Each word's outcome is `WordSearch.first`'s in the lower-cased text (or in the text, for
  /// a word looked for as written), and the scan declines only texts holding U+0130 or U+212A.
  @Test func theScanGivesWordSearchsAnswersInTheLowerCasedText() {
    let folded = ProseChecker.gradeWords + ProseChecker.lowercasedMonths + ["d", "may be"]
    let exact = ["Council", ProseChecker.ignoreMarker, "GOOD", "e"]
    let scan = WordScan(folded: folded, exact: exact)
    var declined = 0
    for text in Self.texts(count: 3000, seed: 42) + WordSearchTests.texts {
      let lower = text.lowercased()
      let masks: [UInt64] = [.max, 0b1011, 1 << UInt64(folded.count), 1 << UInt64(folded.count + 1)]
      for among in masks {
        guard let outcomes = scan.outcomes(in: text, among: among) else {
          declined += 1
          #expect(text.unicodeScalars.contains { $0 == "\u{130}" || $0 == "\u{212A}" }, "\(text)")
          #expect(among & ((1 << UInt64(folded.count)) - 1) != 0)
          continue
        }
        for (index, word) in (folded + exact).enumerated() {
          let bit: UInt64 = 1 << UInt64(index)
          var expected = WordSearch.Outcome.absent
          if among & bit != 0 {
            expected = WordSearch.first(word, in: index < folded.count ? lower : text, from: 0)
          }
          let actual: WordSearch.Outcome
          switch (outcomes.found & bit != 0, outcomes.undecided & bit != 0) {
          case (true, false): actual = .found(0..<0)
          case (false, true): actual = .undecided
          case (false, false): actual = .absent
          case (true, true): Issue.record("both found and undecided"); continue
          }
          switch (expected, actual) {
          case (.found, .found), (.undecided, .undecided), (.absent, .absent): break
          default: Issue.record("'\(word)' in \(text.debugDescription): \(actual), WordSearch says \(expected)")
          }
        }
      }
    }
    #expect(declined > 0, "some texts hold U+0130 or U+212A")
  }

  /// A title or summary is spared when it holds the ignore marker: looked for on bytes, as it
  /// is on a line, where it was looked for with Foundation's `contains(_:)`.
  @Test func theMarkerIsFoundInATitleAsFoundationFindsIt() {
    let marker = ProseChecker.ignoreMarker
    var generator = Generator(state: 11)
    let texts = Self.texts(count: 2000, seed: 3).map { text -> String in
      // The marker, whole or cut, at a random place, next to whatever piece is there.
      let cut = [marker, String(marker.dropLast()), String(marker.dropFirst()), "{{!check: ignore}}"]
        .randomElement(using: &generator)!
      var text = text
      let offset = Int.random(in: 0...text.unicodeScalars.count, using: &generator)
      text.unicodeScalars.insert(
        contentsOf: cut.unicodeScalars, at: text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: offset))
      return text
    }
    for text in texts + texts.map({ $0 + "\u{301}" }) + texts.map({ "\u{301}" + $0 }) {
      #expect(text.contains(word: marker) == text.contains(marker), "\(text.debugDescription)")
    }
  }

  /// The looks the check makes at a document and at each line agree with the looks it made
  /// before (lower-casing the text, then one `contains(word:)` per word).
  @Test func theDocumentAndLineLooksAgreeWithLowerCasingAndSearchingEachWord() {
    let words = ProseChecker.WordsInDocument.self
    for text in Self.texts(count: 3000, seed: 2026) + WordSearchTests.texts {
      let lower = text.lowercased()
      let found = ProseChecker.WordsInDocument(text)
      #expect(words.words(found.gradeWords) == ProseChecker.gradeWords.filter { lower.mayContain(word: $0) })
      #expect(words.words(found.months) == ProseChecker.lowercasedMonths.filter { lower.mayContain(word: $0) })
      #expect(found.mayNameCouncil == text.mayContain(word: "Council"))
      #expect(found.mayHoldIgnoreMarker == text.mayContain(word: ProseChecker.ignoreMarker))
      #expect(words.holdsGradeWord(text) == ProseChecker.gradeWords.contains { lower.contains(word: $0) })
      // Each line, looked at with what this document and with what any document may hold.
      let everything = ProseChecker.WordsInDocument(words.scannedWords.joined(separator: " "))
      for document in [found, everything] {
        for line in ProseChecker.lines(of: text) + [Substring(text)] {
          let lowerLine = line.lowercased()
          let looked = document.look(at: line)
          #expect(looked.isIgnored == (document.mayHoldIgnoreMarker && line.contains(word: ProseChecker.ignoreMarker)))
          #expect(looked.grade == words.words(document.gradeWords).contains { lowerLine.contains(word: $0) })
          #expect(looked.month == words.words(document.months).contains { lowerLine.contains(word: $0) })
          #expect(looked.council == (document.mayNameCouncil && line.contains(word: "Council")))
        }
      }
    }
  }
}
