import Foundation
import Testing

@testable import PubPack

/// A rating verb before what it rates, then the grade: "Ofsted rates Testborough good", "Ofsted
/// has judged the council's services to be good", "inspectors found us good overall". Read as a
/// claim about this inspection like "was rated good": refused on a page out before the report,
/// and refused in a released document when the grade is wrong. The shapes that rate something
/// else, or an earlier inspection, or other councils, are not claims. Through the real build of a
/// pack on disk.
///
/// The inspection is TestPack's: Testborough, overall good, leaders good, help and protection
/// requires improvement, children in care good, care leavers outstanding; released 12:01am on
/// 4 August 2026.
@Suite struct RatingVerbClaimsTests {
  static let release = "2026-08-04T00:01"
  static let evening = "2026-08-03T18:00"
  static let early =
    "this page has 'embargo: none' and comes out before the report, but it states a grade for overall effectiveness in words"
  static let overallWrong =
    "the grade written here for overall effectiveness is not the one in inspection.yaml (judgements.overallEffectiveness)"

  /// The errors of a build with `body` as a document, each as "line:column message".
  /// `isEarly`: a page with `embargo: none` built the evening before the release (its body starts
  /// at line 6); otherwise a released webpage (its body starts at line 5).
  func errors(_ body: String, isEarly: Bool = false, title: String = "T") throws -> [String] {
    let front = isEarly ? "kind: page\nembargo: none\n" : "kind: webpage\n"
    let pack = try TestPack(["content/webpage.md": "---\ntitle: \(title)\n\(front)---\n\(body)\n"])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let build = pack.build(at: isEarly ? Self.evening : Self.release)
    return build.diagnostics.filter { $0.severity == .error }.map {
      "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)"
    }
  }

  // MARK: Early pages: every grade so stated is refused

  @Test(arguments: [
    // The press release's title shape, and its kin.
    ("Ofsted rates Testborough children's services good.", 6, 46),
    ("Ofsted rates Testborough good, with outstanding support for care leavers.", 6, 26),
    ("Ofsted rates us good.", 6, 17),
    ("Ofsted has rated our services as good.", 6, 34),
    ("Today inspectors rate the council good.", 6, 35),
    ("Rating Testborough good, inspectors praised our social workers.", 6, 20),
    ("We are proud that Ofsted rated Testborough Council's children's services “good”.", 6, 75),
    // Judged, graded, found: present and past, with and without "as" and "to be".
    ("Ofsted judged Testborough children's services good.", 6, 47),
    ("Ofsted has judged the council's services to be good.", 6, 48),
    ("Ofsted judges Testborough Council inadequate.", 6, 35),
    ("Inspectors graded us as requires improvement to be good.", 6, 25),
    ("Ofsted grades our services outstanding.", 6, 28),
    ("Inspectors found services to be good.", 6, 33),
    ("Inspectors found the council's services good overall.", 6, 41),
    ("Ofsted finds Testborough requires improvement.", 6, 26),
    ("Ofsted rating Testborough good is a first.", 6, 27),
    ("They rated us good.", 6, 15),
    ("Ofsted rates Testborough good against every judgement but one.", 6, 26),
    // Across a line break.
    ("Ofsted rates Testborough\ngood.", 7, 1),
  ])
  func aRatingVerbBeforeWhatItRatesStatesTheOutcome(sentence: String, line: Int, column: Int) throws {
    let found = try errors(sentence, isEarly: true)
    #expect(found.count == 1, "\(sentence): \(found)")
    #expect(found.first?.hasPrefix("\(line):\(column) this page has 'embargo: none'") == true, "\(sentence): \(found)")
  }

