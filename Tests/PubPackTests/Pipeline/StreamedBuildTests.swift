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

  // MARK: - What the red team found (review of the streaming change)

  /// A pack before its release, with `embargo: none` pages (out already) and one more.
  static func earlyPack(extra: String) throws -> TestPack {
    var files: [String: String] = [:]
    for number in 1...6 {
      files["content/early-\(number).md"] = """
        ---
        title: "Family help hub \(number)"
        kind: page
        embargo: none
        ---
        The hub opens on weekdays from 9am. Call us to book a visit.
        """
    }
    files["content/early-leak.md"] = extra
    return try TestPack(files)
  }

  /// The pages of documents with no error go to the staging folder as they are made; a page
  /// that its own checks refuse (here, an early page stating the embargoed grade in words) never
  /// reaches the disk, not even the staging folder; and once the build has failed, nothing more
  /// is written (not the landing page, feed or sitemap that would list it) and what was goes.
  @Test(
    arguments: [
      // The grade in words, before the report is out (embargo rule 2).
      "Ofsted has judged our children's services to be good overall.",
      // A link to a document still withheld: refused by the render stage.
      "Read [the report](council-report.md) when it is out.",
      // A data tag naming an inspection fact, refused on an early page.
      "We were judged {{judgements.overallEffectiveness.grade}}.",
    ])
  func aPageItsOwnChecksRefuseIsNeverWrittenEvenToTheStagingFolder(line: String) throws {
    let pack = try Self.earlyPack(
      extra: "---\ntitle: Services update\nkind: page\nembargo: none\n---\n\(line)\n")
    try pack.write(
      "content/council-report.md", "---\ntitle: Committee report\nkind: council-report\n---\nThe findings.\n")
    var request = pack.request(at: "2026-08-03T12:00")
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    request.staging = staging
    let build = Pipeline.build(request)

    #expect(!build.succeeded)
    #expect(TestPack.errors(build.diagnostics).allSatisfy { $0.contains("early-leak.md") }, "\(build.diagnostics)")
    let written = staging.writtenPaths
    // The early pages with no error were streamed before the failure was known...
    #expect(written.contains("early-1/index.html"))
    // ...the refused page never was, nor anything listing it...
    #expect(!written.contains("early-leak/index.html"))
    for listing in ["index.html", "feed.xml", "sitemap.xml"] { #expect(!written.contains(listing)) }
    // ...and the failed build's staging folder is gone before the build hands back.
    #expect(!FileManager.default.fileExists(atPath: staging.path))
  }

  /// Builds killed mid-way (here, left as a kill leaves them: a folder and an unheld lock file)
  /// are cleaned up by the next build into the same output; a build running now (its lock held)
  /// and a folder with no lock file are left alone.
  @Test func whatKilledBuildsLeftIsRemovedByTheNextBuildAndNothingElse() throws {
    let pack = try Self.pack(pages: 3)
    _ = pack.buildSite(at: "2026-08-04T09:00")
    let parent = pack.root.path
    let fm = FileManager.default
    for (folder, withLock) in [
      (".site.pubpack-new-DEADBEEF", true), (".site.pubpack-old-DEADBEEF", false), (".site.pubpack-new-0BAD0BAD", true),
      (".site.pubpack-new-NOLOCK00", false),
    ] {
      try fm.createDirectory(atPath: parent + "/" + folder + "/page-1", withIntermediateDirectories: true)
      try Data("<p>half a site</p>".utf8).write(to: URL(fileURLWithPath: parent + "/" + folder + "/page-1/index.html"))
      if withLock { try Data().write(to: URL(fileURLWithPath: parent + "/" + folder + ".lock")) }
    }
    // A build running now: its lock is held (by this process, through another open file).
    let live = try SiteWriter.prepare(output: pack.site, for: pack.request(at: "2026-08-04T09:00")).get()
    defer { live.discard() }

    let (_, written) = pack.buildSite(at: "2026-08-04T10:00")
    #expect(written.map(\.rendered) == [])
    let left = Set(try fm.contentsOfDirectory(atPath: parent).filter { $0.contains(".pubpack-") })
    let liveName = URL(fileURLWithPath: live.path).lastPathComponent
    #expect(left == [liveName, liveName + ".lock", ".site.pubpack-new-NOLOCK00"])
  }

  /// An output named through a link and `..` is the folder the file system reaches (above where
  /// the link leads), both when it is checked and when it is replaced: a folder that is not a
  /// pubpack site is never replaced because its name was spelt through a link.
  @Test func anOutputSpeltThroughALinkAndDotDotIsTheFolderTheFileSystemReaches() throws {
    let pack = try Self.pack(pages: 3)
    _ = pack.buildSite(at: "2026-08-04T09:00")
    let fm = FileManager.default
    let victim = pack.root.path + "/victim"
    try fm.createDirectory(atPath: victim, withIntermediateDirectories: true)
    try Data("precious".utf8).write(to: URL(fileURLWithPath: victim + "/thesis.txt"))
    try fm.createSymbolicLink(atPath: victim + "/link", withDestinationPath: "../site/page-1")

    let (build, written) = SiteWriter.build(pack.request(at: "2026-08-04T10:00"), to: victim + "/link/..")
    #expect(build.succeeded)
    #expect(written.map(\.rendered) == [])
    // The site (where link/.. leads) was rebuilt; the other folder is as it was.
    #expect(try fm.contentsOfDirectory(atPath: victim).sorted() == ["link", "thesis.txt"])
    #expect(fm.contents(atPath: victim + "/thesis.txt") == Data("precious".utf8))
    #expect(BuildManifest.read(siteDirectory: pack.site)?.builtFor == "2026-08-04T09:00:00Z")

    // And a link to a folder that is not a site is refused as that folder, whatever the spelling.
    try fm.createSymbolicLink(atPath: pack.root.path + "/to-victim", withDestinationPath: "victim/")
    let (_, refused) = SiteWriter.build(pack.request(at: "2026-08-04T10:00"), to: pack.root.path + "/to-victim/.")
    #expect(refused.first?.rendered.contains("was not made by pubpack") == true)
    #expect(fm.contents(atPath: victim + "/thesis.txt") == Data("precious".utf8))
  }

  /// A file streamed into the staging folder and then removed or changed by something else
  /// before the swap fails the write: the site is not swapped in with a hole or an empty page.
  @Test(arguments: ["removed", "changed", "folder removed"])
  func streamedFilesChangedBeforeTheSwapFailTheWrite(what: String) throws {
    let pack = try Self.pack(pages: 5)
    _ = pack.buildSite(at: "2026-08-04T09:00")
    let before = Self.tree(pack.site)
    var request = pack.request(at: "2026-08-04T10:00")
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    request.staging = staging
    let build = Pipeline.build(request)
    #expect(build.succeeded)
    switch what {
    case "removed": try FileManager.default.removeItem(atPath: staging.path + "/page-2/index.html")
    case "changed": try Data("x".utf8).write(to: URL(fileURLWithPath: staging.path + "/page-2/index.html"))
    default: try FileManager.default.removeItem(atPath: staging.path)
    }
    let written = SiteWriter.write(build, to: pack.site)
    #expect(written.count == 1)
    #expect(written.first?.rendered.contains("were changed or removed while it ran") == true)
    #expect(Self.tree(pack.site) == before)
  }

  /// A build that fails leaves no folder it made for the output's missing parents.
  @Test func aFailedBuildLeavesNoParentFoldersItMade() throws {
    let pack = try Self.pack(pages: 2)
    try pack.write("content/page-2.md", "---\ntitle: Broken\nkind: page\n---\n## Early help in part 2\n\n{{nonsense}}\n")
    let output = pack.root.path + "/typo/deep/site"
    let (build, _) = SiteWriter.build(pack.request(at: "2026-08-04T09:00"), to: output)
    #expect(!build.succeeded)
    #expect(!FileManager.default.fileExists(atPath: pack.root.path + "/typo"))
  }

  /// When a write into the staging folder fails, that is one error naming the file (not one per
  /// page of a large pack), and nothing more is streamed.
  @Test func aFailedWriteIsOneErrorAndStreamingStops() throws {
    let pack = try Self.pack(pages: 1)
    let staging = try SiteWriter.prepare(output: pack.site, for: pack.request(at: "2026-08-04T09:00")).get()
    defer { staging.discard() }
    // A file where a page's folder should be: its write cannot succeed, even for root.
    try Data().write(to: URL(fileURLWithPath: staging.path + "/blocked"))
    let released = TestPack.instant("2026-08-04T00:01")
    let results = ["blocked/index.html", "next/index.html", "later/index.html"].map {
      staging.stage(SiteFile(path: $0, contents: Data("<p>page</p>".utf8), sources: [], notBefore: released))
    }
    #expect(results.flatMap(\.diagnostics).count == 1)
    #expect(results[0].diagnostics.first?.rendered.contains("could not write 'blocked/index.html' of the site '\(pack.site)'") == true)
    #expect(results.allSatisfy { $0.file.stagedPath == nil })
    #expect(!FileManager.default.fileExists(atPath: staging.path + "/next"))
  }

  /// The staging folder is its owner's alone while the build runs (a page in it is not yet
  /// anyone else's to read); the site swapped in has the permissions any new folder gets.
  @Test func theStagingFolderIsPrivateUntilTheSwapAndTheSiteIsNot() throws {
    let pack = try Self.pack(pages: 3)
    var request = pack.request(at: "2026-08-04T09:00")
    let staging = try SiteWriter.prepare(output: pack.site, for: request).get()
    defer { staging.discard() }
    request.staging = staging
    let build = Pipeline.build(request)
    func mode(_ path: String) throws -> Int {
      ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int ?? -1) & 0o777
    }
    #expect(try mode(staging.path) == 0o700)
    #expect(staging.writtenPaths.contains("page-1/index.html"))
    #expect(SiteWriter.write(build, to: pack.site).map(\.rendered) == [])
    let reference = pack.root.path + "/any-new-folder"
    try FileManager.default.createDirectory(atPath: reference, withIntermediateDirectories: false)
    #expect(try mode(pack.site) == mode(reference))
    #expect(try mode(pack.site + "/page-1") == mode(reference))
  }
}
