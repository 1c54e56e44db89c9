import Foundation
import Testing

@testable import PubPack

/// A template's text reaches every page: one that is a symbolic link out of templates/ (to
/// inspection.yaml, a draft, a folder beside it) is refused, with its location, by `build` and
/// `check` alike; links that stay inside the folder are followed.
@Suite struct TemplateSymlinkTests {
  /// A pack whose content holds a withheld draft and whose page template includes a footer.
  static func pack() throws -> TestPack {
    try TestPack([
      "content/draft.md": "---\ntitle: SECRET-TITLE\nkind: page\ndraft: true\n---\nSECRET-BODY\n",
      "templates/webpage.mustache":
        "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{>footer}}{{/main}}{{/layout}}",
      "templates/footer.mustache": "<footer>Footer</footer>",
      "templates-other/footer.mustache": "<footer>SECRET-FOOTER</footer>",
    ])
  }

  /// (the template replaced by a link, where the link points, relative to templates/ or absolute)
  @Test(arguments: [
    ("footer", "../content/inspection.yaml"),
    ("footer", "../content/draft.md"),
    ("footer", "ROOT/content/draft.md"),
    ("footer", "../templates-other/footer.mustache"),
    ("footer", "../templates/../templates-other/footer.mustache"),
    ("webpage", "../content/webpage.md"),
    ("footer", "hop.mustache"),
    ("footer", "../content"),
  ])
  func aTemplateLinkedToAFileOutsideTemplatesIsRefused(name: String, destination: String) throws {
    let pack = try Self.pack()
    #expect(pack.buildSite(at: "2026-08-04T00:01").0.succeeded)
    let before = try Data(contentsOf: URL(fileURLWithPath: pack.site + "/webpage/index.html"))
    let fm = FileManager.default
    let link = pack.templates + "/\(name).mustache"
    try fm.removeItem(atPath: link)
    // A link to a link that leaves: the end of the chain decides.
    try fm.createSymbolicLink(atPath: pack.templates + "/hop.mustache", withDestinationPath: "../content/draft.md")
    try fm.createSymbolicLink(
      atPath: link, withDestinationPath: destination.replacingOccurrences(of: "ROOT", with: pack.root.path))

    for at in ["2026-08-04T00:01", "2026-07-28T10:00"] {
      let errors = TestPack.errors(pack.build(at: at).diagnostics)
      #expect(
        errors.contains {
          $0.hasPrefix("\(link):1:1: error: the template is a symbolic link that leads outside the templates folder")
            && $0.contains("note: copy the file into the templates folder instead of linking to it")
        }, "\(errors)")
      #expect(!errors.joined().contains("SECRET"))
    }
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(!build.succeeded)
    #expect(try Data(contentsOf: URL(fileURLWithPath: pack.site + "/webpage/index.html")) == before)
    for path in pack.siteFiles() {
      let text = String(decoding: fm.contents(atPath: pack.site + "/" + path) ?? Data(), as: UTF8.self)
      #expect(!text.contains("SECRET") && !text.contains("judgements"), "\(path)")
    }
  }

  /// A link that stays in templates/ (one kind's template shared with another) is followed,
  /// also when the folder itself is reached through a link.
  @Test func aTemplateLinkedInsideTemplatesIsFollowed() throws {
    let pack = try Self.pack()
    let fm = FileManager.default
    try fm.removeItem(atPath: pack.templates + "/page.mustache")
    try fm.createSymbolicLink(atPath: pack.templates + "/page.mustache", withDestinationPath: "webpage.mustache")
    try fm.createSymbolicLink(atPath: pack.root.path + "/theme", withDestinationPath: "templates")
    try pack.write("content/about.md", "---\ntitle: About\nkind: page\nembargo: none\n---\nAbout us.\n")
    let build = Pipeline.build(
      BuildRequest(
        content: pack.content, templates: pack.root.path + "/theme", at: TestPack.instant("2026-08-04T00:01")))
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    let about = build.files.first { $0.path == "about/index.html" }.map { String(decoding: $0.contents, as: UTF8.self) }
    #expect(about?.contains("<footer>Footer</footer>") == true)
  }
}
