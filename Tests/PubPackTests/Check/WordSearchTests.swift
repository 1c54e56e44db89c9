import Foundation
import Testing

@testable import PubPack

/// The prose check looks for words on UTF-8 bytes, and must give the answers Foundation's
/// `contains(_:)`, `range(of:)` and `trimmingCharacters(in:)` give, including where those are not
/// a plain comparison of bytes.
@Suite struct WordSearchTests {
  static let texts = [
    "", "good", "judged good.", "goodgood", "a\r\ngood", "😀good😀", "council’s “good” work",
    // A combining mark after a match: Foundation finds no match.
    "judged good\u{301} here", "judged goo\u{301}d here", "e\u{301}good\u{308}",
    // One before a match joins the space before it, not the match.
    "judged \u{301}good here",
    // A zero-width joiner after a match: Foundation finds one that ends inside a character.
    "judged good\u{200D}x good",
    "judged good\u{FE0F}x", "x\u{200B}good", "go\u{AD}od", "Caf\u{E9} good", "Cafe\u{301} good",
    // The Kelvin sign is "K" to Foundation, and lower-cases to "k".
    "\u{212A}ept it; too\u{212A} place", "İnadequate, inadequate",
  ]

  static let words = ["good", "inadequate", "took place", "council", "e"]

  static func utf8Offsets(_ range: Range<String.Index>?, in text: String) -> [Int]? {
    range.map {
      [
        text.utf8.distance(from: text.startIndex, to: $0.lowerBound),
        text.utf8.distance(from: text.startIndex, to: $0.upperBound),
      ]
    }
  }

  @Test(arguments: texts.flatMap { [$0, $0.lowercased()] })
  func theByteSearchGivesFoundationsAnswers(_ text: String) {
    for word in Self.words {
      #expect(text.contains(word: word) == text.contains(word), "contains '\(word)'")
      #expect(text.mayContain(word: word) || !text.contains(word), "may contain '\(word)'")
      // Each search starts where the last match ended, as the checker's do.
      var ours = text.startIndex
      var foundations = text.startIndex
      while true {
        let mine = text.range(ofWord: word, from: ours)
        let theirs = text.range(of: word, range: foundations..<text.endIndex)
        #expect(Self.utf8Offsets(mine, in: text) == Self.utf8Offsets(theirs, in: text), "range of '\(word)'")
        guard let mine, let theirs else { break }
        ours = mine.upperBound
        foundations = theirs.upperBound
      }
    }
  }

  @Test(arguments: [
    "", " ", "\t", "```", "  ```", "\t~~~ x", "\u{A0}```", "\u{200B}> q", "\u{3000}| a |", "\u{FEFF}```", " \u{301}```",
    "```\u{301}", "`` `", "> ", " a ", "\u{2003}x\u{2003}", "x \u{301}", "\u{85}>",
  ])
  func trimmingGivesFoundationsAnswers(_ line: String) {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    #expect(Array(line.trimmingBlanks().unicodeScalars) == Array(trimmed.unicodeScalars))
    #expect(line.isBlank == trimmed.isEmpty)
    for prefix in ["```", "~~~", ">", "|"] {
      #expect(line.hasPrefixAfterBlanks(prefix) == trimmed.hasPrefix(prefix), "prefix \(prefix)")
    }
  }

  /// A word holding "K", ";" or "`" could be found by Foundation where the bytes differ.
  @Test func everyWordTheCheckLooksForCanBeLookedForOnBytes() {
    let words =
      ProseChecker.gradeWords + ProseChecker.lowercasedMonths + ProseChecker.inspectionCues
      + ["Council", ProseChecker.ignoreMarker]
    #expect(words.filter { !WordSearch.isDecidableOnBytes($0) } == [])
  }

  @Test func linesAreCutAsSplittingOnTheNewlineCharacterCutsThem() {
    for body in ["", "a", "a\nb", "a\r\nb\n", "\n\n", "a\r\n\nb\rc\n\u{301}d"] {
      #expect(ProseChecker.lines(of: body) == body.split(separator: "\n", omittingEmptySubsequences: false))
    }
  }
}
