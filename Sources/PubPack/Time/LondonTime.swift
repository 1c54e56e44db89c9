import Foundation

/// London time: parsing instants as people write them and showing them as GOV.UK writes them.
///
/// The zone rules come from the system's IANA data through Foundation, asked only for the
/// named zone `Europe/London`; nothing here reads `TZ` or the locale, so every host gives the
/// same answers.
public enum LondonTime {
  private static let zone: TimeZone? = TimeZone(identifier: "Europe/London")

  /// London's offset from UTC at an instant, in seconds (0 in winter, 3600 in summer).
  public static func offset(at instant: Instant) -> Int {
    // The fallback follows the UK rule in force since 1996 (last Sunday of March and of
    // October, at 01:00 UTC) for a host whose Foundation has no zone data at all.
    if let zone {
      return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.secondsSince1970)))
    }
    let civil = CivilTime(secondsSince1970: instant.secondsSince1970)
    func lastSunday(_ month: Int) -> Int64 {
      var day = CivilTime.daysInMonth(year: civil.year, month: month)
      while CivilTime(year: civil.year, month: month, day: day).weekday != 0 { day -= 1 }
      return CivilTime(year: civil.year, month: month, day: day, hour: 1).secondsSince1970AsUTC
    }
    let t = instant.secondsSince1970
    return (t >= lastSunday(3) && t < lastSunday(10)) ? 3600 : 0
  }

  // MARK: - Showing times

  static let weekdays = [
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  ]
  static let months = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  static func civil(at instant: Instant) -> CivilTime {
    CivilTime(secondsSince1970: instant.secondsSince1970 + Int64(offset(at: instant)))
  }

  /// "12:01am on Tuesday 4 August 2026" (GOV.UK style: 12-hour clock, no ordinals,
  /// "midnight" and "midday").
  public static func long(_ instant: Instant) -> String {
    let c = civil(at: instant)
    return "\(clock12(c)) on \(weekdays[c.weekday]) \(c.day) \(months[c.month - 1]) \(c.year)"
  }

  /// "4 August 2026": the London calendar date of the instant.
  public static func date(_ instant: Instant) -> String {
    let c = civil(at: instant)
    return "\(c.day) \(months[c.month - 1]) \(c.year)"
  }

  /// "12:01am": the London clock time of the instant.
  public static func time(_ instant: Instant) -> String {
    clock12(civil(at: instant))
  }

  /// "23:01 UTC on Monday 3 August 2026".
  public static func utcLong(_ instant: Instant) -> String {
    let c = CivilTime(secondsSince1970: instant.secondsSince1970)
    return String(format: "%02d:%02d", c.hour, c.minute)
      + " UTC on \(weekdays[c.weekday]) \(c.day) \(months[c.month - 1]) \(c.year)"
  }

  /// "BST" or "GMT" at the instant.
  public static func zoneAbbreviation(_ instant: Instant) -> String {
    offset(at: instant) == 0 ? "GMT" : "BST"
  }

  /// "12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)".
  public static func longWithUTC(_ instant: Instant) -> String {
    "\(long(instant)) (\(utcLong(instant)))"
  }

  static func clock12(_ c: CivilTime) -> String {
    if c.hour == 0 && c.minute == 0 { return "midnight" }
    if c.hour == 12 && c.minute == 0 { return "midday" }
    let hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12
    let suffix = c.hour < 12 ? "am" : "pm"
    return c.minute == 0 ? "\(hour12)\(suffix)" : String(format: "%d:%02d", hour12, c.minute) + suffix
  }

  /// A duration for people: "3 days 4 hours", "2 hours 5 minutes", "45 seconds".
  public static func duration(seconds total: Int64) -> String {
    let days = total / 86_400
    let hours = total % 86_400 / 3600
    let minutes = total % 3600 / 60
    func unit(_ n: Int64, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    if days > 0 { return hours > 0 ? "\(unit(days, "day")) \(unit(hours, "hour"))" : unit(days, "day") }
    if hours > 0 {
      return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour")
    }
    if minutes > 0 { return unit(minutes, "minute") }
    return unit(max(total, 0), "second")
  }
}
