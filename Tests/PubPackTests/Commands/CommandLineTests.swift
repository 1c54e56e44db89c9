import Foundation
import Testing

@testable import PubPack

/// The commands as a user runs them: exit status, standard error, and the files written.
@Suite struct CommandLineTests {
  @Test func buildSucceedsAndNamesEveryWithheldDocument() throws {
    let pack = try TestPack(EmbargoGuardTests.leakPack)
    let result = try runPubpack(["build", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("withheld: content/press-release.md: embargoed until 9am on Wednesday 5 August 2026 (08:00 UTC on Wednesday 5 August 2026) - 1 day 8 hours left"))
    #expect(result.stderr.contains("withheld: content/draft.md: draft"))
    #expect(result.stderr.contains("withheld: content/exempt.md: exempt under Schedule 12A, paragraphs 1, 2"))
    // A build's log may be read by anyone: it names withheld files, not their titles.
    for title in ["SENTINEL-TITLE-7Q", "DRAFT-TITLE-9Z", "EXEMPT-TITLE-5X"] { #expect(!result.stderr.contains(title)) }
    #expect(result.stderr.contains("built site/: 1 document released, 4 withheld"))
    #expect(FileManager.default.fileExists(atPath: pack.site + "/webpage/index.html"))
  }

  /// `--at` half a second before the embargo (00:01 London, 23:01 UTC) is before it: nothing of
  /// the webpage is built. (An embargo written with a fraction rounds the other way, later.)
  @Test func halfASecondBeforeTheEmbargoReleasesNothing() throws {
    let pack = try TestPack([:])
    let early = try runPubpack(["build", "--at", "2026-08-03T23:00:59.5Z"], in: pack.root)
    #expect(early.status == 0, "\(early.stderr)")
    #expect(early.stderr.contains("built site/: 0 documents released, 1 withheld"), "\(early.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pack.site + "/webpage/index.html"))
    let onTime = try runPubpack(["build", "--at", "2026-08-03T23:01:00.0Z"], in: pack.root)
    #expect(onTime.stderr.contains("built site/: 1 document released, 0 withheld"), "\(onTime.stderr)")
    #expect(FileManager.default.fileExists(atPath: pack.site + "/webpage/index.html"))
  }

  @Test func buildFailureExitsOneWithLocatedErrors() throws {
    let pack = try TestPack(["content/webpage.md": "---\ntitle: T\nkind: webpage\n---\n{{council.nmae}}\n"])
    let result = try runPubpack(["build", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(result.status == 1)
    #expect(result.stderr.contains("content/webpage.md:5:1: error: {{council.nmae}} names nothing\n  note: did you mean {{council.name}}?"))
    #expect(result.stderr.contains("error: build failed: 1 error in 1 file; nothing was written"))
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// Paths in messages are relative to the current folder, as the SPEC has them, also when the
  /// pack is named by an absolute path.
  @Test func diagnosticsShowPathsFromTheCurrentFolder() throws {
    let pack = try TestPack(["content/webpage.md": "---\ntitle: T\nkind: webpage\n---\n{{council.nmae}}\n"])
    let result = try runPubpack(
      ["check", "--content", pack.content, "--templates", pack.templates, "--at", "2026-08-04T00:01"],
      in: pack.root.deletingLastPathComponent())
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("\(pack.root.lastPathComponent)/content/webpage.md:5:1: error: {{council.nmae}} names nothing"),
      "\(result.stderr)")
    #expect(!result.stderr.contains(pack.root.path))
  }

  @Test func usageErrorsExit64() throws {
    let pack = try TestPack([:])
    #expect(try runPubpack(["build", "--at", "2026-08-04"], in: pack.root).status == 64)
    #expect(try runPubpack(["build", "--frobnicate"], in: pack.root).status == 64)
    let bare = try runPubpack([], in: pack.root)
    #expect(bare.status == 64)
    #expect(bare.stderr.contains("name a command"))
    let gap = try runPubpack(["status", "--at", "2026-03-29T01:30"], in: pack.root)
    #expect(gap.status == 64)
    #expect(gap.stderr.contains("does not exist in London"))
  }

  @Test func statusShowsStateEmbargoAndTimeLeft() throws {
    let pack = try TestPack(EmbargoGuardTests.leakPack)
    let result = try runPubpack(["status", "--at", "2026-08-04T00:00", "--json"], in: pack.root)
    #expect(result.status == 0, "\(result.stderr)")
    struct Output: Decodable {
      struct Row: Decodable {
        var slug: String
        var title: String?
        var kind: String
        var state: String
        var embargo: Embargo?
        var timeLeft: String?
        struct Embargo: Decodable { var utc: String; var london: String }
      }
      var documents: [Row]
    }
    let output = try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8))
    let bySlug = Dictionary(uniqueKeysWithValues: output.documents.map { ($0.slug, $0) })
    #expect(bySlug["webpage"]?.state == "withheld")
    #expect(bySlug["webpage"]?.timeLeft == "1 minute")
    #expect(bySlug["webpage"]?.embargo?.utc == "2026-08-03T23:01:00Z")
    #expect(bySlug["webpage"]?.embargo?.london == "12:01am on Tuesday 4 August 2026")
    #expect(bySlug["draft"]?.state == "draft")
    #expect(bySlug["exempt"]?.state == "exempt")
    #expect(bySlug["council-report"]?.kind == "council-report")
    #expect(!FileManager.default.fileExists(atPath: pack.site), "status writes nothing")
  }

  @Test func checkWritesNothing() throws {
    let pack = try TestPack([:])
    let result = try runPubpack(["check", "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  /// The same build under different host time zones and locales gives the same bytes.
  @Test func outputDoesNotDependOnTZOrLocale() throws {
    let pack = try TestPack(EmbargoGuardTests.leakPack)
    var trees: [[String: Data]] = []
    for env in [
      ["TZ": "UTC", "LANG": "C"], ["TZ": "America/Los_Angeles", "LANG": "en_US.UTF-8"],
      ["TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8"], ["TZ": "Europe/London", "LC_ALL": "fr_FR.UTF-8"],
      // Yams reads this on every parse unless told the encoding (and prints that it did).
      ["YAMS_DEFAULT_ENCODING": "UTF16"],
    ] {
      let result = try runPubpack(["build", "--at", "2026-08-04T10:00"], in: pack.root, environment: env)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(!result.stdout.contains("YAMS_DEFAULT_ENCODING"), "\(result.stdout)")
      var tree: [String: Data] = [:]
      for path in pack.siteFiles() { tree[path] = FileManager.default.contents(atPath: pack.site + "/" + path) }
      trees.append(tree)
      let status = try runPubpack(["status", "--at", "2026-08-04T00:00"], in: pack.root, environment: env)
      #expect(status.stdout.contains("12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)"))
    }
    #expect(trees.count == 5)
    #expect(trees.allSatisfy { $0 == trees[0] })
    #expect(trees[0]["council-report/index.html"] != nil)
  }

  #if os(Linux)
    /// The executable allocates through mimalloc, not glibc's malloc (Package.swift): with glibc's
    /// a 50,000-page build took a fifth longer and grew faster than the pages (bench/RESULTS.md).
    /// `MIMALLOC_VERBOSE` makes mimalloc say so as the process starts; unlinked, nothing answers.
    @Test func theExecutableAllocatesThroughMimalloc() throws {
      let pack = try TestPack([:])
      let result = try runPubpack(["--help"], in: pack.root, environment: ["MIMALLOC_VERBOSE": "1"])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.contains("mimalloc: process init"))
    }
  #endif

  @Test func theSamplePackBuildsCleanly() throws {
    let root = Scratch.root.appendingPathComponent("pubpack-sample-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for folder in ["content", "templates"] {
      try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
    }
    let result = try runPubpack(["build", "--at", "2026-08-04T00:01"], in: root)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("warning"))
    let site = root.appendingPathComponent("site").path
    for path in ["index.html", "ofsted-inspection/index.html", "press-release/index.html", "council-report/index.html", "accessibility/index.html", "sitemap.xml", "feed.xml", "assets/pubpack.css"] {
      #expect(FileManager.default.fileExists(atPath: site + "/" + path), "\(path)")
    }
    let before = try runPubpack(["build", "--at", "2026-08-04T00:00"], in: root)
    #expect(before.status == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: site).sorted() == [".pubpack-build.json", "accessibility", "assets", "feed.xml", "index.html", "share.png", "sitemap.xml"])
  }
}
