import Foundation
import Testing

@testable import PubPack

/// Council prose in the shapes councils and the local press write, each sentence with the data
/// it is true for and what it claims (written by hand, independently of the checker).
///
/// Each council's sentences are written into a real pack on disk and checked by the real build.
/// With the council's data: no error at all. Then each judgement is changed to each other grade,
/// one at a time: every sentence whose claim is now false must be flagged at its line (else a
/// false negative), and no other sentence may be (else a false positive). The table of both is
/// printed and recorded in docs/check.md; both must be zero.
@Suite struct ProseCorpusTests {
  /// What a sentence claims: it is wrong under data where any claim is false.
  enum Claimed {
    case grade(Judgement, Grade)
    /// "four were outstanding": this many judgements have the grade (overall effectiveness
    /// counted or not, as councils write it both ways).
    case count(Int, Grade)

    func holds(in judgements: [Judgement: Grade]) -> Bool {
      switch self {
      case .grade(let judgement, let grade): return judgements[judgement] == grade
      case .count(let count, let grade):
        return judgements.values.filter { $0 == grade }.count == count
          || judgements.filter { $0.key != .overallEffectiveness && $0.value == grade }.count == count
      }
    }
  }

  struct Sentence {
    var text: String
    var claims: [Claimed]
    init(_ text: String, _ claims: [Claimed] = []) {
      self.text = text
      self.claims = claims
    }
  }

  struct Council {
    var name: String
    var ofstedName: String
    var framework: FrameworkVersion
    var onSite: String
    var judgements: [Judgement: Grade]
    var previous: String
    var sentences: [Sentence]
  }

  static let o = Grade.outstanding, g = Grade.good, ri = Grade.requiresImprovement, i = Grade.inadequate

  /// A council whose grades went down (in the manner of Cornwall's 2024 report): good overall,
  /// care leavers outstanding; outstanding overall at the inspection before.
  static let penrose = Council(
    name: "Penrose Council", ofstedName: "Penrose", framework: .ilacs2023, onSite: "2024-07-08",
    judgements: [
      .overallEffectiveness: g, .impactOfLeaders: g, .helpAndProtection: g, .childrenInCare: g, .careLeavers: o,
    ],
    previous: """
      previous:
        frameworkVersion: ilacs2018
        publicationDate: 2019-11-06
        judgements: { overallEffectiveness: outstanding, impactOfLeaders: outstanding, helpAndProtection: good, childrenInCare: outstanding }
      """,
    sentences: [
      Sentence(
        "Penrose Council's children's services have been rated good by Ofsted.", [.grade(.overallEffectiveness, g)]),
      Sentence("Services for children in care were rated good.", [.grade(.childrenInCare, g)]),
      Sentence(
        "Care leavers services were judged outstanding, the highest grade Ofsted gives.", [.grade(.careLeavers, o)]),
      Sentence("In 2019 the council was rated outstanding overall."),
      Sentence("At the previous inspection, children in care were judged outstanding."),
      Sentence("Overall effectiveness is now good, down from outstanding in 2019.", [.grade(.overallEffectiveness, g)]),
      Sentence(
        "Four areas were judged good and one, care leavers, was outstanding.", [.count(4, g), .grade(.careLeavers, o)]),
      Sentence(
        "Leadership, help and protection and children in care were all judged good.",
        [.grade(.impactOfLeaders, g), .grade(.helpAndProtection, g), .grade(.childrenInCare, g)]),
      Sentence("The council kept its good rating for help and protection.", [.grade(.helpAndProtection, g)]),
      Sentence(
        "Cllr Jenny Tregothnan said: “I am proud that our care leavers service has been judged outstanding by inspectors.”",
        [.grade(.careLeavers, o)]),
      Sentence("Nationally, 39 of 153 councils are rated outstanding overall."),
      Sentence(
        "Penrose is the only council in the South West rated outstanding for care leavers.", [.grade(.careLeavers, o)]),
      Sentence(
        "Children’s services were rated ‘Good’ with ‘Outstanding’ features.", [.grade(.overallEffectiveness, g)]),
      Sentence(
        "The service was rated outstanding in 2019 and has been judged good this time.",
        [.grade(.overallEffectiveness, g)]),
      Sentence("In 2022 it was judged to require improvement; it is now good.", [.grade(.overallEffectiveness, g)]),
      Sentence("Help and protection stayed good.", [.grade(.helpAndProtection, g)]),
      Sentence(
        "Penrose Council received an overall effectiveness rating of ‘Good’.", [.grade(.overallEffectiveness, g)]),
      Sentence("- Experiences and progress of care leavers – Outstanding", [.grade(.careLeavers, o)]),
      Sentence("The judgement for the impact of leaders was good.", [.grade(.impactOfLeaders, g)]),
      Sentence("Care leavers kept their outstanding rating.", [.grade(.careLeavers, o)]),
      Sentence(
        "Ofsted’s inspectors judged\nthe experiences and progress of care leavers\nto be outstanding.",
        [.grade(.careLeavers, o)]),
      Sentence(
        "In Ofsted’s statistics, {{outcomes.national.overallEffectiveness.outstanding}} of {{outcomes.national.authorities}} councils were judged outstanding overall."
      ),
      Sentence("Inspectors saw good practice and an outstanding service for young people leaving care."),
      Sentence(
        "Ofsted has rated Penrose’s children’s services as ‘good’, with care leavers’ services judged ‘outstanding’.",
        [.grade(.overallEffectiveness, g), .grade(.careLeavers, o)]),
      Sentence("The council has retained its good rating.", [.grade(.overallEffectiveness, g)]),
      Sentence("Inspectors gave leaders a good grade.", [.grade(.impactOfLeaders, g)]),
    ])

