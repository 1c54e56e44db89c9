/// Reads an instant as the SPEC allows it to be written.
///
/// Accepted, tried in this order:
/// 1. RFC 3339 with an offset: `2026-08-04T00:01:00+01:00`, `2026-08-03T23:01:00Z`
///    (seconds optional, `T` or a space, `+0100` accepted for `+01:00`; a fraction of a second
///    rounds to the whole second that is safe for what is read: up for an embargo, so it never
///    lifts early, and down for the instant a command behaves as of (`--at`), so a build half a
///    second before an embargo does not release it).
/// 2. London wall-clock time without an offset: `2026-08-04T00:01`, `2026-08-04 00:01`,
///    which means whatever GMT or BST is in force in London then.
///
/// Refused, each with a reason and a suggested fix: a date with no time, a London time in the
/// hour skipped when the clocks go forward, a London time in the hour repeated when they go
/// back (it needs an explicit offset), and anything unparseable. Never "midnight", never "now".
public enum InstantParser {
  public struct Failure: Error, Sendable, Equatable {
    public var message: String
    public var notes: [String]
  }

  /// Which whole second a fraction of a second is taken as.
  public enum Fractions: Sendable {
    /// The next: for an embargo, which must not lift before the instant written.
    case roundUp
    /// The one it is in: for the instant a decision is made at (`--at`), which must not be
    /// taken as later than written.
    case roundDown
  }

  public static func parse(_ raw: String, fractions: Fractions = .roundUp) -> Result<Instant, Failure> {
    let text = raw.trimmingCharacters(in: .whitespaces)
    var scanner = DigitScanner(text)
    guard let year = scanner.number(digits: 4), scanner.take("-"),
      let month = scanner.number(digits: 2), scanner.take("-"),
      let day = scanner.number(digits: 2)
    else {
      return .failure(
        Failure(
          message: "'\(raw)' is not a date and time",
          notes: [
            "write London time as 2026-08-04T00:01, or an instant with an offset as 2026-08-04T00:01:00+01:00"
          ]))
    }
    guard CivilTime.isValidDate(year: year, month: month, day: day) else {
      return .failure(
        Failure(
          message: "'\(raw)' is not a real date",
          notes: ["check the month (01 to 12) and the day of the month"]))
    }
    if scanner.isAtEnd {
      return .failure(
        Failure(
          message: "'\(raw)' is a date with no time",
          notes: [
            "an embargo lifts at a moment, not on a day: add the London time, e.g. \(text)T00:01",
            "pubpack never assumes midnight",
          ]))
    }
    guard scanner.take("T") || scanner.take("t") || scanner.take(" "),
      let hour = scanner.number(digits: 2), scanner.take(":"),
      let minute = scanner.number(digits: 2)
    else {
      return .failure(
        Failure(
          message: "'\(raw)' is not a date and time",
          notes: ["write the time after the date as HH:MM, e.g. 2026-08-04T00:01"]))
    }
    var second = 0
    var roundUp = false
    if scanner.take(":") {
      guard let s = scanner.number(digits: 2) else {
        return .failure(Failure(message: "'\(raw)' has unreadable seconds", notes: ["write seconds as two digits, e.g. 00:01:00"]))
      }
      second = s
      if scanner.take(".") || scanner.take(",") {
        let fraction = scanner.digits()
        guard !fraction.isEmpty else {
          return .failure(Failure(message: "'\(raw)' has an empty fraction of a second", notes: ["remove the '.' or add digits"]))
        }
        roundUp = fractions == .roundUp && fraction.contains { $0 != "0" }
      }
    }
    guard hour < 24, minute < 60, second < 60 else {
      return .failure(
        Failure(
          message: "'\(raw)' is not a real time of day",
          notes: ["hours run from 00 to 23 and minutes and seconds from 00 to 59"]))
    }
    let wall = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)

    // An explicit offset makes it an absolute instant.
    var offsetSeconds: Int?
    if scanner.take("Z") || scanner.take("z") {
      offsetSeconds = 0
    } else if let sign = scanner.takeSign() {
      guard let oh = scanner.number(digits: 2) else {
        return .failure(Failure(message: "'\(raw)' has an unreadable UTC offset", notes: ["write the offset as +01:00 or Z"]))
      }
      _ = scanner.take(":")
      guard let om = scanner.number(digits: 2), oh <= 14, om < 60 else {
        return .failure(Failure(message: "'\(raw)' has an unreadable UTC offset", notes: ["write the offset as +01:00 or Z"]))
      }
      offsetSeconds = sign * (oh * 3600 + om * 60)
    }
    guard scanner.isAtEnd else {
      return .failure(
        Failure(
          message: "'\(raw)' has unexpected text after the time",
          notes: ["write London time as 2026-08-04T00:01, or an instant as 2026-08-04T00:01:00+01:00"]))
    }
    let extra: Int64 = roundUp ? 1 : 0
    if let offsetSeconds {
      return .success(Instant(secondsSince1970: wall.secondsSince1970AsUTC - Int64(offsetSeconds) + extra))
    }
    return londonWallClock(wall, raw: raw).map { $0.adding(seconds: extra) }
  }

  /// The instant a London wall-clock time names, or why it names none or two.
  static func londonWallClock(_ wall: CivilTime, raw: String) -> Result<Instant, Failure> {
    let asUTC = wall.secondsSince1970AsUTC
    let candidates = [0, 3600].compactMap { offset -> Instant? in
      let instant = Instant(secondsSince1970: asUTC - Int64(offset))
      return LondonTime.offset(at: instant) == offset ? instant : nil
    }
    switch candidates.count {
    case 1:
      return .success(candidates[0])
    case 0:
      let date = CalendarDate(year: wall.year, month: wall.month, day: wall.day)!
      return .failure(
        Failure(
          message: "'\(raw)' does not exist in London: the clocks go forward from 1am to 2am on \(date.long)",
          notes: [
            "choose a time before 1am or from 2am, or give an explicit offset, e.g. \(date.iso)T02:30:00+01:00"
          ]))
    default:
      let date = CalendarDate(year: wall.year, month: wall.month, day: wall.day)!
      let hm = String(format: "%02d:%02d", wall.hour, wall.minute)
      return .failure(
        Failure(
          message: "'\(raw)' happens twice in London: the clocks go back from 2am to 1am on \(date.long)",
          notes: [
            "add the offset you mean: \(date.iso)T\(hm):00+01:00 (BST, the first time) or \(date.iso)T\(hm):00+00:00 (GMT, the second)"
          ]))
    }
  }
}

/// A tiny cursor over ASCII text, for the fixed formats above.
struct DigitScanner {
  private let chars: [Character]
  private var index = 0

  init(_ text: String) { chars = Array(text) }

  var isAtEnd: Bool { index == chars.count }

  mutating func take(_ c: Character) -> Bool {
    guard index < chars.count, chars[index] == c else { return false }
    index += 1
    return true
  }

  mutating func takeSign() -> Int? {
    if take("+") { return 1 }
    if take("-") || take("\u{2212}") { return -1 }
    return nil
  }

  mutating func number(digits count: Int) -> Int? {
    guard index + count <= chars.count else { return nil }
    let slice = chars[index..<index + count]
    guard slice.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    index += count
    return Int(String(slice))
  }

  mutating func digits() -> String {
    var out = ""
    while index < chars.count, chars[index].isASCII, chars[index].isNumber {
      out.append(chars[index])
      index += 1
    }
    return out
  }
}
