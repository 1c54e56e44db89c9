import PackMarkdown

/// A Mustache tag as it is written in a template or a document body, found without parsing.
///
/// For the checks made before anything renders (a document body may not pull in a template)
/// and for placing what a render found. A tag that does not close on the line it opens on (a
/// long comment) is not listed, nor one written with other delimiters (`{{=<% %>=}}`).
struct WrittenTag: Equatable {
  /// `#`, `^`, `/`, `>`, `<`, `$`, `!`, `&`, `{`, `=` or `%`; nil for a plain `{{name}}`.
  var sigil: Character?
  /// The name as written, e.g. `judgements.childrenInCare.grade` or `empty(findings.strengths)`.
  var name: String
  /// Where the tag's `{{` is, counted as the author counts: lines from 1, characters from 1.
  var line: Int
  var column: Int

  /// The tag as the author wrote it, give or take spaces: `{{#findings.strengths}}`.
  var written: String {
    sigil == "{" ? "{{{\(name)}}}" : "{{\(sigil.map(String.init) ?? "")\(name)}}"
  }

  static let sigils: Set<Character> = ["#", "^", "/", ">", "<", "$", "!", "&", "{", "=", "%"]

  /// Whether the tag shows or tests a value: `{{x}}`, `{{{x}}}`, `{{&x}}`, `{{#x}}`, `{{^x}}`.
  var looksUpAName: Bool { sigil == nil || sigil == "{" || sigil == "&" || sigil == "#" || sigil == "^" }

  /// Whether the tag pulls in another template: `{{>name}}` or `{{<name}}`.
  var namesAPartial: Bool { sigil == ">" || sigil == "<" }

  /// The first part of the name, where a lookup starts: `judgements` for
  /// `judgements.childrenInCare.grade`, and for `empty(judgementList)`.
  var rootName: Substring {
    var name = name[...]
    if let open = name.firstIndex(of: "("), name.last == ")" {
      name = name[name.index(after: open)..<name.index(before: name.endIndex)]
    }
    return name.prefix { $0 != "." && $0 != " " }
  }

  /// Every tag of `text` that opens and closes on one line, in order.
  static func all(in text: String) -> [WrittenTag] {
    let bytes = Array(text.utf8)
    let open: [UInt8] = Array("{{".utf8)
    let close: [UInt8] = Array("}}".utf8)
    var tags: [WrittenTag] = []
    var line = 1
    var counted = 0
    // The column of `counted`: counted on from the last tag, not from the line's start, so a
    // long line of many tags costs its length once, not once per tag.
    var column = 1
    var at = 0
    while let start = bytes.firstIndex(of: open, from: at) {
      guard let end = bytes.firstIndex(of: close, from: start + 2) else { break }
      // Line ends between the last tag and this one.
      var from = counted
      for index in counted..<start where bytes[index] == UInt8(ascii: "\n") {
        line += 1
        from = index + 1
        column = 1
      }
      column += String(decoding: bytes[from..<start], as: UTF8.self).count
      counted = start
      if bytes[(start + 2)..<end].contains(UInt8(ascii: "\n")) {
        at = start + 2
        continue
      }
      var inner = Substring(String(decoding: bytes[(start + 2)..<end], as: UTF8.self))
      inner = inner.drop { $0 == " " || $0 == "\t" }
      var sigil: Character?
      if let first = inner.first, sigils.contains(first) {
        sigil = first
        inner = inner.dropFirst()
      }
      let name = inner.trimmingSpacesAndBraces()
      tags.append(WrittenTag(sigil: sigil, name: name, line: line, column: column))
      at = end + 2
    }
    return tags
  }
}

extension WrittenTag {
  /// For each place (line and column, in order or not), the names of the sections open there:
  /// `["previous"]` inside `{{#previous}}…{{/previous}}`.
  static func sectionsOpen(in text: String, at places: [(line: Int, column: Int)]) -> [[String]] {
    let tags = all(in: text)
    return places.map { place in
      var open: [String] = []
      for tag in tags {
        guard (tag.line, tag.column) < (place.line, place.column) else { break }
        if tag.sigil == "#" || tag.sigil == "^" {
          open.append(tag.name)
        } else if tag.sigil == "/", let last = open.lastIndex(of: tag.name) {
          open.removeSubrange(last...)
        }
      }
      return open
    }
  }
}

extension Substring {
  /// Without spaces at either end, and without the third brace of `{{{name}}}`.
  fileprivate func trimmingSpacesAndBraces() -> String {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" || last == "}" { text = text.dropLast() }
    return String(text)
  }
}
