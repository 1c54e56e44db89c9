import Testing

@testable import PubPack

/// The publish gate as a table, boundary row included (Hugo's `TestShouldBuild` pattern).
@Suite struct ReleasePolicyTests {
  static let pack = TestPack.instant("2026-08-04T00:01")  // 23:01:00Z

  func document(kind: Document.Kind = .webpage, embargo: Document.EmbargoSetting = .inherited, draft: Bool = false, exempt: [Int]? = nil) -> Document {
    Document(
      path: "content/x.md", fileName: "x.md", title: "X", kind: kind, slug: "x", summary: nil, embargo: embargo,
      isDraft: draft, exemptParagraphs: exempt, fields: [:], body: .text(""), bodyLineOffset: 3)
  }

  @Test(arguments: [
    // (kind, draft, now, expected state)
    (Document.Kind.webpage, false, "2026-08-03T23:00:59Z", ReleasePolicy.State.withheld),
    (.webpage, false, "2026-08-03T23:01:00Z", .released),  // the boundary instant is released
    (.webpage, false, "2026-08-03T23:01:01Z", .released),
    (.pressRelease, false, "2026-08-03T23:00:59Z", .withheld),
    (.pressRelease, false, "2026-08-03T23:01:00Z", .released),
    (.councilReport, false, "2026-08-03T23:01:00Z", .released),
    (.page, false, "2026-08-03T23:01:00Z", .released),
    (.webpage, true, "2026-08-03T23:00:59Z", .draft),
    (.webpage, true, "2026-08-03T23:01:00Z", .draft),
    (.pressRelease, true, "2030-01-01T00:00:00Z", .draft),
  ])
  func decision(kind: Document.Kind, draft: Bool, now: String, expected: ReleasePolicy.State) {
    let decision = ReleasePolicy.decision(
      for: document(kind: kind, draft: draft), packRelease: Self.pack, at: TestPack.instant(now))
    #expect(decision.state == expected)
    #expect(decision.isReleased == (expected == .released))
  }

  @Test func laterDocumentEmbargoHoldsUntilItsOwnInstant() {
    let later = TestPack.instant("2026-08-04T10:00")
    let doc = document(kind: .councilReport, embargo: .later(later))
    #expect(!ReleasePolicy.decision(for: doc, packRelease: Self.pack, at: TestPack.instant("2026-08-04T09:59:59+01:00")).isReleased)
    #expect(ReleasePolicy.decision(for: doc, packRelease: Self.pack, at: later).isReleased)
  }

  @Test func exemptIsNeverReleasedAndGivesEveryReason() {
    let decision = ReleasePolicy.decision(
      for: document(kind: .councilReport, draft: true, exempt: [1, 2]), packRelease: Self.pack,
      at: TestPack.instant("2026-08-03T22:00:00Z"))
    #expect(decision.state == .exempt)
    #expect(decision.reasons.count == 3)
    #expect(!ReleasePolicy.decision(
      for: document(exempt: [3]), packRelease: Self.pack, at: TestPack.instant("2099-01-01T00:00:00Z")).isReleased)
  }

  @Test func embargoNoneIsReleasedBeforeThePack() {
    let decision = ReleasePolicy.decision(
      for: document(kind: .page, embargo: .none), packRelease: Self.pack, at: TestPack.instant("2026-01-01T00:00:00Z"))
    #expect(decision.isReleased)
    #expect(decision.embargo == nil)
  }

  @Test func bannerNamesTheInstantInLondonAndUTC() {
    let decision = ReleasePolicy.decision(for: document(), packRelease: Self.pack, at: TestPack.instant("2026-08-03T00:00:00Z"))
    #expect(
      decision.banner
        == "EMBARGOED until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026) - not for publication")
  }
}
