import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// The check looks at every line of every document. Foundation's `contains(_:)`, `range(of:)` and
// `trimmingCharacters(in:)` bridge each call to an NSString and read it as UTF-16, which made the
// check the slowest stage of a build. The methods here answer the same questions on the UTF-8
// bytes a Swift string already holds.
//
// Foundation's search is not literal, so the bytes cannot always answer alone: a match that ends
// just before a combining accent ("good" + U+0301) is no match, while one just before a
// zero-width joiner is. So the bytes decide only where the characters around a match are ASCII,
// as they are in most prose; where a match touches any other character, Foundation is asked.
// The answers are Foundation's for every text.
//
// Three characters are canonically equivalent to ASCII ones (U+212A KELVIN SIGN to "K", U+037E
// GREEK QUESTION MARK to ";", U+1FEF GREEK VARIA to "`"), and Foundation finds a word holding
// "K", ";" or "`" where the bytes differ. Words are therefore plain ASCII without those three.

extension StringProtocol {
  /// Whether `word` occurs in the text, as Foundation's `contains(_:)` says.
  func contains(word: String) -> Bool {
    switch WordSearch.first(word, in: self, from: 0) {
    case .found: return true
    case .absent: return false
    case .undecided: return String(self).contains(word)
    }
  }

  /// False when `word` cannot occur in the text (its bytes occur nowhere in it), so a look for
  /// it in any part of the text is sure to find nothing.
  func mayContain(word: String) -> Bool {
    WordSearch.first(word, in: self, from: 0) != .absent
  }

  /// `trimmingCharacters(in: .whitespaces).hasPrefix(prefix)`, for an ASCII `prefix`, without
  /// making the trimmed copy.
  func hasPrefixAfterBlanks(_ prefix: String) -> Bool {
    let decided = utf8.withContiguousStorageIfAvailable { WordSearch.hasPrefixAfterBlanks($0, prefix) } ?? nil
    return decided ?? String(self).trimmingCharacters(in: .whitespaces).hasPrefix(prefix)
  }

  /// `trimmingCharacters(in: .whitespaces).isEmpty`, without making the trimmed copy: true when
  /// every character is a space, a tab or another of Foundation's `whitespaces`.
  var isBlank: Bool {
    unicodeScalars.allSatisfy(WordSearch.isBlank)
  }
}

extension String {
  /// `trimmingCharacters(in: .whitespaces)`, without the bridge to NSString. Foundation trims
  /// Unicode scalars, not characters: of a space with a combining mark, the space goes and the
  /// mark stays.
  func trimmingBlanks() -> String {
    guard let first = unicodeScalars.firstIndex(where: { !WordSearch.isBlank($0) }),
      let last = unicodeScalars.lastIndex(where: { !WordSearch.isBlank($0) })
    else { return "" }
    return String(Substring(unicodeScalars[first...last]))
  }

  /// `range(of: word, range: start..<endIndex)`, as Foundation answers it.
  func range(ofWord word: String, from start: Index) -> Range<Index>? {
    switch WordSearch.first(word, in: self, from: utf8.distance(from: startIndex, to: start)) {
    case .found(let bytes):
      return utf8.index(startIndex, offsetBy: bytes.lowerBound)..<utf8.index(startIndex, offsetBy: bytes.upperBound)
    case .absent:
      return nil
    case .undecided:
      return range(of: word, range: start..<endIndex)
    }
  }
}

/// The byte-level answers behind the string methods above.
enum WordSearch {
  /// What the bytes say about the first match of a word.
  enum Outcome: Equatable {
    /// A match at these byte offsets with ASCII on both sides, where Foundation finds it too.
    case found(Range<Int>)
    /// The word's bytes occur nowhere, so Foundation finds nothing either.
    case absent
    /// The first match touches a non-ASCII character: only Foundation can say.
    case undecided
  }

  /// Whether Foundation's `CharacterSet.whitespaces` holds the scalar; the ASCII ones are the
  /// space and the tab.
  static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
  }

  /// Whether `word` can be looked for on bytes: plain ASCII, and none of "K", ";" and "`" (see
  /// the top of this file).
  static func isDecidableOnBytes(_ word: String) -> Bool {
    !word.isEmpty && word.unicodeScalars.allSatisfy { $0.isASCII && !"K;`".unicodeScalars.contains($0) }
  }

  /// The first match of `word` in `text` at or after the byte offset `start`.
  static func first<Text: StringProtocol>(_ word: String, in text: Text, from start: Int) -> Outcome {
    assert(isDecidableOnBytes(word), "'\(word)' cannot be looked for on bytes")
    let outcome = text.utf8.withContiguousStorageIfAvailable { haystack in
      word.utf8.withContiguousStorageIfAvailable { needle in first(needle, in: haystack, from: start) }
    }
    // A string without contiguous UTF-8 (none on Linux) is left to Foundation.
    return (outcome ?? nil) ?? .undecided
  }

  /// The first match of `word` in `text` at or after `start`, on bytes.
  static func first(_ word: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Outcome
  {
    guard let lower = firstOffset(of: word, in: text, from: start) else { return .absent }
    let upper = lower + word.count
    let isASCIIBefore = lower == 0 || text[lower - 1] < 0x80
    let isASCIIAfter = upper == text.count || text[upper] < 0x80
    return isASCIIBefore && isASCIIAfter ? .found(lower..<upper) : .undecided
  }

  /// Where the bytes of `word` first occur in `text` from `start`. Glibc's `memmem` is a GNU
  /// extension Swift does not import, so `memchr` finds each place the first byte occurs (it
  /// looks at many bytes at a time) and `memcmp` compares the rest there.
  static func firstOffset(of word: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    guard let first = word.first, let textBase = text.baseAddress, let wordBase = word.baseAddress else { return nil }
    var from = start
    while text.count - from >= word.count {
      // The last place the word could start is `text.count - word.count`.
      guard let hit = memchr(textBase + from, Int32(first), text.count - word.count - from + 1) else { return nil }
      let offset = UnsafeRawPointer(textBase).distance(to: UnsafeRawPointer(hit))
      if memcmp(textBase + offset + 1, wordBase + 1, word.count - 1) == 0 { return offset }
      from = offset + 1
    }
    return nil
  }

  /// Whether the line, blanks trimmed, starts with the ASCII `prefix`; nil when a non-ASCII
  /// character is in the way, since it may be a blank Foundation trims (U+00A0, U+2003...) or a
  /// mark that joins the prefix's last character. (Trimming the end never matters: the prefix
  /// holds no blank.)
  static func hasPrefixAfterBlanks(_ line: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool? {
    var i = 0
    while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") { i += 1 }
    for expected in prefix.utf8 {
      guard i < line.count else { return false }
      if line[i] >= 0x80 { return nil }
      if line[i] != expected { return false }
      i += 1
    }
    if i < line.count, line[i] >= 0x80 { return nil }
    return true
  }
}
