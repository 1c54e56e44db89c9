import Foundation
import Testing

@testable import PubPack

/// `publish --wait` as a schedule: each release instant in turn, by the injected clock.
@Suite struct PublishScheduleTests {
  /// A pack released at `liftsAt`, with a council report embargoed to `reportAt`, published to
  /// a directory target.
  func fixture(liftsAt: String, reportAt: String) throws -> PublishFixture {
    try PublishFixture(
      targets: { "    staging: { directory: \"\($0)\" }" }, liftsAt: liftsAt,
      files: [
        "content/report.md":
          "---\ntitle: Report to cabinet\nkind: council-report\nembargo: \(reportAt)\n---\nThe cabinet is asked to note the report.\n"
      ])
  }

  /// What the target serves now, by document: the web page and the council report.
  static func live(_ f: PublishFixture) -> (webpage: Bool, report: Bool) {
    let fm = FileManager.default
    return (
      fm.fileExists(atPath: f.remote + "/current/webpage/index.html"),
      fm.fileExists(atPath: f.remote + "/current/report/index.html")
    )
  }

  /// A fake clock that moves only when the publisher sleeps, checking at every sleep that
  /// nothing is live before its instant.
  final class FakeTime: @unchecked Sendable {
    let time: LockedValue<Instant>
    let slept = LockedValue<[Int64]>([])
    let lines = LockedValue<[String]>([])
    init(_ start: Instant) { time = LockedValue(start) }
    func publisher(checking check: @escaping @Sendable (Instant) -> Void = { _ in }, jump: Int64 = 0) -> Publisher {
      Publisher(
        clock: Clock { [time] in time.withLock { $0 } },
        sleep: { [time, slept] seconds in
          check(time.withLock { $0 })
          let first = slept.withLock { $0.isEmpty }
          slept.withLock { $0.append(seconds) }
          time.withLock { $0 = $0.adding(seconds: seconds + (first ? jump : 0)) }
        }, progress: { [lines] line in lines.withLock { $0.append(line) } })
    }
  }

