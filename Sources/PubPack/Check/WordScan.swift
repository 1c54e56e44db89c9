import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A few ASCII words looked for together, in one pass over a text's UTF-8 bytes: each either as
/// written, or as `WordSearch` would look for it in the text's `lowercased()` copy, without making
/// that copy. The check looks for some twenty words in every document and in each of its lines;
/// one `memchr` and `memcmp` per place a word's first letter occurs cost more than the rest of
/// the check together.
///
/// `lowercased()` maps each Unicode scalar on its own: an ASCII capital to its small letter, and
/// every other scalar to one or more non-ASCII scalars, except U+0130 (to "i" and a combining
/// dot) and U+212A KELVIN SIGN (to "k"). So in a text holding neither of those two, an ASCII word
/// occurs in the lower-cased copy exactly where it occurs in the text with its capitals read as
/// small letters, first where it is first, and the bytes either side of it are ASCII in the one
/// where they are in the other. A text holding one of the two is not read this way (`outcomes`
/// answers nil) and the caller asks `lowercased()`. `WordScanTests` checks this of every scalar.
///
/// Most bytes of prose are letters a word could start with, so the scan does not stop at each:
/// it keeps the last five bits of the three bytes from each place (the same for a capital and
/// its small letter), and stops only where those fifteen bits are those of a word's first
/// three bytes (`isStartKey`, a bit each: a few kilobytes, in the processor's nearest cache),
/// to compare the words there.
struct WordScan: Sendable {
  /// The words' bytes, one after the other; a folded word's in small letters.
  private let bytes: [UInt8]
  /// Where each word's bytes start in `bytes`, and (last) where the last one's end.
  private let starts: [Int]
  /// Each word's key (`key`) of its first three bytes; 0 for a word of one or two bytes.
  private let keys: [UInt32]
  /// The words looked for in the lower-cased text, those of three bytes or more, and all the
  /// words (bit `i` for word `i`).
  private let foldedWords: UInt64
  private let longWords: UInt64
  private let allWords: UInt64
  /// A bit for each key of fifteen bits: whether a word of three bytes or more starts so.
  private let isStartKey: [UInt64]
  /// For each byte, the words of one or two bytes that start with it.
  private let shortStartingAt: [UInt64]

  /// The key of the three bytes whose last five bits are the low 15 of `key` with `byte` after
  /// them. A capital and its small letter differ in bit 5 only, so they have the same key.
  @inline(__always)
  private static func key(_ key: UInt32, then byte: UInt8) -> UInt32 {
    (key << 5 | UInt32(byte & 0x1F)) & 0x7FFF
  }

  /// A scan for `folded` words (looked for in the text lower-cased) and then `exact` ones (as
  /// written); their indices in `outcomes` follow that order. Each is ASCII and can be looked for
  /// on bytes (`WordSearch.isDecidableOnBytes`).
  init(folded: [String], exact: [String] = []) {
    let words = folded.map { ($0, true) } + exact.map { ($0, false) }
    precondition(words.count <= 64, "a scan looks for at most 64 words")
    var bytes: [UInt8] = []
    var starts: [Int] = []
    var keys: [UInt32] = []
    var longWords: UInt64 = 0
    var isStartKey = [UInt64](repeating: 0, count: (1 << 15) / 64)
    var shortStartingAt = [UInt64](repeating: 0, count: 256)
    for (index, (word, folded)) in words.enumerated() {
      precondition(WordSearch.isDecidableOnBytes(word), "'\(word)' cannot be looked for on bytes")
      precondition(!folded || word == word.lowercased(), "a folded word is written in small letters")
      starts.append(bytes.count)
      bytes += word.utf8
      let bit: UInt64 = 1 << UInt64(index)
      let utf8 = Array(word.utf8)
      if utf8.count >= 3 {
        let key = utf8[0..<3].reduce(UInt32(0)) { Self.key($0, then: $1) }
        keys.append(key)
        longWords |= bit
        isStartKey[Int(key >> 6)] |= 1 << UInt64(key & 63)
      } else {
        keys.append(0)
        shortStartingAt[Int(utf8[0])] |= bit
        if folded, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(utf8[0]) {
          shortStartingAt[Int(utf8[0] - 32)] |= bit
        }
      }
    }
    starts.append(bytes.count)
    self.bytes = bytes
    self.starts = starts
    self.keys = keys
    self.foldedWords = words.indices.reduce(0) { words[$1].1 ? $0 | 1 << UInt64($1) : $0 }
    self.longWords = longWords
    self.allWords = words.count == 64 ? .max : (1 << UInt64(words.count)) - 1
    self.isStartKey = isStartKey
    self.shortStartingAt = shortStartingAt
  }

  /// The number of words.
  var count: Int { starts.count - 1 }

