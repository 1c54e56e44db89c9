import PackMarkdown

/// The sections a kind's template writes from the data, and whether a body has written its own.
///
/// The body wins: when an author's body has a heading for one of these sections ("Notes to
/// editors", "What happens next"), the template leaves its own out (`page.bodyHas.NAME`), so a
/// page never says a thing twice nor carries two elements with one `id`.
public enum TemplateSections {
  /// Each section the templates write, with the heading ids a body's own version takes (ids
  /// as pubpack makes them from the heading's text: lower case, spaces to `-`).
  static let sections: [(name: String, ids: Set<String>)] = [
    ("judgements", ["judgements", "ofsteds-judgements", "the-judgements", "ofsted-judgements"]),
    ("findings", ["findings", "what-inspectors-found", "what-ofsted-found", "what-the-inspectors-found", "inspection-findings"]),
    ("nextSteps", ["next-steps", "what-happens-next", "what-happens-now"]),
    ("report", ["report", "read-the-report", "the-report", "read-ofsteds-report", "read-the-full-report"]),
    ("notesToEditors", ["notes-to-editors", "notes-for-editors", "note-to-editors"]),
    ("mediaContact", ["media-contact", "media-contacts", "media-enquiries", "press-contact", "press-enquiries"]),
  ]

  /// The section names the template documents as `page.bodyHas`, each true or false.
  public static var names: [String] { sections.map(\.name) }

  /// `page.bodyHas`: for each section the templates write, whether these headings include it.
  static func owned(by headings: [Heading]) -> TemplateValue {
    let ids = Set(headings.map(\.id))
    return .map(Dictionary(uniqueKeysWithValues: sections.map { ($0.name, .bool(!$0.ids.isDisjoint(with: ids))) }))
  }
}