  /// A council that improved to outstanding, care leavers good.
  static let ashgrove = Council(
    name: "Ashgrove Borough Council", ofstedName: "Ashgrove", framework: .ilacs2023, onSite: "2025-03-03",
    judgements: [
      .overallEffectiveness: o, .impactOfLeaders: o, .helpAndProtection: o, .childrenInCare: o, .careLeavers: g,
    ],
    previous: """
      previous:
        publicationDate: 2021-06-01
        judgements: { overallEffectiveness: good, impactOfLeaders: good, helpAndProtection: good, childrenInCare: good }
      """,
    sentences: [
      Sentence("Ashgrove Borough Council has been judged outstanding overall.", [.grade(.overallEffectiveness, o)]),
      Sentence(
        "Four of the five judgements were outstanding and one, care leavers, was good.",
        [.count(4, o), .grade(.careLeavers, g)]),
      Sentence(
        "Inspectors rated leaders, help and protection and children in care as outstanding.",
        [.grade(.impactOfLeaders, o), .grade(.helpAndProtection, o), .grade(.childrenInCare, o)]),
      Sentence("Services were judged good at the last inspection in 2021."),
      Sentence("The council moved up from good to outstanding.", [.grade(.overallEffectiveness, o)]),
      Sentence("It is one of 39 councils rated outstanding in England.", [.grade(.overallEffectiveness, o)]),
      Sentence(
        "Ashgrove is now one of only two outstanding authorities in the region.", [.grade(.overallEffectiveness, o)]),
      Sentence("Nationally, 24% of councils are judged outstanding."),
      Sentence("In the region, 3 of 12 councils were rated good and 1 inadequate."),
      Sentence("Care leavers services remain good.", [.grade(.careLeavers, g)]),
      Sentence("Previously, help and protection was rated good."),
      Sentence("The service for care-experienced young people was judged good.", [.grade(.careLeavers, g)]),
      Sentence(
        "Children we look after are now judged outstanding, having been good in 2021.", [.grade(.childrenInCare, o)]),
      Sentence(
        "Ashgrove’s help and protection services were judged outstanding for the first time.",
        [.grade(.helpAndProtection, o)]),
      Sentence("The borough was previously rated good in every area."),
      Sentence(
        "The council’s leadership was judged outstanding, as were its services for children in care.",
        [.grade(.impactOfLeaders, o), .grade(.childrenInCare, o)]),
      Sentence("Our ambition is for care leavers to be outstanding too."),
      Sentence("1 of 30 councils in the region was rated inadequate."),
    ])

