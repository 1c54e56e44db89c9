import Foundation
import PubPack

/// How `build` and `status` describe documents to people and scripts.
enum StatusReport {
  /// "withheld: Council report (content/council-report.md): embargoed until ... - 3 hours left".
  /// A build's line for a document it left out: the file, why and until when, and not its title.
  /// A build's log can end up where anyone reads it (a CI run), and a title can carry the news
  /// ("… judged good") or be confidential itself (a Schedule 12A report).
  static func withheldLine(_ decided: DecidedDocument, at now: Instant) -> String {
    let d = decided.document
    var line = "withheld: \(Console.shown(d.path)): \(decided.decision.reasons.map(\.text).joined(separator: "; "))"
    if let left = timeLeft(decided, at: now) { line += " - \(left) left" }
    return line
  }

  static func timeLeft(_ decided: DecidedDocument, at now: Instant) -> String? {
    guard decided.decision.state == .withheld, let embargo = decided.decision.embargo,
      !ReleasePolicy.isReleased(embargo: embargo, at: now)
    else { return nil }
    return LondonTime.duration(seconds: embargo.secondsSince1970 - now.secondsSince1970)
  }

  struct Row: Encodable {
    var file: String
    /// Absent for a withheld document unless asked for: a title can carry the news ("… judged
    /// good") or be confidential itself, and status output gets pasted into chats and tickets.
    var title: String?
    var kind: String
    var slug: String
    var state: String
    var reasons: [String]
    var embargo: Embargo?
    var secondsLeft: Int64?
    var timeLeft: String?
    var isAboutInspection: Bool

    struct Embargo: Encodable {
      var utc: String
      var london: String
      var londonWithUTC: String
    }
  }

  static func rows(_ build: Build, at now: Instant, showsWithheldTitles: Bool = false) -> [Row] {
    build.documents.map { decided in
      let d = decided.document
      let embargo = decided.decision.embargo
      return Row(
        file: d.path, title: decided.decision.isReleased || showsWithheldTitles ? d.title : nil, kind: d.kind.rawValue, slug: d.slug, state: decided.decision.state.rawValue,
        reasons: decided.decision.reasons.map(\.text),
        embargo: embargo.map {
          Row.Embargo(utc: $0.rfc3339, london: LondonTime.long($0), londonWithUTC: LondonTime.longWithUTC($0))
        },
        secondsLeft: decided.decision.state == .withheld ? embargo.map { max(0, $0.secondsSince1970 - now.secondsSince1970) } : nil,
        timeLeft: timeLeft(decided, at: now),
        isAboutInspection: d.kind.isAboutInspection)
    }
  }
}
