import Foundation
import Testing

@testable import PubPack

/// `publish.approval.required`: publish refuses a site no approval covers, uploads nothing, and
/// says who must approve and what changed.
@Suite struct ApprovalPublishTests {
  typealias A = ApprovalFixture

  /// What lies in `content/approvals/` before anyone approved: nothing that counts.
  static let notApprovals: [String: [String: String]] = [
    "no approvals folder": [:],
    "an empty approvals folder": ["content/approvals/.keep": ""],
    "a stray signature and notes": [
      "content/approvals/20260803T180000Z-sam-patel-00000000.json.sig": "-----BEGIN SSH SIGNATURE-----\n",
      "content/approvals/notes.yaml": "checked: yes\n",
    ],
    "an approval file that is not JSON": [
      "content/approvals/20260803T180000Z-sam-patel-00000000.json": "approved: yes\n"
    ],
    "an approval of another format": [
      "content/approvals/x.json": "{\"format\": \"something-else/1\", \"approvedBy\": \"Sam\"}\n"
    ],
  ]

  @Test(arguments: notApprovals.keys.sorted())
  func anUnapprovedSiteIsRefusedAndNothingIsUploaded(_ case: String) throws {
    let a = try A(files: Self.notApprovals[`case`]!)
    defer { a.cleanUp() }
    let result = a.publish()
    let message = A.refusal(result)
    guard case .failure(let error) = result else { return }
    #expect(error.diagnostics.count == 1, "one cause, one error: \(message)")
    #expect(message.contains("error: publish.approval.required is set in pack.yaml, and no approval covers this site"))
    #expect(message.contains("a second person must check the site and run 'pubpack approve --as NAME'"))
    #expect(message.contains("nothing was uploaded to"))
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func anApprovedSiteIsPublishedAtEachInstant() throws {
    let a = try A()
    defer { a.cleanUp() }
    let recorded = try a.approve("Sam Patel")
    #expect(recorded.approval.sites.map(\.from) == ["2026-08-03T23:01:00Z", "2026-08-04T09:00:00Z"])
    #expect(recorded.approval.sites.map(\.documents) == [["page.md", "webpage.md"], ["report.md"]])
    #expect(recorded.approval.approvedAt == "2026-08-03T17:00:00Z")
    #expect(recorded.path.hasSuffix("/approvals/20260803T170000Z-sam-patel-" + recorded.path.suffix(13)))
    // Between the instants: the pack's site, without the report.
    guard case .success(.published) = a.publish(at: "2026-08-04T00:30") else {
      Issue.record("expected the pack's site to be published")
      return
    }
    #expect(!FileManager.default.fileExists(atPath: a.f.remote + "/staging/current/report/index.html"))
    guard case .success(.published) = a.publish(at: A.after) else {
      Issue.record("expected the report's site to be published")
      return
    }
    #expect(FileManager.default.fileExists(atPath: a.f.remote + "/staging/current/report/index.html"))
  }

  /// Changes made after the approval, and how the refusal names them.
  static let changes: [(String, [String: String], String)] = [
    (
      "a document edited", ["content/page.md": "---\ntitle: Contact us\nkind: page\n---\nCall 0123 456 789.\n"],
      "1 file changed (page/index.html)"
    ),
    (
      "a document added", ["content/faq.md": "---\ntitle: Questions\nkind: page\n---\nAnswers.\n"],
      "files changed"
    ),
    (
      "the stylesheet edited", ["templates/assets/site.css": "body { font-family: serif; }\n"],
      "1 file changed (assets/site.css)"
    ),
  ]

  @Test(arguments: changes.indices)
  func aChangeAfterApprovalIsRefusedNamingWhatChanged(_ index: Int) throws {
    let (_, edits, expected) = Self.changes[index]
    let a = try A()
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    for (path, text) in edits { try a.f.write(path, text) }
    let message = A.refusal(a.publish())
    #expect(
      message.contains(
        "error: the site differs from the one approved by Sam Patel at 6pm on Monday 3 August 2026 (17:00 UTC on Monday 3 August 2026): "
      ), "\(message)")
    #expect(message.contains(expected), "\(message)")
    #expect(message.contains("Sam Patel (or another second person) must check the site and run 'pubpack approve"))
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func aDocumentAddedIsNamedAsAdded() throws {
    let a = try A()
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    try a.f.write("content/faq.md", "---\ntitle: Questions\nkind: page\n---\nAnswers.\n")
    let message = A.refusal(a.publish())
    #expect(message.contains("1 file added (faq/index.html)"), "\(message)")
  }

  @Test func aNewApprovalAfterTheChangeLetsItGo() throws {
    let a = try A()
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    try a.f.write("content/page.md", "---\ntitle: Contact us\nkind: page\n---\nCall 0123 456 789.\n")
    _ = A.refusal(a.publish())
    let second = try a.approve("Sam Patel", at: "2026-08-03T19:00")
    guard case .success(.published) = a.publish() else {
      Issue.record("expected a publish after the second approval")
      return
    }
    // Two approvals, side by side: neither replaced the other.
    let files = A.listing(a.approvals).filter { $0.hasSuffix(".json") }
    #expect(files.count == 2)
    #expect(files.contains((second.path as NSString).lastPathComponent))
  }

  @Test func waitPublishesEachApprovedSiteAtItsInstant() throws {
    let a = try A()
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    let fake = PublishScheduleTests.FakeTime(PublishFixture.instant("2026-08-03T20:00"))
    let outcome = PublishFixture.outcome(fake.publisher(), a.f.request("staging", wait: true))
    guard case .success(.published) = outcome else {
      Issue.record("expected the schedule to publish: \(outcome)")
      return
    }
    let releases = try FileManager.default.contentsOfDirectory(atPath: a.f.remote + "/staging/releases")
      .filter(ReleaseLayout.isReleaseID).sorted()
    #expect(releases.map { $0.prefix(16) } == ["20260803T230100Z", "20260804T090000Z"])
    #expect(FileManager.default.fileExists(atPath: a.f.remote + "/staging/current/report/index.html"))
  }

  @Test func waitRefusesBeforeSleepingWhenALaterInstantIsNotApproved() throws {
    let a = try A()
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    // The council report changes after the approval: the 10:00am site is no longer approved.
    try a.f.write(
      "content/report.md",
      "---\ntitle: Report to cabinet\nkind: council-report\nembargo: \(A.reportAt)\n---\nThe cabinet is asked to agree the plan.\n"
    )
    let slept = LockedValue<[Int64]>([])
    let publisher = Publisher(
      clock: .fixed(PublishFixture.instant("2026-08-03T20:00")), sleep: { s in slept.withLock { $0.append(s) } },
      progress: { _ in })
    let message = A.refusal(PublishFixture.outcome(publisher, a.f.request("staging", wait: true)))
    #expect(message.contains("the site of 10am on Tuesday 4 August 2026"), "\(message)")
    #expect(
      message.contains("1 file changed (report/index.html)") || message.contains("report/index.html"), "\(message)")
    // The 12:01am site is unchanged, so it is not named.
    #expect(!message.contains("12:01am on Tuesday 4 August 2026 (23:01 UTC"), "\(message)")
    #expect(slept.withLock { $0 } == [])
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func aSiteFromBeforeTheEmbargoIsNotCoveredByAnApproval() throws {
    let a = try A()
    defer { a.cleanUp() }
    try a.approve("Sam Patel")
    let message = A.refusal(a.publish(at: "2026-08-03T20:00"))
    #expect(
      message.contains(
        "error: the site was built for 8pm on Monday 3 August 2026 (19:00 UTC on Monday 3 August 2026), before the pack's embargo"
      ), "\(message)")
    #expect(message.contains("'pubpack publish --wait'"), "\(message)")
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  @Test func withoutRequiredPublishDoesNotAskForApprovals() throws {
    let a = try A(approval: nil)
    defer { a.cleanUp() }
    guard case .success(.published) = a.publish() else {
      Issue.record("expected a publish")
      return
    }
  }

  @Test func aDryRunSaysThePublishWouldBeRefused() throws {
    let a = try A()
    defer { a.cleanUp() }
    a.f.buildSite(at: A.after)
    let result = PublishFixture.outcome(PublishFixture.publisher(at: A.after), a.f.request("staging", dryRun: true))
    let message = A.refusal(result)
    #expect(message.contains("no approval covers this site"))
    #expect(message.contains("dry run: publishing now would be refused"))
    #expect(A.listing(a.f.remote + "/staging") == [])
  }

  /// The approvals folder, with signatures and other files in it, is never published.
  @Test func approvalsAreNeverPartOfTheSite() throws {
    let a = try A(files: [
      "content/approvals/notes.yaml": "title: not a document\n",
      "content/approvals/readme.md": "---\ntitle: Not a document either\nkind: page\n---\nNo.\n",
    ])
    defer { a.cleanUp() }
    let key = try a.makeKey("sam")
    try a.approve("Sam Patel", key: key)
    let build = Pipeline.build(
      BuildRequest(content: a.content, templates: a.f.templates, mode: .release, at: PublishFixture.instant(A.after)))
    #expect(build.diagnostics.filter { $0.severity == .error }.map(\.rendered) == [])
    #expect(
      build.documents.map { EmbargoRecheck.fileName($0.document.path) } == ["page.md", "report.md", "webpage.md"])
    a.f.buildSite(at: A.after)
    let site = A.listing(a.f.site)
    #expect(!site.isEmpty)
    #expect(site.filter { $0.lowercased().contains("approv") || $0.hasSuffix(".sig") || $0.contains("notes") } == [])
    let manifest = try String(contentsOfFile: a.f.site + "/" + BuildManifest.fileName, encoding: .utf8)
    #expect(!manifest.contains("approv"))
    guard
      case .success(.published) = PublishFixture.outcome(PublishFixture.publisher(at: A.after), a.f.request("staging"))
    else {
      Issue.record("expected a publish")
      return
    }
    #expect(A.listing(a.f.remote + "/staging").filter { $0.contains("approv") || $0.hasSuffix(".sig") } == [])
  }
}
