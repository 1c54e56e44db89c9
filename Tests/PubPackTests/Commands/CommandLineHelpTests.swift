import Foundation
import Testing

@testable import PackCommands
@testable import PubPack

/// The command line helps a person who mistyped: the closest command, the usage of the command
/// they ran, and the same `--content` everywhere.
@Suite struct CommandLineHelpTests {
  @Test(arguments: [
    ("biuld", "build"), ("buidl", "build"), ("stauts", "status"), ("chek", "check"), ("publsh", "publish"),
    ("preveiw", "preview"), ("rollbak", "rollback"), ("improt-report", "import-report"), ("Build", "build"),
  ])
  func aMistypedCommandIsAnsweredWithTheClosest(typed: String, meant: String) throws {
    let pack = try TestPack([:])
    let result = try runPubpack([typed, "--at", "2026-08-04T00:01"], in: pack.root)
    #expect(result.status == 64)
    #expect(result.stderr.contains("error: '\(typed)' is not a pubpack command"), "\(result.stderr)")
    #expect(result.stderr.contains("note: did you mean '\(meant)'? (pubpack \(meant) --at 2026-08-04T00:01)"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  @Test func aWordLikeNoCommandListsTheCommandsWithoutGuessing() throws {
    let pack = try TestPack([:])
    let result = try runPubpack(["deploy-everything"], in: pack.root)
    #expect(result.status == 64)
    #expect(!result.stderr.contains("did you mean"), "\(result.stderr)")
    #expect(result.stderr.contains("the commands are: build, status, check, preview, publish"), "\(result.stderr)")
  }

  @Test func helpAndTheCommandsThemselvesStillWork() throws {
    let pack = try TestPack([:])
    #expect(try runPubpack(["--help"], in: pack.root).status == 0)
    #expect(try runPubpack(["help", "build"], in: pack.root).status == 0)
    #expect(try runPubpack(["status", "--at", "2026-08-04T00:01"], in: pack.root).status == 0)
  }

  /// A bad `--at` is reported with the usage of the command that was run, not `pubpack <subcommand>`.
  @Test(arguments: ["build", "status", "check", "press"])
  func aUsageErrorShowsTheUsageOfTheCommandRun(command: String) throws {
    let pack = try TestPack([:])
    let result = try runPubpack([command, "--at", "next tuesday"], in: pack.root)
    #expect(result.status == 64)
    #expect(result.stderr.contains("--at: 'next tuesday'"), "\(result.stderr)")
    #expect(result.stderr.contains("Usage: pubpack \(command) "), "\(result.stderr)")
    #expect(!result.stderr.contains("pubpack <subcommand>"), "\(result.stderr)")
  }

  /// `import-outcomes` takes `--content` like every command: the outcomes go into that folder.
  @Test func importOutcomesWritesIntoTheContentFolderGiven() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try ODSFixture.ods(SyntheticStatistics.layout2024).write(to: folder.appendingPathComponent("outcomes.ods"))
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("our-pack"), withIntermediateDirectories: true)
    let result = try runPubpack(
      ["import-outcomes", "outcomes.ods", "--la", "Ashdown", "--content", "our-pack"], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("our-pack/outcomes.yaml").path))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("content/outcomes.yaml").path))
  }

  /// `status` names a withheld document by its file: its title can carry the news. Titles of
  /// withheld documents only with `--titles`; released ones always.
  @Test func statusNamesWithheldDocumentsByFile() throws {
    let pack = try TestPack(EmbargoGuardTests.leakPack)
    let before = try runPubpack(["status", "--at", "2026-08-01T09:00"], in: pack.root)
    #expect(before.status == 0, "\(before.stderr)")
    for title in ["SENTINEL-TITLE-7Q", "DRAFT-TITLE-9Z", "EXEMPT-TITLE-5X"] {
      #expect(!before.stdout.contains(title), "\(before.stdout)")
    }
    #expect(before.stdout.contains("WITHHELD  content/press-release.md"), "\(before.stdout)")
    let json = try runPubpack(["status", "--json", "--at", "2026-08-01T09:00"], in: pack.root)
    for title in ["SENTINEL-TITLE-7Q", "DRAFT-TITLE-9Z", "EXEMPT-TITLE-5X"] { #expect(!json.stdout.contains(title)) }
    let asked = try runPubpack(["status", "--titles", "--at", "2026-08-01T09:00"], in: pack.root)
    #expect(asked.stdout.contains("SENTINEL-TITLE-7Q"), "\(asked.stdout)")
  }

  @Test func editDistanceCountsSwapsAsOne() {
    #expect(PubpackCommand.editDistance("biuld", "build") == 1)
    #expect(PubpackCommand.editDistance("bild", "build") == 1)
    #expect(PubpackCommand.editDistance("xyz", "build") == 5)
    #expect(PubpackCommand.closestCommand(to: "zzzzzz") == nil)
    #expect(PubpackCommand.closestCommand(to: "imp") == nil, "two commands begin 'imp'")
    #expect(PubpackCommand.closestCommand(to: "pre") == nil, "preview and press")
    #expect(PubpackCommand.closestCommand(to: "rol") == "rollback")
  }
}

