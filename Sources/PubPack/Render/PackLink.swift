import Foundation
import PackMarkdown

/// A link from a document to a file of the pack, as written: `council-report.md#findings`,
/// `./press-release.md?utm_source=feed`, `assets/chart.png`.
struct PackLink: Equatable {
  /// The file, without a leading `./`: `council-report.md`, `assets/chart.png`.
  var path: String
  /// What follows the file, kept on the rewritten link: `?utm_source=feed`, `#findings`, or "".
  var suffix: String
  /// The heading the link points at, without its `#`; nil when there is none.
  var anchor: String?

  /// Whether a link names a document of the pack by file (`council-report.md#x`), found
  /// without making the parts.
  static func namesADocument(_ destination: String) -> Bool {
    let bytes = destination.utf8
    let end = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
    return bytes[..<end].suffix(3).elementsEqual(".md".utf8)
  }

  init(_ destination: String) {
    var path = Substring(destination)
    var suffix: Substring = ""
    if let mark = destination.firstIndex(where: { $0 == "?" || $0 == "#" }) {
      path = destination[..<mark]
      suffix = destination[mark...]
    }
    if path.hasPrefix("./") { path = path.dropFirst(2) }
    self.path = String(path)
    self.suffix = String(suffix)
    anchor = suffix.firstIndex(of: "#").map { String(suffix[suffix.index(after: $0)...]) }
  }
}

/// The site's own pages as links may address them: `../slug/`, `/ofsted-2026/slug/`,
/// `https://www.fernleigh.example/ofsted-2026/slug/#x`, in whatever case, scheme or spelling
/// (`./../slug/`, `%6Cater`, `//`) a browser would still take to the page.
struct SiteAddress: Sendable {
  let base: URL?
  let host: String?
  let path: [Substring]

  init(baseURL: String) {
    base = URL(string: baseURL)
    host = base?.host?.lowercased()
    path = (base?.path ?? "").split(separator: "/")
  }

  /// The slug of the site page `destination` leads to from the page of `pageSlug`, or nil when
  /// it leads elsewhere (another site, an asset, the landing page).
  func slug(of destination: String, fromPageOf pageSlug: String) -> String? {
    guard let base, let host, !destination.hasPrefix("#"), !destination.hasPrefix("assets/"),
      !destination.hasPrefix("./assets/")
    else { return nil }
    // Only what could lead to another page of the site is parsed (a page has many links, and a
    // council's own pages often share the pack's host): an address must name the site's host,
    // and then, like a path from the root, the site's folder (unless spelt with '%' or '..'); a
    // relative one must climb out of this page's folder. Tested on the UTF-8 bytes as written,
    // and in lower case only when the text has capitals.
    func holds(_ part: String) -> Bool {
      destination.containsBytes(part) || (Self.hasCapitals(destination) && destination.lowercased().containsBytes(part))
    }
    let namesAHost = destination.hasPrefix("//") || Self.hasScheme(destination)
    if namesAHost, !holds(host) { return nil }
    let spelledOut = destination.containsBytes("%") || destination.containsBytes("..")
    if namesAHost || destination.hasPrefix("/") {
      if let folder = path.last, !spelledOut, !holds(folder.lowercased()) { return nil }
    } else if !spelledOut {
      return nil
    }
    let page = base.appendingPathComponent(pageSlug, isDirectory: true)
    guard let url = URL(string: destination, relativeTo: page)?.absoluteURL.standardized,
      let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.lowercased() == host
    else { return nil }
    let parts = url.path.split(separator: "/")
    guard parts.count > path.count, Array(parts.prefix(path.count)) == path else { return nil }
    let slug = parts[path.count]
    return slug == "assets" ? nil : String(slug)
  }

  /// Whether an address starts with a scheme (`https:`, `mailto:`).
  static func hasScheme(_ text: String) -> Bool {
    var bytes = text.utf8.makeIterator()
    guard let first = bytes.next(), (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else {
      return false
    }
    while let byte = bytes.next() {
      if byte == UInt8(ascii: ":") { return true }
      let isSchemeByte =
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
      if !isSchemeByte { return false }
    }
    return false
  }

  static func hasCapitals(_ text: String) -> Bool {
    text.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
  }
}