  /// What `WordSearch.first` says of each word from the start of a text (a folded word in the
  /// text lower-cased): bit `i` of `found` when word `i` is first found with ASCII either side,
  /// of `undecided` when it is first found touching another character; neither when absent.
  struct Outcomes: Equatable {
    var found: UInt64 = 0
    var undecided: UInt64 = 0
  }

  /// The outcome of each word of `among` (bit `i` for word `i`) in `text`. Nil when a folded
  /// word is looked for and the text holds U+0130 or U+212A, or when its bytes are not stored
  /// together.
  func outcomes<Text: StringProtocol>(in text: Text, among: UInt64 = .max) -> Outcomes? {
    text.utf8.withContiguousStorageIfAvailable { outcomes(in: $0, among: among) } ?? nil
  }

  /// `outcomes(in:among:)` on the text's bytes.
  func outcomes(in text: UnsafeBufferPointer<UInt8>, among: UInt64 = .max) -> Outcomes? {
    let among = among & allWords
    guard among != 0, text.baseAddress != nil else { return Outcomes() }
    if among & foldedWords != 0 && Self.holdsUnfoldableScalar(text) { return nil }
    return bytes.withUnsafeBufferPointer { words in
      starts.withUnsafeBufferPointer { starts in
        keys.withUnsafeBufferPointer { keys in
          isStartKey.withUnsafeBufferPointer { isStartKey in
            shortStartingAt.withUnsafeBufferPointer { shortStartingAt in
              scan(
                text, among: among, words: words, starts: starts, keys: keys, isStartKey: isStartKey,
                shortStartingAt: shortStartingAt)
            }
          }
        }
      }
    }
  }

  /// The scan, with the tables at hand.
  private func scan(
    _ text: UnsafeBufferPointer<UInt8>, among: UInt64, words: UnsafeBufferPointer<UInt8>,
    starts: UnsafeBufferPointer<Int>, keys: UnsafeBufferPointer<UInt32>, isStartKey: UnsafeBufferPointer<UInt64>,
    shortStartingAt: UnsafeBufferPointer<UInt64>
  ) -> Outcomes {
    let n = text.count
    var result = Outcomes()
    var pending = among
    /// Whether word `word` is at `i`; if so, its outcome is taken.
    func take(_ word: Int, at i: Int) {
      let bit: UInt64 = 1 << UInt64(word)
      let start = starts[word]
      let length = starts[word + 1] - start
      guard n - i >= length else { return }
      var k = 0
      if foldedWords & bit != 0 {
        while k < length, Self.lowered(text[i + k]) == words[start + k] { k += 1 }
      } else {
        while k < length, text[i + k] == words[start + k] { k += 1 }
      }
      guard k == length else { return }
      let isASCIIBefore = i == 0 || text[i - 1] < 0x80
      let isASCIIAfter = i + length == n || text[i + length] < 0x80
      if isASCIIBefore && isASCIIAfter { result.found |= bit } else { result.undecided |= bit }
      pending &= ~bit
    }
    // Words of three bytes or more, where the key of the three bytes from `i` is one of theirs.
    if pending & longWords != 0, n >= 3 {
      // The last bytes' five bits, unmasked: a byte's key waits for one shift and one "or" of
      // the one before, and its mask for neither.
      var recent = UInt32(text[0] & 0x1F) &<< 5 | UInt32(text[1] & 0x1F)
      var i = 0
      while i + 2 < n {
        recent = recent &<< 5 | UInt32(text[i + 2] & 0x1F)
        let key = recent & 0x7FFF
        if isStartKey[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0 {
          var candidates = pending & longWords
          while candidates != 0 {
            let word = candidates.trailingZeroBitCount
            candidates &= candidates - 1
            if keys[word] == key { take(word, at: i) }
          }
          if pending & longWords == 0 { break }
        }
        i += 1
      }
    }
    // Words of one or two bytes, at each byte.
    if pending & ~longWords != 0 {
      for i in 0..<n {
        var candidates = shortStartingAt[Int(text[i])] & pending
        while candidates != 0 {
          let word = candidates.trailingZeroBitCount
          candidates &= candidates - 1
          take(word, at: i)
        }
      }
    }
    return result
  }

  /// The byte with an ASCII capital made small.
  @inline(__always)
  static func lowered(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
  }

  /// Whether the text holds U+0130 (C4 B0) or U+212A (E2 84 AA), the two scalars that
  /// `lowercased()` maps to ASCII.
  static func holdsUnfoldableScalar(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = text.baseAddress else { return false }
    var from = 0
    while from < text.count, let hit = memchr(base + from, 0xC4, text.count - from) {
      let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
      if at + 1 < text.count, text[at + 1] == 0xB0 { return true }
      from = at + 1
    }
    from = 0
    while from < text.count, let hit = memchr(base + from, 0xE2, text.count - from) {
      let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
      if at + 2 < text.count, text[at + 2] == 0xAA, text[at + 1] == 0x84 { return true }
      from = at + 1
    }
    return false
  }
}
