import Testing

@testable import PubPack

/// Headers, names and dates as Ofsted and people write them.
@Suite("Outcomes import: wording")
struct OutcomesImportWordingTests {
  @Test(arguments: [
    // 2024
    ("Web link", OutcomesColumn.webLink, nil as Int?),
    ("Local authority name", .name, nil),
    ("Ofsted region", .region, nil),
    ("LA region", .region, nil),
    ("Inspection date", .inspectionDate, nil),
    ("Inspection/Visit date", .inspectionDate, nil),
    ("Inspection/Visit type", .type, nil),
    ("Visit Theme", .visitTheme, nil),
    ("Overall effectiveness", .judgement(.overallEffectiveness), nil),
    ("Impact of leaders", .judgement(.impactOfLeaders), nil),
    ("Experiences and progress of children who need help and protection", .judgement(.helpAndProtection), nil),
    ("Experiences and progress of children in care", .judgement(.childrenInCare), nil),
    ("Experiences and progress of care leavers", .judgement(.careLeavers), nil),
    ("First ILACS publication date", .publicationDate, 1),
    ("Second ILACS inspection type", .type, 2),
    ("Second ILACS experiences and progress of care leavers", .judgement(.careLeavers), 2),
    ("ILACS framework experiences and progress of children in care and care leavers", .judgement(.childrenInCare), nil),
    // 2025
    ("Local authority area code", .areaCode, nil),
    ("Local authority status", .status, nil),
    ("Publication date", .publicationDate, nil),
    ("The impact of leaders on social work practice with children and families", .judgement(.impactOfLeaders), nil),
    ("The experiences and progress of children who need help and protection", .judgement(.helpAndProtection), nil),
    ("The experiences and progress of children in care", .judgement(.childrenInCare), nil),
    ("The experiences and progress of care leavers", .judgement(.careLeavers), nil),
    // Other likely wordings
    ("LA name", .name, nil),
    ("Date of inspection", .inspectionDate, nil),
    ("Leadership", .judgement(.impactOfLeaders), nil),
    ("Help & protection", .judgement(.helpAndProtection), nil),
    ("3rd ILACS overall effectiveness", .judgement(.overallEffectiveness), 3),
  ])
  func headersAreRecognisedByTheirWords(header: String, column: OutcomesColumn, ordinal: Int?) {
    #expect(HeaderWords.heading(header) == ColumnHeading(column: column, ordinal: ordinal))
  }

  @Test(arguments: ["Number of children looked after", "Notes", "Percentage good or better", ""])
  func otherColumnsAreNotRecognised(header: String) {
    #expect(HeaderWords.heading(header) == nil)
  }

  static let names = [
    "Barking and Dagenham", "Bedford", "Bristol", "St Helens", "Telford & Wrekin", "Kingston Upon Hull",
    "Kingston upon Thames", "North Northamptonshire", "West Northamptonshire",
  ]

  @Test(arguments: [
    ("Barking and Dagenham", "Barking and Dagenham"),
    ("barking & dagenham", "Barking and Dagenham"),
    ("St. Helens", "St Helens"),
    ("Saint Helens", "St Helens"),
    ("Telford and Wrekin", "Telford & Wrekin"),
    ("Bristol, City of", "Bristol"),
    ("Bedford Borough", "Bedford"),
    ("Kingston upon Hull, City of", "Kingston Upon Hull"),
    ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
  ])
  func authorityNamesMatchAsAPersonWouldMatchThem(query: String, name: String) {
    #expect(AuthorityName.match(query, in: Self.names) == .found(name))
  }

  @Test func anExactNameWinsOverALooserOne() {
    #expect(AuthorityName.match("Bedford", in: ["Bedford Borough", "Bedford"]) == .found("Bedford"))
  }

  @Test func aNameMatchingTwoAuthoritiesIsAmbiguous() {
    #expect(
      AuthorityName.match("Bedford", in: ["Bedford Borough", "Bedford City"])
        == .ambiguous(["Bedford Borough", "Bedford City"]))
  }

  @Test func anUnknownNameOffersTheClosest() {
    guard case .notFound(let closest) = AuthorityName.match("Northamptonshire", in: Self.names) else {
      Issue.record("matched")
      return
    }
    #expect(closest.contains("North Northamptonshire"))
    #expect(closest.contains("West Northamptonshire"))
  }

  @Test(arguments: [
    ("2023-07-10", "2023-07-10"), ("2023-07-10T00:00:00", "2023-07-10"), ("10/07/2023", "2023-07-10"),
    ("1/7/2023", "2023-07-01"), ("10 July 2023", "2023-07-10"), ("10 Jul 2023", "2023-07-10"),
  ])
  func datesWrittenAsText(text: String, iso: String) {
    #expect(DateText.parse(text) == CalendarDate(iso: iso))
  }

  @Test(arguments: ["07/13/2023", "Not yet inspected", "2023", "31/02/2023", "July 2023", ""])
  func textThatIsNotADate(text: String) {
    #expect(DateText.parse(text) == nil)
  }

  @Test func cellValuesLeaveOutNoteMarkersAndExtraSpace() {
    #expect(
      SpreadsheetCell(text: " Requires\u{00A0}improvement  to be\ngood [note 3] ").value
        == "Requires improvement to be good")
    #expect(SpreadsheetCell(text: "Cumbria [Note 12]").value == "Cumbria")
    #expect(SpreadsheetCell(text: "[note 1]").value == "")
    #expect(SpreadsheetCell(text: "Good [see below]").value == "Good [see below]")
  }

  @Test func columnLettersCountAsSpreadsheetsDo() {
    #expect([0, 1, 25, 26, 27, 701, 702].map(columnLetters) == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"])
  }
}
