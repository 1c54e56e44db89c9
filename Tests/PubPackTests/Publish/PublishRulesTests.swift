import Foundation
import Testing

@testable import PubPack

/// The small pure rules under publish: the embargo re-check, release names, target settings.
@Suite struct PublishRulesTests {
  func fixture() throws -> PublishFixture {
    try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
  }

  /// The site built for after the embargo, re-checked at `now`.
  func recheck(_ f: PublishFixture, at now: String) throws -> [String] {
    let manifest = try #require(BuildManifest.read(siteDirectory: f.site))
    let instant = PublishFixture.instant(now)
    let current = Pipeline.build(BuildRequest(content: f.content, templates: f.templates, mode: .release, at: instant))
    return EmbargoRecheck.problems(manifest: manifest, current: current, now: instant).map(\.message)
  }

  // The pack's release instant is 23:01:00 UTC on 3 August 2026; the boundary itself is released.
  @Test(arguments: [
    ("2026-08-03T23:00:59Z", false), ("2026-08-03T23:01:00Z", true), ("2026-08-03T23:01:01Z", true),
    ("2026-08-04T00:00:59+01:00", false), ("2026-08-04T00:01", true),
  ])
  func theRecheckReleasesAtTheInstantAndNotASecondBefore(now: String, allowed: Bool) throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-04T09:00")
    let problems = try recheck(f, at: now)
    #expect(problems.isEmpty == allowed, "\(problems)")
  }

  @Test func aDocumentMadeADraftAfterTheBuildIsRefused() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-04T09:00")
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\ndraft: true\n---\nCall us.\n")
    let problems = try recheck(f, at: "2026-08-04T09:00")
    #expect(problems.count == 1)
    #expect(
      problems.first?.hasPrefix("4 files, e.g. 'feed.xml', came from '\(f.content)/page.md', which is draft;") == true)
  }

  @Test func aDocumentRemovedAfterTheBuildIsRefused() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    f.buildSite(at: "2026-08-04T09:00")
    try FileManager.default.removeItem(atPath: f.content + "/page.md")
    let problems = try recheck(f, at: "2026-08-04T09:00")
    #expect(problems == ["4 files, e.g. 'feed.xml', came from 'page.md', which is no longer in the pack"])
  }

  @Test func releaseIDsSortByTimeAndNameTheContent() {
    let id = ReleaseLayout.releaseID(
      at: PublishFixture.instant("2026-08-03T23:01:00Z"),
      contentHash: "3f9a1c2b77e0000000000000000000000000000000000000000000000000000")
    #expect(id == "20260803T230100Z-3f9a1c2b")
    #expect(ReleaseLayout.isReleaseID(id))
    #expect(ReleaseLayout.instant(ofRelease: id) == PublishFixture.instant("2026-08-03T23:01:00Z"))
    for name in [
      "publish.log", id + ".manifest.json", "." + id + ".partial", "20260803T230100Z-3F9A1C2B",
      "20260803-230100Z-3f9a1c2b",
    ] {
      #expect(!ReleaseLayout.isReleaseID(name), "\(name)")
    }
    #expect(ReleaseLayout.release(fromLink: "releases/" + id) == id)
    #expect(ReleaseLayout.release(fromLink: "./releases/" + id + "/") == id)
    #expect(ReleaseLayout.release(fromLink: "/var/www/releases/" + id) == nil)
    #expect(ReleaseLayout.release(fromLink: "releases/../" + id) == nil)
  }

  @Test(arguments: [
    ("page/index.html", true), ("index.html", true), ("../etc/passwd", false), ("/etc/passwd", false),
    ("a//b", false), ("a/./b", false), ("", false), ("assets/..", false),
  ])
  func manifestPathsCannotLeaveTheSite(path: String, isSafe: Bool) {
    #expect(isSafeRelativePath(path) == isSafe)
  }

  @Test func sshCommandsSplitLikeAShell() {
    #expect(splitCommandLine("ssh -p 2222 -i ~/.ssh/deploy") == ["ssh", "-p", "2222", "-i", "~/.ssh/deploy"])
    #expect(
      splitCommandLine("ssh -i '/keys/web team/id'  -o \"A=b c\"") == ["ssh", "-i", "/keys/web team/id", "-o", "A=b c"])
    #expect(splitCommandLine("ssh -i 'unclosed") == nil)
  }

  @Test func rsyncTargetsMustBeHostAndAbsolutePath() {
    func make(_ remote: String) -> Result<RsyncTarget, Diagnostic> {
      RsyncTarget.make(
        PublishTarget(
          name: "live", destination: .rsync(remote), ssh: nil, keepReleases: 5,
          location: SourceLocation(path: "content/pack.yaml", line: 7, column: 5)),
        remote: remote)
    }
    guard case .success(let target) = make("deploy@web01.example:/var/www/ofsted/") else {
      Issue.record("a good target was refused")
      return
    }
    #expect(target.host == "deploy@web01.example" && target.root == "/var/www/ofsted" && target.ssh == ["ssh"])
    for bad in ["web01.example", "web01.example:var/www", "-oProxyCommand=sh:/x", ":/var/www", "web01:/var/../etc"] {
      guard case .failure(let diagnostic) = make(bad) else {
        Issue.record("accepted \(bad)")
        continue
      }
      #expect(diagnostic.location?.line == 7)
    }
  }

  @Test func changesCompareFilesByContent() {
    func manifest(_ files: [(String, String)]) -> BuildManifest {
      var m = BuildManifest(mode: .release, instant: Instant(secondsSince1970: 0), files: [])
      m.files = files.map { BuildManifest.Entry(path: $0.0, sha256: $0.1, size: 1, sources: [], notBefore: nil) }
      return m
    }
    let live = manifest([("a.html", "1"), ("b.html", "2"), ("c.html", "3")])
    let new = manifest([("a.html", "1"), ("b.html", "9"), ("d.html", "4")])
    let changes = ReleaseChanges(from: live, to: new)
    #expect(changes.added == ["d.html"] && changes.changed == ["b.html"] && changes.removed == ["c.html"])
    #expect(changes.unchanged == 1)
    #expect(changes.lines.last == "1 added, 1 changed, 1 removed, 1 unchanged")
    #expect(ReleaseChanges(from: nil, to: new).added == ["a.html", "b.html", "d.html"])
  }

  @Test func externalCommandsGetTheirInputAndStatusAndAreStoppedAtTheirTimeLimit() throws {
    let echo = try ExternalCommand(["cat"], input: Data("manifest".utf8)).run()
    #expect(echo.succeeded && echo.output == "manifest")
    let failing = try ExternalCommand(["/bin/sh", "-c", "echo no space left >&2; exit 3"]).run()
    #expect(failing.status == 3 && !failing.succeeded && failing.errorSummary == "no space left")
    let clock = ContinuousClock()
    let start = clock.now
    let hung = try ExternalCommand(["sleep", "30"], timeout: 0.3).run()
    #expect(hung.timedOut && !hung.succeeded)
    #expect(clock.now - start < .seconds(10))
    #expect(throws: ExternalCommand.LaunchFailure.self) { try ExternalCommand(["/no/such/program"]).run() }
  }

  @Test func aLogLineIsOneLineOfTabSeparatedFields() {
    let line = PublicationLog.line(
      at: PublishFixture.instant("2026-08-03T23:01:05Z"), action: "publish", target: "live",
      release: "20260803T230105Z-3f9a1c2b", fileCount: 12, manifestHash: "ab", who: "jo\tbloggs@web\nteam")
    #expect(
      line
        == "2026-08-03T23:01:05Z\tpublish\tlive\t20260803T230105Z-3f9a1c2b\t12 files\tmanifest sha256:ab\tby jo bloggs@web team"
    )
  }
}
