import Foundation
import Testing

@testable import PubPack

/// A document's body is not held from the load stage on: the load stage reads the front matter
/// and lets the body go, and the render stage reads the file again (issue 20: memory flat in the
/// number of pages). The second read must be the first one's bytes, or the build would mix two
/// versions of a document: the front matter (its embargo among it) of one, the body of another.
@Suite struct TwoPassReadTests {
  static let release = "2026-08-04T09:00"

  /// The standard pack, with its press release written to the disk.
  static func pack() throws -> (TestPack, String) {
    let pack = try TestPack([
      "content/press-release.md": """
        ---
        title: Ofsted publishes its report
        kind: press-release
        summary: The report is out.
        ---
        ## What Ofsted found

        {{council.name}} was judged {{judgements.overallEffectiveness.gradeLower}} overall.
        """
    ])
    return (pack, pack.content + "/press-release.md")
  }

  /// Changes the file at `path` as `change` says.
  static func edit(_ change: String, _ path: String) throws {
    let url = URL(fileURLWithPath: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    switch change {
    case "the same size":
      // The text changed, the file's size kept.
      try Data(text.replacingOccurrences(of: "overall.", with: "overall!").utf8).write(to: url)
    case "a line added":
      let handle = try FileHandle(forWritingTo: url)
      try handle.seekToEnd()
      try handle.write(contentsOf: Data("\n\nOfsted judged us outstanding.\n".utf8))
      try handle.close()
    case "an embargo added":
      // The front matter changed: an embargo the build has not seen.
      try Data(
        text.replacingOccurrences(of: "kind: press-release\n", with: "kind: press-release\nembargo: 2026-09-01T09:00\n").utf8
      ).write(to: url)
    default:
      // Saved by rename, as editors do: a new file in its place, one byte shorter.
      try Data(String(text.dropLast()).utf8).write(to: URL(fileURLWithPath: path + ".tmp"))
      #expect(rename(path + ".tmp", path) == 0)
    }
  }

  @Test(arguments: ["the same size", "a line added", "an embargo added", "saved by rename"])
  func aDocumentChangedWhileTheBuildRunsIsRefusedAndNothingIsWritten(change: String) throws {
    let (pack, path) = try Self.pack()
    let (first, _) = pack.buildSite(at: Self.release)
    #expect(first.succeeded, "\(first.diagnostics.map(\.rendered))")
    let before = StreamedBuildTests.tree(pack.site)

    let editor = EditDuringReads(path) { try Self.edit(change, $0) }
    var request = pack.request(at: Self.release)
    request.fileSystem = editor.fileSystem
    let (build, _) = SiteWriter.build(request, to: pack.site)
    #expect(editor.readCount == 2, "\(change)")
    #expect(!build.succeeded, "\(change)")
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.count == 1, "\(change): \(errors)")
    #expect(errors.first?.hasPrefix(path + ":1:1: error: ") == true, "\(change): \(errors)")
    #expect(errors.first?.contains("changed while pubpack was building") == true, "\(change): \(errors)")
    #expect(build.diagnostics.first { $0.severity == .error }?.notes.last == "save the file, then build again")
    // The site is the one before, and nothing was left beside it.
    #expect(StreamedBuildTests.tree(pack.site) == before, "\(change)")
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [], "\(change)")

