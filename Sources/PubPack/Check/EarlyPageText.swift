import Foundation

/// A line of an early page as a reader sees its words: character references decoded, Markdown
/// emphasis, code and link markers, HTML tags and comments, Mustache comments and invisible
/// characters (soft hyphens, zero-width spaces) taken out. `g&#111;od`, `**g**ood`,
/// `go{{! x }}od` and `go\u{AD}od` all read "good", as the published page shows them.
///
/// Only pages published before the report are read this way: they may state no outcome at all,
/// so a word split by markup must not slip past the check (SPEC.md, embargo rule 2).
enum EarlyPageText {
  /// The line's text as a reader sees it, and for each of its characters the column (counted
  /// in characters from 1, after `indent`) of the character of the line it comes from; nil when
  /// the line holds nothing to take out, so it reads as written.
  static func normalised(_ line: Substring, indent: Int = 0) -> (text: String, columns: [Int])? {
    guard mayNeedNormalising(line) else { return nil }
    let chars = Array(line)
    var text = ""
    var columns: [Int] = []
    var i = 0
    func append(_ character: Character, from index: Int) {
      let kept = character.unicodeScalars.filter { !isInvisible($0) }
      guard !kept.isEmpty else { return }
      var scalars = String.UnicodeScalarView()
      for scalar in kept { scalars.append(contentsOf: readAs(scalar)) }
      let piece = String(scalars)
      text += piece
      for _ in 0..<piece.count { columns.append(indent + index + 1) }
    }
    // Where a closing string was looked for in vain: it is in no later part of the line either,
    // so a line of many '<' and no '>' is read once, not once for each '<'.
    var missingFrom: [String: Int] = [:]
    /// The index just after `close`, looked for from `start`, or nil.
    func end(of close: String, from start: Int) -> Int? {
      if let missing = missingFrom[close], start >= missing { return nil }
      let closing = Array(close)
      var j = start
      while j + closing.count <= chars.count {
        if chars[j..<(j + closing.count)].elementsEqual(closing) { return j + closing.count }
        j += 1
      }
      missingFrom[close] = min(missingFrom[close] ?? start, start)
      return nil
    }
    while i < chars.count {
      let c = chars[i]
      let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
      switch c {
      case "{" where next == "{":
        if i + 2 < chars.count, chars[i + 2] == "!" {
          // A Mustache comment shows nothing.
          i = end(of: "}}", from: i + 3) ?? chars.count
        } else {
          // A data tag is kept as written: the check reads tags as tags.
          let stop = end(of: "}}", from: i + 2) ?? chars.count
          for j in i..<stop { append(chars[j], from: j) }
          i = stop
        }
      case "<" where next == "!":
        if let stop = end(of: "-->", from: i + 2), i + 3 < chars.count, chars[i + 2] == "-", chars[i + 3] == "-" {
          i = stop
        } else if let stop = end(of: ">", from: i + 2) {
          i = stop
        } else {
          append(c, from: i)
          i += 1
        }
      case "<" where next.map { $0.isASCII && ($0.isLetter || $0 == "/") } == true:
        if let stop = end(of: ">", from: i + 1) {
          i = stop
        } else {
          append(c, from: i)
          i += 1
        }
      case "&":
        if let (decoded, stop) = reference(in: chars, at: i) {
          for character in decoded { append(character, from: i) }
          i = stop
        } else {
          append(c, from: i)
          i += 1
        }
      case "*", "_", "~", "`", "[":
        i += 1
      case "]":
        // A link's destination is not shown: `[go](x)od` reads "good".
        if next == "(", let stop = end(of: ")", from: i + 2) {
          i = stop
        } else {
          i += 1
        }
      case "\\" where next.map { $0.isASCII && $0.isPunctuation || $0.isASCII && $0.isSymbol } == true:
        append(next!, from: i + 1)
        i += 2
      default:
        append(c, from: i)
        i += 1
      }
    }
    return (text, columns)
  }

  /// The body with each Mustache or HTML comment that spans lines taken out (so the lines it
  /// spanned become one), and for each line of it the index of the body's line it starts on;
  /// the body as it is, and nil, when it holds no such comment.
  static func joiningComments(_ body: String) -> (String, [Int]?) {
    guard body.contains("{{!") || body.contains("<!--") else { return (body, nil) }
    let chars = Array(body)
    var out = ""
    var starts = [0]
    var line = 0
    var changed = false
    var i = 0
    func find(_ close: [Character], from start: Int) -> Int? {
      var j = start
      while j + close.count <= chars.count {
        if chars[j..<(j + close.count)].elementsEqual(close) { return j + close.count }
        j += 1
      }
      return nil
    }
    // Where a closing string was looked for in vain: it is nowhere later either.
    var missing: [String: Int] = [:]
    while i < chars.count {
      let c = chars[i]
      var close: String?
      if c == "{", i + 2 < chars.count, chars[i + 1] == "{", chars[i + 2] == "!" { close = "}}" }
      if c == "<", i + 3 < chars.count, chars[i + 1] == "!", chars[i + 2] == "-", chars[i + 3] == "-" { close = "-->" }
      if let close, i < (missing[close] ?? Int.max) {
        if let stop = find(Array(close), from: i + 3) {
          let newlines = chars[i..<stop].filter { $0 == "\n" }.count
          if newlines > 0 {
            line += newlines
            changed = true
            i = stop
            continue
          }
        } else {
          missing[close] = i
        }
      }
      out.append(c)
      if c == "\n" {
        line += 1
        starts.append(line)
      }
      i += 1
    }
    return changed ? (out, starts) : (body, nil)
  }