  /// A council judged inadequate.
  static let marshfield = Council(
    name: "Marshfield City Council", ofstedName: "Marshfield", framework: .ilacs2023, onSite: "2025-09-08",
    judgements: [
      .overallEffectiveness: i, .impactOfLeaders: i, .helpAndProtection: ri, .childrenInCare: ri, .careLeavers: g,
    ],
    previous: """
      previous:
        publicationDate: 2022-03-01
        judgements: { overallEffectiveness: requiresImprovement, impactOfLeaders: good, helpAndProtection: requiresImprovement, childrenInCare: requiresImprovement }
      """,
    sentences: [
      Sentence(
        "Ofsted has judged Marshfield’s children’s services to be inadequate.", [.grade(.overallEffectiveness, i)]),
      Sentence(
        "Help and protection and children in care both require improvement to be good.",
        [.grade(.helpAndProtection, ri), .grade(.childrenInCare, ri)]),
      Sentence("Care leavers were judged good.", [.grade(.careLeavers, g)]),
      Sentence("The impact of leaders was found to be inadequate.", [.grade(.impactOfLeaders, i)]),
      Sentence("In 2022 the council was judged to require improvement."),
      Sentence("The last inspection rated leadership as good."),
      Sentence(
        "Marshfield is one of 9 councils in England currently rated inadequate.", [.grade(.overallEffectiveness, i)]),
      Sentence(
        "The council leader, Cllr Rosa Patel, said: “We accept that our services were not good enough and we are sorry.”"
      ),
      Sentence("Among the 12 councils in the West Midlands, 2 are rated inadequate."),
      Sentence("Requires improvement was the grade for children in care at the last inspection too."),
      Sentence(
        "Overall effectiveness went down from requires improvement to inadequate.", [.grade(.overallEffectiveness, i)]),
      Sentence("Two areas require improvement to be good.", [.count(2, ri)]),
      Sentence("Services for care leavers are good, inspectors found.", [.grade(.careLeavers, g)]),
      Sentence("Leaders in Marshfield were rated inadequate in September.", [.grade(.impactOfLeaders, i)]),
      Sentence("We want every child in Marshfield to have a good home and a good school."),
      Sentence(
        "Services for care leavers have been graded good, while help and protection requires improvement.",
        [.grade(.careLeavers, g), .grade(.helpAndProtection, ri)]),
    ])

  /// A council inspected under the 2026 framework (no overall effectiveness).
  static let northwick = Council(
    name: "Northwick County Council", ofstedName: "Northwick", framework: .ilacs2026, onSite: "2026-05-11",
    judgements: [.impactOfLeaders: g, .helpAndProtection: g, .childrenInCare: o, .careLeavers: ri],
    previous: """
      previous:
        publicationDate: 2022-05-01
        judgements: { overallEffectiveness: good, impactOfLeaders: good, helpAndProtection: requiresImprovement, childrenInCare: good }
      """,
    sentences: [
      Sentence("Leaders were judged good.", [.grade(.impactOfLeaders, g)]),
      Sentence("Children in our care receive outstanding support, inspectors said."),
      Sentence("Looked after children’s experiences were judged outstanding.", [.grade(.childrenInCare, o)]),
      Sentence(
        "The experiences and progress of care leavers requires improvement to be good.", [.grade(.careLeavers, ri)]),
      Sentence(
        "Help and protection and leadership were both rated good, and care leavers requires improvement.",
        [.grade(.helpAndProtection, g), .grade(.impactOfLeaders, g), .grade(.careLeavers, ri)]),
      Sentence("Northwick was rated good overall in 2022."),
      Sentence(
        "Both help and protection and leaders were rated good, up from requires improvement in 2022.",
        [.grade(.helpAndProtection, g), .grade(.impactOfLeaders, g)]),
      Sentence(
        "Children in care were judged outstanding; care leavers require improvement.",
        [.grade(.childrenInCare, o), .grade(.careLeavers, ri)]),
      Sentence("Northwick’s leaders kept their good grade.", [.grade(.impactOfLeaders, g)]),
      Sentence("Councils in the region: 4 outstanding, 11 good."),
    ])

