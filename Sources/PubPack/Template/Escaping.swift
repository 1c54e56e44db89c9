/// Text made safe inside HTML or XML markup: `&`, `<` and `>` as entities, `"` as `quote`
/// (left as it is when nil), and `'` as `apostrophe` (`&#39;` for HTML, `&apos;` for XML, or
/// left as it is when nil).
///
/// One escaper for the pages pubpack writes itself (the feed and sitemap, the email copy of the
/// press release, the preview's own pages) and for data tags in a document's Markdown (which
/// keeps its quotes); templates escape through swift-mustache.
public func escapingMarkup(_ text: String, quote: String? = "&quot;", apostrophe: String? = "&#39;") -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count)
  for character in text {
    switch character {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"" where quote != nil: out += quote!
    case "'" where apostrophe != nil: out += apostrophe!
    default: out.append(character)
    }
  }
  return out
}
