import Foundation
import Testing

@testable import PubPack

/// `status` shows who approved what and when, and for each release instant whether the pack
/// changed since.
@Suite struct ApprovalStatusTests {
  typealias A = ApprovalFixture

  func status(_ a: A, at instant: String = "2026-08-03T20:00") -> ApprovalStatus? {
    let settings = Pipeline.build(
      BuildRequest(content: a.content, templates: a.f.templates, at: PublishFixture.instant(instant))
    ).pack?.settings.approval
    return ApprovalStatus.of(
      content: a.content, templates: a.f.templates, settings: settings, at: PublishFixture.instant(instant))
  }

  @Test func eachInstantIsApprovedChangedOrNotApproved() throws {
    let a = try A()
    defer { a.cleanUp() }
    // Before anyone approved.
    let before = try #require(status(a))
    #expect(before.isRequired)
    #expect(before.approvals.isEmpty)
    #expect(before.sites.map(\.state) == ["not approved", "not approved"])

    try a.approve("Sam Patel")
    let approved = try #require(status(a))
    #expect(approved.approvals.map(\.approvedBy) == ["Sam Patel"])
    #expect(approved.approvals.map(\.approvedAt) == ["2026-08-03T17:00:00Z"])
    #expect(approved.approvals.map(\.isAccepted) == [true])
    #expect(approved.sites.map(\.state) == ["approved", "approved"])
    #expect(approved.sites.map(\.approvedBy) == ["Sam Patel", "Sam Patel"])

    // The report changes: its instant's site is changed since approval; the pack's is not.
    try a.f.write(
      "content/report.md",
      "---\ntitle: Report to cabinet\nkind: council-report\nembargo: \(A.reportAt)\n---\nThe cabinet is asked to agree.\n"
    )
    let changed = try #require(status(a))
    #expect(changed.sites.map(\.state) == ["approved", "changed since approval"])
    #expect(changed.sites[1].changes == "1 file changed (report/index.html)")
    let lines = changed.lines.joined(separator: "\n")
    #expect(lines.contains("APPROVAL  required before publishing"))
    #expect(lines.contains("Sam Patel at 6pm on Monday 3 August 2026"))
    #expect(
      lines.contains(
        "from 10am on Tuesday 4 August 2026 (09:00 UTC on Tuesday 4 August 2026): changed since approval by Sam Patel"
      ), "\(lines)")
  }

  @Test func aPackWithoutApprovalsSaysNothingOfThem() throws {
    let a = try A(approval: nil)
    defer { a.cleanUp() }
    #expect(status(a) == nil)
  }

  @Test func statusJSONAndTextShowTheApproval() throws {
    let a = try A()
    defer { a.cleanUp() }
    let key = try a.makeKey("sam")
    // From the command line, as status builds: with the PDF renderer the environment offers.
    let approve = try runPubpack(
      ["approve", "--as", "Sam Patel", "--key", key, "--content", a.content, "--templates", a.f.templates], in: a.f.root
    )
    #expect(approve.status == 0, "\(approve.stderr)")
    let folders = ["--content", a.content, "--templates", a.f.templates, "--at", "2026-08-03T20:00"]
    let json = try runPubpack(["status", "--json"] + folders, in: a.f.root)
    #expect(json.status == 0, "\(json.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let approval = try #require(object?["approval"] as? [String: Any])
    #expect(approval["isRequired"] as? Bool == true)
    let approvals = try #require(approval["approvals"] as? [[String: Any]])
    #expect(approvals.map { $0["approvedBy"] as? String } == ["Sam Patel"])
    #expect(approvals.map { $0["isSigned"] as? Bool } == [true])
    let sites = try #require(approval["sites"] as? [[String: Any]])
    #expect(sites.map { $0["state"] as? String } == ["approved", "approved"])
    #expect(sites.map { $0["from"] as? String } == ["2026-08-03T23:01:00Z", "2026-08-04T09:00:00Z"])

    let text = try runPubpack(["status"] + folders, in: a.f.root)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("APPROVAL  required before publishing"), "\(text.stdout)")
    #expect(text.stdout.contains(": approved by Sam Patel"), "\(text.stdout)")
    #expect(text.stdout.contains("approvals/"), "\(text.stdout)")
    #expect(text.stdout.contains(": Sam Patel at "), "\(text.stdout)")
    #expect(text.stdout.contains(", signed"), "\(text.stdout)")
  }

  @Test func theCommandLineApprovesAndPublishGoesAhead() throws {
    let a = try A()
    defer { a.cleanUp() }
    let folders = ["--content", a.content, "--templates", a.f.templates]
    let approve = try runPubpack(["approve", "--as", "Sam Patel"] + folders, in: a.f.root)
    #expect(approve.status == 0, "\(approve.stderr)")
    #expect(approve.stdout.contains("approved 2 sites as Sam Patel: "), "\(approve.stdout)")
    let written = A.listing(a.approvals)
    #expect(written.count == 1 && written[0].hasSuffix(".json"))
    // The approval is dated by the real clock; what it covers does not depend on when.
    // The site as `pubpack build` writes it (with the same PDF renderer as approve).
    let build = try runPubpack(["build", "--at", A.after, "--output", a.f.site] + folders, in: a.f.root)
    #expect(build.status == 0, "\(build.stderr)")
    let published = PublishFixture.outcome(PublishFixture.publisher(at: A.after), a.f.request("staging"))
    guard case .success(.published) = published else {
      Issue.record("expected a publish: \(published)")
      return
    }
  }
}
