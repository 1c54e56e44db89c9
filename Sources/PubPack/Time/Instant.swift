import Foundation

/// An absolute point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Embargoes are compared as instants, never as wall-clock times, so the host's time zone and
/// locale cannot change a decision. Times shown to people are London times (`LondonTime`).
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public var secondsSince1970: Int64

  public init(secondsSince1970: Int64) {
    self.secondsSince1970 = secondsSince1970
  }

  /// The instant a `Date` falls in, rounded down to the whole second.
  public init(_ date: Date) {
    self.secondsSince1970 = Int64(date.timeIntervalSince1970.rounded(.down))
  }

  public static func < (lhs: Instant, rhs: Instant) -> Bool {
    lhs.secondsSince1970 < rhs.secondsSince1970
  }

  public func adding(seconds: Int64) -> Instant {
    Instant(secondsSince1970: secondsSince1970 + seconds)
  }

  /// RFC 3339 in UTC, e.g. `2026-08-03T23:01:00Z`.
  public var rfc3339: String {
    let civil = CivilTime(secondsSince1970: secondsSince1970)
    return civil.isoString + "Z"
  }

  public var description: String { rfc3339 }
}

/// A calendar date and wall-clock time with no zone: the pieces of an instant as some clock
/// on a wall shows them.
struct CivilTime: Sendable, Hashable {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int = 0
  var minute: Int = 0
  var second: Int = 0

  /// The civil time a UTC instant shows (or a local one, after adding the zone's offset).
  init(secondsSince1970: Int64) {
    let days = Int(floorDiv(secondsSince1970, 86_400))
    let secondsOfDay = Int(secondsSince1970 - Int64(days) * 86_400)
    (year, month, day) = civilFromDays(days)
    hour = secondsOfDay / 3600
    minute = secondsOfDay % 3600 / 60
    second = secondsOfDay % 60
  }

  init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// Seconds since 1970 if this civil time were UTC.
  var secondsSince1970AsUTC: Int64 {
    Int64(daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
  }

  /// 0 = Sunday ... 6 = Saturday.
  var weekday: Int {
    let days = daysFromCivil(year, month, day)
    return ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
  }

  /// `YYYY-MM-DDTHH:MM:SS`, each field zero-padded (as `%04d-%02d-%02dT%02d:%02d:%02d` gives it,
  /// without `String(format:)`'s cost: every page, sitemap entry and manifest line has one).
  var isoString: String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
    return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T" + padded(hour, 2) + ":"
      + padded(minute, 2) + ":" + padded(second, 2)
  }

  static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
    return day <= daysInMonth(year: year, month: month)
  }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
  let q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain, proleptic Gregorian).
private func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
  let y = m <= 2 ? y0 - 1 : y0
  let era = (y >= 0 ? y : y - 399) / 400
  let yoe = y - era * 400
  let mp = (m + 9) % 12
  let doy = (153 * mp + 2) / 5 + d - 1
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  return era * 146_097 + doe - 719_468
}

private func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
  let z = z0 + 719_468
  let era = (z >= 0 ? z : z - 146_096) / 146_097
  let doe = z - era * 146_097
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
  let y = yoe + era * 400
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
  let mp = (5 * doy + 2) / 153
  let d = doy - (153 * mp + 2) / 5 + 1
  let m = mp < 10 ? mp + 3 : mp - 9
  return (m <= 2 ? y + 1 : y, m, d)
}
