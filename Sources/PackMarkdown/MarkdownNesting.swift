/// How deep block quotes and list items nest in a Markdown text, estimated line by line from
/// each line's start, without parsing.
///
/// cmark-gfm's work for each line, and for each piece of text it adds to the tree, grows with
/// the number of containers open around it (it checks every open one, and appending a node
/// walks up its ancestors), so a list nested thirty thousand deep followed by as many lines
/// takes minutes. Nesting needs a marker (`>`, `-`, `+`, `*`, `1.`, `1)`) for each level on
/// the line that opens it, and on later lines either the marker again (`>`) or indentation
/// (two columns or more per list level); a lazy line continues a paragraph and opens nothing.
/// So no line can be nested deeper than its markers plus half its indentation, and the
/// indentation continues no more levels than were open before it. That estimate errs high,
/// never low: a line it passes is no deeper than it says.
public enum MarkdownNesting {
  /// The first line whose estimated nesting is deeper than `limit`: its line (from 1), the
  /// column (from 1) of the marker that went beyond, and the depth reached on the line.
  public static func firstLine(deeperThan limit: Int, in text: String) -> (line: Int, column: Int, depth: Int)? {
    var text = text
    return text.withUTF8 { bytes in
      var deepestSoFar = 0
      var line = 1
      var start = 0
      while start <= bytes.count {
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        var at = start
        var columns = 0
        var indentation = 0
        var markers = 0
        scan: while at < end {
          let marker = at
          switch bytes[at] {
          case UInt8(ascii: " "):
            columns += 1
            indentation += 1
            at += 1
          case UInt8(ascii: "\t"):
            let width = 4 - columns % 4
            columns += width
            indentation += width
            at += 1
          case UInt8(ascii: ">"):
            markers += 1
            columns += 1
            at += 1
          default:
            // A line of three or more `-`, `*` or `_` is a thematic break, not list items.
            if isThematicBreak(bytes[at..<end]) { break scan }
            guard let width = listMarkerWidth(bytes[at..<end]) else { break scan }
            markers += 1
            columns += width
            at += width
          }
          let depth = markers + min(indentation / 2, deepestSoFar)
          if depth > limit {
            let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<marker]), as: UTF8.self).count + 1
            return (line, column, depth)
          }
        }
        deepestSoFar = max(deepestSoFar, markers + min(indentation / 2, deepestSoFar))
        line += 1
        start = end + 1
      }
      return nil
    }
  }

  /// The bytes of a list item's marker at the start of `rest` (`-`, `+`, `*`, or up to nine
  /// digits and `.` or `)`), when a space, a tab or the line's end follows it.
  static func listMarkerWidth(_ rest: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    guard let first = rest.first else { return nil }
    var width: Int
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
      width = 1
    } else {
      let digits = rest.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
      guard (1...9).contains(digits), rest.count > digits,
        [UInt8(ascii: "."), UInt8(ascii: ")")].contains(rest[rest.startIndex + digits])
      else { return nil }
      width = digits + 1
    }
    guard
      rest.count == width
        || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(rest[rest.startIndex + width])
    else {
      return nil
    }
    return width
  }

  /// Whether `rest` is three or more of one of `-`, `*`, `_`, with only spaces and tabs between.
  static func isThematicBreak(_ rest: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard let first = rest.first, [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_")].contains(first) else {
      return false
    }
    var count = 0
    for byte in rest {
      if byte == first {
        count += 1
      } else if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\r") {
        return false
      }
    }
    return count >= 3
  }
}
