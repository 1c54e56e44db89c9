import Foundation
import PackMarkdown

/// Which line of a body as written each line of the filled-in body came from.
///
/// cmark-gfm reads the body after its data tags are filled in, and counts lines there. Most
/// tags fill in a value on their own line, so the lines are the same; but a section repeats
/// its lines for each item (or drops them), and a tag alone on its line (a section's opening
/// or closing tag, a comment) leaves no line behind. Then every position after it would be
/// off. The two texts are compared line by line (the standard library's diff): a line the
/// filling-in left alone is matched with itself, and a line it changed is matched with the
/// most alike of the written lines it came from.
struct BodyLineMap: Sendable {
  /// For line n of the filled-in body (from 1), at index n - 1, the line of the body as written.
  private let writtenLines: [Int32]

  /// The map, or nil when the lines are the same line for line: when the two have as many
  /// lines and the body has only tags that show a value (a value can add lines, never take
  /// them away, so then none added any).
  init?(written: String, filledIn: String) {
    guard Self.lineEnds(written) != Self.lineEnds(filledIn) || Self.hasTagsThatMoveLines(written) else { return nil }
    self.init(
      written: written.split(separator: "\n", omittingEmptySubsequences: false),
      filledIn: filledIn.split(separator: "\n", omittingEmptySubsequences: false))
  }

  init(written: [Substring], filledIn: [Substring]) {
    var removed: Set<Int> = []
    var inserted: Set<Int> = []
    for change in filledIn.difference(from: written) {
      switch change {
      case .remove(let offset, _, _): removed.insert(offset)
      case .insert(let offset, _, _): inserted.insert(offset)
      }
    }
    var lines = [Int32](repeating: 1, count: filledIn.count)
    var stretchWritten: [Int] = []
    var stretchFilled: [Int] = []
    var lastMatched: Int?
    // The filled-in lines of a stretch between two unchanged lines came from its written lines;
    // a line a section repeats may have been matched to the first item's copy, leaving the
    // others' copies in a stretch of their own, so a line is looked for before the stretch too.
    func endStretch(next: Int?) {
      // A line that is only a section's or a comment's tag leaves nothing to point at.
      let candidates = stretchWritten.filter { !Self.isStandaloneTag(written[$0]) }
      if !candidates.isEmpty, candidates.count == stretchFilled.count {
        for (position, filled) in stretchFilled.enumerated() { lines[filled] = Int32(candidates[position] + 1) }
      } else {
        var previous = -1
        for filled in stretchFilled {
          var from: Int?
          var score = 0
          if !candidates.isEmpty {
            // The most alike written line of the stretch; of equally alike ones, the next after
            // the last chosen, going round (a section's lines, once for each item).
            let scores = candidates.map { Self.likeness(written[$0], filledIn[filled]) }
            score = scores.max()!
            let ties = candidates.indices.filter { scores[$0] == score }
            let chosen = ties.first { $0 > previous } ?? ties[0]
            previous = chosen
            from = candidates[chosen]
          }
          // A written line before the stretch's end that is more alike still.
          for line in 0..<(next ?? written.count) where !Self.isStandaloneTag(written[line]) {
            let alike = Self.likeness(written[line], filledIn[filled])
            if alike > score {
              score = alike
              from = line
            }
          }
          lines[filled] = Int32((from ?? lastMatched ?? next ?? stretchWritten.first ?? 0) + 1)
        }
      }
      stretchWritten = []
      stretchFilled = []
    }
    var w = 0
    var f = 0
    while w < written.count || f < filledIn.count {
      if w < written.count, removed.contains(w) {
        stretchWritten.append(w)
        w += 1
      } else if f < filledIn.count, inserted.contains(f) {
        stretchFilled.append(f)
        f += 1
      } else if w < written.count, f < filledIn.count {
        endStretch(next: w)
        lines[f] = Int32(w + 1)
        lastMatched = w
        w += 1
        f += 1
      } else {
        break
      }
    }
    endStretch(next: nil)
    writtenLines = lines
  }

  /// Whether the body has a tag that can take a line away or repeat one: a section, comment,
  /// partial, set-delimiter or pragma tag (`{{#`, `{{^`, `{{/`, `{{!`, `{{>`, `{{<`, `{{$`,
  /// `{{=`, `{{%`, spaces allowed before the sigil).
  static func hasTagsThatMoveLines(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return false }
      var index = 0
      // Each "{{" by a search for '{' (a body has a tag every few lines; one search a tag).
      func nextOpen(from start: Int) -> Int? {
        var at = start
        while at + 1 < bytes.count, let brace = memchr(base + at, Int32(UInt8(ascii: "{")), bytes.count - 1 - at) {
          let found = base.distance(to: brace.assumingMemoryBound(to: UInt8.self))
          if bytes[found + 1] == UInt8(ascii: "{") { return found }
          at = found + 1
        }
        return nil
      }
      while let open = nextOpen(from: index) {
        var sigil = open + 2
        while sigil < bytes.count, bytes[sigil] == UInt8(ascii: " ") || bytes[sigil] == UInt8(ascii: "\t") { sigil += 1 }
        if sigil < bytes.count, Self.movingSigils.contains(bytes[sigil]) { return true }
        index = sigil
      }
      return false
    }
  }

  private static let movingSigils: Set<UInt8> = Set("#^/!><$=%".utf8)

  /// How many "\n" a text holds, counted in its UTF-8 bytes.
  private static func lineEnds(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { bytes in
      var count = 0
      var index = 0
      while let end = bytes.firstIndex(of: Self.newline, from: index) {
        count += 1
        index = end + 1
      }
      return count
    }
  }

  private static let newline: [UInt8] = [UInt8(ascii: "\n")]

  /// The line as written of line `line` of the filled-in body (both from 1).
  func writtenLine(_ line: Int) -> Int {
    line >= 1 && line <= writtenLines.count ? Int(writtenLines[line - 1]) : line
  }

  /// Whether a line is nothing but a tag that renders no line of its own: `{{#list}}`,
  /// `{{/list}}`, `{{^list}}`, `{{! note }}`.
  private static func isStandaloneTag(_ line: Substring) -> Bool {
    let text = line.drop { $0 == " " || $0 == "\t" }
    guard text.hasPrefix("{{"), let close = text.range(of: "}}"), text[close.upperBound...].allSatisfy({ $0 == " " || $0 == "\t" })
    else { return false }
    let sigil = text.dropFirst(2).first { $0 != " " }
    return sigil.map { "#^/!".contains($0) } ?? false
  }

  /// How many characters two lines share at their start (a filled-in line keeps the text
  /// before its first tag); `max` takes the first of equals, the earliest line.
  private static func likeness(_ a: Substring, _ b: Substring) -> Int {
    zip(a, b).prefix { $0 == $1 }.count
  }
}
