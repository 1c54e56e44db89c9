/// Text made safe inside HTML or XML markup: `&`, `<` and `>` as entities, `"` as `quote`
/// (left as it is when nil), and `'` as `apostrophe` (`&#39;` for HTML, `&apos;` for XML, or
/// left as it is when nil).
///
/// One escaper for the pages pubpack writes itself (the feed and sitemap, the email copy of the
/// press release, the preview's own pages) and for data tags in a document's Markdown (which
/// keeps its quotes); templates escape through swift-mustache.
public func escapingMarkup(_ text: String, quote: String? = "&quot;", apostrophe: String? = "&#39;") -> String {
  // Most text has nothing to escape: one pass over its bytes finds that and gives it back as it
  // is. ASCII text is escaped byte by byte; other text a Unicode scalar at a time. Never a
  // `Character` at a time: a combining mark after '"' makes one character that is not '"', and
  // the quote was let through (`Hello"́ onmouseover=...` broke out of an attribute).
  var needsEscaping = false
  var isASCII = true
  for byte in text.utf8 {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): needsEscaping = true
    case UInt8(ascii: "\""): needsEscaping = needsEscaping || quote != nil
    case UInt8(ascii: "'"): needsEscaping = needsEscaping || apostrophe != nil
    case 0x80...: isASCII = false
    default: break
    }
  }
  guard needsEscaping else { return text }
  if isASCII {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "&"): out += "&amp;".utf8
      case UInt8(ascii: "<"): out += "&lt;".utf8
      case UInt8(ascii: ">"): out += "&gt;".utf8
      case UInt8(ascii: "\"") where quote != nil: out += quote!.utf8
      case UInt8(ascii: "'") where apostrophe != nil: out += apostrophe!.utf8
      default: out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
  return escapingMarkupByScalar(text, quote: quote, apostrophe: apostrophe)
}

/// `escapingMarkup` a Unicode scalar at a time, for any text (the tests hold the fast paths to it).
func escapingMarkupByScalar(_ text: String, quote: String?, apostrophe: String?) -> String {
  var out = ""
  out.reserveCapacity(text.utf8.count)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"" where quote != nil: out += quote!
    case "'" where apostrophe != nil: out += apostrophe!
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out
}
