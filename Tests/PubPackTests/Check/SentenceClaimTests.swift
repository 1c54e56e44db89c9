import Foundation
import Testing

@testable import PubPack

/// What a sentence claims, early pages, whole quotations: each rule refused at its line, and the
/// sentences that are right accepted, through the real build of a pack on disk.
///
/// The inspection is TestPack's (overall good, leaders good, help and protection requires
/// improvement, children in care good, care leavers outstanding; released 12:01am on 4 August
/// 2026), after one that was outstanding overall (as Cornwall's was before its 2024 report).
@Suite struct SentenceClaimTests {
  static let previous = """

    previous:
      publicationDate: 2019-11-06
      frameworkVersion: ilacs2018
      judgements: { overallEffectiveness: outstanding, impactOfLeaders: outstanding, helpAndProtection: good, childrenInCare: outstanding }
    findings:
      headline: "Children in Testborough are safe and well supported by their social workers. Leaders know their services well."
      strengths:
        - Care leavers are helped by personal advisers who know them very well.
    media: { pressOfficeEmail: press@test.example }
    """

  static let release = "2026-08-04T00:01"
  static let evening = "2026-08-03T18:00"

  func pack(_ body: String, kind: String = "webpage", embargo: String = "", extra: [String: String] = [:]) throws
    -> TestPack
  {
    var files = ["content/webpage.md": "---\ntitle: T\nkind: \(kind)\n\(embargo)---\n\(body)\n"]
    files["content/inspection.yaml"] = TestPack.inspection + Self.previous
    for (k, v) in extra { files[k] = v }
    return try TestPack(files)
  }

  /// Each error as "line:column message", paths left out.
  func errors(_ body: String, kind: String = "webpage", embargo: String = "", at instant: String = release) throws
    -> [String]
  {
    let pack = try pack(body, kind: kind, embargo: embargo)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    return pack.build(at: instant).diagnostics.filter { $0.severity == .error }.map {
      "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)"
    }
  }

  static let childrenInCareWrong =
    "the grade written here for the experiences and progress of children in care is not the one in inspection.yaml (judgements.childrenInCare)"
  static let overallWrong =
    "the grade written here for overall effectiveness is not the one in inspection.yaml (judgements.overallEffectiveness)"

  // MARK: Read what a sentence claims

