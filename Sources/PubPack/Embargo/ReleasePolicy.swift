/// Whether a document is released at an instant: the one decision every output follows.
///
/// Released at T when T >= its embargo (the boundary instant itself is released), it is not a
/// draft, and it is not exempt. Everything else is withheld, with every reason that applies.
///
/// `isReleased(embargo:at:)` is the only code that compares an instant with an embargo: the
/// build, the site writer's gate, the press copy, the publish re-check, `publish --wait` and
/// rollback all ask it, so the boundary rule cannot differ between them.
public enum ReleasePolicy {
  /// Why a document is withheld.
  public enum Reason: Sendable, Equatable {
    case embargoed(until: Instant)
    case draft
    /// Schedule 12A: never released.
    case exempt(paragraphs: [Int])
    /// A `kind: briefing`: sent by `pubpack send`, never part of the site.
    case briefing
  }

  /// The document's state as `status` shows it.
  public enum State: String, Sendable, Codable {
    case released, withheld, draft, exempt, briefing
  }

  public struct Decision: Sendable, Equatable {
    /// The instant the document's embargo lifts; nil for `embargo: none`.
    public var embargo: Instant?
    /// Empty when released.
    public var reasons: [Reason]

    public var isReleased: Bool { reasons.isEmpty }

    /// Exempt outranks draft, which outranks a pending embargo.
    public var state: State {
      if reasons.contains(where: { if case .exempt = $0 { true } else { false } }) { return .exempt }
      if reasons.contains(.draft) { return .draft }
      if reasons.contains(.briefing) { return .briefing }
      return reasons.isEmpty ? .released : .withheld
    }
  }

  /// The instant a document's embargo lifts: the pack's, or its own later one.
  public static func embargo(of document: Document, packRelease: Instant) -> Instant? {
    switch document.embargo {
    case .inherited: packRelease
    // An earlier instant is a validation error; the later of the two still holds if one slips by.
    case .later(let instant): max(instant, packRelease)
    case .none: nil
    }
  }

  /// Whether something whose embargo lifts at `embargo` may be public at `now`: the boundary
  /// instant itself is released, and nothing is withheld by a nil (`embargo: none`) embargo.
  public static func isReleased(embargo: Instant?, at now: Instant) -> Bool {
    guard let embargo else { return true }
    return !(now < embargo)
  }

  public static func decision(for document: Document, packRelease: Instant, at now: Instant) -> Decision {
    let embargo = embargo(of: document, packRelease: packRelease)
    var reasons: [Reason] = []
    if let paragraphs = document.exemptParagraphs { reasons.append(.exempt(paragraphs: paragraphs)) }
    if document.isDraft { reasons.append(.draft) }
    if !document.kind.isPublished { reasons.append(.briefing) }
    if let embargo, !isReleased(embargo: embargo, at: now) { reasons.append(.embargoed(until: embargo)) }
    return Decision(embargo: embargo, reasons: reasons)
  }
}

extension ReleasePolicy.Reason {
  /// "embargoed until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026)".
  public var text: String {
    switch self {
    case .embargoed(let until): "embargoed until \(LondonTime.longWithUTC(until))"
    case .draft: "draft"
    case .briefing: "a briefing, which is sent by 'pubpack send' and never published"
    case .exempt(let paragraphs):
      "exempt under Schedule 12A, paragraph\(paragraphs.count == 1 ? "" : "s") \(paragraphs.map(String.init).joined(separator: ", "))"
    }
  }
}
