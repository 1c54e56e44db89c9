import Foundation
import Testing

@testable import PubPack

/// Publishing to a `directory` target: the same release layout as over ssh, on this machine.
@Suite struct DirectoryPublishTests {
  static let after = "2026-08-04T09:00"

  func fixture(keep: Int = 5, files: [String: String] = [:], liftsAt: String = "2026-08-04T00:01") throws
    -> PublishFixture
  {
    try PublishFixture(
      targets: { "    staging: { directory: \"\($0)\", keepReleases: \(keep) }" }, liftsAt: liftsAt, files: files)
  }

  @Test func firstPublishMakesAReleaseAndPointsCurrentAtIt() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let outcome = try PublishFixture.publisher(at: Self.after).publish(f.request("staging"))
    guard case .published(let release, let changes) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return
    }
    #expect(release.hasPrefix("20260804T080000Z-"))
    #expect(changes.added.contains("page/index.html") && changes.changed.isEmpty && changes.removed.isEmpty)
    let tree = PublishFixture.tree(f.remote)
    #expect(tree["current"] == "-> releases/\(release)")
    // The web root is exactly the site, without the manifest; the manifest sits beside it.
    let site = PublishFixture.tree(f.site).filter { $0.key != BuildManifest.fileName }
    #expect(PublishFixture.tree(f.remote + "/current") == site)
    #expect(tree["releases/\(release).manifest.json"] != nil)
    #expect(tree["releases/\(release)/\(BuildManifest.fileName)"] == nil)
    let log = try String(contentsOfFile: f.remote + "/releases/publish.log", encoding: .utf8)
    #expect(log.hasPrefix("2026-08-04T08:00:00Z\tpublish\tstaging\t\(release)\t"))
    #expect(log.contains("by tester@testhost"))
    #expect(try String(contentsOfFile: f.localLog, encoding: .utf8) == log)
  }

  @Test func publishingTheSameSiteAgainSaysSoAndChangesNothing() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let first = try PublishFixture.publisher(at: Self.after).publish(f.request("staging"))
    let before = PublishFixture.tree(f.remote)
    f.buildSite(at: "2026-08-04T10:00")  // rebuilt later, byte for byte the same
    let second = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging"))
    guard case .published(let release, _) = first else {
      Issue.record("first publish: \(first)")
      return
    }
    #expect(second == .alreadyLive(release: release))
    #expect(PublishFixture.tree(f.remote) == before)
  }

  @Test func theSameSiteIsPublishedAgainIfTheLiveFilesWereEditedOnTheServer() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("staging"))
    let site = PublishFixture.tree(f.site).filter { $0.key != BuildManifest.fileName }
    let live = f.remote + "/current/page/index.html"
    try FileManager.default.removeItem(atPath: live)  // not through the hard link: a new file
    try Data("<p>edited on the server</p>".utf8).write(to: URL(fileURLWithPath: live))
    let outcome = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging"))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a fresh release, got \(outcome)")
      return
    }
    #expect(release.hasPrefix("20260804T090000Z-"))
    #expect(PublishFixture.tree(f.remote + "/current") == site)
  }

  @Test func releasesStayInPublishingOrderWhenThisClockIsBehind() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let first = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging"))
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected.\n")
    f.buildSite(at: Self.after)
    let second = try PublishFixture.publisher(at: "2026-08-04T09:30").publish(f.request("staging"))
    guard case .published(let release1, _) = first, case .published(let release2, _) = second else {
      Issue.record("expected two publishes: \(first), \(second)")
      return
    }
    #expect(release1.hasPrefix("20260804T090000Z-") && release2.hasPrefix("20260804T090001Z-"))
    let log = try String(contentsOfFile: f.localLog, encoding: .utf8)
    #expect(log.split(separator: "\n").last?.hasPrefix("2026-08-04T08:30:00Z\tpublish") == true)
  }

  @Test func aCorrectionLinksUnchangedFilesAndPrunesOldReleases() throws {
    let f = try fixture(keep: 2)
    defer { f.cleanUp() }
    var releases: [String] = []
    for (i, hour) in ["09", "10", "11"].enumerated() {
      try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrection \(i).\n")
      f.buildSite(at: "2026-08-04T\(hour):00")
      let outcome = try PublishFixture.publisher(at: "2026-08-04T\(hour):00").publish(f.request("staging"))
      guard case .published(let release, let changes) = outcome else {
        Issue.record("publish \(i): \(outcome)")
        return
      }
      if i > 0 { #expect(changes.changed == ["page/index.html"] && changes.added.isEmpty) }
      releases.append(release)
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: f.remote + "/releases").sorted()
    #expect(
      names == [
        releases[1], releases[1] + ".manifest.json", releases[2], releases[2] + ".manifest.json", "publish.lock",
        "publish.log",
      ])
    let old = f.remote + "/releases/" + releases[1]
    let new = f.remote + "/releases/" + releases[2]
    #expect(PublishFixture.inode(old + "/assets/site.css") == PublishFixture.inode(new + "/assets/site.css"))
    #expect(PublishFixture.inode(old + "/webpage/index.html") == PublishFixture.inode(new + "/webpage/index.html"))
    #expect(PublishFixture.inode(old + "/page/index.html") != PublishFixture.inode(new + "/page/index.html"))
  }

  @Test func rollbackRestoresThePreviousReleaseAndWithdrawsTheCurrentOne() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("staging"))
    let firstTree = PublishFixture.tree(f.remote + "/current")
    #expect(firstTree["page/index.html"] != nil)
    let first = try DirectoryTarget(name: "staging", root: f.remote).readState().current
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nA mistake.\n")
    f.buildSite(at: "2026-08-04T10:00")
    _ = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging"))
    let second = try DirectoryTarget(name: "staging", root: f.remote).readState().current

    let (from, to) = try PublishFixture.publisher(at: "2026-08-04T10:05").rollback(
      target: "staging", content: f.content, who: "tester@testhost", localLogPath: f.localLog)
    #expect(from == second && to == first)
    #expect(PublishFixture.tree(f.remote + "/current") == firstTree)
    let state = try DirectoryTarget(name: "staging", root: f.remote).readState()
    #expect(state.releases == [first].compactMap { $0 } && state.current == first)
    let log = try String(contentsOfFile: f.remote + "/releases/publish.log", encoding: .utf8)
    #expect(log.split(separator: "\n").last?.contains("\trollback\tstaging\t\(first ?? "")\t") == true)

    // There is nothing before the first release.
    #expect(throws: DiagnosticError.self) {
      try PublishFixture.publisher(at: "2026-08-04T10:06").rollback(
        target: "staging", content: f.content, who: "t@h", localLogPath: nil)
    }
    #expect(PublishFixture.tree(f.remote + "/current") == firstTree)
  }

  @Test func dryRunShowsTheChangesAndChangesNothing() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("staging"))
    let before = PublishFixture.tree(f.remote)
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected.\n")
    f.buildSite(at: "2026-08-04T10:00")
    let outcome = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging", dryRun: true))
    guard case .dryRun(let changes) = outcome else {
      Issue.record("expected a dry run, got \(outcome)")
      return
    }
    #expect(changes.changed == ["page/index.html"] && changes.added.isEmpty && changes.removed.isEmpty)
    #expect(PublishFixture.tree(f.remote) == before)
    #expect(try String(contentsOfFile: f.localLog, encoding: .utf8).split(separator: "\n").count == 1)
  }

  @Test func aSiteBuiltForTheFutureIsRefusedByTheRealClock() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)  // as if it were after the embargo...
    // ...but the clock says one second before it lifts.
    let result = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-03T23:00:59Z"), f.request("staging"))
    guard case .failure(let error) = result else {
      Issue.record("published before the embargo: \(result)")
      return
    }
    let text = error.diagnostics.map(\.rendered).joined(separator: "\n")
    #expect(
      text.contains(
        "'feed.xml' and 4 other files are not released until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)"
      ))
    #expect(text.contains("webpage.md"))
    #expect(!FileManager.default.fileExists(atPath: f.remote))

    // At the instant itself, it goes.
    let atInstant = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-03T23:01:00Z"), f.request("staging"))
    guard case .success(.published) = atInstant else {
      Issue.record("not published at the instant: \(atInstant)")
      return
    }
  }

  @Test func anEmbargoMovedLaterAfterTheBuildIsRefused() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    try f.write(
      "content/page.md", "---\ntitle: Contact us\nkind: page\nembargo: 2026-08-05T09:30\n---\nCall the press office.\n")
    let result = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("staging"))
    guard case .failure(let error) = result else {
      Issue.record("published a document whose embargo moved later: \(result)")
      return
    }
    let text = error.diagnostics.map(\.rendered).joined(separator: "\n")
    #expect(
      text.contains(
        "page.md', which is embargoed until 9:30am on Wednesday 5 August 2026 (08:30 UTC on Wednesday 5 August 2026)"))
    #expect(!FileManager.default.fileExists(atPath: f.remote))
  }

  @Test(arguments: ["altered", "added", "removed", "manifest"])
  func aTamperedSiteIsRefused(_ tampering: String) throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    switch tampering {
    case "altered": try Data("<p>hacked</p>".utf8).write(to: URL(fileURLWithPath: f.site + "/page/index.html"))
    case "added": try Data("secret".utf8).write(to: URL(fileURLWithPath: f.site + "/draft.html"))
    case "removed": try FileManager.default.removeItem(atPath: f.site + "/page/index.html")
    default:
      // A manifest edited to name a file outside the site.
      let path = f.site + "/" + BuildManifest.fileName
      let text = try String(contentsOfFile: path, encoding: .utf8)
      try Data(text.replacingOccurrences(of: "\"page/index.html\"", with: "\"../content/page.md\"").utf8)
        .write(to: URL(fileURLWithPath: path))
    }
    let result = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("staging"))
    guard case .failure(let error) = result else {
      Issue.record("published a tampered site: \(result)")
      return
    }
    let expected = [
      "altered": "has changed since the build", "added": "is not in the build manifest",
      "removed": "is missing: the build wrote it", "manifest": "unsafe path '../content/page.md'",
    ][tampering]
    #expect(error.diagnostics.contains { $0.message.contains(expected ?? "?") })
    #expect(!FileManager.default.fileExists(atPath: f.remote))
  }

  @Test func aPreviewOrAForeignFolderIsRefused() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after, mode: .preview)
    let preview = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("staging"))
    guard case .failure(let error) = preview else {
      Issue.record("published a preview: \(preview)")
      return
    }
    #expect(error.diagnostics.map(\.message) == ["'\(f.site)' is a preview build, not a release build"])

    try FileManager.default.removeItem(atPath: f.site)
    try f.write("site/index.html", "<p>made by hand</p>")
    let foreign = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("staging"))
    guard case .failure(let error) = foreign else {
      Issue.record("published a folder pubpack did not build: \(foreign)")
      return
    }
    #expect(error.diagnostics.first?.message.contains("was not made by 'pubpack build'") == true)
    #expect(!FileManager.default.fileExists(atPath: f.remote))
  }

  @Test func anUnknownTargetNamesTheTargetsThereAre() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let result = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("stagin"))
    guard case .failure(let error) = result else {
      Issue.record("published to a misspelt target: \(result)")
      return
    }
    #expect(
      error.diagnostics.map(\.rendered) == [
        "\(f.content)/pack.yaml:1:1: error: there is no publish target 'stagin'\n  note: did you mean 'staging'?\n  note: the targets are: staging"
      ])
  }

  @Test func aCurrentThatIsARealFolderIsNotReplaced() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    try f.write("remote/current/index.html", "<p>the old site</p>")
    let result = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("staging"))
    guard case .failure(let error) = result else {
      Issue.record("replaced a real folder: \(result)")
      return
    }
    #expect(error.diagnostics.first?.message.hasSuffix("current' is not a symbolic link") == true)
    #expect(
      PublishFixture.tree(f.remote + "/current") == [
        "index.html": BuildManifest.sha256(Data("<p>the old site</p>".utf8))
      ])
  }

  @Test func theCheckFetchesEveryFileAsAVisitorWouldAndFindsAStaleOne() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("staging"))
    let manifest = try #require(BuildManifest.read(siteDirectory: f.site))
    let base = "https://www.test.example/ofsted/"
    let fetched = LockedValue<[String]>([])
    // A web server rooted at current/, serving index.html for a folder.
    let serve: (String) -> SmokeCheck.Fetched = { url in
      fetched.withLock { $0.append(url) }
      var path = String(url.dropFirst(base.count))
      if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
      guard let data = FileManager.default.contents(atPath: f.remote + "/current/" + path) else {
        return .failed("HTTP 404")
      }
      return .body(data)
    }
    #expect(SmokeCheck.problems(manifest: manifest, base: base, fetch: serve).isEmpty)
    #expect(fetched.withLock { $0 }.contains(base) && fetched.withLock { $0 }.contains(base + "page/"))

    try Data("<p>stale</p>".utf8).write(to: URL(fileURLWithPath: f.remote + "/current/page/index.html"))
    try FileManager.default.removeItem(atPath: f.remote + "/current/sitemap.xml")
    let problems = SmokeCheck.problems(manifest: manifest, base: base, fetch: serve).map(\.message)
    #expect(
      problems == [
        "check: \(base)page/ is not the page/index.html that was published",
        "check: \(base)sitemap.xml could not be fetched: HTTP 404",
      ])
  }

  @Test func waitSleepsUntilTheEmbargoThenBuildsAndPublishes() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    let embargo = PublishFixture.instant("2026-08-03T23:01:00Z")
    // A fake clock that only moves when the publisher sleeps.
    let time = LockedValue(embargo.adding(seconds: -125))
    let slept = LockedValue<[Int64]>([])
    let publisher = Publisher(
      clock: Clock { time.withLock { $0 } },
      sleep: { seconds in
        slept.withLock { $0.append(seconds) }
        time.withLock { $0 = $0.adding(seconds: seconds) }
      }, progress: { _ in })
    f.buildSite(at: "2026-08-03T23:00")  // before the embargo: nothing released yet
    let outcome = try publisher.publish(f.request("staging", wait: true))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return
    }
    #expect(slept.withLock { $0.reduce(0, +) } == 125)
    #expect(release.hasPrefix("20260803T230100Z-"))  // at the instant, not a second earlier or later
    #expect(FileManager.default.fileExists(atPath: f.remote + "/current/webpage/index.html"))
  }
}

/// A value shared between a test and the closures it hands to the publisher.
final class LockedValue<Value>: @unchecked Sendable {
  private var value: Value
  private let lock = NSLock()
  init(_ value: Value) { self.value = value }
  func withLock<T>(_ body: (inout Value) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