  /// Whether the line holds a byte that could start something to take out: any non-ASCII
  /// byte, or one of `& * _ ~ ` [ ] < { \`. Most lines hold none, and are read as written.
  static func mayNeedNormalising(_ line: Substring) -> Bool {
    line.utf8.contains { byte in
      byte >= 0x80 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "[")
        || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "{")
        || byte == UInt8(ascii: "\\")
    }
  }

  /// The letters a reader takes a scalar for: fullwidth and mathematical letters and digits as
  /// the ASCII their compatibility form is (`ｇｏｏｄ`, `𝐠𝐨𝐨𝐝`), and the Greek and Cyrillic letters
  /// drawn as Latin ones as those (`gοοd` with omicrons); any other scalar as it is. A page
  /// may not state the outcome in letters that only look like it.
  static func readAs(_ scalar: Unicode.Scalar) -> String.UnicodeScalarView {
    guard !scalar.isASCII else { return String.UnicodeScalarView([scalar]) }
    if let latin = lookAlikes[scalar] { return String.UnicodeScalarView([latin]) }
    let compatible = String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars
    if !compatible.isEmpty, compatible.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
      return compatible
    }
    return String.UnicodeScalarView([scalar])
  }

  /// Greek and Cyrillic letters drawn as Latin ones (Unicode's confusables, the letters alone).
  static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
    // Cyrillic
    "\u{430}": "a", "\u{435}": "e", "\u{43E}": "o", "\u{440}": "p", "\u{441}": "c", "\u{443}": "y",
    "\u{445}": "x", "\u{456}": "i", "\u{458}": "j", "\u{455}": "s", "\u{4BB}": "h", "\u{501}": "d",
    "\u{51B}": "q", "\u{51D}": "w", "\u{4CF}": "l", "\u{410}": "A", "\u{412}": "B", "\u{415}": "E",
    "\u{41A}": "K", "\u{41C}": "M", "\u{41D}": "H", "\u{41E}": "O", "\u{420}": "P", "\u{421}": "C",
    "\u{422}": "T", "\u{425}": "X", "\u{406}": "I", "\u{408}": "J", "\u{405}": "S", "\u{4C0}": "I",
    // Greek
    "\u{3BF}": "o", "\u{3B1}": "a", "\u{3B9}": "i", "\u{3BA}": "k", "\u{3BD}": "v", "\u{3C1}": "p",
    "\u{3C5}": "u", "\u{3C7}": "x", "\u{391}": "A", "\u{392}": "B", "\u{395}": "E", "\u{396}": "Z",
    "\u{397}": "H", "\u{399}": "I", "\u{39A}": "K", "\u{39C}": "M", "\u{39D}": "N", "\u{39F}": "O",
    "\u{3A1}": "P", "\u{3A4}": "T", "\u{3A5}": "Y", "\u{3A7}": "X",
  ]

  /// Characters a reader does not see, which split a word without showing: soft hyphen,
  /// zero-width spaces and joiners, direction marks, invisible operators, variation selectors,
  /// the byte order mark and tag characters.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0xAD, 0x34F, 0x61C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F, 0x202A...0x202E,
      0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0x1D173...0x1D17A, 0xE0000...0xE0FFF:
      true
    default: false
    }
  }

  /// Named references a reader sees as a space or a quotation mark, or as nothing.
  static let named: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
    "thinsp": " ", "hairsp": " ", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
    "shy": "", "ZeroWidthSpace": "", "NegativeVeryThinSpace": "", "NegativeThinSpace": "",
    "NegativeMediumSpace": "", "NegativeThickSpace": "", "zwj": "", "zwnj": "", "NoBreak": "", "lrm": "",
    "rlm": "", "InvisibleTimes": "", "it": "", "InvisibleComma": "", "ic": "", "ApplyFunction": "", "af": "",
  ]

  /// The character reference starting at `start` ('&'): what it shows, and the index after its
  /// ';'. Numeric references are decoded whatever their character; named ones from `named`.
  static func reference(in chars: [Character], at start: Int) -> (String, Int)? {
    var j = start + 1
    var name = ""
    while j < chars.count, j - start <= 32, chars[j] != ";" {
      name.append(chars[j])
      j += 1
    }
    guard j < chars.count, chars[j] == ";", !name.isEmpty else { return nil }
    if let text = named[name] { return (text, j + 1) }
    let code: UInt32?
    if name.hasPrefix("#x") || name.hasPrefix("#X") {
      code = UInt32(name.dropFirst(2), radix: 16)
    } else if name.hasPrefix("#") {
      code = UInt32(name.dropFirst())
    } else {
      code = nil
    }
    guard let code, let scalar = Unicode.Scalar(code) else { return nil }
    return (String(Character(scalar)), j + 1)
  }
}
