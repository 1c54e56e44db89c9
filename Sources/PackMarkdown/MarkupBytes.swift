import CCMarkGFM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Searching cmark-gfm's HTML, as UTF-8 bytes, for the ASCII markup it writes.
///
/// Every tag and attribute the repairs look for is ASCII, and in UTF-8 an ASCII byte is never
/// part of another character, so a byte search finds exactly the markup a character search
/// would. It is the difference between a page's repairs costing a few memory scans and costing
/// a bridged `NSString` search per match (Foundation's `range(of:)` on Linux).
extension UnsafeBufferPointer where Element == UInt8 {
  /// The first index at or after `start`, and before `end`, where `needle` begins.
  package func firstIndex(of needle: [UInt8], from start: Int, before end: Int? = nil) -> Int? {
    let end = end ?? count
    guard !needle.isEmpty, start >= 0, end - start >= needle.count, let base = baseAddress else { return nil }
    return needle.withUnsafeBufferPointer { needle -> Int? in
      // glibc's memmem: a memchr for the first byte and a memcmp at each hit, as this was,
      // compares at every '<' of a page for a needle such as `<th`; memmem skips ahead.
      guard let hit = memmem(base + start, end - start, needle.baseAddress!, needle.count) else { return nil }
      return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
  }
}

extension StringProtocol {
  /// Whether the text's UTF-8 holds `needle`'s, searched in place.
  package func containsBytes(_ needle: String) -> Bool {
    let found = utf8.withContiguousStorageIfAvailable { text in
      needle.utf8.withContiguousStorageIfAvailable { needle in
        // Searched in place: no copy of the needle for a call made once a value shown.
        guard let base = text.baseAddress, let needleBase = needle.baseAddress, !needle.isEmpty else { return false }
        return memmem(base, text.count, needleBase, needle.count) != nil
      }
    }
    if let found, let found { return found }
    return Array(utf8).contains(Array(needle.utf8))
  }
}

extension Array where Element == UInt8 {
  /// The first index at or after `start`, and before `end`, where `needle` begins.
  package func firstIndex(of needle: [UInt8], from start: Int, before end: Int? = nil) -> Int? {
    withUnsafeBufferPointer { $0.firstIndex(of: needle, from: start, before: end) }
  }

  /// Whether `needle` occurs anywhere in `start..<end`.
  package func contains(_ needle: [UInt8], from start: Int = 0, before end: Int? = nil) -> Bool {
    firstIndex(of: needle, from: start, before: end) != nil
  }

  /// Whether the bytes at `index` begin with `prefix`.
  package func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
    guard index >= 0, count - index >= prefix.count else { return false }
    for offset in prefix.indices where self[index + offset] != prefix[offset] { return false }
    return true
  }

  /// Every occurrence of `needle` replaced by `replacement`, left to right, never overlapping.
  package func replacingAll(_ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
    guard var found = firstIndex(of: needle, from: 0) else { return self }
    var output: [UInt8] = []
    output.reserveCapacity(count + count / 16)
    var rest = 0
    while true {
      output += self[rest..<found]
      output += replacement
      rest = found + needle.count
      guard let next = firstIndex(of: needle, from: rest) else { break }
      found = next
    }
    output += self[rest...]
    return output
  }
}

extension String {
  /// The UTF-8 bytes of an ASCII literal, for the searches above.
  package var bytes: [UInt8] { Array(utf8) }
}
