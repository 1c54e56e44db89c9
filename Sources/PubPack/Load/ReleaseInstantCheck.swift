import Foundation

/// Whether `embargo.liftsAt` fits the day Ofsted publishes the report.
///
/// Ofsted publishes a report on its publication date, and the embargo on a report of an
/// inspection of children's services is by convention 12:01am London time on that day (the
/// comms team takes the real time from Ofsted's notification email: the convention is not an
/// Ofsted rule, see docs/check.md). So:
///
/// - a release instant before the start of `report.publicationDate` in London is an error: the
///   pack would come out before the report (and `status` would release everything early);
/// - one that is not 12:01am London on the publication date (or, with no publication date, on
///   its own London date) is a warning that says the usual time;
/// - an instant written in UTC or with an offset is shown as London sees it, since that is
///   where such a mistake hides (`2026-08-04T00:01Z` is 1:01am in London in summer).
enum ReleaseInstantCheck {
  /// The diagnostics for `liftsAt`, written as `written` at `location`.
  static func check(
    liftsAt: Instant, written: String, at location: SourceLocation, publicationDate: CalendarDate?
  ) -> [Diagnostic] {
    let londonDate = CalendarDate(londonDateOf: liftsAt)
    let day = publicationDate ?? londonDate
    guard let dayStarts = londonInstant(day, "00:00"), let usual = londonInstant(day, "00:01") else { return [] }
    let asWritten = writtenWithOffset(written) ? ["'\(written)' is \(LondonTime.long(liftsAt)) in London"] : []
    let usualNotes = [
      "embargoes on Ofsted's reports are usually 12:01am London time on the day of publication: "
        + "embargo.liftsAt: \(day.iso)T00:01 (that is \(LondonTime.utcLong(usual)))",
      "check the time in Ofsted's notification email; the convention is not an Ofsted rule",
    ]
    if liftsAt < dayStarts {
      return [
        .error(
          at: location,
          "the release instant, \(LondonTime.longWithUTC(liftsAt)), is before the report's publication date (\(day.longWithWeekday))",
          notes: asWritten + [
            "the pack would be released before Ofsted publishes the report",
            "correct embargo.liftsAt, or report.publicationDate if that is the one that is wrong",
          ] + usualNotes)
      ]
    }
    guard liftsAt != usual else { return [] }
    let message =
      londonDate == day
      ? "the release instant, \(LondonTime.longWithUTC(liftsAt)), is not 12:01am"
      : "the release instant, \(LondonTime.longWithUTC(liftsAt)), is not on the report's publication date (\(day.longWithWeekday))"
    return [.warning(at: location, message, notes: asWritten + usualNotes)]
  }

  /// The instant a London wall-clock time ("00:01") shows on `date`; 00:00 and 00:01 always
  /// exist in London (the clocks change at 1am).
  static func londonInstant(_ date: CalendarDate, _ time: String) -> Instant? {
    guard case .success(let instant) = InstantParser.parse("\(date.iso)T\(time)") else { return nil }
    return instant
  }

  /// Whether an instant was written in UTC (`Z`) or with an offset (`+01:00`), rather than as
  /// London wall-clock time.
  static func writtenWithOffset(_ text: String) -> Bool {
    let text = text.trimmingCharacters(in: .whitespaces)
    guard let time = text.lastIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return false }
    let rest = text[time...]
    return rest.hasSuffix("Z") || rest.hasSuffix("z") || rest.contains("+") || rest.contains("-")
  }
}
