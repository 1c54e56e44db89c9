import Foundation
import Testing

@testable import PubPack

/// `pubpack build` streams each page (and each share image) into the staging folder as soon as
/// it is made, instead of holding the whole site in memory until the end (issue 20: memory
/// flat in the number of pages). The site written must be the site built, byte for byte; a
/// failed or refused build must leave nothing behind; and the staging folder must refuse a
/// file that the build's instant may not show, as the site writer does.
@Suite struct StreamedBuildTests {
  /// A pack of the standard documents and `count` pages, each with a heading and links.
  static func pack(pages count: Int, extra: [String: String] = [:]) throws -> TestPack {
    var files: [String: String] = [:]
    for number in 1...count {
      files["content/page-\(number).md"] = """
        ---
        title: "Update \(number): help for families"
        kind: page
        summary: "What changes for families, part \(number)."
        ---
        ## Early help in part \(number)

        Families can ask for help <early> & "often". See [our inspection](webpage.md) and
        [the next update](page-\(number % count + 1).md#early-help-in-part-\(number % count + 1)).
        """
    }
    return try TestPack(files.merging(extra) { _, new in new })
  }

  /// Every file under `folder`, relative to it, with its bytes.
  static func tree(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [:] }
    while let path = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
      if !isDirectory.boolValue { files[path] = FileManager.default.contents(atPath: folder + "/" + path) }
    }
    return files
  }

  /// The hidden staging and retired folders a write leaves beside `site` (none, when it is done).
  static func leftovers(beside site: String) -> [String] {
    let parent = URL(fileURLWithPath: site).deletingLastPathComponent().path
    return ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.contains(".pubpack-") }
  }

  @Test func theSiteWrittenIsTheSiteBuiltInMemoryByteForByte() throws {
    let pack = try Self.pack(pages: 40)
    let inMemory = pack.build(at: "2026-08-04T09:00")
    #expect(inMemory.succeeded)
    #expect(inMemory.files.allSatisfy { $0.stagedPath == nil })

    let (streamed, written) = pack.buildSite(at: "2026-08-04T09:00")
    #expect(written.map(\.rendered) == [])
    // The pages really were streamed (not held and written at the end), and once the site was
    // swapped in, each is read back from the site itself.
    let pages = streamed.files.filter { $0.path.hasSuffix("/index.html") }
    #expect(pages.count == 41)
    #expect(pages.allSatisfy { $0.stagedPath == pack.site + "/" + $0.path })

    let onDisk = Self.tree(pack.site)
    #expect(Set(onDisk.keys) == Set(inMemory.files.map(\.path) + [BuildManifest.fileName]))
    for file in inMemory.files {
      #expect(onDisk[file.path] == file.contents, "\(file.path) differs from the build in memory")
    }
    for file in streamed.files {
      #expect(file.contents == onDisk[file.path], "\(file.path) reads back other bytes")
      #expect(file.size == onDisk[file.path]?.count)
    }
    // The manifest lists every file with the digest of the bytes on the disk.
    let manifest = try #require(BuildManifest.read(siteDirectory: pack.site))
    #expect(manifest.files.count == inMemory.files.count)
    for entry in manifest.files {
      #expect(entry.sha256 == BuildManifest.sha256(onDisk[entry.path] ?? Data()), "\(entry.path)")
      #expect(entry.size == onDisk[entry.path]?.count)
    }
    #expect(Self.leftovers(beside: pack.site) == [])
  }

  @Test(
    arguments: [
      // A data tag that names nothing: the document's own error.
      ("page-37.md", "We were judged {{judgements.nonsense}}."),
      // A link to a heading that is not there: found by the checks, after every page was made.
      ("page-2.md", "See [the next](page-3.md#no-such-heading)."),
      // A page claiming a grade Ofsted did not give: the prose check.
      ("page-20.md", "Ofsted judged our services outstanding overall."),
    ] as [(String, String)])
  func aBuildThatFailsAfterPagesWereStreamedLeavesThePreviousSiteAndNothingElse(
    file: String, line: String
  ) throws {
    let pack = try Self.pack(pages: 40)
    let (_, first) = pack.buildSite(at: "2026-08-04T09:00")
    #expect(first.map(\.rendered) == [])
    let before = Self.tree(pack.site)
    #expect(before.count > 40)

    // The page keeps its heading (others link to it): its one new line is the only fault.
    let number = file.dropFirst("page-".count).dropLast(".md".count)
    try pack.write(
      "content/" + file, "---\ntitle: Part \(number)\nkind: page\n---\n## Early help in part \(number)\n\n\(line)\n")
    let (failed, _) = pack.buildSite(at: "2026-08-04T10:00")
    #expect(!failed.succeeded)
    let errors = TestPack.errors(failed.diagnostics)
    #expect(errors.count == 1)
    #expect(errors.allSatisfy { $0.contains(file) }, "\(errors)")
    #expect(failed.files.isEmpty)
    #expect(Self.tree(pack.site) == before)
    #expect(Self.leftovers(beside: pack.site) == [])
  }

  @Test func anOutputFolderThatCannotBeReplacedIsReportedAfterThePacksOwnErrors() throws {
    let pack = try Self.pack(pages: 3)
    try FileManager.default.createDirectory(atPath: pack.site, withIntermediateDirectories: true)
    try Data("mine".utf8).write(to: URL(fileURLWithPath: pack.site + "/notes.txt"))

    // A pack with an error: its error, not the folder's.
    try pack.write(
      "content/page-2.md", "---\ntitle: Broken\nkind: page\n---\n## Early help in part 2\n\n{{judgements.nonsense}}\n")
    let (broken, _) = pack.buildSite(at: "2026-08-04T09:00")
    let errors = TestPack.errors(broken.diagnostics)
    #expect(errors.count == 1)
    #expect(errors.first?.contains("page-2.md") == true)
    #expect(errors.first?.contains("not made by pubpack") == false)

    // A good pack: the folder's error, and the folder as it was.
    try pack.write("content/page-2.md", "---\ntitle: Fine\nkind: page\n---\n## Early help in part 2\n\nFine.\n")
    let (good, written) = pack.buildSite(at: "2026-08-04T09:00")
    #expect(good.succeeded)
    #expect(written.count == 1)
    #expect(written.first?.rendered.contains("is not empty and was not made by pubpack") == true)
    #expect(Self.tree(pack.site) == ["notes.txt": Data("mine".utf8)])
    #expect(Self.leftovers(beside: pack.site) == [])
  }

  @Test func theStagingFolderRefusesAFileNotYetReleasedAndTakesOneReleasedExactlyNow() throws {
    let pack = try Self.pack(pages: 1)
    let request = pack.request(at: "2026-08-04T09:00")
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    let bytes = Data("<p>released</p>".utf8)

    for early in [Int64(1), 60, 86_400] {
      let file = SiteFile(
        path: "early-\(early)/index.html", contents: bytes, sources: ["content/page-1.md"],
        notBefore: request.instant.adding(seconds: early))
      let (kept, diagnostics) = staging.stage(file)
      #expect(diagnostics.map(\.rendered).first?.contains("refusing to write 'early-\(early)/index.html'") == true)
      #expect(kept.stagedPath == nil)
      #expect(!FileManager.default.fileExists(atPath: staging.path + "/early-\(early)"))
    }
    let now = SiteFile(
      path: "now/index.html", contents: bytes, sources: ["content/page-1.md"], notBefore: request.instant)
    let (kept, diagnostics) = staging.stage(now)
    #expect(diagnostics.isEmpty)
    #expect(kept.stagedPath == staging.path + "/now/index.html")
    #expect(FileManager.default.contents(atPath: staging.path + "/now/index.html") == bytes)
    #expect(kept.sha256 == BuildManifest.sha256(bytes))

    staging.discard()
    #expect(!FileManager.default.fileExists(atPath: staging.path))
  }

  @Test func aPreviewBuildStagesWithheldPagesOnlyBecauseItShowsThemOnPurpose() throws {
    // The gate is for release builds: a preview build shows withheld documents (marked) and is
    // never published; streaming one must not refuse them.
    let pack = try Self.pack(pages: 2)
    let request = pack.request(at: "2026-08-03T09:00", mode: .preview)
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    let file = SiteFile(
      path: "page-1/index.html", contents: Data("x".utf8), sources: ["content/page-1.md"],
      notBefore: request.instant.adding(seconds: 3600))
    #expect(staging.stage(file).diagnostics.isEmpty)
  }
}
