import Foundation
import Testing

@testable import PubPack

/// The prose check reads ASCII text on bytes, and other text a character at a time; it joins a
/// block's lines without placing every character, and reads only the first words of a
/// quotation. Each shortcut must give what the longer way gave, for every text: checked here on
/// what each rests on, and on many texts made of awkward pieces (`WordScanTests.pieces`).
@Suite struct ProseFastPathTests {
  static let texts =
    WordScanTests.texts(count: 2000, seed: 99)
    + [
      "", "Fernleigh Borough Council said {{council.name}}.", "\"Quoted {{tag}} text\" and {{a}} b}} c {{",
      "a \"b\" c \"d", "{{ x \" y }} z", "}}{{", "{", "}", "{{", "}}}", "\"", "8 to 19 June 2026", "x\r\ny",
      "in 2022 it was \u{201C}good\u{201D}", "caf\u{E9} 12", "a\tb  c", String(repeating: "ab12 ", count: 50),
    ]

  /// In ASCII text without a carriage return every character is one byte, and a letter or a
  /// number is an ASCII letter or digit.
  @Test func asciiCharactersAreTheirBytes() {
    for first in UInt8(0)..<0x80 {
      let character = Character(Unicode.Scalar(first))
      #expect(
        ASCIIText.isLetterOrDigit(first) == (character.isLetter || character.isNumber), "\(first)")
      #expect(ASCIIText.isWhitespace(first) == character.isWhitespace, "\(first)")
      for second in UInt8(0)..<0x80 {
        let pair = String(decoding: [first, second], as: UTF8.self)
        #expect(pair.count == (first == 0x0D && second == 0x0A ? 1 : 2))
      }
    }
  }

  /// Only '"' and U+201C are equal to themselves as characters, so text without their bytes
  /// opens no quotation.
  @Test func nothingElseIsAQuotationMarkThatOpens() {
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let character = Character(scalar)
      if character == "\"" || character == "\u{201C}" {
        #expect(scalar == "\"" || scalar == "\u{201C}", "\(value)")
      }
    }
    for text in Self.texts {
      let opens = text.contains { $0 == "\"" || $0 == "\u{201C}" }
      #expect(!opens || ProseChecker.mayOpenQuotation(text), "\(text.debugDescription)")
    }
  }

  @Test func bytesAndCharactersBlankQuotesAndTagsAlike() {
    var read = 0
    for text in Self.texts {
      guard let bytes = ProseChecker.blankQuotesAndTags(ascii: text) else {
        #expect(text.utf8.contains { $0 >= 0x80 || $0 == 0x0D })
        continue
      }
      read += 1
      #expect(bytes == ProseChecker.blankQuotesAndTags(characters: text), "\(text.debugDescription)")
    }
    #expect(read > 100)
  }

  @Test func bytesAndCharactersFindTheSameTokens() {
    var read = 0
    for text in Self.texts + Self.texts.map({ ProseChecker.blankQuotesAndTags($0) }) {
      guard let bytes = ProseChecker.tokens(ascii: text) else { continue }
      read += 1
      let characters = ProseChecker.tokens(characters: text)
      #expect(bytes.map(\.text) == characters.map(\.text), "\(text.debugDescription)")
      #expect(bytes.map(\.offset) == characters.map(\.offset), "\(text.debugDescription)")
    }
    #expect(read > 100)
  }

  @Test func theFirstWordsAreTheFirstOfAllTheWords() {
    var read = 0
    for text in Self.texts + Self.texts.map({ "a b c d e f " + $0 }) + Self.texts.map({ $0 + " a b c d e f" }) {
      let all = text.split(whereSeparator: \.isWhitespace)
      for count in [1, 5, 6] {
        let first = ProseChecker.firstWords(count, of: text[...])
        #expect(first.map(String.init) == all.prefix(count).map(String.init), "\(text.debugDescription)")
        #expect(first == ProseChecker.firstWords(characters: count, of: text[...]))
        if let bytes = ProseChecker.firstWords(ascii: count, of: text[...]) {
          read += 1
          #expect(bytes == first, "\(text.debugDescription)")
        }
      }
    }
    #expect(read > 1000)
  }

  @Test func bytesAndCharactersReadTextAsAReaderSeesItAlike() {
    var read = 0
    for text in Self.texts + ["  a\t\tb \n c  ", "\t", " ", "x\u{0B}y\u{0C}z\u{1C}w"] {
      for keepingLength in [false, true] {
        guard let bytes = ProseChecker.readerText(ascii: text, keepingLength: keepingLength) else { continue }
        read += 1
        #expect(
          bytes == ProseChecker.readerText(characters: text, keepingLength: keepingLength), "\(text.debugDescription)")
      }
    }
    #expect(read > 100)
  }

  /// What `Block` gave before: the text, and the place of every character, worked out together.
  static func joined(_ block: ProseChecker.Block) -> (text: String, places: [(line: Int, column: Int)]) {
    var text = ""
    var places: [(line: Int, column: Int)] = []
    for (i, line) in block.lines.enumerated() {
      if i > 0 {
        text.append(" ")
        places.append((block.lines[i - 1].number, (places.last?.column ?? 0) + 1))
      }
      var column = line.indent
      let given = i < block.columns.count ? block.columns[i] : nil
      for (k, character) in line.text.enumerated() {
        column += 1
        text.append(character)
        if let given, !given.isEmpty {
          places.append((line.number, given[min(k, given.count - 1)]))
        } else {
          places.append((line.number, column))
        }
      }
    }
    return (text, places)
  }

  /// Blocks of lines as the check makes them, as written and as an early page reads them, with
  /// empty lines and lines that start with a combining mark.
  @Test func aBlockPlacesEachCharacterWhereItDidWhenEveryPlaceWasWorkedOut() {
    var generator = WordScanTests.Generator(state: 5)
    for _ in 0..<600 {
      var block = ProseChecker.Block()
      let count = Int.random(in: 1...4, using: &generator)
      for number in 0..<count {
        let text =
          [Self.texts.randomElement(using: &generator)!, "", "\u{301}x", "**g**o&#111;d <b>x</b>"].randomElement(
            using: &generator)!
        block.append(
          10 + number, Substring(text), indent: Int.random(in: 0...2, using: &generator),
          isEarly: Bool.random(using: &generator))
      }
      let before = Self.joined(block)
      #expect(block.joinedText() == before.text)
      for offset in -2...(before.places.count + 2) {
        let expected =
          before.places.isEmpty
          ? (block.lines[0].number, 1) : before.places[min(max(offset, 0), before.places.count - 1)]
        let place = block.place(at: offset)
        #expect(
          place.line == expected.0 && place.column == expected.1, "offset \(offset) of \(before.text.debugDescription)")
      }
    }
  }
}
