import Foundation
import Testing

@testable import PubPack

/// `embargo.liftsAt` against the day Ofsted publishes the report (`report.publicationDate`):
/// before that day is an error, another time than 12:01am London a warning, in summer (BST)
/// and in winter (GMT), however the instant is written.
@Suite struct ReleaseInstantTests {
  /// TestPack's inspection (on site until 19 June 2026) with the release instant and
  /// publication date given; `embargo.liftsAt` is on line 10, its value at column 12.
  static func inspection(liftsAt: String, publicationDate: String?) -> String {
    var text = TestPack.inspection.replacingOccurrences(of: "liftsAt: 2026-08-04T00:01", with: "liftsAt: \(liftsAt)")
    if let publicationDate { text += "\nreport:\n  publicationDate: \(publicationDate)" }
    return text + "\nmedia: { pressOfficeEmail: press@test.example }\n"
  }

  /// The findings about inspection.yaml, as `line:column severity: message`, and the build.
  func findings(liftsAt: String, publicationDate: String?, at: String = "2026-12-25T09:00") throws -> ([String], Build) {
    let pack = try TestPack([
      "content/inspection.yaml": Self.inspection(liftsAt: liftsAt, publicationDate: publicationDate)
    ])
    let build = pack.build(at: at)
    let found = build.diagnostics.filter { $0.location?.path.hasSuffix("inspection.yaml") == true }.map {
      "\($0.location!.line):\($0.location!.column) \($0.severity.rawValue): \($0.message)"
    }
    return (found, build)
  }

  @Test(arguments: [
    // Summer (BST): London time, UTC and an explicit offset, all 12:01am on Tuesday 4 August.
    ("2026-08-04T00:01", "2026-08-04"), ("2026-08-04 00:01", "2026-08-04"), ("2026-08-03T23:01Z", "2026-08-04"),
    ("2026-08-03T23:01:00Z", "2026-08-04"), ("2026-08-04T00:01:00+01:00", "2026-08-04"),
    // Winter (GMT): 12:01am on Tuesday 1 December.
    ("2026-12-01T00:01", "2026-12-01"), ("2026-12-01T00:01Z", "2026-12-01"), ("2026-12-01T00:01:00+00:00", "2026-12-01"),
  ])
  func twelveOhOneOnThePublicationDatePassesWithNoWarning(liftsAt: String, publicationDate: String) throws {
    let (found, build) = try findings(liftsAt: liftsAt, publicationDate: publicationDate)
    #expect(found.isEmpty, "\(found)")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(build.diagnostics.filter { $0.severity == .warning }.isEmpty, "\(build.diagnostics.map(\.rendered))")
  }

  @Test func withNoPublicationDateTwelveOhOneLondonPassesToo() throws {
    #expect(try findings(liftsAt: "2026-08-04T00:01", publicationDate: nil).0.isEmpty)
    #expect(try findings(liftsAt: "2026-12-01T00:01Z", publicationDate: nil).0.isEmpty)
  }

