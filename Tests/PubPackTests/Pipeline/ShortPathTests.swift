import Foundation
import Testing

@testable import PubPack

/// One-character names: Foundation on Linux crashes taking the parent of the path `a`, so
/// pubpack takes parents itself.
@Suite struct ShortPathTests {
  @Test(arguments: ["a", "b2", "x-y"])
  func aShortSlugBuildsAndIsWritten(slug: String) throws {
    let pack = try TestPack([
      "content/\(slug).md": "---\ntitle: Contact us\nkind: page\nslug: \(slug)\nembargo: none\n---\nEmail the press office.\n"
    ])
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(diagnostics.map(\.rendered))")
    #expect(pack.siteFiles().contains("\(slug)/index.html"))
  }

  @Test(arguments: [
    ("a/b/index.html", "a/b"), ("a/index.html", "a"), ("a", ""), ("", ""), ("/a", "/"), ("/", "/"),
    ("a/b/", "a"), ("/x/a", "/x"), ("a//b", "a"),
  ])
  func theParentOfAPathIsWhatFoundationWouldGive(path: String, parent: String) {
    #expect(path.parentPath == parent)
  }
}
