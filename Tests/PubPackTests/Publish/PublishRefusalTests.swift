import Foundation
import Testing

@testable import PackCommands
@testable import PubPack

/// One cause, one error; counts that add up; pruning logged; who published, never "unknown".
@Suite struct PublishRefusalTests {
  func fixture(keep: Int = 5, files: [String: String] = [:]) throws -> PublishFixture {
    try PublishFixture(targets: { "    staging: { directory: \"\($0)\", keepReleases: \(keep) }" }, files: files)
  }

  static func errors(_ result: Result<PublishOutcome, DiagnosticError>) -> [Diagnostic] {
    guard case .failure(let error) = result else {
      Issue.record("expected a refusal: \(result)")
      return []
    }
    return error.diagnostics.filter { $0.severity == .error }
  }

  @Test func aSiteBuiltForTheEmbargoIsOneErrorBeforeIt() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-04T09:00")
    let errors = Self.errors(
      PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-03T23:00:59Z"), f.request("staging")))
    #expect(errors.count == 1, "\(errors.map(\.rendered))")
    let files = try #require(BuildManifest.read(siteDirectory: f.site)).files.filter { $0.notBefore != nil }.count
    #expect(
      errors.first?.message
        == "'feed.xml' and \(files - 1) other files are not released until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026); it is now midnight on Tuesday 4 August 2026 (23:00 UTC on Monday 3 August 2026)"
    )
    let notes = errors.first?.notes ?? []
    #expect(notes.first == "the site was built for a later instant (with --at) from page.md, webpage.md")
    #expect(notes.last?.hasPrefix("nothing was uploaded to staging (") == true)
    #expect(!FileManager.default.fileExists(atPath: f.remote))
  }

  @Test func aSiteBuiltForALaterDocumentEmbargoIsOneErrorNamingBothInstants() throws {
    let f = try fixture(files: [
      "content/report.md": "---\ntitle: Report\nkind: council-report\nembargo: 2026-08-06T10:00\n---\nTo note.\n"
    ])
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-06T10:00")
    // Before the pack's instant, and between the two.
    let before = Self.errors(
      PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-03T22:00:00Z"), f.request("staging")))
    #expect(before.count == 1)
    #expect(
      before.first?.message.contains(
        "not released until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026) (the last 10am on Thursday 6 August 2026 (09:00 UTC on Thursday 6 August 2026))"
      ) == true)
    let between = Self.errors(
      PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-05T12:00:00Z"), f.request("staging")))
    #expect(between.count == 1)
    #expect(
      between.first?.message.contains(
        " not released until 10am on Thursday 6 August 2026 (09:00 UTC on Thursday 6 August 2026); it is now") == true)
    #expect(between.first?.notes.first == "the site was built for a later instant (with --at) from report.md")
  }

  @Test func contentChangedAfterTheBuildIsOneErrorPerDocumentAndOnlyThen() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-04T09:00")
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\nembargo: 2026-08-05T09:30\n---\nCall us.\n")
    let errors = Self.errors(
      PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-04T09:00"), f.request("staging")))
    #expect(errors.count == 1)
    #expect(errors.first?.message.contains("came from '\(f.content)/page.md', which is ") == true)
    #expect(errors.first?.notes.first?.hasPrefix("the content changed after the site was built") == true)
  }

  @Test func uploadCountsAddUpAndPruningIsLogged() throws {
    let f = try fixture(keep: 1)
    defer { f.cleanUp() }
    let lines = LockedValue<[String]>([])
    func publisher(_ at: String) -> Publisher {
      Publisher(
        clock: .fixed(PublishFixture.instant(at)), sleep: { _ in },
        progress: { l in lines.withLock { $0.append(l) } })
    }
    f.buildSite(at: "2026-08-04T09:00")
    let total = try #require(BuildManifest.read(siteDirectory: f.site)).files.count
    guard case .published(let first, _) = try publisher("2026-08-04T09:00").publish(f.request("staging")) else {
      Issue.record("expected a publish")
      return
    }
    #expect(
      lines.withLock { $0 }.contains { $0.hasPrefix("pubpack: uploading \(total) files, 0 unchanged to staging (") })
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected number.\n")
    f.buildSite(at: "2026-08-04T09:30")
    guard case .published(_, let changes) = try publisher("2026-08-04T09:30").publish(f.request("staging")) else {
      Issue.record("expected a second publish")
      return
    }
    let sent = changes.added.count + changes.changed.count
    #expect(sent + changes.unchanged == total && sent >= 1 && changes.unchanged >= 1)
    #expect(
      lines.withLock { $0 }.contains {
        $0.hasPrefix(
          "pubpack: uploading \(sent) file\(sent == 1 ? "" : "s"), \(changes.unchanged) unchanged to staging (")
      })
    #expect(
      lines.withLock { $0 }.contains {
        $0.hasPrefix("pubpack: removed 1 old release from staging (") && $0.hasSuffix("(keepReleases: 1): \(first)")
      })
  }

  @Test func thePublisherIsNamedNeverUnknown() throws {
    let folder = Scratch.root.appendingPathComponent(
      "pubpack-who-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let host = ProcessInfo.processInfo.hostName
    #expect(SystemServices.who(as: "Jo Bloggs", content: folder.path).hasPrefix("Jo Bloggs ("))
    #expect(SystemServices.who(as: "Jo Bloggs", content: folder.path).hasSuffix("@\(host))"))
    // A git repository with a user name: that name.
    let git = try ExternalCommand(["/usr/bin/env", "git", "-C", folder.path, "init", "-q"]).run()
    if git.succeeded {
      _ = try ExternalCommand(["/usr/bin/env", "git", "-C", folder.path, "config", "user.name", "Sam Checker"]).run()
      #expect(SystemServices.who(as: nil, content: folder.path).hasPrefix("Sam Checker ("))
      #expect(SystemServices.who(as: "Jo Bloggs", content: folder.path).hasPrefix("Jo Bloggs ("))
    }
    for name in [nil, "", "  "] as [String?] {
      #expect(!SystemServices.who(as: name, content: folder.path).contains("unknown"))
      #expect(!SystemServices.who(as: name, content: folder.path).hasPrefix("@"))
    }
  }

  @Test func theCommandRecordsWhoPublishedInTheLog() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" }, liftsAt: "2026-06-20T00:01")
    defer { f.cleanUp() }
    f.buildSite(at: "2026-06-20T00:01")
    var publish = try PubpackCommand.parseAsRoot(
      [
        "publish", "--to", "staging", "--site", f.site, "--as", "Jo Bloggs", "--content", f.content, "--templates",
        f.templates,
      ])
    try publish.run()
    let log = try String(contentsOfFile: f.localLog, encoding: .utf8)
    #expect(log.contains("Jo Bloggs ("))
    #expect(try String(contentsOfFile: f.remote + "/releases/publish.log", encoding: .utf8).contains("Jo Bloggs ("))
  }
}
