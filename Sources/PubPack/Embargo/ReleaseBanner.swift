import Foundation

extension ReleasePolicy.Decision {
  /// What a withheld page says across its top in preview: "EMBARGOED until 12:01am on Tuesday
  /// 4 August 2026 (23:01 UTC on Monday 3 August 2026) - not for publication".
  public var banner: String {
    var parts: [String] = []
    for reason in reasons {
      switch reason {
      case .embargoed(let until): parts.append("EMBARGOED until \(LondonTime.longWithUTC(until))")
      case .draft: parts.append("DRAFT")
      case .briefing: parts.append("BRIEFING: never published")
      case .exempt(let paragraphs):
        parts.append("EXEMPT under Schedule 12A, paragraph \(paragraphs.map(String.init).joined(separator: ", "))")
      }
    }
    return parts.joined(separator: ", ") + " - not for publication"
  }
}
