import Testing

@testable import PubPack

@Suite struct InstantParserTests {
  /// (written, expected UTC) for every accepted form.
  @Test(arguments: [
    ("2026-08-04T00:01:00+01:00", "2026-08-03T23:01:00Z"),
    ("2026-08-03T23:01:00Z", "2026-08-03T23:01:00Z"),
    ("2026-08-03t23:01:00z", "2026-08-03T23:01:00Z"),
    ("2026-08-04T00:01:00+0100", "2026-08-03T23:01:00Z"),
    ("2026-08-04 00:01:00+01:00", "2026-08-03T23:01:00Z"),
    ("2026-08-04T00:01", "2026-08-03T23:01:00Z"),  // BST
    ("2026-08-04 00:01", "2026-08-03T23:01:00Z"),
    ("2026-08-04T00:30", "2026-08-03T23:30:00Z"),
    ("2026-12-01T00:01", "2026-12-01T00:01:00Z"),  // GMT
    ("2026-12-01T00:01:00+00:00", "2026-12-01T00:01:00Z"),
    ("2028-02-29T09:30", "2028-02-29T09:30:00Z"),  // leap day, GMT
    ("2026-03-29T00:59", "2026-03-29T00:59:00Z"),  // just before the spring change
    ("2026-03-29T02:00", "2026-03-29T01:00:00Z"),  // just after it
    ("2026-10-25T00:59", "2026-10-24T23:59:00Z"),
    ("2026-10-25T02:00", "2026-10-25T02:00:00Z"),
    ("2027-03-28T02:30", "2027-03-28T01:30:00Z"),
    ("2027-10-31T00:30", "2027-10-30T23:30:00Z"),
    ("2027-10-31T01:30:00+01:00", "2027-10-31T00:30:00Z"),
    ("2027-10-31T01:30:00+00:00", "2027-10-31T01:30:00Z"),
    ("2026-08-03T23:00:59.5Z", "2026-08-03T23:01:00Z"),  // fractions round up: never early
    ("2026-08-03T23:01:00.000Z", "2026-08-03T23:01:00Z"),
  ])
  func acceptedForms(written: String, utc: String) throws {
    let instant = try InstantParser.parse(written).get()
    #expect(instant.rfc3339 == utc)
  }

  /// The instant a command behaves as of rounds down: half a second before an embargo is before it.
  @Test func fractionsRoundDownForTheInstantADecisionIsMadeAt() throws {
    #expect(try InstantParser.parse("2026-08-03T23:00:59.5Z", fractions: .roundDown).get().rfc3339 == "2026-08-03T23:00:59Z")
    #expect(try InstantParser.parse("2026-08-04T00:00:59.999", fractions: .roundDown).get().rfc3339 == "2026-08-03T23:00:59Z")
    #expect(try InstantParser.parse("2026-08-03T23:01:00.0Z", fractions: .roundDown).get().rfc3339 == "2026-08-03T23:01:00Z")
  }

  @Test(arguments: [
    ("2026-03-29T01:30", "does not exist in London: the clocks go forward from 1am to 2am on 29 March 2026"),
    ("2027-03-28T01:00", "does not exist in London"),
    ("2026-10-25T01:30", "happens twice in London: the clocks go back from 2am to 1am on 25 October 2026"),
    ("2027-10-31T01:00", "happens twice in London"),
    ("2026-08-04", "is a date with no time"),
    ("tomorrow", "is not a date and time"),
    ("", "is not a date and time"),
    ("2026-02-30T10:00", "is not a real date"),
    ("2026-08-04T24:00", "is not a real time of day"),
    ("2026-08-04T00:01 BST", "unexpected text after the time"),
    ("04/08/2026 00:01", "is not a date and time"),
  ])
  func refusedForms(written: String, message: String) {
    guard case .failure(let failure) = InstantParser.parse(written) else {
      Issue.record("'\(written)' was accepted")
      return
    }
    #expect(failure.message.contains(message))
    #expect(!failure.notes.isEmpty)
  }

  @Test func overlapNoteSuggestsBothOffsets() {
    guard case .failure(let failure) = InstantParser.parse("2026-10-25T01:30") else {
      Issue.record("accepted")
      return
    }
    #expect(failure.notes[0].contains("2026-10-25T01:30:00+01:00"))
    #expect(failure.notes[0].contains("2026-10-25T01:30:00+00:00"))
  }
}

@Suite struct LondonTimeTests {
  func instant(_ text: String) throws -> Instant { try InstantParser.parse(text).get() }

  @Test func showsGOVUKStyleInBST() throws {
    let t = try instant("2026-08-03T23:01:00Z")
    #expect(LondonTime.long(t) == "12:01am on Tuesday 4 August 2026")
    #expect(LondonTime.utcLong(t) == "23:01 UTC on Monday 3 August 2026")
    #expect(LondonTime.date(t) == "4 August 2026")
    #expect(LondonTime.zoneAbbreviation(t) == "BST")
  }

  @Test func showsGOVUKStyleInGMT() throws {
    let t = try instant("2026-12-01T17:30:00Z")
    #expect(LondonTime.long(t) == "5:30pm on Tuesday 1 December 2026")
    #expect(LondonTime.zoneAbbreviation(t) == "GMT")
  }

  @Test func midnightMiddayAndOnTheHour() throws {
    #expect(LondonTime.time(try instant("2026-12-01T00:00:00Z")) == "midnight")
    #expect(LondonTime.time(try instant("2026-12-01T12:00:00Z")) == "midday")
    #expect(LondonTime.time(try instant("2026-12-01T09:00:00Z")) == "9am")
    #expect(LondonTime.time(try instant("2026-07-01T11:00:00Z")) == "midday")
  }

  @Test func offsetsAroundTheClockChanges() throws {
    #expect(LondonTime.offset(at: try instant("2026-03-29T00:59:59Z")) == 0)
    #expect(LondonTime.offset(at: try instant("2026-03-29T01:00:00Z")) == 3600)
    #expect(LondonTime.offset(at: try instant("2026-10-25T00:59:59Z")) == 3600)
    #expect(LondonTime.offset(at: try instant("2026-10-25T01:00:00Z")) == 0)
  }

  @Test func calendarRanges() throws {
    let a = try #require(CalendarDate(iso: "2026-06-08"))
    let b = try #require(CalendarDate(iso: "2026-06-19"))
    let c = try #require(CalendarDate(iso: "2026-07-03"))
    let d = try #require(CalendarDate(iso: "2027-01-08"))
    #expect(CalendarDate.range(a, b) == "8 to 19 June 2026")
    #expect(CalendarDate.range(a, c) == "8 June to 3 July 2026")
    #expect(CalendarDate.range(b, d) == "19 June 2026 to 8 January 2027")
    #expect(CalendarDate(iso: "2026-13-01") == nil)
  }

  @Test func durations() {
    #expect(LondonTime.duration(seconds: 60) == "1 minute")
    #expect(LondonTime.duration(seconds: 3 * 86_400 + 4 * 3600 + 59) == "3 days 4 hours")
    #expect(LondonTime.duration(seconds: 7_500) == "2 hours 5 minutes")
    #expect(LondonTime.duration(seconds: 45) == "45 seconds")
  }
}
