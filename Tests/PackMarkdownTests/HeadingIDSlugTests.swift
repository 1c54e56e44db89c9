import Foundation
import Testing

@testable import PackMarkdown

/// A heading's id from ASCII text is made byte by byte (`HeadingIDs.asciiSlug`): it must be the
/// id the Unicode rule (`HeadingIDs.slug`) gives, for every ASCII character.
@Suite struct HeadingIDSlugTests {
  @Test func everyASCIICharacterGivesTheSameSlug() throws {
    for value in 0..<128 {
      let character = String(UnicodeScalar(UInt8(value)))
      let text = "A\(character)b \(character)Z9_-"
      #expect(try #require(HeadingIDs.asciiSlug(text)) == HeadingIDs.slug(text), "\(value)")
    }
  }

  @Test(arguments: ["Our Ofsted inspection (2026)", "What happens next?", "  ", "!!!", "Care leavers' offer: 100%", ""])
  func headingsGiveTheSameIDs(_ text: String) throws {
    #expect(try #require(HeadingIDs.asciiSlug(text)) == HeadingIDs.slug(text))
    var fast = HeadingIDs()
    #expect(fast.make(for: text) == (HeadingIDs.slug(text).isEmpty ? "section" : HeadingIDs.slug(text)))
  }

  @Test(arguments: ["Café", "Ofsted’s report", "naïve", "Ⅻ", "\u{301}"])
  func otherTextTakesTheUnicodeRule(_ text: String) {
    #expect(HeadingIDs.asciiSlug(text) == nil)
  }
}