/// The feed's `updated`: its latest entry's release, or the build's instant when it has none.
@Suite struct FeedDateTests {
  @Test func anEmptyFeedIsDatedAtTheBuildNotIn1970() throws {
    let pack = try TestPack(EmbargoGuardTests.leakPack)
    pack.buildSite(at: "2026-08-01T09:00")
    let feed = try #require(pack.siteText("feed.xml"))
    #expect(!feed.contains("1970"), "\(feed)")
    #expect(feed.contains("<updated>2026-08-01T08:00:00Z</updated>"), "\(feed)")
    #expect(!feed.contains("<entry>"))
    // It names the build's instant, so it may not be published before it: a site built with
    // `--at` for a later time would otherwise say when early.
    let manifest = try #require(BuildManifest.read(siteDirectory: pack.site))
    let entry = try #require(manifest.files.first { $0.path == "feed.xml" })
    #expect(entry.notBefore == "2026-08-01T08:00:00Z")
  }

  @Test func aFeedIsDatedAtItsLatestRelease() throws {
    let pack = try TestPack(EmbargoGuardTests.leakPack)
    pack.buildSite(at: "2026-08-10T09:00")
    let feed = try #require(pack.siteText("feed.xml"))
    #expect(feed.contains("  <updated>2026-08-05T08:00:00Z</updated>\n  <author>"), "\(feed)")
  }
}

/// `init` takes `--content` and `--templates` like every command: the names of the new pack's
/// two folders, which its README's commands then pass.
@Suite struct InitFolderNameTests {
  @Test func initMakesTheFoldersNamedAndItsReadmeUsesThem() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let made = try runPubpack(["init", "pack", "--content", "pages", "--templates", "layouts"], in: folder)
    #expect(made.status == 0, "\(made.stderr)")
    let pack = folder.appendingPathComponent("pack")
    #expect(try FileManager.default.contentsOfDirectory(atPath: pack.path).sorted() == ["README.md", "layouts", "pages"])
    #expect(FileManager.default.fileExists(atPath: pack.appendingPathComponent("pages/inspection.yaml").path))
    #expect(FileManager.default.fileExists(atPath: pack.appendingPathComponent("layouts/layout.mustache").path))
    let readme = try String(contentsOf: pack.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.contains("`pubpack check --content pages --templates layouts`"), "\(readme)")
    #expect(!readme.contains("`content/"), "\(readme)")
    let check = try runPubpack(["check", "--content", "pages", "--templates", "layouts", "--at", "2026-06-01T10:00"], in: pack)
    #expect(check.status == 0, "\(check.stderr)")
  }

  @Test(arguments: ["../elsewhere", "a/b", ".hidden", ""])
  func initRefusesAFolderNameThatLeavesThePack(name: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runPubpack(["init", "pack", "--content", name], in: folder)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }
}