  @Test func aRatingVerbNamesTheJudgementItRates() throws {
    #expect(
      try errors("Ofsted rates Testborough outstanding for care leavers.", isEarly: true) == [
        "6:26 this page has 'embargo: none' and comes out before the report, but it states a grade for the experiences and progress of care leavers in words"
      ])
  }

  @Test func aTitleThatRatesIsRefusedAtItsField() throws {
    let found = try errors("Our news.", isEarly: true, title: "Ofsted rates Testborough children's services good")
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("2:1 this page has 'embargo: none' and comes out before the report, but its title states") == true, "\(found)")
  }

  // MARK: Released documents: a wrong grade so stated is refused

  @Test func aWrongGradeInAReleasedTitleOrSummaryIsRefusedAtItsField() throws {
    let title = try errors("Our news.", title: "Ofsted rates Testborough children's services outstanding")
    #expect(
      title == [
        "2:1 the grade written in the title for overall effectiveness is not the one in inspection.yaml (judgements.overallEffectiveness)"
      ])
    let pack = try TestPack([
      "content/webpage.md":
        "---\ntitle: T\nkind: webpage\nsummary: Inspectors judged our services inadequate.\n---\nOur news.\n"
    ])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let summary = TestPack.errors(pack.build(at: Self.release).diagnostics)
    #expect(summary.count == 1 && summary[0].contains("webpage.md:4:1: error: the grade written in the summary"), "\(summary)")
    // The right grade, and the old one dated, build.
    #expect(try errors("Our news.", title: "Ofsted rates Testborough children's services good").isEmpty)
    #expect(try errors("Our news.", title: "Ofsted rated Testborough outstanding in 2019; now good").isEmpty)
  }

  @Test(arguments: [
    ("Ofsted rates Testborough outstanding.", "5:26"),
    ("Ofsted rates Testborough children's services outstanding.", "5:46"),
    ("Ofsted has judged our services inadequate.", "5:32"),
    ("Inspectors found the council's services to be outstanding.", "5:47"),
    ("Ofsted graded Testborough Council requires improvement to be good.", "5:35"),
    ("Ofsted rates Testborough “outstanding”.", "5:27"),
    // The nouns, with somebody else's verb: not a rating verb, still a claim.
    ("Testborough received a rating of ‘Outstanding’.", "5:35"),
    ("Our services kept their grade of outstanding.", "5:34"),
  ])
  func aWrongOverallGradeAfterARatingVerbIsRefused(sentence: String, at: String) throws {
    let found = try errors(sentence)
    #expect(found == ["\(at) \(Self.overallWrong)"], "\(sentence): \(found)")
  }

  @Test func aWrongGradeForAJudgementAfterARatingVerbIsRefused() throws {
    let helpAndProtection = try errors("Ofsted rated Testborough good for help and protection.")
    #expect(helpAndProtection.count == 1 && helpAndProtection[0].contains("(judgements.helpAndProtection)"), "\(helpAndProtection)")
    let careLeavers = try errors("Inspectors judged our care leavers service good.")
    #expect(careLeavers.count == 1 && careLeavers[0].contains("(judgements.careLeavers)"), "\(careLeavers)")
    // Two judgements rated together: the wrong one only.
    let two = try errors("Ofsted rates leaders and help and protection good.")
    #expect(two.count == 1 && two[0].contains("(judgements.helpAndProtection)"), "\(two)")
  }

  @Test(arguments: [
    "Ofsted rates Testborough good, with outstanding support for care leavers.",
    "Ofsted rates Testborough children's services good.",
    "Ofsted has rated us good and our care leavers service outstanding.",
    "Inspectors judged leaders good and help and protection requires improvement.",
    "Ofsted found the council's services to be good overall.",
  ])
  func theRightGradeAfterARatingVerbBuilds(sentence: String) throws {
    #expect(try errors(sentence).isEmpty, "\(sentence)")
  }

  // MARK: Not claims about this inspection

  @Test(arguments: [
    "Ofsted rates schools across the region.",
    "We rate our foster carers highly.",
    "Ofsted rated Testborough outstanding in 2019.",
    "In 2019 Ofsted judged our services outstanding.",
    "Ofsted had rated Testborough outstanding.",
    "Nationally, Ofsted rates 36 councils outstanding.",
    "In the region, inspectors found two councils outstanding and one inadequate.",
    "An outstanding rating is what 36 councils in England hold.",
    "Inspectors found outstanding practice in every team.",
    "Inspectors found strong leadership and outstanding partnerships.",
    "The judges were good enough to visit our foster carers.",
    "Our foster carers rated the training outstanding.",
    "Young people found it good to talk to their personal advisers.",
    "Find out how good support for foster carers looks.",
    "Our ambition is for Ofsted to rate us outstanding.",
    // Somebody else rating something that is not the council's services, with "as" too.
    "We rate our foster carers as outstanding.",
    // Provision Ofsted inspects on its own.
    "Ofsted rates our children's home outstanding.",
    "Ofsted has rated 9 in 10 of our schools as outstanding.",
  ])
  func aRatingVerbAboutSomethingElseIsNotAClaim(sentence: String) throws {
    // Overall is good, so each outstanding or inadequate would be wrong in a released document,
    // and any grade would be refused on an early page.
    #expect(try errors(sentence).isEmpty, "released: \(sentence)")
    #expect(try errors(sentence, isEarly: true).isEmpty, "early: \(sentence)")
  }

  /// Somebody other than the inspectorate rating the council's services in Ofsted's words is
  /// read as a claim, as "parents say our services are good" is already: on the day of the
  /// report a reader cannot tell it from the grade. What they rate that is not the council's
  /// (the training, their advisers) is not.
  @Test func othersRatingTheCouncilsServicesInOfstedsWordsIsAClaim() throws {
    #expect(try errors("Parents rate our service outstanding.") == ["5:26 \(Self.overallWrong)"])
    #expect(try errors("Parents rate the service good.", isEarly: true) == ["6:26 \(Self.early)"])
    #expect(try errors("Care leavers rated their personal advisers outstanding.").isEmpty)
    #expect(try errors("Children told inspectors they found their social workers outstanding.").isEmpty)
  }
}
