import Foundation
import Testing

@testable import PubPack

/// `pubpack check` reports each class of leak that `build` refuses, with its location, and
/// exits 1, writing nothing.
@Suite struct LeakCheckCommandTests {
  @Test func checkReportsLookAlikeNamesSpeltLinksTemplateLinksAndLongSlugs() throws {
    let pack = try TestPack(
      EmbargoGuardTests.leakPack.merging([
        "content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\nSee [the report](.%2e/Council-Report/).\n",
        "content/long.md":
          "---\ntitle: Long\nkind: page\nembargo: none\nslug: \(String(repeating: "x", count: 300))\n---\nText\n",
      ]) { _, new in new })
    // One run per class: each stops the pack at an earlier stage than the next.
    let link = try runPubpack(["check", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(link.status == 1)
    #expect(
      link.stderr.contains("content/long.md:5:7: error: the slug has 300 characters: at most 100 are allowed"),
      "\(link.stderr)")
    try pack.write("content/long.md", "---\ntitle: Long\nkind: page\nembargo: none\n---\nText\n")
    let spelt = try runPubpack(["check", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(spelt.status == 1)
    #expect(
      spelt.stderr.contains(
        "content/webpage.md:5:5: error: this released document links to the page of 'council-report.md', which is withheld: embargoed until 10am on Tuesday 4 August 2026"
      ),
      "\(spelt.stderr)")

    try LookAlikeNameTests.writeExactly(
      pack, "content/cafe\u{301}.md", "---\ntitle: SECRET\nkind: page\nslug: b\ndraft: true\n---\nSECRET\n")
    try LookAlikeNameTests.writeExactly(
      pack, "content/caf\u{E9}.md", "---\ntitle: Open\nkind: page\nslug: a\n---\nOpen\n")
    let lookAlike = try runPubpack(["check", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(lookAlike.status == 1)
    #expect(lookAlike.stderr.contains(":1:1: error: the file names 'caf"), "\(lookAlike.stderr)")
    #expect(lookAlike.stderr.contains("are the same text in different Unicode normal forms"), "\(lookAlike.stderr)")

    try FileManager.default.createSymbolicLink(
      atPath: pack.templates + "/footer.mustache", withDestinationPath: "../content/inspection.yaml")
    let symlink = try runPubpack(["check", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(symlink.status == 1)
    #expect(
      symlink.stderr.contains(
        "templates/footer.mustache:1:1: error: the template is a symbolic link that leads outside the templates folder"
      ),
      "\(symlink.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }
}