  @Test func aReleaseInstantBeforeThePublicationDateIsAnErrorAtItsLine() throws {
    let (found, build) = try findings(liftsAt: "2026-08-03T00:01", publicationDate: "2026-08-04")
    #expect(
      found == [
        "10:12 error: the release instant, 12:01am on Monday 3 August 2026 (23:01 UTC on Sunday 2 August 2026), is before the report's publication date (Tuesday 4 August 2026)"
      ])
    #expect(!build.succeeded)
    #expect(build.files.isEmpty, "a failed build has nothing to write")
    let notes = build.diagnostics.first { $0.severity == .error }?.notes ?? []
    #expect(notes.contains("embargoes on Ofsted's reports are usually 12:01am London time on the day of publication: embargo.liftsAt: 2026-08-04T00:01 (that is 23:01 UTC on Monday 3 August 2026)"))
  }

  @Test(arguments: [
    // Each is just before midnight London at the start of the publication date.
    ("2026-08-03T22:59Z", "2026-08-04", "11:59pm on Monday 3 August 2026"),
    ("2026-08-03T23:59:00+01:00", "2026-08-04", "11:59pm on Monday 3 August 2026"),
    ("2026-12-01T00:01:00+01:00", "2026-12-01", "11:01pm on Monday 30 November 2026"),
    ("2026-11-30T23:59", "2026-12-01", "11:59pm on Monday 30 November 2026"),
  ])
  func anInstantWrittenWithAnOffsetThatFallsOnTheDayBeforeIsAnErrorNamingItsLondonTime(
    liftsAt: String, publicationDate: String, london: String
  ) throws {
    let (found, build) = try findings(liftsAt: liftsAt, publicationDate: publicationDate)
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("10:12 error: the release instant, \(london) (") == true, "\(found)")
    #expect(!build.succeeded)
    let error = build.diagnostics.first { $0.severity == .error }
    if liftsAt.hasSuffix("Z") || liftsAt.contains("+") {
      #expect(error?.notes.first == "'\(liftsAt)' is \(london) in London", "\(error?.notes ?? [])")
    }
  }

  @Test func anEarlyReleaseInstantIsReportedWithTheDocumentsProblems() throws {
    let pack = try TestPack([
      "content/inspection.yaml": Self.inspection(liftsAt: "2026-08-03T00:01", publicationDate: "2026-08-04"),
      "content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\n---\nHelp and protection was judged good.\n",
    ])
    let build = pack.build(at: "2026-08-03T09:00")
    let errors = build.diagnostics.filter { $0.severity == .error }.map { "\($0.location!.path.split(separator: "/").last!):\($0.location!.line)" }
    #expect(errors == ["inspection.yaml:10", "webpage.md:5"], "\(build.diagnostics.map(\.rendered))")
    #expect(build.files.isEmpty)
  }

  @Test(arguments: [
    // 12:01am UTC is 1:01am in London in summer.
    ("2026-08-04T00:01Z", "2026-08-04", "10:12 warning: the release instant, 1:01am on Tuesday 4 August 2026 (00:01 UTC on Tuesday 4 August 2026), is not 12:01am"),
    ("2026-08-04T09:30", "2026-08-04", "10:12 warning: the release instant, 9:30am on Tuesday 4 August 2026 (08:30 UTC on Tuesday 4 August 2026), is not 12:01am"),
    ("2026-08-04T00:00", "2026-08-04", "10:12 warning: the release instant, midnight on Tuesday 4 August 2026 (23:00 UTC on Monday 3 August 2026), is not 12:01am"),
    ("2026-12-01T09:30", "2026-12-01", "10:12 warning: the release instant, 9:30am on Tuesday 1 December 2026 (09:30 UTC on Tuesday 1 December 2026), is not 12:01am"),
    ("2026-08-05T00:01", "2026-08-04", "10:12 warning: the release instant, 12:01am on Wednesday 5 August 2026 (23:01 UTC on Tuesday 4 August 2026), is not on the report's publication date (Tuesday 4 August 2026)"),
    ("2026-08-04T23:30Z", "2026-08-04", "10:12 warning: the release instant, 12:30am on Wednesday 5 August 2026 (23:30 UTC on Tuesday 4 August 2026), is not on the report's publication date (Tuesday 4 August 2026)"),
  ])
  func anotherTimeThanTwelveOhOneIsAWarningThatSaysTheUsualTime(liftsAt: String, publicationDate: String, expected: String) throws {
    let (found, build) = try findings(liftsAt: liftsAt, publicationDate: publicationDate)
    #expect(found == [expected])
    #expect(build.succeeded, "a warning does not stop the build")
    let warning = build.diagnostics.first { $0.severity == .warning }
    #expect(warning?.notes.contains { $0.hasPrefix("embargoes on Ofsted's reports are usually 12:01am London time") } == true)
    if liftsAt.hasSuffix("Z") {
      #expect(warning?.notes.first?.hasPrefix("'\(liftsAt)' is ") == true, "\(warning?.notes ?? [])")
    }
  }

  @Test func withNoPublicationDateAnotherTimeIsStillAWarning() throws {
    let (found, _) = try findings(liftsAt: "2026-08-04T00:01Z", publicationDate: nil)
    #expect(found == [
      "10:12 warning: the release instant, 1:01am on Tuesday 4 August 2026 (00:01 UTC on Tuesday 4 August 2026), is not 12:01am"
    ])
  }
}