    // Built again once the file is saved, the new version is what is published.
    let slug = try #require(first.documents.first { $0.document.fileName == "press-release.md" }?.document.slug)
    #expect(before["\(slug)/index.html"] != nil)
    let (again, _) = pack.buildSite(at: Self.release)
    let page = pack.siteText("\(slug)/index.html")
    if change == "an embargo added" {
      #expect(again.succeeded)
      #expect(page == nil, "the press release is now withheld")
    } else {
      #expect(again.succeeded == (change != "a line added"), "\(again.diagnostics.map(\.rendered))")
    }
  }

  @Test func aDocumentRemovedWhileTheBuildRunsIsRefused() throws {
    let (pack, path) = try Self.pack()
    let editor = EditDuringReads(path) { try FileManager.default.removeItem(atPath: $0) }
    var request = pack.request(at: Self.release)
    request.fileSystem = editor.fileSystem
    let (build, _) = SiteWriter.build(request, to: pack.site)
    let errors = TestPack.errors(build.diagnostics)
    #expect(errors.map { $0.components(separatedBy: "\n")[0] } == [
      "\(path):1:1: error: \(path) could not be read again: it was moved or removed while pubpack was building"
    ])
    #expect(!FileManager.default.fileExists(atPath: pack.site))
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [])
  }

  /// The same bytes read twice (the file touched, or rewritten unchanged) build as before.
  @Test func aFileRewrittenWithTheSameBytesBuilds() throws {
    let (pack, path) = try Self.pack()
    let (first, _) = pack.buildSite(at: Self.release)
    let before = StreamedBuildTests.tree(pack.site)
    #expect(first.succeeded)
    let editor = EditDuringReads(path) { path in
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      try data.write(to: URL(fileURLWithPath: path))
    }
    var request = pack.request(at: Self.release)
    request.fileSystem = editor.fileSystem
    let (build, written) = SiteWriter.build(request, to: pack.site)
    #expect(build.succeeded, "\(build.diagnostics.map(\.rendered))")
    #expect(written.map(\.rendered) == [])
    #expect(StreamedBuildTests.tree(pack.site) == before)
  }

  /// No document holds its body after the load stage, and no rendered one after its checks:
  /// what a large pack would otherwise hold all at once.
  @Test func bodiesAreLeftInTheirFilesAndLetGoOnceChecked() throws {
    let pack = try StreamedBuildTests.pack(pages: 12)
    let build = pack.build(at: Self.release)
    #expect(build.succeeded, "\(build.diagnostics.map(\.rendered))")
    let documents = try #require(build.pack?.documents)
    #expect(documents.count == 13)
    for document in documents {
      guard case .file(let mark) = document.body else {
        Issue.record("\(document.fileName) holds its body")
        continue
      }
      #expect(mark.path == document.path)
    }
    #expect(build.rendered.count == 13)
    #expect(build.rendered.allSatisfy { $0.body.isEmpty && $0.markdown.links.isEmpty && $0.markdown.headings.isEmpty })
    // ...while what later stages need stays: the headings' ids, for links from other documents.
    #expect(build.rendered.first { $0.document.fileName == "page-3.md" }?.anchors == ["early-help-in-part-3"])
  }

  /// A file saved with a byte-order mark and Windows line ends is read again to the same body:
  /// its page is the page of the plain file, and a fault in it is reported at its line and column.
  @Test func aBodyAfterAByteOrderMarkAndWindowsLineEndsIsReadAgainWhole() throws {
    let text = """
      ---
      title: "Help for families: é, “quotes” and – dashes"
      kind: page
      summary: Early help.
      ---
      ## Early help — what changes

      Families can ask for help ([our inspection](webpage.md)).

      See [the plan](#no-such-heading).
      """
    let plain = try TestPack(["content/help.md": text])
    let marked = try TestPack([:])
    try marked.write("content/help.md", Data([0xEF, 0xBB, 0xBF]) + Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    for pack in [plain, marked] {
      let build = pack.build(at: Self.release)
      #expect(
        TestPack.errors(build.diagnostics).map { ($0.components(separatedBy: "content/").last ?? $0).components(separatedBy: "\n")[0] }
          == ["help.md:10:5: error: the anchor '#no-such-heading' names no heading in this document"])
    }
    try plain.write("content/help.md", text.replacingOccurrences(of: "[the plan](#no-such-heading)", with: "the plan"))
    try marked.write(
      "content/help.md",
      Data([0xEF, 0xBB, 0xBF])
        + Data(
          text.replacingOccurrences(of: "[the plan](#no-such-heading)", with: "the plan")
            .replacingOccurrences(of: "\n", with: "\r\n").utf8))
    let (built, _) = plain.buildSite(at: Self.release)
    #expect(marked.buildSite(at: Self.release).0.succeeded)
    let slug = try #require(built.documents.first { $0.document.fileName == "help.md" }?.document.slug)
    let page = try #require(plain.siteText("\(slug)/index.html"))
    #expect(page.contains("Families can ask for help"))
    #expect(page.contains("Early help — what changes"))
    // The same site; only the manifest's digests of the sources differ (their bytes do).
    var plainSite = StreamedBuildTests.tree(plain.site)
    var markedSite = StreamedBuildTests.tree(marked.site)
    #expect(plainSite.removeValue(forKey: ".pubpack-build.json") != markedSite.removeValue(forKey: ".pubpack-build.json"))
    #expect(plainSite.count == 5)
    #expect(plainSite == markedSite)
  }
}
