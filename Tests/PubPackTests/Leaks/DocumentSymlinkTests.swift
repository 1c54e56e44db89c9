import Foundation
import Testing

@testable import PubPack

/// A document is published: one that is a symbolic link out of content/ (to a draft kept beside
/// the pack, to any file on the machine) is refused with its location, as templates and assets
/// are; a link to another file inside content/ is followed.
@Suite struct DocumentSymlinkTests {
  @Test(arguments: ["../drafts/secret.md", "ROOT/drafts/secret.md", "hop/secret.md", "../drafts"])
  func aDocumentLinkedOutsideContentIsRefused(destination: String) throws {
    let pack = try TestPack([
      "drafts/secret.md": "---\ntitle: SECRET-TITLE\nkind: page\n---\nSECRET-BODY\n"
    ])
    let fm = FileManager.default
    // A folder inside content/ that is itself a link out: the file's real path decides.
    try fm.createSymbolicLink(atPath: pack.content + "/hop", withDestinationPath: "../drafts")
    let link = pack.content + "/secret.md"
    try fm.createSymbolicLink(
      atPath: link, withDestinationPath: destination.replacingOccurrences(of: "ROOT", with: pack.root.path))

    let (build, _) = pack.buildSite(at: "2026-08-04T09:00")
    let errors = TestPack.errors(build.diagnostics)
    if destination == "../drafts" {
      // A link to a folder is no document: it cannot be read as one.
      #expect(!build.succeeded, "\(errors)")
    } else {
      #expect(
        errors == [
          "\(link):1:1: error: the document is a symbolic link that leads outside the content folder\n"
            + "  note: a document is published, so pubpack reads documents only from inside \(pack.content)/\n"
            + "  note: copy the file into the content folder instead of linking to it"
        ])
    }
    #expect(!fm.fileExists(atPath: pack.site))
    #expect(!errors.joined().contains("SECRET"))
  }

  @Test func aDocumentLinkedInsideContentIsFollowed() throws {
    let pack = try TestPack([
      "content/shared/help.md": "---\ntitle: Help for families\nkind: page\nslug: help\n---\nEarly help is here.\n"
    ])
    try FileManager.default.createSymbolicLink(atPath: pack.content + "/help.md", withDestinationPath: "shared/help.md")
    let (build, _) = pack.buildSite(at: "2026-08-04T09:00")
    #expect(build.succeeded, "\(build.diagnostics.map(\.rendered))")
    #expect(pack.siteText("help/index.html")?.contains("Early help is here.") == true)
  }
}
