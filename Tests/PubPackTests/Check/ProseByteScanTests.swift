import Foundation
import Testing

@testable import PubPack

/// The prose check's scans on bytes (memchr) must find what its byte-by-byte loops found:
/// the body's lines as `split(separator: "\n")` cuts them, and whether a text may hold a quotation.
@Suite struct ProseByteScanTests {
  static let texts: [String] = [
    "", "\n", "one", "one\ntwo\n", "\n\nthree\n\n", "crlf\r\nline\r\n", "lone\rcr\nand\r\n\nmix",
    "“quoted” text\n", "a > b\n", "say \"hi\"", "e2 alone \u{2013} dash and \u{201D} close", "\u{201C}", "x\u{E2}",
    "café\nnaïve\r\n“tail", String(repeating: "long line without anything special ", count: 40) + "\n>",
  ]

  /// What `mayHoldQuotation` answered before, byte by byte.
  static func reference(_ text: String) -> Bool {
    var previous: (UInt8, UInt8) = (0, 0)
    for byte in text.utf8 {
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ">") { return true }
      if byte == 0x9C, previous == (0xE2, 0x80) { return true }
      previous = (previous.1, byte)
    }
    return false
  }

  @Test(arguments: texts)
  func linesAreCutAsSplitCutsThem(_ text: String) {
    let lines = ProseChecker.lines(of: text)
    #expect(lines.map(String.init) == text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    #expect(lines.map { $0.startIndex } == text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.startIndex })
  }

  @Test(arguments: texts)
  func quotationLookAgrees(_ text: String) {
    #expect(ProseChecker.mayHoldQuotation(text) == Self.reference(text))
    for line in ProseChecker.lines(of: text) {
      #expect(ProseChecker.mayHoldQuotation(line) == Self.reference(String(line)))
    }
  }
}
