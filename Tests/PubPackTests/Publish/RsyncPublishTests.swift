import Foundation
import Testing

@testable import PubPack

/// Publishing to an `rsync` target through a real OpenSSH server on 127.0.0.1, as a council
/// web server would be reached. The far end is a folder of this machine, so the tests can look
/// at what arrived.
@Suite(
  .enabled(
    if: LoopbackSSHServer.isAvailable,
    "needs /usr/sbin/sshd (apt-get install -y openssh-server rsync)"))
struct RsyncPublishTests {
  static let after = "2026-08-04T09:00"

  /// A server, and a pack whose target `live` publishes through it into the fixture's remote folder.
  func setUp(liftsAt: String = "2026-08-04T00:01", ssh: ((LoopbackSSHServer) -> String)? = nil) throws
    -> (LoopbackSSHServer, PublishFixture)
  {
    let server = try LoopbackSSHServer()
    let command = ssh?(server) ?? server.sshCommand
    let fixture = try PublishFixture(
      targets: { "    live: { rsync: \"\(server.user)@127.0.0.1:\($0)\", ssh: \"\(command)\", keepReleases: 3 }" },
      liftsAt: liftsAt)
    return (server, fixture)
  }

  func current(_ f: PublishFixture) -> String? {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current"))
  }

  @Test func firstPublishThenACorrectionThenARollback() throws {
    let (server, f) = try setUp()
    defer { f.cleanUp() }
    _ = server

    // First publish: everything is added, and current points at the new release.
    f.buildSite(at: Self.after)
    let first = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    guard case .published(let release1, let changes1) = first else {
      Issue.record("first publish: \(first)")
      return
    }
    #expect(changes1.added.count == 6 && changes1.changed.isEmpty)
    #expect(current(f) == "releases/\(release1)")
    let site = PublishFixture.tree(f.site).filter { $0.key != BuildManifest.fileName }
    #expect(PublishFixture.tree(f.remote + "/current") == site)
    #expect(FileManager.default.fileExists(atPath: f.remote + "/releases/\(release1).manifest.json"))
    #expect(!FileManager.default.fileExists(atPath: f.remote + "/current/" + BuildManifest.fileName))
    let attributes = try FileManager.default.attributesOfItem(atPath: f.remote + "/current/page/index.html")
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)

    // A correction: a new release, current switched, unchanged files hard-linked, not re-sent.
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected number.\n")
    f.buildSite(at: "2026-08-04T09:30")
    let second = try PublishFixture.publisher(at: "2026-08-04T09:30").publish(f.request("live"))
    guard case .published(let release2, let changes2) = second else {
      Issue.record("correction: \(second)")
      return
    }
    #expect(changes2.changed == ["page/index.html"] && changes2.added.isEmpty && changes2.removed.isEmpty)
    #expect(current(f) == "releases/\(release2)")
    let old = f.remote + "/releases/" + release1
    let new = f.remote + "/releases/" + release2
    #expect(PublishFixture.inode(old + "/assets/site.css") == PublishFixture.inode(new + "/assets/site.css"))
    #expect(PublishFixture.inode(old + "/webpage/index.html") == PublishFixture.inode(new + "/webpage/index.html"))
    #expect(PublishFixture.inode(old + "/page/index.html") != PublishFixture.inode(new + "/page/index.html"))
    let log = try String(contentsOfFile: f.remote + "/releases/publish.log", encoding: .utf8)
    #expect(log.split(separator: "\n").count == 2)
    #expect(log.contains("\tpublish\tlive\t\(release2)\t6 files\tmanifest sha256:"))

    // The same site again: nothing uploaded, and it says so.
    let again = try PublishFixture.publisher(at: "2026-08-04T09:40").publish(f.request("live"))
    #expect(again == .alreadyLive(release: release2))

