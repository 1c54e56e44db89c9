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

  /// The map, or nil when the lines are the same line for line (the usual case, found cheaply).
  init?(written: String, filledIn: String) {
    guard Self.lineEnds(written) != Self.lineEnds(filledIn) || written.containsBytes("{{#") || written.containsBytes("{{^")
    else {
      return nil
    }
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
    var lastWritten = 0
    func endStretch() {
      // A line that is only a section's or a comment's tag leaves nothing to point at.
      let candidates = stretchWritten.filter { !Self.isStandaloneTag(written[$0]) }
      var previous = candidates.first ?? lastWritten
      for (position, filled) in stretchFilled.enumerated() {
        let from: Int
        if candidates.isEmpty {
          from = stretchWritten.first ?? lastWritten
        } else if candidates.count == stretchFilled.count {
          from = candidates[position]
        } else {
          // In order: a line repeated for each item points back at the one line it came from.
          let onward = candidates.filter { $0 >= previous }
          from = (onward.isEmpty ? candidates : onward).max {
            Self.likeness(written[$0], filledIn[filled]) < Self.likeness(written[$1], filledIn[filled])
          }!
        }
        lines[filled] = Int32(from + 1)
        previous = from
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
        endStretch()
        lines[f] = Int32(w + 1)
        lastWritten = w
        w += 1
        f += 1
      } else {
        break
      }
    }
    endStretch()
    writtenLines = lines
  }

  /// How many "\n" a text holds, counted in its UTF-8 bytes.
  private static func lineEnds(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { bytes in
      var count = 0
      for byte in bytes where byte == UInt8(ascii: "\n") { count += 1 }
      return count
    }
  }

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
