import Foundation
import Testing

@testable import PubPack

/// Names that are different texts but one name to Swift's `==`, a case-insensitive or
/// normalising file system, or a lenient web server: refused, naming both, before anything is
/// written, so a withheld document can never be taken for a released one.
@Suite struct LookAlikeNameTests {
  /// Writes a file at exactly the bytes of `path` (no URL or normalisation in between).
  static func writeExactly(_ pack: TestPack, _ path: String, _ text: String) throws {
    let full = pack.root.path + "/" + path
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: full, contents: Data(text.utf8)))
  }

  /// The names in a folder, as byte strings: both spellings must really be there.
  static func namesOnDisk(_ folder: String) -> Set<[UInt8]> {
    Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { Array($0.utf8) })
  }

  /// Every file written under `site/`, searched for the withheld document's markers.
  static func withheldMarkers(in pack: TestPack) -> [String] {
    pack.siteFiles().flatMap { path -> [String] in
      let text = String(decoding: FileManager.default.contents(atPath: pack.site + "/" + path) ?? Data(), as: UTF8.self)
      return ["SECRET", "secret"].filter { text.contains($0) || path.contains($0) }.map { "\(path): \($0)" }
    }
  }

  @Test(arguments: [
    ("caf\u{E9}.md", "cafe\u{301}.md", "are the same text in different Unicode normal forms"),
    ("Report.md", "report.md", "differ only in upper and lower case"),
    ("council-report.md", "council\u{200B}-report.md", "differ only in invisible characters"),
    ("findings.md", "\u{FB01}ndings.md", "are one name to a case-insensitive or Unicode-normalising"),
    ("report.md", "\u{FF52}eport.md", "are one name to a case-insensitive or Unicode-normalising"),
    ("notes.md", "no\u{AD}tes.md", "differ only in invisible characters"),
  ])
  func documentsWhoseFileNamesLookAlikeAreRefusedNamingBoth(released: String, withheld: String, difference: String)
    throws
  {
    let pack = try TestPack([:])
    // A site from before: the failed build must leave it exactly as it was.
    #expect(pack.buildSite(at: "2026-08-04T00:01").0.succeeded)
    let before = pack.siteFiles()
    try Self.writeExactly(
      pack, "content/" + released, "---\ntitle: Open\nkind: page\nslug: open-page\n---\nOPEN-BODY\n")
    try Self.writeExactly(
      pack, "content/" + withheld,
      "---\ntitle: SECRET-TITLE\nkind: page\nslug: secret-page\nembargo: 2026-08-05T09:00\n---\nSECRET-BODY\n")
    #expect(Self.namesOnDisk(pack.content).isSuperset(of: [Array(released.utf8), Array(withheld.utf8)]))

    for build in [pack.build(at: "2026-08-04T00:01"), pack.build(at: "2026-07-28T10:00")] {
      let errors = TestPack.errors(build.diagnostics)
      let error = errors.first { $0.contains("error: the file names ") }
      #expect(error != nil, "\(errors)")
      #expect(error?.contains(LookAlikeName.shown(released)) == true, "\(errors)")
      #expect(error?.contains(LookAlikeName.shown(withheld)) == true, "\(errors)")
      #expect(error?.contains(difference) == true, "\(errors)")
      #expect(
        error?.hasPrefix("\(pack.content)/\(released):1:1: error:") == true
          || error?.hasPrefix("\(pack.content)/\(withheld):1:1: error:") == true, "\(errors)")
      #expect(error?.contains("note: pubpack, links and web servers could take one document for the other") == true)
      #expect(!errors.joined().contains("SECRET-"))
    }
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(!build.succeeded)
    #expect(pack.siteFiles() == before)
    #expect(Self.withheldMarkers(in: pack).isEmpty)
    // Renamed apart, the two build, and only the released one is written.
    try FileManager.default.removeItem(atPath: pack.content + "/" + withheld)
    try Self.writeExactly(
      pack, "content/secret.md",
      "---\ntitle: SECRET-TITLE\nkind: page\nslug: secret-page\nembargo: 2026-08-05T09:00\n---\nSECRET-BODY\n")
    let (renamed, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(renamed.succeeded, "\(TestPack.errors(diagnostics))")
    #expect(pack.siteText("open-page/index.html")?.contains("OPEN-BODY") == true)
    #expect(Self.withheldMarkers(in: pack).isEmpty)
  }

  /// Slugs that differ only in case are one folder on a case-insensitive server or disk.
  @Test(arguments: [("Report", "report"), ("COUNCIL-REPORT", "council-report"), ("Findings-2026", "findings-2026")])
  func slugsThatDifferOnlyInCaseAreRefused(first: String, second: String) throws {
    let pack = try TestPack([
      "content/a.md": "---\ntitle: A\nkind: page\nslug: \(first)\n---\nOPEN-BODY\n",
      "content/b.md": "---\ntitle: SECRET\nkind: page\nslug: \(second)\nembargo: 2026-08-05T09:00\n---\nSECRET-BODY\n",
    ])
    for at in ["2026-08-04T00:01", "2026-07-28T10:00"] {
      let errors = TestPack.errors(pack.build(at: at).diagnostics)
      #expect(
        errors.contains {
          $0.hasPrefix(
            "\(pack.content)/b.md:4:1: error: the slug '\(second)' is already used by \(pack.content)/a.md (as '\(first)': slugs that differ only in case are one address)"
          )
        }, "\(errors)")
    }
    #expect(!pack.buildSite(at: "2026-08-04T00:01").0.succeeded)
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// `assets` is the assets' folder in every case a server may take it in.
  @Test(arguments: ["assets", "Assets", "ASSETS"])
  func theAssetsSlugIsReservedInEveryCase(slug: String) throws {
    let pack = try TestPack(["content/a.md": "---\ntitle: A\nkind: page\nembargo: none\nslug: \(slug)\n---\nText\n"])
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix("\(pack.content)/a.md:5:1: error: the slug '\(slug)' is reserved for images and files")
      }, "\(errors)")
  }

  /// Slugs are ASCII letters, digits and '-': a letter with an accent, a fullwidth letter, a
  /// ligature or an invisible character has other spellings that lead to the same address.
  @Test(arguments: [
    "caf\u{E9}", "cafe\u{301}", "\u{FF52}eport", "re\u{200B}port", "\u{FB01}ndings", "r\u{E9}sum\u{E9}",
  ])
  func slugsOutsideASCIIAreRefused(slug: String) throws {
    let pack = try TestPack(["content/a.md": "---\ntitle: A\nkind: page\nembargo: none\nslug: \(slug)\n---\nText\n"])
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix("\(pack.content)/a.md:5:7: error: the slug '\(slug)' may contain only letters, digits and '-'")
          && $0.contains("note: letters here means the ASCII letters a to z and A to Z")
      }, "\(errors)")
  }

  /// Content assets, theme files and templates whose names look alike would be one file on the
  /// server (or one key in the build), whichever came last.
  @Test(arguments: [
    ("content/assets", "Chart.png", "chart.png"),
    ("content/assets", "caf\u{E9}.png", "cafe\u{301}.png"),
    ("content/assets", "map.png", "map.png."),
    ("content/assets", "logo.png", "lo\u{200B}go.png"),
    ("templates/assets", "Style.css", "style.css"),
    ("templates", "Page.mustache", "page.mustache"),
  ])
  func filesWhoseNamesLookAlikeAreRefusedNamingBoth(folder: String, first: String, second: String) throws {
    let pack = try TestPack([
      "content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\n![A chart](assets/\(first))\n"
    ])
    try Self.writeExactly(pack, "\(folder)/\(first)", "OPEN")
    try Self.writeExactly(pack, "\(folder)/\(second)", "SECRET-BYTES")
    #expect(Self.namesOnDisk(pack.root.path + "/" + folder).isSuperset(of: [Array(first.utf8), Array(second.utf8)]))
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    let folderPath = pack.root.path + "/" + folder
    #expect(
      errors.contains {
        ($0.hasPrefix("\(folderPath)/\(second):1:1: error: the file names ")
          || $0.hasPrefix("\(folderPath)/\(first):1:1: error: the file names "))
          && $0.contains(LookAlikeName.shown(first)) && $0.contains(LookAlikeName.shown(second))
      }, "\(errors)")
    #expect(!pack.buildSite(at: "2026-08-04T00:01").0.succeeded)
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// A theme file and a content asset a page uses are both written to site/assets/: names that
  /// look alike would be one file there.
  @Test(arguments: [("Style.css", "style.css"), ("caf\u{E9}.css", "cafe\u{301}.css"), ("print.css", "print.css.")])
  func aThemeFileThatLooksLikeAUsedContentAssetIsRefused(asset: String, theme: String) throws {
    let pack = try TestPack([
      "content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\n[The styles](assets/\(asset))\n"
    ])
    try Self.writeExactly(pack, "content/assets/\(asset)", "CONTENT")
    try Self.writeExactly(pack, "templates/assets/\(theme)", "THEME")
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix(
          "\(pack.templates)/assets/\(theme):1:1: error: the theme file assets/\(theme) has the same name as a content asset"
        )
      }, "\(errors)")
  }

  /// An asset named in another spelling than its file's is a located error, not a file the
  /// build cannot find.
  @Test(arguments: [("caf\u{E9}.png", "cafe\u{301}.png"), ("Chart.png", "chart.png"), ("map.png", "MAP.PNG")])
  func anAssetLinkedInAnotherSpellingIsALocatedError(file: String, link: String) throws {
    let pack = try TestPack(["content/webpage.md": "---\ntitle: Web\nkind: webpage\n---\n![A map](assets/\(link))\n"])
    try Self.writeExactly(pack, "content/assets/\(file)", "PNG")
    let errors = TestPack.errors(pack.build(at: "2026-08-04T00:01").diagnostics)
    #expect(
      errors.contains {
        $0.hasPrefix(
          "\(pack.content)/webpage.md:5:1: error: the asset 'assets/\(link)' names \(LookAlikeName.shown("assets/" + file)) spelt otherwise"
        )
      }, "\(errors)")
  }

  /// The fold that decides which names are one.
  @Test func lookAlikeKeys() {
    let groups: [[String]] = [
      ["caf\u{E9}", "cafe\u{301}", "CAF\u{C9}", "CAFE\u{301}", "caf\u{E9}.", "caf\u{E9} "],
      ["findings", "\u{FB01}ndings", "FINDINGS", "\u{FF46}indings", "fin\u{200B}dings", "fin\u{AD}dings"],
      [
        "www.test.example", "WWW.TEST.EXAMPLE.", "\u{FF57}\u{FF57}\u{FF57}.test.example",
        "www\u{3002}test\u{3002}example",
      ],
    ]
    for group in groups {
      #expect(Set(group.map(LookAlikeName.key)).count == 1, "\(group.map(LookAlikeName.key))")
    }
    #expect(LookAlikeName.key("report") != LookAlikeName.key("rapport"))
    #expect(LookAlikeName.key("council-report") != LookAlikeName.key("council_report"))
  }
}