    // Rollback: the first release is live again, exactly as it was.
    let (from, to) = try PublishFixture.publisher(at: "2026-08-04T09:45").rollback(
      target: "live", content: f.content, who: "tester@testhost", localLogPath: f.localLog)
    #expect(from == release2 && to == release1)
    #expect(current(f) == "releases/\(release1)")
    #expect(PublishFixture.tree(f.remote + "/current") == site)
    #expect(!FileManager.default.fileExists(atPath: new))
    let lastLine =
      try String(contentsOfFile: f.remote + "/releases/publish.log", encoding: .utf8)
      .split(separator: "\n").last.map(String.init) ?? ""
    #expect(lastLine.hasPrefix("2026-08-04T08:45:00Z\trollback\tlive\t\(release1)\t6 files\t"))
    #expect(lastLine.hasSuffix("\tby tester@testhost\twas \(release2)"))
  }

  @Test func dryRunChangesNothingOnTheServer() throws {
    let (server, f) = try setUp()
    defer { f.cleanUp() }
    _ = server
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    let before = PublishFixture.tree(f.remote)
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected.\n")
    f.buildSite(at: "2026-08-04T10:00")
    let outcome = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("live", dryRun: true))
    guard case .dryRun(let changes) = outcome else {
      Issue.record("expected a dry run: \(outcome)")
      return
    }
    #expect(changes.changed == ["page/index.html"])
    #expect(PublishFixture.tree(f.remote) == before)
  }

  @Test func uploadsLeftByPublishesThatDiedAreRemovedUnderTheLockWhateverTheirAge() throws {
    let (server, f) = try setUp()
    defer { f.cleanUp() }
    _ = server
    let stale = f.remote + "/releases/.20260804T060000Z-aaaaaaaa.partial"
    let young = f.remote + "/releases/.20260804T075900Z-bbbbbbbb.partial"
    for folder in [stale, young] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: stale)
    // A half-sent manifest and a `current` link never renamed into place, from the same publish.
    let manifest = f.remote + "/releases/.20260804T075900Z-bbbbbbbb.manifest.json.partial"
    try Data("{".utf8).write(to: URL(fileURLWithPath: manifest))
    let link = f.remote + "/.current.pubpack-new-4242"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "releases/20260804T075900Z-bbbbbbbb")
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    #expect(!FileManager.default.fileExists(atPath: manifest))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil)
    // With the lock held, no other publish can be uploading: the young one is a dead one's too.
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(!FileManager.default.fileExists(atPath: young))
  }

  @Test func anEmbargoNotYetLiftedByTheRealClockIsRefusedAndTheServerUntouched() throws {
    let (server, f) = try setUp()
    defer { f.cleanUp() }
    _ = server
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    let before = PublishFixture.tree(f.remote)

    // The next pack's site, built with --at in the future, published with the clock before it.
    try f.write(
      "content/update.md", "---\ntitle: Update\nkind: page\nembargo: 2026-08-10T09:30\n---\nSix months on.\n")
    f.buildSite(at: "2026-08-10T09:30")
    let result = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-10T09:29:59+01:00"), f.request("live"))
    guard case .failure(let error) = result else {
      Issue.record("published before the embargo: \(result)")
      return
    }
    let messages = error.diagnostics.map(\.message)
    // One cause, one error: the site was built for 9:30am (the listings hold update.md too).
    #expect(
      messages == [
        "'feed.xml' and 3 other files are not released until 9:30am on Monday 10 August 2026 (08:30 UTC on Monday 10 August 2026); it is now 9:29am on Monday 10 August 2026 (08:29 UTC on Monday 10 August 2026)"
      ])
    #expect(error.diagnostics.first?.notes.first == "the site was built for a later instant (with --at) from update.md")
    #expect(PublishFixture.tree(f.remote) == before)
  }

  @Test func aTamperedSiteIsRefusedBeforeConnecting() throws {
    let (server, f) = try setUp()
    defer { f.cleanUp() }
    server.stop()  // nothing should try to connect
    f.buildSite(at: Self.after)
    try Data("<script>".utf8).write(to: URL(fileURLWithPath: f.site + "/index.html"))
    let result = PublishFixture.outcome(PublishFixture.publisher(at: Self.after), f.request("live"))
    guard case .failure(let error) = result else {
      Issue.record("published a tampered site: \(result)")
      return
    }
    #expect(error.diagnostics.map(\.message) == ["'\(f.site)/index.html' has changed since the build"])
    #expect(!FileManager.default.fileExists(atPath: f.remote))
  }

  @Test func aStoppedServerLeavesTheLiveReleaseUntouched() throws {
    let (server, f) = try setUp()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    let before = PublishFixture.tree(f.remote)

    server.stop()
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected.\n")
    f.buildSite(at: "2026-08-04T10:00")
    let result = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-04T10:00"), f.request("live"))
    guard case .failure(let error) = result else {
      Issue.record("published with the server stopped: \(result)")
      return
    }
    let text = error.diagnostics.map(\.rendered).joined(separator: "\n")
    // The first thing publish asks of the host is its lock.
    #expect(text.contains("error: taking the publishing lock on live ("))
    #expect(text.contains("note: ssh could not connect or log in"))
    #expect(PublishFixture.tree(f.remote) == before)
  }

  /// A pack whose ssh drops the connection, as a failing network would, whenever its command
  /// line contains the text in the server folder's `fail-when` file (before running it) or
  /// `fail-after` file (after running it), and works otherwise.
  func setUpFlaky() throws -> (LoopbackSSHServer, PublishFixture) {
    try setUp(ssh: { server in
      let wrapper = server.folder + "/flaky-ssh"
      let script = """
        #!/bin/sh
        if [ -f \(server.folder)/fail-when ]; then
          case "$*" in *"$(cat \(server.folder)/fail-when)"*) echo "Connection reset by peer" >&2; exit 255;; esac
        fi
        if [ -f \(server.folder)/fail-after ]; then
          case "$*" in *"$(cat \(server.folder)/fail-after)"*)
            \(server.sshCommand) "$@"; echo "Connection reset by peer" >&2; exit 255;;
          esac
        fi
        exec \(server.sshCommand) "$@"
        """
      _ = FileManager.default.createFile(
        atPath: wrapper, contents: Data(script.utf8), attributes: [.posixPermissions: 0o755])
      return wrapper
    })
  }

  @Test(arguments: [
    ("rsync --server", "error: uploading with rsync on live ("),
    ("sha256sum", "error: checking the uploaded files on live ("),
    ("mv -T", "error: switching 'current' to "),
  ])
  func aConnectionLostMidPublishLeavesTheLiveReleaseUntouchedAndNoHalfRelease(step: String, message: String) throws {
    let (server, f) = try setUpFlaky()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    _ = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    let before = PublishFixture.tree(f.remote)

    try Data(step.utf8).write(to: URL(fileURLWithPath: server.folder + "/fail-when"))
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCorrected.\n")
    f.buildSite(at: "2026-08-04T10:00")
    let result = PublishFixture.outcome(PublishFixture.publisher(at: "2026-08-04T10:00"), f.request("live"))
    guard case .failure(let error) = result else {
      Issue.record("the publish should have failed at \(step): \(result)")
      return
    }
    let text = error.diagnostics.map(\.rendered).joined(separator: "\n")
    #expect(text.contains(message), "\(text)")
    #expect(text.contains("note: the live release is unchanged"))
    #expect(PublishFixture.tree(f.remote) == before)  // no partial release left either

    // Once the network is back, the same publish goes through.
    try FileManager.default.removeItem(atPath: server.folder + "/fail-when")
    guard
      case .success(.published) = PublishFixture.outcome(
        PublishFixture.publisher(at: "2026-08-04T10:01"), f.request("live"))
    else {
      Issue.record("the publish after the failure did not go through")
      return
    }
  }

  @Test func aConnectionLostJustAfterTheSwitchIsReportedAsPublished() throws {
    let (server, f) = try setUpFlaky()
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    try Data("mv -T".utf8).write(to: URL(fileURLWithPath: server.folder + "/fail-after"))
    let outcome = try PublishFixture.publisher(at: Self.after).publish(f.request("live"))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish: \(outcome)")
      return
    }
    #expect(current(f) == "releases/\(release)")
    #expect(FileManager.default.fileExists(atPath: f.remote + "/releases/\(release)/index.html"))
  }

  @Test func waitPublishesNoEarlierThanTheEmbargoByTheRealClock() throws {
    // An embargo three seconds from now, and the real clock and real sleeps.
    let embargo = Instant(Date()).adding(seconds: 3)
    let (server, f) = try setUp(liftsAt: embargo.rfc3339)
    defer { f.cleanUp() }
    _ = server
    f.buildSite(at: Instant(Date()).rfc3339)  // nothing released yet
    let publisher = Publisher(
      clock: Clock { Instant(Date()) }, sleep: { Thread.sleep(forTimeInterval: Double($0)) }, progress: { _ in })
    let outcome = try publisher.publish(f.request("live", wait: true))
    let finished = Date()
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish: \(outcome)")
      return
    }
    #expect(finished.timeIntervalSince1970 >= Double(embargo.secondsSince1970))
    // The release is named for the instant it was published: at or after the embargo.
    let stamp = ReleaseLayout.releaseID(at: embargo, contentHash: "00000000").prefix(16)
    #expect(release.prefix(16) >= stamp)
    #expect(FileManager.default.fileExists(atPath: f.remote + "/current/webpage/index.html"))
  }
}
