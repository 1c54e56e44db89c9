import PackMarkdown

/// A document body with each run of lines that hold no tag stood in for by a short placeholder,
/// so Mustache parses only the lines with tags.
///
/// swift-mustache's parser reads its input a `Character` at a time, and a document is mostly
/// prose: parsing whole bodies was the largest cost of rendering after the Markdown itself.
/// Lines without tags are copied through by Mustache untouched (once per pass of the section
/// they are in), so putting them back after rendering gives exactly the text a render of the
/// whole body gives:
///
/// - a placeholder keeps its run's last newline, so every line that holds a tag keeps its
///   neighbours' line breaks and is standalone (or not) as before;
/// - a tag that spans lines (`{{! a long\ncomment }}`) keeps all its lines;
/// - a body with a set-delimiter tag (`{{=<% %>=}}`), a partial, parent or block tag, an
///   unclosed tag, a line end other than "\n", or a non-ASCII character beside a brace is not
///   compacted (see `readsAsBytesDo` and `linesHoldingTags`).
///
/// A placeholder is U+0001, the run's number and U+0002: control characters no keyboard types
/// and YAML does not allow unescaped, and ASCII, which Swift reads a Character of fastest. A
/// body that holds either is not compacted, and `DocumentRenderer` turns compaction off for a
/// build whose data holds them.
struct PlainLines {
  /// The template Mustache parses.
  let template: String
  /// The text of each run, by its number.
  let runs: [ArraySlice<UInt8>]

  static let open: [UInt8] = [0x01]
  static let close: [UInt8] = [0x02]
  /// Runs shorter than this stay as they are: a placeholder would save nothing.
  static let shortestRun = 24

  /// The compacted template, or nil when compacting `source` would not be exact or gain nothing.
  init?(_ source: String) {
    let bytes = Array(source.utf8)
    guard !bytes.contains(Self.open), !bytes.contains(Self.close), Self.readsAsBytesDo(bytes),
      let (tagLines, tags) = Self.linesHoldingTags(bytes)
    else { return nil }
    var template: [UInt8] = []
    template.reserveCapacity(bytes.count / 4)
    var runs: [ArraySlice<UInt8>] = []
    var next = 0
    var nextTag = 0
    // The text between two stretches of tag lines is whole lines: each ends with a newline
    // except, perhaps, the last line of the body.
    for stretch in tagLines + [bytes.count..<bytes.count] {
      let plain = bytes[next..<stretch.lowerBound]
      let keepsNewline = plain.last == UInt8(ascii: "\n")
      let text = keepsNewline ? plain.dropLast() : plain
      if text.count >= Self.shortestRun {
        template += Self.open + Array(String(runs.count).utf8) + Self.close
        if keepsNewline { template.append(UInt8(ascii: "\n")) }
        runs.append(text)
      } else {
        template += plain
      }
      // Inside a stretch, the tags stay and so does the text around them, except prose that
      // could never make a line standalone (see `isProse`).
      var between = stretch.lowerBound
      while nextTag < tags.count, tags[nextTag].lowerBound < stretch.upperBound {
        let tag = tags[nextTag]
        Self.compactProse(bytes[between..<tag.lowerBound], into: &template, runs: &runs)
        template += bytes[tag]
        between = tag.upperBound
        nextTag += 1
      }
      Self.compactProse(bytes[between..<stretch.upperBound], into: &template, runs: &runs)
      next = stretch.upperBound
    }
    guard !runs.isEmpty else { return nil }
    self.template = String(decoding: template, as: UTF8.self)
    self.runs = runs
  }

  /// The text between tags on lines that hold tags, piece by piece between line ends, with
  /// each piece of prose stood in for by a placeholder.
  private static func compactProse(_ text: ArraySlice<UInt8>, into template: inout [UInt8], runs: inout [ArraySlice<UInt8>]) {
    var start = text.startIndex
    while start < text.endIndex {
      let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
      let piece = text[start..<end]
      if isProse(piece) {
        template += open + Array(String(runs.count).utf8) + close
        runs.append(piece)
      } else {
        template += piece
      }
      if end < text.endIndex { template.append(UInt8(ascii: "\n")) }
      start = end + 1
    }
  }

