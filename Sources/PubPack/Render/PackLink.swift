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
    self = Self.asciiParts(destination) ?? PackLink(characters: destination)
  }

  /// `init` a `Character` at a time, for any destination.
  init(characters destination: String) {
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

extension PackLink {
  private init(path: String, suffix: String, anchor: String?) {
    self.path = path
    self.suffix = suffix
    self.anchor = anchor
  }

  /// `init` for an ASCII destination, on its bytes (where a byte is a `Character`); nil for any
  /// other.
  private static func asciiParts(_ destination: String) -> PackLink? {
    let bytes = destination.utf8
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    let mark = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
    var start = bytes.startIndex
    if bytes[..<mark].starts(with: "./".utf8) { start = bytes.index(start, offsetBy: 2) }
    let suffix = bytes[mark...]
    let hash = suffix.firstIndex(of: UInt8(ascii: "#"))
    return PackLink(
      path: String(decoding: bytes[start..<mark], as: UTF8.self), suffix: String(decoding: suffix, as: UTF8.self),
      anchor: hash.map { String(decoding: suffix[suffix.index(after: $0)...], as: UTF8.self) })
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
  /// Text as UTF-8 bytes: addresses are taken apart byte by byte (a `Character` at a time is
  /// many times slower, and every link of every page comes through here).
  typealias Bytes = [UInt8]

  /// The site's host, folded; nil when the base URL names none.
  let host: Bytes?
  /// The site's folder on its host, as folded segments (`["ofsted-2026"]`).
  let folder: [Bytes]

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
    slug(of: destination, fromPageSlug: Self.fold(Bytes(pageSlug.utf8)))
  }

  /// The folded slug of the site page `destination` leads to when a template may show it on
  /// any page: a document's page (`../slug/`) or the landing page (`slug/`); nil when it leads
  /// elsewhere from both. Used for the URLs of the pack's data (inspection.yaml).
  func slugFromAnyPage(of destination: String) -> String? {
    // `/` is no path segment, so no document's page is taken for the page itself.
    slug(of: destination, fromPageSlug: [Self.slash]) ?? slug(of: destination, fromPageSlug: nil)
  }

  /// `slug(of:fromPageOf:)` from the page of the folded slug, or from the landing page (nil).
  private func slug(of destination: String, fromPageSlug ownSlug: Bytes?) -> String? {
    guard let host, !destination.hasPrefix("#") else { return nil }
    // From the landing page a plain relative link (`slug/`) reaches a page.
    if ownSlug != nil, Self.staysOnThePage(destination) { return nil }
    if let other = Self.plainHost(of: destination), !other.elementsEqual(host) { return nil }
    let text = Self.cleaned(destination)
    var paths: [[Bytes]] = []
    let page = folder + (ownSlug.map { [$0, []] } ?? [[]])
    if let schemeLength = Self.schemeLength(text) {
      let scheme = text[..<schemeLength].map { $0 | 0x20 }
      guard scheme.elementsEqual("http".utf8) || scheme.elementsEqual("https".utf8) else { return nil }
      let rest = text[(schemeLength + 1)...]
      // `https:/x` and `https:x` are relative to a page of the same scheme; to a page of the
      // other scheme, `x` is the host. Both are tried.
      if !rest.starts(with: Self.twoSlashes) { paths.append(Self.segments(Bytes(rest), relativeTo: page)) }
      let hosted = Self.split(Self.twoSlashes + rest.drop { $0 == Self.slash })
      if let authority = hosted.authority, Self.hostKey(authority) == host {
        paths.append(Self.segments(hosted.path, relativeTo: []))
      }
    } else if text.starts(with: Self.twoSlashes) {
      let parsed = Self.split(text)
      guard let authority = parsed.authority, Self.hostKey(authority) == host else { return nil }
      paths.append(Self.segments(parsed.path, relativeTo: []))
    } else {
      paths.append(Self.segments(text, relativeTo: page))
    }
    for path in paths {
      guard path.count > folder.count, path[..<folder.count].elementsEqual(folder) else { continue }
      let slug = path[folder.count]
      if !slug.elementsEqual("assets".utf8) && slug != ownSlug { return String(decoding: slug, as: UTF8.self) }
    }
    return nil
  }

  static let slash = UInt8(ascii: "/")
  static let twoSlashes: Bytes = [slash, slash]

  /// Whether a link plainly stays in its page's folder (`assets/chart.png`, `?x`): no scheme,
  /// not from the root, and nothing that could climb or be decoded (`..`, `%`, `\`, a control
  /// character or space, anything not ASCII). Most links are so, and need no resolving.
  static func staysOnThePage(_ destination: String) -> Bool {
    let bytes = destination.utf8
    guard let first = bytes.first, first != slash, !hasScheme(destination) else { return false }
    var previous: UInt8 = 0
    for byte in bytes {
      if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\\") { return false }
      if byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".") { return false }
      previous = byte
    }
    return true
  }

  /// The host of a plainly written `http(s)://host/...` (ASCII letters, digits, `-` and `.`),
  /// in lower case, without port or trailing dot; nil for anything less plain, which is
  /// resolved in full. Most links to other sites are so, and are let go at once.
  static func plainHost(of destination: String) -> ArraySlice<UInt8>? {
    let bytes = destination.utf8
    var index = bytes.startIndex
    for expected in "http".utf8 {
      guard index < bytes.endIndex, bytes[index] | 0x20 == expected else { return nil }
      index = bytes.index(after: index)
    }
    if index < bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "s") { index = bytes.index(after: index) }
    for expected in "://".utf8 {
      guard index < bytes.endIndex, bytes[index] == expected else { return nil }
      index = bytes.index(after: index)
    }
    var host: [UInt8] = []
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == slash || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ":") { break }
      guard
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
          || byte == UInt8(ascii: ".")
      else { return nil }
      host.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
      index = bytes.index(after: index)
    }
    while host.last == UInt8(ascii: ".") { host.removeLast() }
    return host.isEmpty ? nil : host[...]
  }

  /// The address as a browser takes it before parsing: without leading and trailing spaces and
  /// control characters, without tabs and newlines, `\` as `/`, and without its query or
  /// fragment (a server serves the same file whatever they are).
  static func cleaned(_ text: String) -> Bytes {
    var bytes: Bytes = []
    bytes.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
      if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
      bytes.append(byte == UInt8(ascii: "\\") ? slash : byte)
    }
    let start = bytes.firstIndex { $0 > 0x20 } ?? bytes.endIndex
    let end = (bytes.lastIndex { $0 > 0x20 }).map { $0 + 1 } ?? start
    return start < end ? Bytes(bytes[start..<end]) : []
  }

  /// The length of the scheme the text starts with (`https`), or nil when it has none.
  static func schemeLength(_ text: Bytes) -> Int? {
    guard let first = text.first, isLetter(first) else { return nil }
    for (index, byte) in text.enumerated().dropFirst() {
      if byte == UInt8(ascii: ":") { return index }
      let isSchemeByte =
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
      if !isSchemeByte { return nil }
    }
    return nil
  }

  static func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
  }

  /// `[scheme:]//host:port/path` as its authority and path; a text without `//` is all path.
  static func split(_ text: Bytes) -> (authority: Bytes?, path: Bytes) {
    let schemeless = schemeLength(text).map { text[($0 + 1)...] } ?? text[...]
    guard schemeless.starts(with: twoSlashes) else { return (nil, Bytes(schemeless)) }
    let rest = schemeless.drop { $0 == slash }
    let end = rest.firstIndex(of: slash) ?? rest.endIndex
    return (Bytes(rest[..<end]), Bytes(rest[end...]))
  }

  /// A host as a browser compares it: without user and port, percent-decoded, folded.
  static func hostKey(_ authority: Bytes) -> Bytes {
    var host = authority[...]
    if let at = host.lastIndex(of: UInt8(ascii: "@")) { host = host[(at + 1)...] }
    if host.first != UInt8(ascii: "["), let colon = host.firstIndex(of: UInt8(ascii: ":")) { host = host[..<colon] }
    return fold(percentDecoded(Bytes(host)))
  }

  /// The path's segments after resolving it against `base` (a page's folder, ending in an
  /// empty segment), as the most lenient server would: percent-decoded, split at every `/`
  /// (encoded or not), dot segments resolved, empty ones dropped, each folded.
  static func segments(_ path: Bytes, relativeTo base: [Bytes]) -> [Bytes] {
    // Whether the path starts at the root is the browser's decision, made before any decoding.
    var result: [Bytes] = path.first == slash ? [] : Array(base.dropLast())
    let dot = UInt8(ascii: ".")
    for raw in percentDecoded(path).split(separator: slash, omittingEmptySubsequences: false) {
      var segment = raw
      if let semicolon = segment.firstIndex(of: UInt8(ascii: ";")) { segment = segment[..<semicolon] }
      if segment.elementsEqual([dot]) { continue }
      if segment.elementsEqual([dot, dot]) {
        if !result.isEmpty { result.removeLast() }
        continue
      }
      let key = fold(Bytes(segment))
      if !key.isEmpty { result.append(key) }
    }
    return result
  }

  /// `LookAlikeName.key` of the bytes.
  static func fold(_ bytes: Bytes) -> Bytes {
    if bytes.allSatisfy({ $0 < 0x80 }) {
      var folded = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
      while let last = folded.last, last == UInt8(ascii: ".") || last == UInt8(ascii: " ") { folded.removeLast() }
      return folded
    }
    return Bytes(LookAlikeName.key(String(decoding: bytes, as: UTF8.self)).utf8)
  }

  /// The text with every `%XX` decoded, again while any is left (a server may decode twice),
  /// and `\` made `/`; bytes that are not UTF-8 are replaced.
  static func percentDecoded(_ text: String) -> String {
    String(decoding: percentDecoded(Bytes(text.utf8)), as: UTF8.self)
  }

  static func percentDecoded(_ text: Bytes) -> Bytes {
    var bytes = text
    for _ in 0..<4 {
      guard bytes.contains(UInt8(ascii: "%")) else { break }
      var out: Bytes = []
      out.reserveCapacity(bytes.count)
      var index = 0
      var changed = false
      while index < bytes.count {
        if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
          let low = hexValue(bytes[index + 2])
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
    if bytes.contains(UInt8(ascii: "\\")) {
      bytes = bytes.map { $0 == UInt8(ascii: "\\") ? slash : $0 }
    }
    return bytes
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
    guard let first = bytes.next(), isLetter(first) else { return false }
    while let byte = bytes.next() {
      if byte == UInt8(ascii: ":") { return true }
      let isSchemeByte =
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
      if !isSchemeByte { return false }
    }
    return false
  }
}
