import Foundation
import Testing

@testable import PackMarkdown

/// The byte search behind the accessibility repairs (now glibc's memmem) must find the first
/// place a needle begins within `start..<end`, as a plain scan does, for every window.
@Suite struct MarkupBytesSearchTests {
  static func naive(_ needle: [UInt8], in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
    guard !needle.isEmpty, end - start >= needle.count else { return nil }
    for index in start...(end - needle.count) where Array(bytes[index..<(index + needle.count)]) == needle {
      return index
    }
    return nil
  }

  @Test func agreesWithAPlainScan() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("<a<th<td <a href=\"#fn\" \n".utf8)
    let needles = ["<th", "<a href=\"#fn", "<", "\n", "x", "<td <", "\"#"].map { Array($0.utf8) } + [[]]
    for _ in 0..<300 {
      let bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
      for needle in needles {
        let start = Int.random(in: 0...bytes.count, using: &generator)
        let end = Int.random(in: start...bytes.count, using: &generator)
        let found = bytes.firstIndex(of: needle, from: start, before: end)
        #expect(found == Self.naive(needle, in: bytes, from: start, before: end), "\(bytes) \(needle) \(start) \(end)")
        #expect(bytes.firstIndex(of: needle, from: start) == Self.naive(needle, in: bytes, from: start, before: bytes.count))
      }
    }
  }

  @Test func findsMarkupInAPage() {
    let page = Array("<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n".utf8)
    #expect(page.firstIndex(of: Array("<th>".utf8), from: 0) == 21)
    #expect(page.firstIndex(of: Array("<th>".utf8), from: 22) == nil)
    #expect(page.firstIndex(of: Array("</table>".utf8), from: 0, before: page.count - 2) == nil)
  }
}
