import Foundation
import Testing

@testable import PackCommands
@testable import PubPack

/// `pubpack press`: the press release for journalists, headed with its embargo.
@Suite struct PressCopyTests {
  static func copy(at time: String) -> PressCopy? {
    let (copies, diagnostics) = PressCopy.make(DocumentsFixture.request(at: time))
    if !diagnostics.isEmpty { Issue.record("\(diagnostics.map(\.rendered))") }
    #expect(copies.count == 1)
    return copies.first
  }

  @Test func beforeTheEmbargoTheCopyIsHeadedEmbargoedUntilInLondonTimeAndUTC() throws {
    let copy = try #require(Self.copy(at: DocumentsFixture.weekBefore))
    let heading = "EMBARGOED UNTIL 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)"
    #expect(copy.isEmbargoed)
    #expect(copy.heading == heading)
    #expect(copy.html.contains(">\(heading)</p>"))
    #expect(copy.text.hasPrefix(heading + "\n\n"))
  }

  @Test func aMinuteBeforeTheEmbargoItIsStillEmbargoedAndAtItItIsForImmediateRelease() throws {
    #expect(try #require(Self.copy(at: "2026-08-04T00:00")).isEmbargoed)
    let lifted = try #require(Self.copy(at: DocumentsFixture.releaseDay))
    #expect(!lifted.isEmbargoed)
    #expect(lifted.heading == "FOR IMMEDIATE RELEASE")
    #expect(lifted.text.hasPrefix("FOR IMMEDIATE RELEASE\n\n"))
    #expect(!lifted.text.contains("EMBARGOED") && !lifted.html.contains("EMBARGOED"))
  }

  @Test func thePlainTextIsWrappedAt72ColumnsAndHasEveryPart() throws {
    let text = try #require(Self.copy(at: DocumentsFixture.weekBefore)).text
    let lines = text.split(separator: "\n")
    // The heading stays one line, whole; everything after it is wrapped.
    #expect(lines.first == "EMBARGOED UNTIL 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)")
    for line in lines.dropFirst() {
      #expect(line.count <= 72, "too long: \(line)")
    }
    for part in [
      "ENDS", "Notes to editors", "Media contact", "Councillor Amira Holt", "4 August 2026",
      "https://reports.ofsted.gov.uk/provider/44/999999",
      "(https://www.fernleigh.example/ofsted-2026/ofsted-inspection/)",
    ] {
      #expect(text.contains(part), "missing \(part)")
    }
    #expect(!text.contains("<") && !text.contains("&#39;"))
  }

  @Test func theHTMLIsSelfContainedWithInlineStyles() throws {
    let html = try #require(Self.copy(at: DocumentsFixture.weekBefore)).html
    #expect(!html.contains("<link") && !html.contains("<style") && !html.contains("<script") && !html.contains("src="))
    #expect(!html.contains("class="))
    #expect(html.contains("<h1 style=\""))
    #expect(html.contains("<strong style=\"font-weight: bold;\">ENDS</strong></p>"))
    // Links work from an inbox: no relative addresses.
    #expect(html.contains("href=\"https://www.fernleigh.example/ofsted-2026/ofsted-inspection/\""))
    #expect(!html.contains("href=\"../"))
    // No site furniture and no preview banner.
    #expect(!html.contains("Skip to main content") && !html.contains("private preview"))
  }

  @Test func itRefusesTheSiteFolderAndAnyBuiltSite() throws {
    let work = try DocumentsFixture.temporaryFolder("press-refusal").path
    #expect(PressWriter.refusal(for: "site", workingDirectory: work) != nil)
    #expect(PressWriter.refusal(for: "site/press", workingDirectory: work) != nil)
    #expect(PressWriter.refusal(for: "./site/", workingDirectory: work) != nil)
    #expect(PressWriter.refusal(for: work + "/site/x", workingDirectory: work) != nil)
    #expect(PressWriter.refusal(for: "press", workingDirectory: work) == nil)
    // A folder made by `pubpack build --output public` is a site too, however it is named.
    try FileManager.default.createDirectory(atPath: work + "/public", withIntermediateDirectories: true)
    try Data("{}".utf8).write(to: URL(fileURLWithPath: work + "/public/" + BuildManifest.fileName))
    let refusal = try #require(PressWriter.refusal(for: "public/press", workingDirectory: work))
    #expect(refusal.message.contains("public"))
    #expect(PressWriter.write([], to: "public", workingDirectory: work).1.count == 1)
  }

  /// A publish target's folder is the live site: its releases hold no build manifest, and its
  /// `current` is a link to one of them.
  @Test func itRefusesAPublishTargetThroughItsCurrentLink() throws {
    let work = try DocumentsFixture.temporaryFolder("press-target").path
    let target = work + "/www"
    try FileManager.default.createDirectory(atPath: target + "/releases/20260804-000100", withIntermediateDirectories: true)
    // As `publish` lays a directory target out (ReleaseLayout): the log beside the releases.
    try Data("published\n".utf8).write(
      to: URL(fileURLWithPath: target + "/" + ReleaseLayout.releasesFolder + "/" + ReleaseLayout.logFile))
    try FileManager.default.createSymbolicLink(atPath: target + "/current", withDestinationPath: "releases/20260804-000100")
    for output in ["www/current/press", "www/releases/20260804-000100/press", "www/press"] {
      let refusal = try #require(PressWriter.refusal(for: output, workingDirectory: work), "\(output)")
      #expect(refusal.message.contains("inside a publish target"))
    }
    #expect(PressWriter.refusal(for: "press", workingDirectory: work) == nil)
  }

