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

/// The site's own pages as links may address them: `../slug/`, `/ofsted-2026/slug/index.html`,
/// `https://WWW.fernleigh.example.:443/ofsted-2026/slug/#x`, `..%2F%2e%2E/slug/`, `..\slug`, in
/// whatever spelling a browser, or a lenient web server after it, would still take to the page.
///
/// A link is resolved as a browser does (WHATWG URL: tabs and newlines dropped, `\` as `/` in
/// http(s) addresses, any number of slashes before a host, percent-encoded dot segments, the
/// host without case, trailing dot, port or user, in Unicode's compatibility form) and then as
/// the most lenient server might take the path: percent-decoded (`%2F` a slash too), slashes
/// merged, `;parameters` dropped, each segment compared as `LookAlikeName.key` (without case,
/// trailing dots or invisible characters). It is meant to err towards finding a page: it is
/// used to refuse links, never to make them.
struct SiteAddress: Sendable {
  /// The site's host, folded; nil when the base URL names none.
  let host: String?
  /// The site's folder on its host, as folded segments (`["ofsted-2026"]`).
  let folder: [String]

  init(baseURL: String) {
    let parsed = Self.split(Self.cleaned(baseURL))
    host = parsed.authority.map(Self.hostKey)
    folder = Self.segments(parsed.path, relativeTo: [])
  }

  /// The folded slug of the site page `destination` leads to from the page of `pageSlug`
  /// (`LookAlikeName.key` of the slug), or nil when it leads elsewhere (another site, an asset,
  /// the landing page, or back to the page itself). Where the address can be read two ways
  /// (`http:host/x`), the first that leads to another page decides.
  func slug(of destination: String, fromPageOf pageSlug: String) -> String? {
    guard let host, !destination.hasPrefix("#") else { return nil }
    let text = Self.cleaned(destination)
    var paths: [[String]] = []
    let ownSlug = LookAlikeName.key(pageSlug)
    let page = folder + [ownSlug, ""]
    if let scheme = Self.scheme(of: text) {
      guard scheme == "http" || scheme == "https" else { return nil }
      let rest = text.dropFirst(scheme.utf8.count + 1)
      // `https:/x` and `https:x` are relative to a page of the same scheme; to a page of the
      // other scheme, `x` is the host. Both are tried.
      if !rest.hasPrefix("//") { paths.append(Self.segments(String(rest), relativeTo: page)) }
      let hosted = Self.split("//" + rest.drop { $0 == "/" })
      if let authority = hosted.authority, Self.hostKey(authority) == host {
        paths.append(Self.segments(hosted.path, relativeTo: []))
      }
    } else if text.hasPrefix("//") {
      let parsed = Self.split(text)
      guard let authority = parsed.authority, Self.hostKey(authority) == host else { return nil }
      paths.append(Self.segments(parsed.path, relativeTo: []))
    } else {
      paths.append(Self.segments(text, relativeTo: page))
    }
    for path in paths {
      guard path.count > folder.count, Array(path.prefix(folder.count)) == folder else { continue }
      let slug = path[folder.count]
      if slug != "assets" && slug != ownSlug { return slug }
    }
    return nil
  }

  /// The address as a browser takes it before parsing: without leading and trailing spaces and
  /// control characters, without tabs and newlines, `\` as `/`, and without its query or
  /// fragment (a server serves the same file whatever they are).
  static func cleaned(_ text: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
      if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
      bytes.append(byte == UInt8(ascii: "\\") ? UInt8(ascii: "/") : byte)
    }
    while let first = bytes.first, first <= 0x20 { bytes.removeFirst() }
    while let last = bytes.last, last <= 0x20 { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The scheme in lower case (`https`), or nil when the text does not start with one.
  static func scheme(of text: String) -> String? {
    guard hasScheme(text), let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    return String(text[..<colon]).lowercased()
  }

  /// `//host:port/path` as its authority and path; a text without `//` is all path.
  static func split(_ text: String) -> (authority: String?, path: String) {
    let schemeless = scheme(of: text).map { String(text.dropFirst($0.utf8.count + 1)) } ?? text
    guard schemeless.hasPrefix("//") else { return (nil, schemeless) }
    let rest = schemeless.drop { $0 == "/" }
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    return (String(rest[..<slash]), String(rest[slash...]))
  }

  /// A host as a browser compares it: without user and port, percent-decoded, folded.
  static func hostKey(_ authority: String) -> String {
    var host = Substring(authority)
    if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
    if !host.hasPrefix("["), let colon = host.firstIndex(of: ":") { host = host[..<colon] }
    return LookAlikeName.key(percentDecoded(String(host)))
  }

  /// The path's segments after resolving it against `base` (a page's folder, ending in ""),
  /// as the most lenient server would: percent-decoded, split at every `/` (encoded or not),
  /// dot segments resolved, empty ones dropped, each folded.
  static func segments(_ path: String, relativeTo base: [String]) -> [String] {
    // Whether the path starts at the root is the browser's decision, made before any decoding.
    var result: [String] = path.hasPrefix("/") ? [] : Array(base.dropLast())
    let decoded = percentDecoded(path)
    for raw in decoded.split(separator: "/", omittingEmptySubsequences: false) {
      var segment = raw
      if let semicolon = segment.firstIndex(of: ";") { segment = segment[..<semicolon] }
      if segment == "." { continue }
      if segment == ".." {
        if !result.isEmpty { result.removeLast() }
        continue
      }
      let key = LookAlikeName.key(String(segment))
      if !key.isEmpty { result.append(key) }
    }
    return result
  }

  /// The text with every `%XX` decoded, again while any is left (a server may decode twice),
  /// and `\` made `/`; bytes that are not UTF-8 are replaced.
  static func percentDecoded(_ text: String) -> String {
    var bytes = Array(text.utf8)
    for _ in 0..<4 {
      guard bytes.contains(UInt8(ascii: "%")) else { break }
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count)
      var index = 0
      var changed = false
      while index < bytes.count {
        if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
          let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
        {
          out.append(high << 4 | low)
          index += 3
          changed = true
        } else {
          out.append(bytes[index])
          index += 1
        }
      }
      bytes = out
      if !changed { break }
    }
    return String(decoding: bytes.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }, as: UTF8.self)
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
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
}