  /// A council inspected under the 2018 framework (care leavers judged with children in care).
  static let eastleigh = Council(
    name: "Eastleigh Vale Council", ofstedName: "Eastleigh Vale", framework: .ilacs2018, onSite: "2022-11-07",
    judgements: [.overallEffectiveness: g, .impactOfLeaders: o, .helpAndProtection: g, .childrenInCare: g],
    previous: """
      previous:
        publicationDate: 2018-06-01
        judgements: { overallEffectiveness: requiresImprovement, impactOfLeaders: requiresImprovement, helpAndProtection: requiresImprovement, childrenInCare: good }
      """,
    sentences: [
      Sentence("Children in care and care leavers were judged good.", [.grade(.childrenInCare, g)]),
      Sentence("Leaders were graded outstanding.", [.grade(.impactOfLeaders, o)]),
      Sentence(
        "Three judgements were good and leadership was outstanding.", [.count(3, g), .grade(.impactOfLeaders, o)]),
      Sentence("Ofsted rated the council requires improvement to be good in 2018."),
      Sentence(
        "Director of children’s services Sam Okafor said: “Our leaders have been judged outstanding and I could not be prouder.”",
        [.grade(.impactOfLeaders, o)]),
      Sentence(
        "Eastleigh Vale was judged good, with outstanding leadership.",
        [.grade(.overallEffectiveness, g), .grade(.impactOfLeaders, o)]),
      Sentence(
        "Help and protection, judged requires improvement in 2018, is now good.", [.grade(.helpAndProtection, g)]),
      Sentence("The report says “leaders are outstanding role models” for staff."),
      Sentence("A good foster carer makes an outstanding difference."),
      Sentence("We have moved from requires improvement to good in four years.", [.grade(.overallEffectiveness, g)]),
    ])

  static let councils = [penrose, ashgrove, marshfield, northwick, eastleigh]

  /// The pack for a council with the given judgements, and the first line of each sentence.
  func pack(_ council: Council, judgements: [Judgement: Grade]) throws -> (TestPack, [ClosedRange<Int>]) {
    var body = ""
    var ranges: [ClosedRange<Int>] = []
    let headerLines = 4
    var line = headerLines + 1
    for sentence in council.sentences {
      let count = sentence.text.split(separator: "\n", omittingEmptySubsequences: false).count
      ranges.append(line...(line + count - 1))
      body += sentence.text + "\n\n"
      line += count + 1
    }
    let grades = council.framework.judgements.map { "  \($0.rawValue): \(judgements[$0]!.rawValue)" }
    let onSite = CalendarDate(iso: council.onSite)!
    let end = onSite.adding(days: 11)
    let publication = onSite.adding(days: 56)
    let inspection = """
      council:
        name: \(council.name)
        ofstedName: \(council.ofstedName)
      inspection:
        type: ilacsStandard
        frameworkVersion: \(council.framework.rawValue)
        onSiteStart: \(onSite.iso)
        onSiteEnd: \(end.iso)
      embargo:
        liftsAt: \(publication.iso)T00:01
      judgements:
      \(grades.joined(separator: "\n"))
      \(council.previous)
      media: { pressOfficeEmail: press@test.example }

      """
    let outcomes = """
      national:
        authorities: 153
        overallEffectiveness: {outstanding: 30, good: 61, requiresImprovement: 43, inadequate: 17}

      """
    let pack = try TestPack([
      "content/inspection.yaml": inspection,
      "content/outcomes.yaml": outcomes,
      "content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\n---\n" + body,
    ])
    return (pack, ranges)
  }

  static let gradeMessages = [
    "the grade written here for", "the number of judgements written here", "the grade written here for every",
  ]

  /// The lines the real build flags with a grade that disagrees with the data.
  func flaggedLines(_ council: Council, judgements: [Judgement: Grade]) throws -> (lines: Set<Int>, errors: [String]) {
    let (pack, _) = try pack(council, judgements: judgements)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let release = CalendarDate(iso: council.onSite)!.adding(days: 56).iso + "T09:00"
    let build = pack.build(at: release)
    let errors = build.diagnostics.filter { $0.severity == .error }
    let lines = errors.filter { d in Self.gradeMessages.contains { d.message.hasPrefix($0) } }.compactMap {
      $0.location?.line
    }
    return (Set(lines), errors.map(\.rendered))
  }

