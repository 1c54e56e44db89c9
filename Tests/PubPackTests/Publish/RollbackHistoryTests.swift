import Foundation
import Testing

@testable import PubPack

/// Rollback goes back along what was live, as the target's publication log records it, not
/// along the order of release IDs; every rollback is logged, so the next one goes further back.
@Suite struct RollbackHistoryTests {
  func fixture(keep: Int = 10) throws -> PublishFixture {
    try PublishFixture(targets: { "    staging: { directory: \"\($0)\", keepReleases: \(keep) }" })
  }

  /// Builds the page with `text` and publishes it at `instant`; returns the new release.
  func publish(_ f: PublishFixture, _ text: String, at instant: String, target: String = "staging") throws -> String {
    try f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\n\(text)\n")
    f.buildSite(at: instant)
    let outcome = try PublishFixture.publisher(at: instant).publish(f.request(target))
    guard case .published(let release, _) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return ""
    }
    return release
  }

  func rollback(_ f: PublishFixture, at instant: String, target: String = "staging") throws -> (String, String) {
    let (from, to) = try PublishFixture.publisher(at: instant).rollback(
      target: target, content: f.content, who: "tester@testhost", localLogPath: f.localLog)
    return (from, to)
  }

  func live(_ f: PublishFixture) -> String? {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current")).map {
      String($0.dropFirst("releases/".count))
    }
  }

  func actions(_ f: PublishFixture) throws -> [String] {
    try String(contentsOfFile: f.remote + "/releases/publish.log", encoding: .utf8).split(separator: "\n").map {
      let fields = $0.split(separator: "\t")
      return "\(fields[1]) \(fields[3])"
    }
  }

  @Test func aRollbackAfterARollbackAndAPublishReturnsToWhatWasLiveBefore() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    let a = try publish(f, "A", at: "2026-08-04T09:00")
    let b = try publish(f, "B", at: "2026-08-04T09:10")
    #expect(try rollback(f, at: "2026-08-04T09:20") == (b, a))
    let c = try publish(f, "C", at: "2026-08-04T09:30")
    #expect(try rollback(f, at: "2026-08-04T09:40") == (c, a))
    #expect(live(f) == a)
    #expect(
      try actions(f) == ["publish \(a)", "publish \(b)", "rollback \(a)", "publish \(c)", "rollback \(a)"])
    // A was the first live release: there is nothing before it, and nothing changes.
    #expect(throws: DiagnosticError.self) { try rollback(f, at: "2026-08-04T09:50") }
    #expect(live(f) == a)
  }

  @Test func aReleaseLeftBehindByAFailedWithdrawalIsNotRolledBackTo() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    let a = try publish(f, "A", at: "2026-08-04T09:00")
    let b = try publish(f, "B", at: "2026-08-04T09:10")
    let kept = f.root.appendingPathComponent("kept-b").path
    try FileManager.default.copyItem(atPath: f.remote + "/releases/" + b, toPath: kept)
    try FileManager.default.copyItem(
      atPath: f.remote + "/releases/\(b).manifest.json", toPath: kept + ".manifest.json")
    #expect(try rollback(f, at: "2026-08-04T09:20") == (b, a))
    // The withdrawal of B did not happen (a full disk, a permission): B is still there, and by
    // release IDs it is the newest before C. It was never live before C.
    try FileManager.default.moveItem(atPath: kept, toPath: f.remote + "/releases/" + b)
    try FileManager.default.moveItem(atPath: kept + ".manifest.json", toPath: f.remote + "/releases/\(b).manifest.json")
    let c = try publish(f, "C", at: "2026-08-04T09:30")
    #expect(try rollback(f, at: "2026-08-04T09:40") == (c, a))
    #expect(live(f) == a)
  }

  @Test func pruningKeepsWhatWasLiveBeforeNotTheNewestReleaseIDs() throws {
    let f = try fixture(keep: 2)
    defer { f.cleanUp() }
    let a = try publish(f, "A", at: "2026-08-04T09:00")
    let b = try publish(f, "B", at: "2026-08-04T09:10")
    let kept = f.root.appendingPathComponent("kept-b").path
    try FileManager.default.copyItem(atPath: f.remote + "/releases/" + b, toPath: kept)
    #expect(try rollback(f, at: "2026-08-04T09:20") == (b, a))
    try FileManager.default.moveItem(atPath: kept, toPath: f.remote + "/releases/" + b)
    // Two are kept: C, and A, which was live before it; not B, the newer ID never live since.
    let c = try publish(f, "C", at: "2026-08-04T09:30")
    #expect(try DirectoryTarget(name: "staging", root: f.remote).readState().releases == [a, c])
    #expect(try rollback(f, at: "2026-08-04T09:40") == (c, a))
  }

  @Test(
    arguments: [
      // (releases on the target, the log's history, how many to keep, kept)
      (["A", "B", "C"], ["A", "C"], 2, ["A", "C"]),
      (["A", "B", "C"], ["A", "C"], 3, ["A", "B", "C"]),
      (["A", "B", "C", "D"], ["A", "B", "C", "D"], 2, ["C", "D"]),
      // No log: the newest IDs.
      (["A", "B", "C"], ["C"], 2, ["B", "C"]),
      // The log names a release no longer there: it is not counted.
      (["B", "C"], ["A", "B", "C"], 1, ["C"]),
    ] as [([String], [String], Int, [String])])
  func releasesToKeepFollowTheLogFirst(releases: [String], history: [String], count: Int, kept: [String]) {
    #expect(Publisher.releasesToKeep(releases, history: history, count: count) == Set(kept))
  }

  @Test func rollbacksGoBackOneLiveReleaseAtATime() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    let a = try publish(f, "A", at: "2026-08-04T09:00")
    let b = try publish(f, "B", at: "2026-08-04T09:10")
    let c = try publish(f, "C", at: "2026-08-04T09:20")
    #expect(try rollback(f, at: "2026-08-04T09:30") == (c, b))
    let d = try publish(f, "D", at: "2026-08-04T09:40")
    #expect(try rollback(f, at: "2026-08-04T09:50") == (d, b))
    #expect(try rollback(f, at: "2026-08-04T10:00") == (b, a))
    #expect(live(f) == a)
  }

  @Test func aTargetWhoseLogLostTheLiveReleaseRollsBackByReleaseOrderAndSaysSo() throws {
    let f = try fixture()
    defer { f.cleanUp() }
    let a = try publish(f, "A", at: "2026-08-04T09:00")
    let b = try publish(f, "B", at: "2026-08-04T09:10")
    try FileManager.default.removeItem(atPath: f.remote + "/releases/publish.log")
    let said = PublishLockTests.Transcript()
    let publisher = Publisher(
      clock: .fixed(PublishFixture.instant("2026-08-04T09:20")), sleep: { _ in }, progress: said.say)
    let (from, to) = try publisher.rollback(target: "staging", content: f.content, who: "t@h", localLogPath: nil)
    #expect(from == b && to == a)
    #expect(said.all.contains { $0.contains("does not record release \(b) as live") })
  }

  @Test(
    arguments: [
      // (log lines as "action release", the history it gives)
      ([], []),
      (["publish A", "publish B"], ["A", "B"]),
      (["publish A", "publish B", "rollback A", "publish C"], ["A", "C"]),
      (["publish A", "publish B", "publish C", "rollback B", "rollback A"], ["A"]),
      // A rollback to a release the log never saw live (a log that starts late) is still a fact.
      (["rollback A", "publish B"], ["A", "B"]),
      // Lines of another form, and the same release published twice in a row, change nothing.
      (["publish A", "noise A", "publish A"], ["A"]),
    ] as [([String], [String])])
  func theLogIsReplayedAsAStackOfLiveReleases(lines: [String], history: [String]) {
    let ids = ["A": "20260804T080000Z-aaaaaaaa", "B": "20260804T081000Z-bbbbbbbb", "C": "20260804T082000Z-cccccccc"]
    let log =
      lines.map { line -> String in
        let parts = line.split(separator: " ").map(String.init)
        return PublicationLog.line(
          at: PublishFixture.instant("2026-08-04T09:00"), action: parts[0], target: "live",
          release: ids[parts[1]] ?? "",
          fileCount: 1, manifestHash: "0", who: "t@h")
      }.joined(separator: "\n") + "\nnot a log line at all\n"
    #expect(PublicationLog.liveHistory(log) == history.map { ids[$0] ?? "" })
  }
}

