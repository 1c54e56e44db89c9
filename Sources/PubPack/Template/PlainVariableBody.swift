import Foundation

/// A document body whose only tags are plain variables (`{{council.name}}`), filled in by direct
/// substitution instead of through swift-mustache.
///
/// Most bodies use data tags only to show a fact. For them a Mustache parse (a `Character` at a
/// time) and render (a dynamic cast per name per frame) were a sixth of a build's CPU, and the
/// text they give is the body with each tag replaced by its value, escaped as the `MARKDOWN`
/// content type escapes it. This gives that same text, byte for byte, or nil whenever
/// swift-mustache could read the body any other way, and the caller renders it through
/// `StrictTemplate` as before. So it takes a body only when:
///
/// - every `{{` opens a tag of ASCII letters, digits and `_` in parts joined by single dots,
///   closed at once by `}}`: no sections, partials, comments, pragmas, triple braces, spaces
///   or transforms, so no tag can stand alone on its line and take the line away;
/// - no byte next to a tag's braces is non-ASCII, so every brace is a `Character` of its own to
///   swift-mustache (a combining mark or ZWJ after one, or a prepended mark before, would join
///   it into another);
/// - the body does not begin with a space, tab or line end (nor a non-ASCII byte): the
///   `{{% CONTENT_TYPE: MARKDOWN}}` pragma `DocumentRenderer` puts before it would stand alone
///   on a blank first line and take that line away; nor end with a `{`, which swift-mustache
///   cannot parse (the error is the contract), or with a space or tab (it drops a last line of
///   nothing but those);
/// - each name leads through maps of the data to a text (`.string`), exactly as `LookupNode`
///   finds it from the root: anything else (a miss, a group, a list, a flag, a null) is left to
///   swift-mustache, whose messages and renderings of those are the contract.
enum PlainVariableBody {
  /// The filled-in body and the values it showed that hold a placeholder (each once, in order),
  /// or nil when the body is not one this can fill in exactly.
  static func render(_ body: String, data: TemplateValue) -> (text: String, placeholdersShown: [Placeholders.Shown])? {
    guard case .map(let root) = data else { return nil }
    var body = body
    return body.withUTF8 { bytes -> (String, [Placeholders.Shown])? in
      guard let first = bytes.first, first < 0x80, first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
        !(0x0A...0x0D).contains(first),
        // swift-mustache cannot read a text whose last character is a '{' (it looks for a second).
        bytes.last != UInt8(ascii: "{"),
        // It drops the spaces of a last line that holds nothing else.
        bytes.last != UInt8(ascii: " "), bytes.last != UInt8(ascii: "\t")
      else { return nil }
      var output: [UInt8] = []
      output.reserveCapacity(bytes.count + bytes.count / 16)
      var shown: [Placeholders.Shown] = []
      // A body shows the same few facts again and again ({{council.name}} in every paragraph):
      // each name is resolved, escaped and looked at for the placeholder once.
      var filled: [String: (escaped: String, holdsPlaceholder: Bool)] = [:]
      var rest = 0
      var at = 0
      let brace = UInt8(ascii: "{")
      let closing = UInt8(ascii: "}")
      while at + 1 < bytes.count {
        guard let open = Self.firstIndex(of: brace, in: bytes, from: at) else { break }
        guard open + 1 < bytes.count, bytes[open + 1] == brace else {
          at = open + 1
          continue
        }
        if open > 0, bytes[open - 1] >= 0x80 { return nil }
        // The name: parts of [A-Za-z0-9_] joined by single dots.
        var end = open + 2
        var parts: [Range<Int>] = []
        var partStart = end
        while end < bytes.count {
          let byte = bytes[end]
          if Self.isNameByte(byte) {
            end += 1
          } else if byte == UInt8(ascii: "."), end > partStart {
            parts.append(partStart..<end)
            end += 1
            partStart = end
          } else {
            break
          }
        }
        guard end > partStart, end + 1 < bytes.count, bytes[end] == closing, bytes[end + 1] == closing else {
          return nil
        }
        parts.append(partStart..<end)
        let after = end + 2
        if after < bytes.count, bytes[after] >= 0x80 { return nil }
        let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 2)..<end]), as: UTF8.self)
        let fill: (escaped: String, holdsPlaceholder: Bool)
        if let known = filled[path] {
          fill = known
        } else {
          // Resolve from the root, map by map, to a text.
          var map = root
          var text: String?
          for (index, part) in parts.enumerated() {
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[part]), as: UTF8.self)
            guard let value = map[name] else { return nil }
            if index == parts.count - 1 {
              guard case .string(let value) = value else { return nil }
              text = value
            } else {
              guard case .map(let inner) = value else { return nil }
              map = inner
            }
          }
          guard let text else { return nil }
          fill = (escapingMarkup(text, quote: nil, apostrophe: nil), Placeholders.holds(text))
          filled[path] = fill
          if fill.holdsPlaceholder {
            let value = Placeholders.Shown(path: path, text: text)
            if !shown.contains(value) { shown.append(value) }
          }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rest..<open]))
        output.append(contentsOf: fill.escaped.utf8)
        rest = after
        at = after
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rest...]))
      return (String(decoding: output, as: UTF8.self), shown)
    }
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "_"):
      true
    default: false
    }
  }

  private static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }
}