  @Test func publishesAtEachInstantInTurnAndNothingBefore() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T03:30")
    defer { f.cleanUp() }
    let packAt = PublishFixture.instant("2026-08-03T23:01:00Z")
    let reportAt = PublishFixture.instant("2026-08-04T02:30:00Z")
    let fake = FakeTime(packAt.adding(seconds: -5 * 3600 - 17))
    let early = LockedValue<[String]>([])
    let publisher = fake.publisher(checking: { now in
      let live = Self.live(f)
      if live.webpage && !ReleasePolicy.isReleased(embargo: packAt, at: now) {
        early.withLock { $0.append("webpage at \(now)") }
      }
      if live.report && !ReleasePolicy.isReleased(embargo: reportAt, at: now) {
        early.withLock { $0.append("report at \(now)") }
      }
    })
    let outcome = try publisher.publish(f.request("staging", wait: true))
    #expect(early.withLock { $0 } == [])
    #expect(Self.live(f) == (true, true))
    guard case .published(let last, _) = outcome else {
      Issue.record("expected a publish, got \(outcome)")
      return
    }
    // Two releases, each stamped with its own instant, not a second later.
    let releases = try FileManager.default.contentsOfDirectory(atPath: f.remote + "/releases")
      .filter(ReleaseLayout.isReleaseID).sorted()
    #expect(releases.map { $0.prefix(16) } == ["20260803T230100Z", "20260804T023000Z"])
    #expect(last == releases.last)
    // Bounded sleeps, never past an instant.
    #expect(fake.slept.withLock { $0 }.allSatisfy { $0 >= 1 && $0 <= publisher.longestSleep })
    #expect(fake.time.withLock { $0 } == reportAt)
    // Quiet: start, two schedule lines, hourly marks then 10-minute marks and one minute
    // before the first instant, the same before the second, two releases and the end.
    let lines = fake.lines.withLock { $0 }
    #expect(lines.count <= 30, "\(lines.joined(separator: "\n"))")
    #expect(lines[0].hasPrefix("pubpack: publishing to staging (") && lines[0].contains("2 times"))
    #expect(
      lines[1] == "  at 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026): page.md, webpage.md")
    #expect(lines[2].hasPrefix("  at 3:30am on Tuesday 4 August 2026") && lines[2].hasSuffix(": report.md"))
    let countdown = lines.filter { $0.contains("to go until 12:01am") }.map {
      $0.replacingOccurrences(of: "pubpack: ", with: "").components(separatedBy: " to go")[0]
    }
    #expect(
      countdown == [
        "5 hours", "4 hours", "3 hours", "2 hours", "1 hour", "50 minutes", "40 minutes", "30 minutes", "20 minutes",
        "10 minutes", "1 minute",
      ])
    #expect(lines.filter { $0.contains(": published release ") }.count == 2)
    #expect(lines.last == "pubpack: the schedule is done; everything is out on staging (\(f.remote))")
  }

  @Test func anEmbargoMovedLaterWhileWaitingIsPublishedAtItsNewInstant() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T03:30")
    defer { f.cleanUp() }
    let packAt = PublishFixture.instant("2026-08-03T23:01:00Z")
    let movedTo = PublishFixture.instant("2026-08-04T03:30:00Z")  // 4:30am London
    let fake = FakeTime(packAt.adding(seconds: -60))
    let moved = LockedValue(false)
    let early = LockedValue(false)
    let publisher = fake.publisher(checking: { now in
      if ReleasePolicy.isReleased(embargo: packAt, at: now), !moved.withLock({ $0 }) {
        try? f.write(
          "content/report.md",
          "---\ntitle: Report to cabinet\nkind: council-report\nembargo: 2026-08-04T04:30\n---\nThe cabinet is asked to note the report.\n"
        )
        moved.withLock { $0 = true }
      }
      if Self.live(f).report && !ReleasePolicy.isReleased(embargo: movedTo, at: now) { early.withLock { $0 = true } }
    })
    _ = try publisher.publish(f.request("staging", wait: true))
    #expect(!early.withLock { $0 })
    #expect(Self.live(f) == (true, true))
    #expect(fake.time.withLock { $0 } == movedTo)
    #expect(fake.lines.withLock { $0 }.contains { $0.hasPrefix("  now also at 4:30am on Tuesday 4 August 2026") })
    let releases = try FileManager.default.contentsOfDirectory(atPath: f.remote + "/releases")
      .filter(ReleaseLayout.isReleaseID).sorted()
    // At the old instant the site rebuilt is the one already live: nothing new goes out.
    #expect(releases.map { $0.prefix(16) } == ["20260803T230100Z", "20260804T033000Z"])
  }

  @Test func aMachineThatSleptPastTheInstantsPublishesOnWakingAndNotTwice() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T03:30")
    defer { f.cleanUp() }
    let fake = FakeTime(PublishFixture.instant("2026-08-03T20:00:00Z"))
    // The first sleep of 30 seconds takes ten hours: the lid was closed.
    let outcome = try fake.publisher(jump: 36_000).publish(f.request("staging", wait: true))
    #expect(Self.live(f) == (true, true))
    #expect(fake.slept.withLock { $0.count } == 1)
    // Both instants had passed on waking: one release with everything, and no second one.
    guard case .published = outcome else {
      Issue.record("expected one publish: \(outcome)")
      return
    }
    #expect(fake.lines.withLock { $0 }.filter { $0.contains(": published release ") }.count == 1)
    let releases = try FileManager.default.contentsOfDirectory(atPath: f.remote + "/releases").filter(
      ReleaseLayout.isReleaseID)
    #expect(releases.count == 1)
  }

  @Test func aClockThatJumpsBackKeepsWaitingAndNeverPublishesEarly() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T00:01")
    defer { f.cleanUp() }
    let packAt = PublishFixture.instant("2026-08-03T23:01:00Z")
    let fake = FakeTime(packAt.adding(seconds: -40))
    let early = LockedValue(false)
    // The first sleep goes back an hour (an NTP correction).
    let publisher = fake.publisher(
      checking: { now in
        if Self.live(f).webpage && !ReleasePolicy.isReleased(embargo: packAt, at: now) { early.withLock { $0 = true } }
      }, jump: -3600)
    _ = try publisher.publish(f.request("staging", wait: true))
    #expect(!early.withLock { $0 })
    #expect(fake.time.withLock { $0 } == packAt)
    #expect(fake.slept.withLock { $0.reduce(0, +) } == 40 + 3600)
    #expect(fake.slept.withLock { $0 }.allSatisfy { $0 <= 30 })
  }

  @Test func aFailedUploadIsRetriedWithBackoffThenSucceeds() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T00:01")
    defer { f.cleanUp() }
    let packAt = PublishFixture.instant("2026-08-03T23:01:00Z")
    let fake = FakeTime(packAt.adding(seconds: -10))
    // `releases` is a file: the target cannot be written until someone removes it.
    try FileManager.default.createDirectory(atPath: f.remote, withIntermediateDirectories: true)
    try Data().write(to: URL(fileURLWithPath: f.remote + "/releases"))
    let publisher = fake.publisher(checking: { now in
      if now.secondsSince1970 >= packAt.secondsSince1970 + 5 {
        try? FileManager.default.removeItem(atPath: f.remote + "/releases")
      }
    })
    _ = try publisher.publish(f.request("staging", wait: true))
    #expect(Self.live(f).webpage)
    let lines = fake.lines.withLock { $0 }
    #expect(lines.contains { $0.contains("the release failed (") && $0.hasSuffix("trying again in 5 s") })
    #expect(lines.contains { $0.contains("trying again in 10 s") })
    #expect(fake.slept.withLock { $0 }.suffix(2) == [5, 10])
  }

  @Test func aReleaseThatKeepsFailingFailsTheScheduleAfterTheRetryTime() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T00:01")
    defer { f.cleanUp() }
    let packAt = PublishFixture.instant("2026-08-03T23:01:00Z")
    let fake = FakeTime(packAt.adding(seconds: -10))
    try FileManager.default.createDirectory(atPath: f.remote, withIntermediateDirectories: true)
    try Data().write(to: URL(fileURLWithPath: f.remote + "/releases"))
    var publisher = fake.publisher()
    publisher.retrySeconds = 120
    let error = PublishFixture.outcome(publisher, f.request("staging", wait: true))
    guard case .failure(let failure) = error else {
      Issue.record("expected a failure")
      return
    }
    #expect(failure.diagnostics.last?.message.hasPrefix("not every release of the schedule was made") == true)
    // 5 + 10 + 20 + 40 = 75 s of retries; the next, 80 s, would pass 120 s.
    #expect(fake.slept.withLock { $0 } == [10, 5, 10, 20, 40])
    #expect(!FileManager.default.fileExists(atPath: f.remote + "/current"))
  }

  @Test func aPackWithNothingStillEmbargoedPublishesOnceNow() throws {
    let f = try fixture(liftsAt: "2026-08-04T00:01", reportAt: "2026-08-04T03:30")
    defer { f.cleanUp() }
    let fake = FakeTime(PublishFixture.instant("2026-08-05T09:00:00Z"))
    _ = try fake.publisher().publish(f.request("staging", wait: true))
    #expect(Self.live(f) == (true, true))
    #expect(fake.slept.withLock { $0 } == [])
    let lines = fake.lines.withLock { $0 }
    #expect(lines.count == 4, "\(lines)")
    #expect(lines[0].contains("once"))
    #expect(lines[1] == "  now: page.md, report.md, webpage.md")
  }

  @Test func countdownMarks() {
    #expect(Publisher.countdownMark(atOrAbove: 30) == 60)
    #expect(Publisher.countdownMark(atOrAbove: 61) == 600)
    #expect(Publisher.countdownMark(atOrAbove: 601) == 1200)
    #expect(Publisher.countdownMark(atOrAbove: 3601) == 7200)
    #expect(Publisher.countdownMark(below: 60) == nil)
    #expect(Publisher.countdownMark(below: 61) == 60)
    #expect(Publisher.countdownMark(below: 601) == 600)
    #expect(Publisher.countdownMark(below: 3600) == 3000)
    #expect(Publisher.countdownMark(below: 7200) == 3600)
    #expect(Publisher.countdownMark(below: 7201) == 7200)
  }

  /// The real clock and real sleeps: a pack released 3 seconds from now and a report 6 seconds
  /// from now, the target sampled every 100 ms while the schedule runs.
  @Test func realClockSampledEvery100Milliseconds() throws {
    let now = Instant(Date())
    let packAt = now.adding(seconds: 3)
    let reportAt = now.adding(seconds: 6)
    let f = try fixture(liftsAt: packAt.rfc3339, reportAt: reportAt.rfc3339)
    defer { f.cleanUp() }
    let lines = LockedValue<[String]>([])
    let publisher = Publisher(
      clock: Clock { Instant(Date()) }, sleep: { Thread.sleep(forTimeInterval: Double($0)) },
      progress: { line in lines.withLock { $0.append(line) } })
    let samples = LockedValue<[(after: Double, before: Double, webpage: Bool, report: Bool)]>([])
    let done = LockedValue(false)
    let sampler = Thread {
      while !done.withLock({ $0 }) {
        let before = Date().timeIntervalSince1970
        let live = Self.live(f)
        samples.withLock { $0.append((Date().timeIntervalSince1970, before, live.webpage, live.report)) }
        Thread.sleep(forTimeInterval: 0.1)
      }
    }
    sampler.start()
    let result = PublishFixture.outcome(publisher, f.request("staging", wait: true))
    Thread.sleep(forTimeInterval: 0.3)
    done.withLock { $0 = true }
    guard case .success = result else {
      Issue.record("the schedule failed: \(result)")
      return
    }
    let all = samples.withLock { $0 }
    #expect(all.count > 40)
    let pack = Double(packAt.secondsSince1970)
    let report = Double(reportAt.secondsSince1970)
    // Nothing live before its instant (a sample finished before the instant saw it).
    #expect(all.filter { $0.webpage && $0.after < pack }.isEmpty)
    #expect(all.filter { $0.report && $0.after < report }.isEmpty)
    // Each live within two seconds of its own instant (a sample begun then saw it).
    #expect(all.filter { $0.before >= pack + 2 && !$0.webpage }.isEmpty)
    #expect(all.filter { $0.before >= report + 2 && !$0.report }.isEmpty)
    #expect(all.contains { $0.webpage && !$0.report })
    // A handful of lines for the whole wait.
    #expect(lines.withLock { $0.count } <= 7, "\(lines.withLock { $0 })")
  }
}
