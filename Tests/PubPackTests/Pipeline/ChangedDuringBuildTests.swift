import Foundation
import Testing

@testable import PubPack

/// Files changed while a command runs, where the command reads them more than once (found by a
/// red team of the two-pass read): an asset turned into a link before it is copied, and a press
/// release saved between the two builds `press` makes. Each change is made on the disk at a
/// fixed point of the first build: when a document has been read twice.
@Suite struct ChangedDuringBuildTests {
  /// The standard webpage, showing the chart at `image`.
  static func webpage(showing image: String) -> String {
    TestPack.standard["content/webpage.md"]! + "\n\n![Chart of the four judgements](\(image))"
  }

  static let release = "2026-08-04T09:00"

  /// An asset a page uses, turned into a link to a file outside the pack after the build began
  /// (its folder was listed, its users rendered): the link's target is never published.
  @Test(arguments: ["outside the pack", "a document", "the inspection's data"])
  func anAssetTurnedIntoALinkDuringTheBuildIsNotPublished(leadsTo: String) throws {
    let pack = try TestPack([
      "content/assets/chart.png": "PNG-BYTES-OF-THE-CHART",
      "content/webpage.md": Self.webpage(showing: "assets/chart.png"),
    ])
    let secret = pack.root.path + "/secret.txt"
    try Data("SECRET-OUTSIDE-7Q".utf8).write(to: URL(fileURLWithPath: secret))
    let target =
      switch leadsTo {
      case "outside the pack": secret
      case "a document": pack.content + "/webpage.md"
      default: pack.content + "/inspection.yaml"
      }
    let asset = pack.content + "/assets/chart.png"
    // After the page's second read (stage 4: the assets folder was listed in stage 1).
    let page = pack.content + "/webpage.md"
    let editor = EditDuringReads(page, afterRead: 2) { _ in
      try? FileManager.default.removeItem(atPath: asset)
      try? FileManager.default.createSymbolicLink(atPath: asset, withDestinationPath: target)
    }
    var request = pack.request(at: Self.release)
    request.fileSystem = editor.fileSystem
    let (build, _) = SiteWriter.build(request, to: pack.site)

    #expect(!build.succeeded, "\(leadsTo)")
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.count == 1, "\(errors)")
    #expect(
      errors.first?.hasPrefix("\(asset):1:1: error: cannot read \(asset) as the file the build began with") == true,
      "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [])

