import Foundation

/// The picture a shared link shows (`og:image`), drawn as SVG.
///
/// A 1200x630 card with the council's name, the page's title and, for the webpage and the press
/// release once the pack is released, the overall effectiveness grade in Ofsted's words.
/// `ShareImageRenderer` turns it into a PNG.
///
/// Text is laid out with the advance widths of Liberation Sans Bold (the metric twin of Arial,
/// from Debian's `fonts-liberation`), named explicitly so the card does not depend on
/// fontconfig's idea of `sans-serif`: a title is wrapped onto at most three lines, and one
/// that does not fit ends in an ellipsis.
public struct ShareCard: Sendable, Equatable {
  /// The card's size in pixels: what `og:image:width` and `og:image:height` say.
  public static let width = 1200
  public static let height = 630

  public var councilName: String
  public var title: String
  /// "Overall effectiveness: Good", or nil.
  public var grade: String?
  /// A smaller line at the foot when there is no grade (the site's title), or nil.
  public var footer: String?

  public init(councilName: String, title: String, grade: String? = nil, footer: String? = nil) {
    self.councilName = councilName
    self.title = title
    self.grade = grade
    self.footer = footer
  }

  /// The card of a document's page.
  ///
  /// The grade is shown on the webpage and the press release only, and only once
  /// `isPackReleased`: no card ever states the outcome before the report is public.
  static func forDocument(_ document: Document, inspection: Inspection, siteTitle: String, isPackReleased: Bool)
    -> ShareCard
  {
    let showsGrade = isPackReleased && (document.kind == .webpage || document.kind == .pressRelease)
    let grade = showsGrade ? inspection.judgements[.overallEffectiveness] : nil
    return ShareCard(
      councilName: inspection.council.name, title: document.title,
      grade: grade.map { "\(Judgement.overallEffectiveness.ofstedWording()): \($0.ofstedWording)" },
      footer: grade == nil ? siteTitle : nil)
  }

  /// The landing page's card: the council and the site's title, never a grade (the landing
  /// page is released by every build, before the report too).
  static func forLanding(inspection: Inspection, siteTitle: String) -> ShareCard {
    ShareCard(councilName: inspection.council.name, title: siteTitle)
  }

  /// The card's text in reading order, for `og:image:alt`: the whole title (not the
  /// ellipsised one), at most 420 characters (X's limit for alternative text).
  public var altText: String {
    var parts = [councilName, title]
    if let grade { parts.append(grade) } else if let footer { parts.append(footer) }
    let text = parts.map(Self.clean).filter { !$0.isEmpty }.map(Self.sentence).joined(separator: " ")
    return text.count <= 420 ? text : String(text.prefix(419)) + "…"
  }

  // MARK: - Drawing

  static let fontFamily = "'Liberation Sans', Arial, sans-serif"
  static let textWidth = 1040.0
  static let left = 80

  /// The card as an SVG document.
  public var svg: String {
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.width)" height="\(Self.height)" \
      viewBox="0 0 \(Self.width) \(Self.height)">
      <rect width="\(Self.width)" height="\(Self.height)" fill="#1d70b8"/>
      <rect x="0" y="\(Self.height - 24)" width="\(Self.width)" height="24" fill="#003078"/>
      <g font-family="\(Self.fontFamily)" font-weight="bold" fill="#ffffff">

