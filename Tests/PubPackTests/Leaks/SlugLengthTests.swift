import Foundation
import Testing

@testable import PubPack

/// A slug long enough to fail when its folder is made (a file name takes at most 255 bytes) is
/// refused by `check` and `build` alike, at the slug or the top of the file, before anything is
/// written.
@Suite struct SlugLengthTests {
  @Test(arguments: [101, 252, 300, 1000])
  func aSlugLongerThanAHundredCharactersIsALocatedError(length: Int) throws {
    let slug = String(repeating: "a", count: length)
    let pack = try TestPack([
      "content/long.md": "---\ntitle: Long\nkind: page\nembargo: none\nslug: \(slug)\n---\nText\n"
    ])
    for at in ["2026-08-04T00:01", "2026-07-28T10:00"] {
      let errors = TestPack.errors(pack.build(at: at).diagnostics)
      #expect(
        errors == [
          "\(pack.content)/long.md:5:7: error: the slug has \(length) characters: at most 100 are allowed\n  note: a slug is the page's address: keep it short, e.g. slug: ofsted-report-2026"
        ], "\(errors)")
    }
    #expect(!pack.buildSite(at: "2026-08-04T00:01").0.succeeded)
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// The slug a long file name gives is held to the same limit, at the top of the file.
  @Test(arguments: [101, 200, 251])
  func aLongFileNameGivesALocatedErrorToo(length: Int) throws {
    let name = String(repeating: "b", count: length) + ".md"
    let pack = try TestPack(["content/\(name)": "---\ntitle: Long\nkind: page\nembargo: none\n---\nText\n"])
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(
      errors.first?.hasPrefix(
        "\(pack.content)/\(name):1:1: error: the file name '\(name)' gives a slug of \(length) characters: at most 100 are allowed"
      ) == true,
      "\(errors)")
    #expect(errors.first?.contains("note: set a shorter 'slug:' in the front matter, or rename the file") == true)
  }

  @Test func aSlugOfAHundredCharactersIsBuilt() throws {
    let slug = String(repeating: "c", count: 100)
    let pack = try TestPack([
      "content/long.md": "---\ntitle: Long\nkind: page\nembargo: none\nslug: \(slug)\n---\nText\n"
    ])
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(TestPack.errors(diagnostics))")
    #expect(pack.siteText("\(slug)/index.html")?.contains("Text") == true)
  }
}