/// The same history over ssh.
@Suite(
  .enabled(
    if: LoopbackSSHServer.isAvailable,
    "needs /usr/sbin/sshd (apt-get install -y openssh-server rsync)"))
struct RsyncRollbackHistoryTests {
  @Test func aRollbackAfterARollbackAndAPublishReturnsToWhatWasLiveBefore() throws {
    let server = try LoopbackSSHServer()
    let f = try PublishFixture(targets: {
      "    live: { rsync: \"\(server.user)@127.0.0.1:\($0)\", ssh: \"\(server.sshCommand)\", keepReleases: 10 }"
    })
    defer { f.cleanUp() }
    let t = RollbackHistoryTests()
    let a = try t.publish(f, "A", at: "2026-08-04T09:00", target: "live")
    let b = try t.publish(f, "B", at: "2026-08-04T09:10", target: "live")
    #expect(try t.rollback(f, at: "2026-08-04T09:20", target: "live") == (b, a))
    let c = try t.publish(f, "C", at: "2026-08-04T09:30", target: "live")
    #expect(try t.rollback(f, at: "2026-08-04T09:40", target: "live") == (c, a))
    #expect(t.live(f) == a)
    #expect(try t.actions(f) == ["publish \(a)", "publish \(b)", "rollback \(a)", "publish \(c)", "rollback \(a)"])
  }
}