  @Test func itWritesTheHTMLAndTextBySlug() throws {
    let work = try DocumentsFixture.temporaryFolder("press-write").path
    let copy = try #require(Self.copy(at: DocumentsFixture.weekBefore))
    let (written, problems) = PressWriter.write([copy], to: "press", workingDirectory: work)
    #expect(problems.isEmpty)
    #expect(written == ["press/press-release.html", "press/press-release.txt"])
    #expect(FileManager.default.contents(atPath: work + "/press/press-release.txt") == Data(copy.text.utf8))
  }

  /// The copy goes to journalists before the embargo, but shows only what the public will see
  /// when the press release comes out: a press release that lists the pack's documents lists
  /// no draft, no exempt document and none that comes out later.
  @Test func theCopyListsOnlyWhatIsOutWhenThePressReleaseIs() throws {
    let press = try String(contentsOfFile: DocumentsFixture.sampleContent + "/press-release.md", encoding: .utf8)
    let pack = try DocumentsFixture.samplePack(
      replacing: [
        "press-release.md": press + "\nRelated:\n\n{{#documents}}\n- {{title}}\n{{/documents}}\n",
        "late.md": "---\ntitle: LATE-SENTINEL-3K\nkind: page\nembargo: 2026-10-25T01:30:00+01:00\n---\nLater.\n",
        "draft.md": "---\ntitle: DRAFT-SENTINEL-5M\nkind: page\ndraft: true\n---\nNot yet.\n",
        "exempt.md":
          "---\ntitle: EXEMPT-SENTINEL-9P\nkind: council-report\nexempt:\n  paragraphs: [1, 3]\n---\nConfidential.\n",
      ], label: "press-listing")
    for time in [DocumentsFixture.weekBefore, "2026-08-20T10:00"] {
      let (copies, diagnostics) = PressCopy.make(
        DocumentsFixture.request(content: pack.content, templates: pack.templates, at: time))
      #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.rendered))")
      let copy = try #require(copies.first)
      for sentinel in ["LATE-SENTINEL-3K", "DRAFT-SENTINEL-5M", "EXEMPT-SENTINEL-9P"] {
        #expect(!copy.text.contains(sentinel) && !copy.html.contains(sentinel), "\(sentinel) in the copy at \(time)")
      }
      #expect(copy.text.contains("- Ofsted inspection of our children’s services"), "\(copy.text)")
    }
  }

  @Test func aPackWithoutAPressReleaseIsAnError() throws {
    let pack = try DocumentsFixture.samplePack(replacing: [:], label: "no-press")
    try FileManager.default.removeItem(atPath: pack.content + "/press-release.md")
    try Data(
      DocumentsFixture.richWebpage.replacingOccurrences(of: "[the council](council-report.md)", with: "the council")
        .utf8
    ).write(to: URL(fileURLWithPath: pack.content + "/webpage.md"))
    let (copies, diagnostics) = PressCopy.make(
      DocumentsFixture.request(content: pack.content, templates: pack.templates, at: DocumentsFixture.weekBefore))
    #expect(copies.isEmpty)
    #expect(diagnostics.map(\.message) == ["the pack has no press release"])
  }

  @Test func plainTextWrapsWithHangingIndentsAndKeepsLongAddressesWhole() {
    let lines = PlainText.wrap(
      "one two three four https://example.org/a/very/long/address", width: 12, first: "1. ", rest: "   ")
    #expect(lines == ["1. one two", "   three", "   four", "   https://example.org/a/very/long/address"])
  }
}

/// The `press` command as the press office runs it.
@Suite struct PressCommandTests {
  @Test func pressIsACommandWithTheSharedOptions() throws {
    #expect(PubpackCommand.configuration.subcommands.contains { $0 == PressCommand.self })
    let command = try #require(
      try PubpackCommand.parseAsRoot(["press", "--at", "2026-07-28T10:00", "--content", "c", "--templates", "t"])
        as? PressCommand)
    #expect(command.output == "press")
    #expect(command.pack.content == "c" && command.pack.templates == "t")
    #expect(command.clock.at == "2026-07-28T10:00")
  }

  @Test func pressRefusesTheSiteFolderBeforeBuildingAnything() throws {
    var command = try #require(try PubpackCommand.parseAsRoot(["press", "--output", "site/press"]) as? PressCommand)
    #expect(throws: (any Error).self) { try command.run() }
    command.output = "./site"
    #expect(throws: (any Error).self) { try command.run() }
  }
}

/// The small tokenizer the press copy reads pubpack's own pages with.
@Suite struct HTMLTokenTests {
  @Test func tagsAttributesTextAndCommentsAreSplit() {
    let tokens = HTMLToken.tokenize("<p class=\"a b\" hidden>x &amp; y<!-- note --><br /></p>")
    #expect(
      tokens == [
        .start(name: "p", attributes: [("class", "a b"), ("hidden", "")], isSelfClosing: false),
        .text("x &amp; y"), .start(name: "br", attributes: [], isSelfClosing: true), .end(name: "p"),
      ])
  }

  @Test func characterReferencesAreDecoded() {
    #expect(HTMLToken.decode("Ofsted&#39;s &lt;b&gt; &amp;&quot;&#x2019;&copy;&nbsp;&unknown; &") == "Ofsted's <b> &\"’©\u{00A0}&unknown; &")
  }
}
