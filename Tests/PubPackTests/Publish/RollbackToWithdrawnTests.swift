import Foundation
import Testing

@testable import PubPack

/// A rollback is held to the pack as it stands now, as a publish is: a release that holds a
/// document whose embargo has since been moved later, or that is now a draft or exempt, does
/// not go live again.
@Suite struct RollbackToWithdrawnTests {
  static let later = "---\ntitle: Action plan\nkind: page\nslug: later-plan\nembargo: EMBARGO\n---\nLATER-PLAN-SENTINEL\n"

  @Test(arguments: [
    ("moved later", "embargo: 2026-09-01T09:00", nil as String?),
    ("made a draft", "embargo: 2026-08-04T09:00\ndraft: true", nil),
    ("made exempt", "embargo: 2026-08-04T09:00\nexempt: { paragraphs: [3] }", nil),
  ])
  func aReleaseHoldingAWithdrawnDocumentIsNotRolledBackTo(label: String, nowFrontMatter: String, _: String?) throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\", keepReleases: 10 }" })
    defer { f.cleanUp() }
    // R1: the plan is out (its embargo, 09:00, has passed).
    try f.write("content/later.md", Self.later.replacingOccurrences(of: "embargo: EMBARGO", with: "embargo: 2026-08-04T09:00"))
    f.buildSite(at: "2026-08-04T09:30")
    guard case .published(let first, _) = try PublishFixture.publisher(at: "2026-08-04T09:30").publish(f.request("staging"))
    else { Issue.record("the first publish failed"); return }
    // The plan is withdrawn; R2 is published without it.
    try f.write("content/later.md", Self.later.replacingOccurrences(of: "embargo: EMBARGO", with: nowFrontMatter))
    f.buildSite(at: "2026-08-04T10:00")
    guard case .published(let second, _) = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging"))
    else { Issue.record("the second publish failed"); return }
    #expect(first != second)
    #expect(!FileManager.default.fileExists(atPath: f.remote + "/current/later-plan/index.html"))
    // Rolling back to R1 would put the plan live again: refused, and R2 stays live.
    #expect(throws: DiagnosticError.self, "\(label)") {
      try PublishFixture.publisher(at: "2026-08-04T10:30").rollback(
        target: "staging", content: f.content, who: "tester@testhost", localLogPath: nil)
    }
    #expect(!FileManager.default.fileExists(atPath: f.remote + "/current/later-plan/index.html"), "\(label)")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current")) == "releases/\(second)")
  }

  @Test func aReleaseTheWholePackStillReleasesIsRolledBackTo() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\", keepReleases: 10 }" })
    defer { f.cleanUp() }
    try f.write("content/later.md", Self.later.replacingOccurrences(of: "embargo: EMBARGO", with: "embargo: 2026-08-04T09:00"))
    f.buildSite(at: "2026-08-04T09:30")
    guard case .published(let first, _) = try PublishFixture.publisher(at: "2026-08-04T09:30").publish(f.request("staging"))
    else { Issue.record("the first publish failed"); return }
    try f.write("content/later.md", Self.later.replacingOccurrences(of: "embargo: EMBARGO", with: "embargo: 2026-08-04T09:00") + "Corrected.\n")
    f.buildSite(at: "2026-08-04T10:00")
    _ = try PublishFixture.publisher(at: "2026-08-04T10:00").publish(f.request("staging"))
    let (_, to) = try PublishFixture.publisher(at: "2026-08-04T10:30").rollback(
      target: "staging", content: f.content, who: "tester@testhost", localLogPath: nil)
    #expect(to == first)
  }
}