  @Test func theCorpusIsLargeEnough() {
    #expect(Self.councils.map(\.sentences.count).reduce(0, +) >= 60)
  }

  @Test func everyCouncilsProseChecksCleanWithItsOwnData() throws {
    for council in Self.councils {
      let (_, errors) = try flaggedLines(council, judgements: council.judgements)
      #expect(errors.isEmpty, "\(council.name): \(errors)")
    }
  }

  @Test func everySentenceMadeWrongByAChangedJudgementIsFlaggedAtItsLineAndNoOther() throws {
    var falsePositives: [String] = []
    var falseNegatives: [String] = []
    var variants = 0
    var wrongSentences = 0
    var rows: [(String, Int, Int, Int, Int)] = []
    for council in Self.councils {
      let (_, ranges) = try pack(council, judgements: council.judgements)
      var councilFP = 0, councilFN = 0, councilWrong = 0, councilVariants = 0
      // The unchanged data: every sentence is true, nothing may be flagged.
      var cases: [(String, [Judgement: Grade])] = [("as given", council.judgements)]
      for judgement in council.framework.judgements {
        for grade in Grade.allCases where grade != council.judgements[judgement] {
          var changed = council.judgements
          changed[judgement] = grade
          cases.append(("\(judgement.rawValue) → \(grade.rawValue)", changed))
        }
      }
      for (label, judgements) in cases {
        councilVariants += 1
        let (flagged, _) = try flaggedLines(council, judgements: judgements)
        for (index, sentence) in council.sentences.enumerated() {
          let isWrong = sentence.claims.contains { !$0.holds(in: judgements) }
          let isFlagged = ranges[index].contains { flagged.contains($0) }
          let short = sentence.text.replacingOccurrences(of: "\n", with: " ").prefix(70)
          if isWrong { councilWrong += 1 }
          if isWrong && !isFlagged {
            councilFN += 1
            falseNegatives.append("\(council.ofstedName) [\(label)] line \(ranges[index].lowerBound): \(short)")
          }
          if !isWrong && isFlagged {
            councilFP += 1
            falsePositives.append("\(council.ofstedName) [\(label)] line \(ranges[index].lowerBound): \(short)")
          }
        }
        // A flag on a line of no sentence would be a finding nobody can place.
        let known = ranges.reduce(into: Set<Int>()) { $0.formUnion($1) }
        for line in flagged where !known.contains(line) {
          councilFP += 1
          falsePositives.append("\(council.ofstedName) [\(label)] line \(line): (no sentence)")
        }
      }
      variants += councilVariants
      wrongSentences += councilWrong
      rows.append(
        (council.ofstedName, council.sentences.count, councilVariants, councilWrong, councilFP * 1000 + councilFN))
    }
    var table = "| Council | Sentences | Data variants | Sentences made wrong | False positives | False negatives |\n"
    table += "| --- | --- | --- | --- | --- | --- |\n"
    for (name, sentences, variants, wrong, fpfn) in rows {
      table += "| \(name) | \(sentences) | \(variants) | \(wrong) | \(fpfn / 1000) | \(fpfn % 1000) |\n"
    }
    let total = Self.councils.map(\.sentences.count).reduce(0, +)
    table +=
      "| **All** | \(total) | \(variants) | \(wrongSentences) | \(falsePositives.count) | \(falseNegatives.count) |\n"
    print("Prose corpus (ProseCorpusTests):\n" + table)
    for line in falsePositives { print("false positive: " + line) }
    for line in falseNegatives { print("false negative: " + line) }
    #expect(
      falsePositives.isEmpty, "\(falsePositives.count) false positives:\n\(falsePositives.joined(separator: "\n"))")
    #expect(
      falseNegatives.isEmpty, "\(falseNegatives.count) false negatives:\n\(falseNegatives.joined(separator: "\n"))")
    #expect(wrongSentences > 100, "the changed data must make many sentences wrong, or the test proves little")
  }
}

extension CalendarDate {
  /// The date `days` later (the corpus's placeholder dates follow each council's on-site start).
  fileprivate func adding(days: Int) -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
    let later = calendar.dateComponents(
      [.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: date)!)
    return CalendarDate(year: later.year!, month: later.month!, day: later.day!)!
  }
}