      """
    let council = Self.fit(Self.clean(councilName), size: 40, lines: 1)
    out += text(council[0], y: 112, size: 40)
    out += "<rect x=\"\(Self.left)\" y=\"144\" width=\"120\" height=\"8\" fill=\"#ffdd00\"/>\n"
    let titleLines = Self.fit(Self.clean(title), size: 64, lines: 3)
    for (index, line) in titleLines.enumerated() {
      out += text(line, y: 250 + index * 78, size: 64)
    }
    if let grade {
      // The grade on a white panel: "Requires improvement to be good" is long, so the size
      // shrinks to fit the width rather than wrapping.
      let words = Self.clean(grade)
      let size = min(44, Int(Self.textWidth - 48) * 44 / max(Int(Self.measure(words, size: 44)), 1))
      let panel = Int(Self.measure(words, size: Double(size))) + 48
      out +=
        "<rect x=\"\(Self.left)\" y=\"\(520 - size - 20)\" width=\"\(panel)\" height=\"\(size + 44)\" fill=\"#ffffff\"/>\n"
      out +=
        "<text x=\"\(Self.left + 24)\" y=\"\(520 - 4)\" font-size=\"\(size)\" fill=\"#0b0c0c\">\(Self.escape(words))</text>\n"
    } else if let footer {
      out += text(Self.fit(Self.clean(footer), size: 34, lines: 1)[0], y: 540, size: 34)
    }
    out += "</g>\n</svg>\n"
    return out
  }

  private func text(_ line: String, y: Int, size: Int) -> String {
    "<text x=\"\(Self.left)\" y=\"\(y)\" font-size=\"\(size)\">\(Self.escape(line))</text>\n"
  }

  /// `text` in at most `lines` lines of `textWidth` at `size`: broken between words (inside a
  /// word only when the word alone is too wide), the last line ending in "…" when text is left.
  static func fit(_ text: String, size: Double, lines: Int) -> [String] {
    var result: [String] = []
    var current = ""
    var words = text.split(separator: " ").map(String.init)[...]
    while let word = words.first {
      let candidate = current.isEmpty ? word : current + " " + word
      if measure(candidate, size: size) <= textWidth {
        current = candidate
        words.removeFirst()
        continue
      }
      if current.isEmpty {
        // One word wider than the card: as many of its characters as fit.
        var head = ""
        for character in word {
          if measure(head + String(character), size: size) > textWidth { break }
          head.append(character)
        }
        if head.isEmpty { head = String(word.prefix(1)) }
        current = head
        words[words.startIndex] = String(word.dropFirst(head.count))
      }
      result.append(current)
      current = ""
      if result.count == lines { break }
    }
    if !current.isEmpty, result.count < lines {
      result.append(current)
    }
    if result.isEmpty { return [""] }
    if !words.isEmpty {
      var last = result.removeLast()
      while !last.isEmpty, measure(last + "…", size: size) > textWidth { last.removeLast() }
      // "word …" reads as cut; "word…" as trailing off.
      while last.last == " " { last.removeLast() }
      result.append(last + "…")
    }
    return result
  }

  /// `text`'s width in pixels at `size`, by Liberation Sans Bold's advance widths (per 1000 em).
  static func measure(_ text: String, size: Double) -> Double {
    var units = 0
    for scalar in text.unicodeScalars {
      let value = Int(scalar.value)
      if value >= 32, value < 127 {
        units += asciiWidths[value - 32]
      } else if isWide(scalar.value) {
        units += 1000
      } else if value == 0x2026 || value == 0x2014 {
        units += 1000
      } else {
        // Latin, Greek and Cyrillic letters are mostly 556 to 778: the wide end, so that a
        // line of them never overruns the card.
        units += 722
      }
    }
    return Double(units) * size / 1000
  }

  /// East Asian wide characters (CJK, kana, hangul, full-width forms): one em each.
  static func isWide(_ value: UInt32) -> Bool {
    (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
      || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
      || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value) || (0x20000...0x3FFFD).contains(value)
  }

  /// Liberation Sans Bold's advance widths for U+0020 to U+007E, in thousandths of an em.
  static let asciiWidths: [Int] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
    556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
    280, 389, 584,
  ]

  /// Whitespace runs (line breaks, tabs) made one space, and characters XML 1.0 cannot hold
  /// dropped, so any title makes a well-formed SVG.
  static func clean(_ text: String) -> String {
    var out = ""
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if CharacterSet.whitespacesAndNewlines.contains(scalar) {
        pendingSpace = !out.isEmpty
        continue
      }
      let value = scalar.value
      let allowed = value >= 0x20 && !(0xFFFE...0xFFFF).contains(value) && !(0x7F...0x9F).contains(value)
      guard allowed else { continue }
      if pendingSpace { out.unicodeScalars.append(" ") }
      pendingSpace = false
      out.unicodeScalars.append(scalar)
    }
    return out
  }

  /// Text made safe for an SVG text node or attribute value.
  static func escape(_ text: String) -> String { escapingMarkup(text, apostrophe: "&apos;") }

  /// `text` ending as a sentence does, so the parts of the alt text read apart.
  private static func sentence(_ text: String) -> String {
    guard let last = text.last, !".?!…".contains(last) else { return text }
    return text + "."
  }
}
