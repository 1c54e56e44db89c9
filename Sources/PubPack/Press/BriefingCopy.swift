import Foundation

/// A briefing as it is emailed to staff, partners or members before the embargo: email-ready
/// HTML and plain text wrapped at 72 columns, like the press copy, headed "EMBARGOED: not for
/// publication or onward sharing until …" (London and UTC) and marked confidential.
///
/// A briefing is never part of the site at any instant: its copy is made from the author's
/// view of the pack (a preview build, which writes nothing), and so may show every fact of the
/// pack, checked against the data like any document.
public enum BriefingCopy {
  /// "EMBARGOED: not for publication or onward sharing until 12:01am on Tuesday 4 August 2026
  /// (23:01 UTC on Monday 3 August 2026)".
  public static func heading(until instant: Instant) -> String {
    "EMBARGOED: not for publication or onward sharing until \(LondonTime.long(instant)) (\(LondonTime.utcLong(instant)))"
  }

  /// "CONFIDENTIAL: a briefing for staff. Do not forward."
  public static func marking(audience: String) -> String {
    "CONFIDENTIAL: a briefing for \(audience). Do not forward."
  }

  /// The copy of every briefing of the pack in `request` (drafts and exempt ones excepted), or
  /// of only those at `paths` (content paths, e.g. `content/staff-briefing.md`) when given.
  public static func make(_ request: BuildRequest, only paths: Set<String>? = nil) -> ([PressCopy], [Diagnostic]) {
    var overview = request
    overview.mode = .preview
    let build = Pipeline.build(overview)
    guard build.succeeded, let loaded = build.pack else { return ([], build.diagnostics) }
    var copies: [PressCopy] = []
    var diagnostics: [Diagnostic] = []
    for decided in build.documents where decided.document.kind == .briefing {
      let d = decided.document
      if let paths, !paths.contains(d.path) { continue }
      if d.isDraft || d.exemptParagraphs != nil { continue }
      guard let file = build.files.first(where: { $0.path == "\(d.slug)/index.html" }) else {
        diagnostics.append(
          .error(
            at: nil, "the briefing \(d.path) was not rendered", notes: ["check that templates/briefing.mustache exists"]
          ))
        continue
      }
      let releaseInstant = decided.decision.embargo ?? loaded.inspection.embargo.liftsAt
      let heading = heading(until: releaseInstant)
      let audience: String
      if case .string(let text)? = d.fields["audience"] { audience = text } else { audience = "named recipients" }
      let marking = marking(audience: audience)
      let tokens = HTMLToken.tokenize(PressCopy.article(in: String(decoding: file.contents, as: UTF8.self)))
      // Links are made absolute against where the page would be; the briefing has no page, so
      // the footer names none.
      let pageURL = loaded.settings.baseURL + d.slug + "/"
      copies.append(
        PressCopy(
          slug: d.slug, title: d.title, heading: heading, isEmbargoed: true,
          html: EmailHTML.document(
            title: d.title, heading: heading, tokens: tokens, pageURL: pageURL,
            councilName: loaded.inspection.council.name, confidential: marking, linksPage: false),
          text: PlainText.document(
            heading: heading, tokens: tokens, pageURL: pageURL, width: PressCopy.textWidth, confidential: marking),
          source: d.fileMark))
    }
    return (copies, diagnostics)
  }
}