  /// Whether a piece of a line may become a placeholder beside tags without changing how
  /// Mustache reads the line: it holds a letter or digit, so the line is not standalone with
  /// it or with its placeholder; it begins and ends with ASCII (not a line end), so no
  /// character joins it to the tag beside it; and it is long enough to be worth it.
  private static func isProse(_ piece: ArraySlice<UInt8>) -> Bool {
    guard piece.count >= shortestRun, let first = piece.first, let last = piece.last, first < 0x80, last < 0x80,
      last != UInt8(ascii: "\r")
    else { return false }
    return piece.contains { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
  }

  /// Whether swift-mustache, which reads Characters, sees the same braces and line ends as a
  /// byte scan: no character joins a brace into a larger Character (a combining mark after it,
  /// U+0600 before it; "’" beside a brace is fine), and there is no line end but "\n" (it takes
  /// a lone "\r", "\u{B}", "\u{C}", U+0085, U+2028 and U+2029 as line ends too, which decides
  /// whether a tag stands alone on its line).
  static func readsAsBytesDo(_ bytes: [UInt8]) -> Bool {
    let lineEnds: [[UInt8]] = [[0x0B], [0x0C], [0x0D], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9]]
    guard !lineEnds.contains(where: { bytes.contains($0) }) else { return false }
    for index in bytes.indices where bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "}") {
      let brace = String(UnicodeScalar(bytes[index]))
      if index + 1 < bytes.count, bytes[index + 1] >= 0x80 {
        // The character after the brace, decoded from at most four bytes.
        let after = String(decoding: bytes[(index + 1)..<min(index + 5, bytes.count)], as: UTF8.self)
        if let scalar = after.unicodeScalars.first, (brace + String(scalar)).count == 1 { return false }
      }
      if index > 0, bytes[index - 1] >= 0x80 {
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        let before = String(decoding: bytes[start..<index], as: UTF8.self)
        if let scalar = before.unicodeScalars.last, (String(scalar) + brace).count == 1 { return false }
      }
    }
    return true
  }

  /// Each stretch of whole lines that holds part of a tag, from the first byte of its first
  /// line to the newline that ends its last line (or the end), and each tag; nil if a tag is
  /// unclosed or sets new delimiters.
  static func linesHoldingTags(_ bytes: [UInt8]) -> (stretches: [Range<Int>], tags: [Range<Int>])? {
    let tagOpen = Array("{{".utf8)
    var tags: [Range<Int>] = []
    var stretches: [Range<Int>] = []
    var from = 0
    while let open = bytes.firstIndex(of: tagOpen, from: from) {
      let kind = open + 2 < bytes.count ? bytes[open + 2] : 0
      // New delimiters change what a tag is; partials, parents and blocks indent what they hold
      // token by token, and a placeholder is one token for many lines.
      if "=><$".utf8.contains(kind) { return nil }
      let tagClose = Array((kind == UInt8(ascii: "{") ? "}}}" : "}}").utf8)
      guard let close = bytes.firstIndex(of: tagClose, from: open + 2) else { return nil }
      let end = close + tagClose.count
      tags.append(open..<end)
      let lineStart = bytes[..<open].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
      let lineEnd = bytes[end...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.count
      if let last = stretches.last, lineStart <= last.upperBound {
        stretches[stretches.count - 1] = last.lowerBound..<max(last.upperBound, lineEnd)
      } else {
        stretches.append(lineStart..<lineEnd)
      }
      from = end
    }
    return (stretches, tags)
  }

  /// The rendered template with each placeholder replaced by its run's text.
  func expand(_ rendered: String) -> String {
    let bytes = Array(rendered.utf8)
    // The pieces in order: a stretch of the rendered text, or a run. Measured first, so the
    // text is written once, straight into the new string.
    var pieces: [(run: Int?, range: Range<Int>)] = []
    var rest = 0
    while let open = bytes.firstIndex(of: Self.open, from: rest) {
      let digits = open + Self.open.count
      guard let close = bytes.firstIndex(of: Self.close, from: digits),
        let number = Int(String(decoding: bytes[digits..<close], as: UTF8.self)), runs.indices.contains(number)
      else {
        pieces.append((nil, rest..<digits))
        rest = digits
        continue
      }
      pieces.append((nil, rest..<open))
      pieces.append((number, runs[number].indices))
      rest = close + Self.close.count
    }
    pieces.append((nil, rest..<bytes.count))
    let count = pieces.reduce(0) { $0 + $1.range.count }
    return String(unsafeUninitializedCapacity: count) { buffer in
      var written = 0
      for piece in pieces {
        let source = piece.run.map { runs[$0][piece.range] } ?? bytes[piece.range]
        _ = UnsafeMutableBufferPointer(rebasing: buffer[written..<written + source.count]).initialize(from: source)
        written += source.count
      }
      return written
    }
  }
}
