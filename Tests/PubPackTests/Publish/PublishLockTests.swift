import Foundation
import Testing

@testable import PubPack

#if canImport(Glibc)
  import Glibc
#endif

/// Publishes to one target at once take turns on the target's lock: each reports the release it
/// really made live, release IDs stay in publishing order, and a publish that cannot get the
/// lock in time says who holds it and changes nothing. A holder that died holds nothing.
@Suite struct PublishLockTests {
  static let after = "2026-08-04T09:00"

  /// Messages from several publishers, in the order they were said.
  final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func say(_ line: String) {
      lock.lock()
      lines.append(line)
      lock.unlock()
    }
    var all: [String] {
      lock.lock()
      defer { lock.unlock() }
      return lines
    }
  }

  /// `count` different sites (each with its own page text), built into `site-N` folders.
  static func buildSites(_ f: PublishFixture, count: Int) throws -> [String] {
    try (0..<count).map { n in
      try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nVersion \(n) of the page.\n")
      let build = Pipeline.build(
        BuildRequest(content: f.content, templates: f.templates, mode: .release, at: PublishFixture.instant(after)))
      let folder = f.root.appendingPathComponent("site-\(n)").path
      #expect(SiteWriter.write(build, to: folder).map(\.rendered) == [])
      return folder
    }
  }

  /// Publishes every site to `target` at the same moment, each from its own thread, with the
  /// same clock (so without a lock they would pick the same release stamp).
  static func publishAtOnce(_ f: PublishFixture, target: String, sites: [String]) -> (
    [Result<PublishOutcome, DiagnosticError>], [String]
  ) {
    let transcript = Transcript()
    let results = ResultBox(count: sites.count)
    DispatchQueue.concurrentPerform(iterations: sites.count) { n in
      // Each one dwells on reading the target, as on a slow disk or link, so that without the
      // lock they would all read it before any of them had switched `current`.
      var publisher = Publisher(
        clock: .fixed(PublishFixture.instant(after)), sleep: { _ in },
        progress: {
          transcript.say("\(n): \($0)")
          if $0.hasPrefix("pubpack: reading ") { usleep(300_000) }
        })
      publisher.lockWaitSeconds = 120
      var request = f.request(target)
      request.siteDirectory = sites[n]
      results.set(n, PublishFixture.outcome(publisher, request))
    }
    return (results.all, transcript.all)
  }

  final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<PublishOutcome, DiagnosticError>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ n: Int, _ value: Result<PublishOutcome, DiagnosticError>) {
      lock.lock()
      values[n] = value
      lock.unlock()
    }
    var all: [Result<PublishOutcome, DiagnosticError>] {
      lock.lock()
      defer { lock.unlock() }
      return values.map { $0 ?? .failure(DiagnosticError(.error(at: nil, "no result"))) }
    }
  }

  /// What every concurrent publish must satisfy: all published, one after another (each one's
  /// "now serves" said before the next one read the target), IDs in that order, and `current`
  /// is the one that said so last; the target's log lists them in the same order.
  static func expectTurnsWereTaken(
    _ results: [Result<PublishOutcome, DiagnosticError>], _ transcript: [String], remote: String
  ) throws {
    var releases: [Int: String] = [:]
    for (n, result) in results.enumerated() {
      switch result {
      case .success(.published(let release, _)): releases[n] = release
      default: Issue.record("publish \(n): \(result)")
      }
    }
    guard releases.count == results.count else { return }
    // The order in which they said they were live.
    let serving = transcript.filter { $0.contains(" now serves release ") }
    let order = serving.compactMap { line in releases.first { line.hasSuffix("now serves release \($0.value)") }?.key }
    #expect(order.count == results.count)
    for (k, n) in order.enumerated() {
      let said = transcript.firstIndex { $0.hasPrefix("\(n): ") && $0.contains(" now serves release ") } ?? -1
      if k + 1 < order.count {
        // The next one read the target only after this one was done with it.
        let nextRead = transcript.firstIndex { $0.hasPrefix("\(order[k + 1]): pubpack: reading ") } ?? -1
        #expect(said < nextRead, "publish \(order[k + 1]) read the target while \(n) was still publishing")
      }
    }
    let ids = order.compactMap { releases[$0] }
    #expect(ids == ids.sorted() && Set(ids).count == ids.count)
    let link = try FileManager.default.destinationOfSymbolicLink(atPath: remote + "/current")
    #expect(link == "releases/" + (ids.last ?? ""))
    let log = try String(contentsOfFile: remote + "/releases/publish.log", encoding: .utf8)
    #expect(PublicationLog.liveHistory(log) == ids)
  }

  @Test func fourPublishesToAFolderAtOnceTakeTurns() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\", keepReleases: 10 }" })
    defer { f.cleanUp() }
    let sites = try Self.buildSites(f, count: 4)
    let (results, transcript) = Self.publishAtOnce(f, target: "staging", sites: sites)
    try Self.expectTurnsWereTaken(results, transcript, remote: f.remote)
  }

  @Test func aLockHeldTooLongIsReportedWithItsHolderAndNothingChanges() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let target = DirectoryTarget(name: "staging", root: f.remote)
    let held = try target.lock(owner: "alice@laptop (process 1) since 2026-08-04T07:59:00Z", waitingUpTo: 0) { _ in }
    defer { held.release() }
    let transcript = Transcript()
    var publisher = Publisher(
      clock: .fixed(PublishFixture.instant(Self.after)), sleep: { _ in }, progress: transcript.say)
    publisher.lockWaitSeconds = 1
    let outcome = PublishFixture.outcome(publisher, f.request("staging"))
    guard case .failure(let error) = outcome else {
      Issue.record("expected a refusal, got \(outcome)")
      return
    }
    let message = error.diagnostics.map(\.rendered).joined(separator: "\n")
    #expect(message.contains("is locked by another publish or rollback, by alice@laptop (process 1)"))
    #expect(message.contains("nothing was changed"))
    #expect(transcript.all.contains { $0.contains("is locked by alice@laptop") && $0.contains("waiting up to 1 s") })
    #expect(!FileManager.default.fileExists(atPath: f.remote + "/current"))
    // Rollback takes the same lock.
    #expect(throws: DiagnosticError.self) {
      try publisher.rollback(target: "staging", content: f.content, who: "t@h", localLogPath: nil)
    }
  }

  @Test func aPublishThatWaitsPublishesOnceTheHolderIsDone() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let target = DirectoryTarget(name: "staging", root: f.remote)
    let held = try target.lock(owner: "alice@laptop (process 1) since 2026-08-04T07:59:00Z", waitingUpTo: 0) { _ in }
    DispatchQueue.global().asyncAfter(deadline: .now() + 1) { held.release() }
    let transcript = Transcript()
    var publisher = Publisher(
      clock: .fixed(PublishFixture.instant(Self.after)), sleep: { _ in }, progress: transcript.say)
    publisher.lockWaitSeconds = 30
    let outcome = try publisher.publish(f.request("staging"))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return
    }
    #expect(transcript.all.first { $0.contains("is locked by alice@laptop") } != nil)
    #expect(try target.readState().current == release)
    // The lock is free again, and says nobody holds it.
    #expect(DirectoryTarget.holder(f.remote + "/releases/publish.lock") == "")
    let again = try target.lock(owner: "bob", waitingUpTo: 0) { _ in }
    again.release()
  }

  @Test func aPublishThatWasKilledHoldingTheLockLeavesNoLockAndItsLeftoversGo() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" })
    defer { f.cleanUp() }
    f.buildSite(at: Self.after)
    let releases = f.remote + "/releases"
    try FileManager.default.createDirectory(atPath: releases, withIntermediateDirectories: true)
    // A process takes the lock as a publish would, says who it is, and is killed (kill -9)
    // while uploading: a young upload folder, a half-written manifest, a new `current` link
    // that was never renamed into place.
    let lockFile = releases + "/publish.lock"
    let holder = try ExternalCommand.spawn(
      [
        "/bin/sh", "-c",
        "exec 9>>'\(lockFile)'; flock 9; echo 'ghost@gone (process 77) since 2026-08-04T07:58:00Z' > '\(lockFile)'; exec sleep 60",
      ], standardInput: "/dev/null", standardOutput: "/dev/null", standardError: "/dev/null")
    for _ in 0..<100 where DirectoryTarget.holder(lockFile).isEmpty { usleep(20_000) }
    #expect(DirectoryTarget.holder(lockFile).hasPrefix("ghost@gone"))
    let partial = releases + "/.20260804T075800Z-0badf00d.partial"
    try FileManager.default.createDirectory(atPath: partial + "/page", withIntermediateDirectories: true)
    try Data(repeating: 0x61, count: 100_000).write(to: URL(fileURLWithPath: partial + "/page/index.html"))
    try Data("{".utf8).write(to: URL(fileURLWithPath: releases + "/.20260804T075800Z-0badf00d.manifest.json.partial"))
    #expect(symlink("releases/20260804T075800Z-0badf00d", f.remote + "/.current.pubpack-new-1a2b3c4d") == 0)
    kill(holder, SIGKILL)
    var status: Int32 = 0
    waitpid(holder, &status, 0)

    let transcript = Transcript()
    var publisher = Publisher(
      clock: .fixed(PublishFixture.instant(Self.after)), sleep: { _ in }, progress: transcript.say)
    publisher.lockWaitSeconds = 1
    let outcome = try publisher.publish(f.request("staging"))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return
    }
    // No wait for the dead holder, and everything it left is gone.
    #expect(!transcript.all.contains { $0.contains("is locked by") })
    #expect(transcript.all.contains { $0.contains("removed 3 things an unfinished publish left") })
    let tree = PublishFixture.tree(f.remote)
    #expect(tree.keys.filter { $0.hasSuffix(".partial") || $0.contains("pubpack-new") }.isEmpty)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current") == "releases/" + release)
  }
}