  @Test func aGradeThatWentDownIsRefusedAtItsLineThoughItMatchesThePreviousOne() throws {
    #expect(try errors("Services for children in care were rated outstanding.") == ["5:42 \(Self.childrenInCareWrong)"])
    #expect(try errors("Our services kept\ntheir outstanding rating.") == ["6:7 \(Self.overallWrong)"])
    #expect(
      try errors("We are pleased.\n\nChildren in care remain outstanding.") == ["7:25 \(Self.childrenInCareWrong)"])
    #expect(try errors("Leaders, children in care and care leavers were all judged outstanding.").count == 2)
    // The same grades, pointed at the last inspection, are right.
    #expect(try errors("In 2019 services for children in care were rated outstanding.").isEmpty)
    #expect(try errors("At the last inspection our services were judged outstanding overall.").isEmpty)
    #expect(try errors("Overall effectiveness is now good, down from outstanding in 2019.").isEmpty)
  }

  @Test func gradesInAListAreEachGivenToTheirArea() throws {
    #expect(try errors("Three were good and one, care leavers, was outstanding.").isEmpty)
    #expect(
      try errors("Leaders were judged good, help and protection requires improvement and care leavers outstanding.")
        .isEmpty)
    #expect(
      try errors("Care leavers were judged good and help and protection outstanding.").count == 2)
  }

  @Test(arguments: [
    "Nationally, 36 of 153 councils are rated Outstanding overall.",
    "In Ofsted's statistics, {{outcomes.national.overallEffectiveness.outstanding}} of {{outcomes.national.authorities}} councils in\nEngland were judged outstanding overall.",
    "In the region, 3 of 12 councils are inadequate and 1 of 30 councils was rated requires improvement.",
    "Across England, 24% of authorities are judged outstanding.",
  ])
  func aSentenceAboutOtherCouncilsIsNotAboutOurs(_ sentence: String) throws {
    let pack = try pack(
      sentence,
      extra: [
        "content/outcomes.yaml":
          "national:\n  authorities: 153\n  overallEffectiveness: {outstanding: 36, good: 61, requiresImprovement: 43, inadequate: 13}\n"
      ])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let build = pack.build(at: Self.release)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
  }

  @Test func aSentenceThatPlacesUsAmongOtherCouncilsIsAboutOurs() throws {
    #expect(
      try errors("Testborough is one of 36 councils rated outstanding in England.") == ["5:41 \(Self.overallWrong)"])
    #expect(try errors("We are one of only two good councils in the region.").isEmpty)
  }

  // MARK: Early pages state nothing

  static let earlyPage = "kind: page", none = "embargo: none\n"

  @Test func aPageOutBeforeTheReportThatTypesTheOutcomeIsRefusedAtItsLine() throws {
    let typed = try errors(
      "Our foster carers do a great job.\n\nOfsted judged our services good overall.", kind: "page", embargo: Self.none,
      at: Self.evening)
    #expect(
      typed == [
        "8:28 this page has 'embargo: none' and comes out before the report, but it states a grade for overall effectiveness in words"
      ])
    // Right or wrong, and for any area.
    #expect(try errors("Care leavers were judged good.", kind: "page", embargo: Self.none, at: Self.evening).count == 1)
    #expect(try errors("Four areas were judged good.", kind: "page", embargo: Self.none, at: Self.evening).count == 1)
    // A sentence of the report's findings, word for word.
    #expect(
      try errors(
        "Come to our open evening.\nCare leavers are helped by personal advisers who know them very well.",
        kind: "page",
        embargo: Self.none, at: Self.evening)
        == ["7:1 this page has 'embargo: none' and comes out before the report, but it states the report's findings"])
  }

  @Test func aPageOutBeforeTheReportMaySayWhatIsPublishedAlready() throws {
    for body in [
      "At our last inspection, in 2019, we were rated outstanding.", "Become a foster carer: we give good support.",
      "Nationally, 36 of 153 councils are rated outstanding overall.",
    ] {
      #expect(try errors(body, kind: "page", embargo: Self.none, at: Self.evening).isEmpty, "\(body)")
    }
    // Once the report is out the page may say it, if it says it right.
    #expect(try errors("Ofsted judged our services good overall.", kind: "page", embargo: Self.none).isEmpty)
  }

  @Test func checkAndBuildRefuseATypedEarlyPage() throws {
    let pack = try pack("Ofsted judged our services good overall.", kind: "page", embargo: Self.none)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    for command in ["check", "build"] {
      let result = try runPubpack([command, "--at", Self.evening], in: pack.root)
      #expect(result.status == 1, "\(command): \(result.stderr)")
      #expect(
        result.stderr.contains(
          "content/webpage.md:6:28: error: this page has 'embargo: none' and comes out before the report, but it states a grade for overall effectiveness in words"
        ), "\(command): \(result.stderr)")
      // The log names no grade: before the embargo the grade is the news.
      #expect(!result.stderr.lowercased().contains("good"), "\(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  // MARK: Quotations are whole

  static let cut = "this quotation of the report is not whole sentences: it stops before its sentence ends"

  @Test func aQuotationCutOffMidSentenceIsRefusedAtItsLine() throws {
    #expect(
      try errors("Ofsted said: “Children in Testborough are safe and well supported”, which we welcome.") == [
        "5:15 \(Self.cut)"
      ])
    #expect(try errors("Inspectors wrote:\n\n> Children in Testborough are safe and well") == ["7:2 \(Self.cut)"])
    #expect(
      try errors(
        "The report says \"Children in Testborough are safe and well supported by their social workers. Leaders know\"."
      )
        == ["5:18 \(Self.cut)"])
    #expect(
      try errors("The report: “safe and well supported by their social workers.”") == [
        "5:14 this quotation of the report is not whole sentences: it starts in the middle of a sentence"
      ])
  }

  @Test func aWholeQuotationIsAccepted() throws {
    for body in [
      "Ofsted said: “Children in Testborough are safe and well supported by their social workers.”",
      "Ofsted said: “Children in Testborough are safe and well supported by their social workers”.",
      "> Children in Testborough are safe and well supported by their social workers. Leaders know their services well.",
      "The report says leaders are “ambitious for children”.",
    ] {
      #expect(try errors(body).isEmpty, "\(body)")
    }
  }

  @Test func aHeadlineQuotedShortOfTheReportsIsRefusedInInspectionYaml() throws {
    let report = """
      judgements: { overallEffectiveness: good, impactOfLeaders: good, helpAndProtection: requiresImprovement, childrenInCare: good, careLeavers: outstanding }
      findings:
        headline: "Children in Testborough are safe and well supported by their social workers. Leaders know their services well."
      """
    let inspection = TestPack.inspection + Self.previous
    let whole = try TestPack(["content/report.yaml": report, "content/inspection.yaml": inspection])
    defer { try? FileManager.default.removeItem(at: whole.root) }
    #expect(whole.build(at: Self.release).succeeded, "\(TestPack.errors(whole.build(at: Self.release).diagnostics))")
    let short = try TestPack([
      "content/report.yaml": report,
      "content/inspection.yaml": inspection.replacingOccurrences(
        of: "by their social workers. Leaders know their services well.", with: "by their"),
    ])
    defer { try? FileManager.default.removeItem(at: short.root) }
    let errors = short.build(at: Self.release).diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1)
    #expect(errors.first?.location?.path.hasSuffix("content/inspection.yaml") == true)
    #expect(errors.first?.location?.line == 22, "\(errors.map(\.rendered))")
    #expect(errors.first?.message.hasPrefix("findings.headline:") == true)
  }
}