    // The same asset left a file is published as it is.
    try FileManager.default.removeItem(atPath: asset)
    try Data("PNG-BYTES-OF-THE-CHART".utf8).write(to: URL(fileURLWithPath: asset))
    let (again, _) = pack.buildSite(at: Self.release)
    #expect(again.succeeded, "\(again.diagnostics.map(\.rendered))")
    #expect(pack.siteText("assets/chart.png") == "PNG-BYTES-OF-THE-CHART")
  }

  /// A folder on an asset's way (`assets/img`), or the theme's own file, changed into a link
  /// after the load stage: to a folder of assets only a withheld page uses, to a file outside.
  @Test(arguments: ["a sibling folder", "the assets folder", "a theme file"])
  func aFolderOrThemeFileChangedIntoALinkDuringTheBuildIsRefused(change: String) throws {
    let pack = try TestPack([
      "content/assets/img/chart.png": "RELEASED-CHART",
      "content/assets/later/chart.png": "WITHHELD-CHART-3J",
      "templates/assets/site.css": "body { color: black; }",
      "content/webpage.md": Self.webpage(showing: "assets/img/chart.png"),
      "content/later.md": """
        ---
        title: Later
        kind: page
        embargo: 2026-09-01T09:00
        ---
        ![Chart for later](assets/later/chart.png)
        """,
      "outside/img/chart.png": "OUTSIDE-SECRET-5T",
      "outside/site.css": "OUTSIDE-SECRET-5T",
    ])
    let fm = FileManager.default
    let page = pack.content + "/webpage.md"
    let editor = EditDuringReads(page, afterRead: 2) { _ in
      switch change {
      case "a sibling folder":
        try? fm.removeItem(atPath: pack.content + "/assets/img")
        try? fm.createSymbolicLink(atPath: pack.content + "/assets/img", withDestinationPath: "later")
      case "the assets folder":
        try? fm.moveItem(atPath: pack.content + "/assets", toPath: pack.root.path + "/moved-assets")
        try? fm.createSymbolicLink(atPath: pack.content + "/assets", withDestinationPath: pack.root.path + "/outside")
      default:
        try? fm.removeItem(atPath: pack.templates + "/assets/site.css")
        try? fm.createSymbolicLink(
          atPath: pack.templates + "/assets/site.css", withDestinationPath: pack.root.path + "/outside/site.css")
      }
    }
    var request = pack.request(at: Self.release)
    request.fileSystem = editor.fileSystem
    let (build, _) = SiteWriter.build(request, to: pack.site)

    #expect(!build.succeeded, "\(change)")
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.count == 1, "\(change): \(errors)")
    let unread =
      change == "a theme file" ? pack.templates + "/assets/site.css" : pack.content + "/assets/img/chart.png"
    #expect(
      errors.first?.hasPrefix("\(unread):1:1: error: cannot read \(unread) as the file the build began with") == true,
      "\(change): \(errors)")
    #expect(!fm.fileExists(atPath: pack.site))
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [])
  }

  /// `press` makes its copy from a release build after a preview build: a press release saved in
  /// between gives a copy whose title and text are both the new version's.
  @Test func aPressReleaseSavedBetweenPressBuildsGivesACopyOfOneVersion() throws {
    let pack = try TestPack([
      "content/press-release.md": """
        ---
        title: OLD-TITLE-4K council welcomes report
        kind: press-release
        ---
        OLD-TEXT-4K: the council was judged {{judgements.overallEffectiveness.gradeLower}}.
        """
    ])
    let path = pack.content + "/press-release.md"
    // The preview build reads the file twice (front matter, then body): after the second, it is saved anew.
    let editor = EditDuringReads(path, afterRead: 2) { _ in
      try? Data(
        "---\ntitle: NEW-TITLE-8M council responds\nkind: press-release\n---\nNEW-TEXT-8M: a new version.\n".utf8
      ).write(to: URL(fileURLWithPath: path))
    }
    var request = pack.request(at: "2026-08-01T09:00")
    request.fileSystem = editor.fileSystem
    let (copies, diagnostics) = PressCopy.make(request)
    #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.rendered))")
    let copy = try #require(copies.first)
    #expect(copy.title.contains("NEW-TITLE-8M"))
    #expect(copy.text.contains("NEW-TEXT-8M") && copy.html.contains("NEW-TEXT-8M"))
    for old in ["OLD-TITLE-4K", "OLD-TEXT-4K"] {
      #expect(!copy.text.contains(old) && !copy.html.contains(old), "\(old) in the copy")
    }
  }

  /// The pack's release instant moved between `press`'s two builds: the copy's "EMBARGOED UNTIL"
  /// would name one instant and its text be made for another. Refused.
  @Test func theReleaseInstantMovedBetweenPressBuildsIsRefused() throws {
    let pack = try TestPack([:])
    let path = pack.content + "/webpage.md"
    let inspection = pack.content + "/inspection.yaml"
    try pack.write(
      "content/press-release.md", "---\ntitle: Council welcomes report\nkind: press-release\n---\nThe report is out.\n")
    let editor = EditDuringReads(path, afterRead: 2) { _ in
      let text = (try? String(contentsOfFile: inspection, encoding: .utf8)) ?? ""
      try? Data(text.replacingOccurrences(of: "liftsAt: 2026-08-04T00:01", with: "liftsAt: 2026-08-03T00:01").utf8)
        .write(to: URL(fileURLWithPath: inspection))
    }
    var request = pack.request(at: "2026-08-01T09:00")
    request.fileSystem = editor.fileSystem
    let (copies, diagnostics) = PressCopy.make(request)
    #expect(copies.isEmpty)
    #expect(
      TestPack.errors(diagnostics).contains {
        $0.contains("press-release.md or the inspection's data changed while pubpack was making the press copy")
      }, "\(diagnostics.map(\.rendered))")
  }
}