/// The same over ssh: the lock is taken on the host by `flock` in an ssh session.
@Suite(
  .enabled(
    if: LoopbackSSHServer.isAvailable,
    "needs /usr/sbin/sshd (apt-get install -y openssh-server rsync)"))
struct RsyncPublishLockTests {
  func setUp() throws -> (LoopbackSSHServer, PublishFixture, RsyncTarget) {
    let server = try LoopbackSSHServer()
    let f = try PublishFixture(targets: {
      "    live: { rsync: \"\(server.user)@127.0.0.1:\($0)\", ssh: \"\(server.sshCommand)\", keepReleases: 10 }"
    })
    let target = RsyncTarget(
      name: "live", host: "\(server.user)@127.0.0.1", root: f.remote, ssh: splitCommandLine(server.sshCommand) ?? [])
    return (server, f, target)
  }

  @Test func threePublishesOverSSHAtOnceTakeTurns() throws {
    let (server, f, _) = try setUp()
    defer { f.cleanUp() }
    _ = server
    let sites = try PublishLockTests.buildSites(f, count: 3)
    let (results, transcript) = PublishLockTests.publishAtOnce(f, target: "live", sites: sites)
    try PublishLockTests.expectTurnsWereTaken(results, transcript, remote: f.remote)
  }

  @Test func aRemoteLockIsReportedWithItsHolderThenFreedWhenItsSessionIsKilled() throws {
    let (server, f, target) = try setUp()
    defer { f.cleanUp() }
    _ = server
    f.buildSite(at: PublishLockTests.after)
    let held = try target.lock(owner: "alice@laptop (process 1) since 2026-08-04T07:59:00Z", waitingUpTo: 0) { _ in }
    #expect(DirectoryTarget.holder(f.remote + "/releases/publish.lock").hasPrefix("alice@laptop"))

    var publisher = PublishFixture.publisher(at: PublishLockTests.after)
    publisher.lockWaitSeconds = 1
    let refused = PublishFixture.outcome(publisher, f.request("live"))
    guard case .failure(let error) = refused else {
      Issue.record("expected a refusal, got \(refused)")
      return
    }
    #expect(error.diagnostics.map(\.rendered).joined().contains("by alice@laptop (process 1)"))
    #expect(!FileManager.default.fileExists(atPath: f.remote + "/current"))

    // The holder dies without releasing (its ssh client is killed): the host drops the lock
    // with the session, and the next publish goes ahead.
    if let pid = held.holderProcess { kill(pid, SIGKILL) }
    publisher.lockWaitSeconds = 20
    let outcome = try publisher.publish(f.request("live"))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current") == "releases/" + release)
    held.release()
  }
}
