/// The machine-read listings: `sitemap.xml` and the Atom `feed.xml`.
///
/// Both are made from the documents the build shows and nothing else, and neither carries the
/// build's time: an entry's time is its document's release instant.
public enum Listings {
  public static func sitemap(_ documents: [DecidedDocument], baseURL: String) -> String {
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    xml += "  <url><loc>\(escape(baseURL))</loc></url>\n"
    for decided in documents.sorted(by: { $0.document.slug < $1.document.slug }) {
      xml += "  <url><loc>\(escape(baseURL + decided.document.slug + "/"))</loc>"
      if let embargo = decided.decision.embargo { xml += "<lastmod>\(embargo.rfc3339)</lastmod>" }
      xml += "</url>\n"
    }
    xml += "</urlset>\n"
    return xml
  }

  /// The Atom feed of the inspection's documents.
  ///
  /// Pages with `embargo: none` are not news and are left out: dating them would need an instant,
  /// and the pack's release instant must not appear before it has come. The feed is updated
  /// when its latest entry was released; an empty feed, at the build's instant (`--at`, so the
  /// same inputs still give the same bytes), not at 1970 as if the pack were that old.
  public static func feed(_ documents: [DecidedDocument], title: String, baseURL: String, builtAt: Instant) -> String {
    let dated = documents.compactMap { decided in decided.decision.embargo.map { (decided, $0) } }
    let entries = dated.sorted { ($0.1, $0.0.document.slug) < ($1.1, $1.0.document.slug) }
    let updated = entries.map(\.1).max() ?? builtAt
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
    xml += "  <title>\(escape(title))</title>\n"
    xml += "  <id>\(escape(baseURL))</id>\n"
    xml += "  <link rel=\"alternate\" href=\"\(escape(baseURL))\"/>\n"
    xml += "  <link rel=\"self\" href=\"\(escape(baseURL + "feed.xml"))\"/>\n"
    xml += "  <updated>\(updated.rfc3339)</updated>\n"
    xml += "  <author><name>\(escape(title))</name></author>\n"
    for (decided, released) in entries {
      let d = decided.document
      let url = baseURL + d.slug + "/"
      let when = released.rfc3339
      xml += "  <entry>\n"
      xml += "    <title>\(escape(d.title))</title>\n"
      xml += "    <id>\(escape(url))</id>\n"
      xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(escape(url))\"/>\n"
      xml += "    <published>\(when)</published>\n"
      xml += "    <updated>\(when)</updated>\n"
      if let summary = d.summary { xml += "    <summary>\(escape(summary))</summary>\n" }
      xml += "  </entry>\n"
    }
    xml += "</feed>\n"
    return xml
  }

  static func escape(_ text: String) -> String { escapingMarkup(text, apostrophe: "&apos;") }
}
