/// A calendar date with no time (an inspection's on-site days, a publication date).
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard CivilTime.isValidDate(year: year, month: month, day: day) else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Reads `YYYY-MM-DD`; anything else is nil.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// `2026-08-04`.
  public var iso: String {
    let m = month < 10 ? "0\(month)" : "\(month)"
    let d = day < 10 ? "0\(day)" : "\(day)"
    return "\(year)-\(m)-\(d)"
  }

  /// "4 August 2026" (GOV.UK style).
  public var long: String { "\(day) \(LondonTime.months[month - 1]) \(year)" }

  /// "Tuesday 4 August 2026".
  public var longWithWeekday: String {
    "\(LondonTime.weekdays[CivilTime(year: year, month: month, day: day).weekday]) \(long)"
  }

  public var description: String { iso }

  /// The London calendar date an instant falls on.
  public init(londonDateOf instant: Instant) {
    let c = LondonTime.civil(at: instant)
    self.year = c.year
    self.month = c.month
    self.day = c.day
  }

  /// "8 to 19 June 2026", "29 June to 10 July 2026", "29 December 2025 to 9 January 2026".
  public static func range(_ start: CalendarDate, _ end: CalendarDate) -> String {
    if start == end { return start.long }
    if start.year != end.year { return "\(start.long) to \(end.long)" }
    if start.month != end.month {
      return "\(start.day) \(LondonTime.months[start.month - 1]) to \(end.long)"
    }
    return "\(start.day) to \(end.long)"
  }
}
