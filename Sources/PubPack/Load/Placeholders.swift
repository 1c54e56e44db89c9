import Foundation
import PackMarkdown

/// The word `TYPE` in capitals, which `pubpack init` writes where the author must type
/// something (`meeting: TYPE the committee`): one left in a document that a build releases, or
/// in data such a document shows, is an error (SPEC.md, Documents).
///
/// The word counts only as a word of its own and in capitals: "type", "Type", "TYPES",
/// "PROTOTYPE" and `CONTENT_TYPE` are not placeholders, nor is it in text written all in capitals
/// ("WHAT TYPE OF HELP CAN I GET?"). In a body, code (fenced blocks and
/// `code spans`), Mustache tags and comments and HTML comments are not read: none of them is
/// text a reader sees as a sentence (a page about pubpack may well show `TYPE` in code). It is
/// found inside links and addresses (`[TYPE](mailto:TYPE@example.gov.uk)`,
/// `<TYPE@example.gov.uk>`), where it is shown or followed all the same.
public enum Placeholders {
  public static let word = "TYPE"

  /// A value that a document or template shows, with the name it was looked up by.
  public struct Shown: Sendable, Hashable {
    /// The data's dotted name, list items by number: `quotes.0.text`.
    public var path: String
    public var text: String
  }

  /// Whether `text` holds the placeholder word.
  public static func holds(_ text: String) -> Bool {
    // Most values never hold the four capitals: one byte search rules them out (a value is
    // short, and for it a search for the 'T' costs less than setting up a search for the word).
    guard mayHoldWord(text) else { return false }
    return !columns(in: text[...]).isEmpty
  }

  /// Whether the text's bytes hold the word's: "TYPE" found by a search for its 'T'.
  static func mayHoldWord(_ text: String) -> Bool {
    let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      guard let base = bytes.baseAddress, bytes.count >= 4 else { return false }
      var at = 0
      while at + 3 < bytes.count, let t = memchr(base + at, Int32(UInt8(ascii: "T")), bytes.count - 3 - at) {
        let index = base.distance(to: t.assumingMemoryBound(to: UInt8.self))
        if bytes[index + 1] == UInt8(ascii: "Y"), bytes[index + 2] == UInt8(ascii: "P"), bytes[index + 3] == UInt8(ascii: "E") {
          return true
        }
        at = index + 1
      }
      return false
    }
    return found ?? text.containsBytes(word)
  }

  /// The columns (from 1, in characters) where the word stands on its own in `line`.
  static func columns(in line: Substring) -> [Int] {
    var found: [Int] = []
    var start = line.startIndex
    while let range = line.range(of: word, range: start..<line.endIndex) {
      let before = range.lowerBound == line.startIndex ? nil : line[line.index(before: range.lowerBound)]
      let after = range.upperBound == line.endIndex ? nil : line[range.upperBound]
      if !isWordCharacter(before), !isWordCharacter(after), !isInCapitals(line, range) {
        found.append(line.distance(from: line.startIndex, to: range.lowerBound) + 1)
      }
      start = range.upperBound
    }
    return found
  }

  /// Whether the word at `range` is part of text written in capitals ("WHAT TYPE OF HELP CAN I
  /// GET?"), which councils use for headings, rather than a placeholder (`init` writes `TYPE`
  /// before words in lower case: "TYPE the committee"): the next word is in capitals, or there is
  /// none and the word before is.
  static func isInCapitals(_ line: Substring, _ range: Range<Substring.Index>) -> Bool {
    let after = line[range.upperBound...]
    let next = after.drop { $0 == " " || $0 == "\t" }.prefix { $0.isLetter || $0.isNumber }
    if after.first == " " || after.first == "\t", !next.isEmpty { return !next.contains { $0.isLowercase } }
    let before = line[..<range.lowerBound]
    guard before.last == " " || before.last == "\t" else { return false }
    let trimmed = before[..<(before.lastIndex { $0 != " " && $0 != "\t" }.map(before.index(after:)) ?? before.startIndex)]
    let previous = trimmed[(trimmed.lastIndex { !($0.isLetter || $0.isNumber) }.map(trimmed.index(after:)) ?? trimmed.startIndex)...]
    return previous.count >= 2 && previous.contains { $0.isLetter } && !previous.contains { $0.isLowercase }
  }

  static func isWordCharacter(_ character: Character?) -> Bool {
    guard let character else { return false }
    return character.isLetter || character.isNumber || character == "_"
  }

  /// Where the word stands in a Markdown body as written: (line, column), from 1, outside code,
  /// Mustache tags and comments.
  static func inBody(_ body: String) -> [(line: Int, column: Int)] {
    guard body.containsBytes(word) else { return [] }
    var found: [(Int, Int)] = []
    var fence: Substring?
    var openUntil: String?
    for (index, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.drop { $0 == " " }
      if let open = fence {
        if trimmed.hasPrefix(open) { fence = nil }
        continue
      }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        fence = trimmed.prefix { $0 == trimmed.first }
        continue
      }
      // A line indented by four spaces or a tab after a blank line is code too; too rare in
      // council prose to tell apart from a list's continuation, so it is read.
      let visible = visibleColumns(of: line, openUntil: &openUntil)
      for column in columns(in: line) where visible.contains(column) {
        found.append((index + 1, column))
      }
    }
    return found
  }

  /// The columns of `line` that are text: not in a code span, a Mustache tag or an HTML comment.
  /// A tag or comment may run over lines: `openUntil` is what closes the one still open at the
  /// end of the line ("}}" or "-->").
  static func visibleColumns(of line: Substring, openUntil: inout String?) -> Set<Int> {
    var visible: Set<Int> = []
    let characters = Array(line)
    var index = 0
    while index < characters.count {
      if let close = openUntil {
        guard let end = findSequence(Array(close), in: characters, from: index) else { return visible }
        index = end + close.count
        openUntil = nil
        continue
      }
      if characters[index...].starts(with: "<!--") {
        openUntil = "-->"
        index += 4
        continue
      }
      if characters[index...].starts(with: "{{") {
        openUntil = "}}"
        index += 2
        continue
      }
      if characters[index] == "`" {
        // A code span closes at the next run of as many backticks; unclosed, the backticks are text.
        let run = characters[index...].prefix { $0 == "`" }.count
        var search = index + run
        var closed: Int?
        while search < characters.count {
          if characters[search] == "`" {
            let length = characters[search...].prefix { $0 == "`" }.count
            if length == run {
              closed = search + length
              break
            }
            search += length
          } else {
            search += 1
          }
        }
        if let closed {
          index = closed
          continue
        }
        index += run
        continue
      }
      visible.insert(index + 1)
      index += 1
    }
    return visible
  }

  private static func findSequence(_ sequence: [Character], in characters: [Character], from start: Int) -> Int? {
    guard start <= characters.count - sequence.count else { return nil }
    for index in start...(characters.count - sequence.count) where characters[index..<index + sequence.count].elementsEqual(sequence) {
      return index
    }
    return nil
  }

  /// The front-matter values of a document that hold the word, by key (`contact.name`), the
  /// title and summary first.
  static func frontMatterValues(of document: Document) -> [(key: String, location: SourceLocation)] {
    var found: [(String, SourceLocation)] = []
    func location(_ key: String) -> SourceLocation {
      document.fieldLocations[key] ?? SourceLocation(path: document.path, line: 1, column: 1)
    }
    if holds(document.title) { found.append(("title", location("title"))) }
    if let summary = document.summary, holds(summary) { found.append(("summary", location("summary"))) }
    func walk(_ value: TemplateValue, _ name: String, _ top: String) {
      switch value {
      case .string(let text): if holds(text) { found.append((name, document.fieldLocations[name] ?? location(top))) }
      case .list(let items): for (index, item) in items.enumerated() { walk(item, "\(name).\(index)", top) }
      case .map(let map): for key in map.keys.sorted() { walk(map[key]!, "\(name).\(key)", top) }
      default: break
      }
    }
    for key in document.fields.keys.sorted() where key != "title" && key != "summary" {
      walk(document.fields[key]!, key, key)
    }
    return found.sorted { $0.1 < $1.1 }
  }

  /// The placeholders a document leaves in its own text: its front matter and its body as
  /// written. Errors when the build releases it; warnings (for `check`) while it waits only for
  /// its embargo, since the build at that instant will refuse it; nothing for a draft or an
  /// exempt document, which are never published.
  static func check(_ document: Document, body: String, decision: ReleasePolicy.Decision) -> [Diagnostic] {
    let isReleased = decision.isReleased
    // A briefing goes out by `send` before any embargo: its placeholders are warned of too.
    guard isReleased || decision.state == .withheld || decision.state == .briefing else { return [] }
    let frontMatterPlaces = frontMatterValues(of: document)
    let bodyPlaces = inBody(body)
    guard !frontMatterPlaces.isEmpty || !bodyPlaces.isEmpty else { return [] }
    var diagnostics: [Diagnostic] = []
    let notes =
      isReleased
      ? [
        "'\(word)' marks text still to be typed (pubpack init writes it): replace it with the real text",
        "or keep \(document.fileName) out of the build with 'draft: true' until it is ready",
      ]
      : [
        "'\(word)' marks text still to be typed: the build at \(decision.embargo.map(LondonTime.longWithUTC) ?? "its release") will refuse it"
      ]
    let what = isReleased ? "which this build releases" : "which is due to be released"
    func add(_ at: SourceLocation, _ place: String) {
      let message = "a placeholder (\(word)) is left in \(place) of \(document.fileName), \(what)"
      diagnostics.append(isReleased ? .error(at: at, message, notes: notes) : .warning(at: at, message, notes: notes))
    }
    for (key, location) in frontMatterPlaces { add(location, "'\(key)'") }
    for (line, column) in bodyPlaces {
      add(SourceLocation(path: document.path, line: line + document.bodyLineOffset, column: column), "the text")
    }
    return diagnostics
  }

  /// A value in the pack's YAML that holds the word, where it was written.
  public struct Written: Sendable {
    public var location: SourceLocation
    public var text: String
  }

  /// Every value that holds the word in a YAML file, by its data name (`quotes.0.text`).
  static func values(in node: YAMLNode?, prefix: String = "") -> [String: Written] {
    guard let node else { return [:] }
    switch node.kind {
    case .scalar(let text, _):
      return holds(text) ? [prefix: Written(location: node.location, text: text)] : [:]
    case .mapping(let pairs):
      var found: [String: Written] = [:]
      for pair in pairs {
        found.merge(values(in: pair.value, prefix: prefix.isEmpty ? pair.key : prefix + "." + pair.key)) { a, _ in a }
      }
      return found
    case .sequence(let items):
      var found: [String: Written] = [:]
      for (index, item) in items.enumerated() {
        found.merge(values(in: item, prefix: prefix.isEmpty ? String(index) : "\(prefix).\(index)")) { a, _ in a }
      }
      return found
    }
  }

  /// Names under which pages show documents' own front matter, which `check(_:decision:)`
  /// reads where it was written.
  static let documentNames = ["page.", "documents.", "inspectionDocuments.", "supportPages."]

  /// The placeholders in the pack's data that released pages show, each once, at the place it
  /// was written, naming the pages; and, as warnings, the data's other placeholders, which no
  /// released page shows yet.
  ///
  /// - Parameter shown: for each page released, its name and the values it showed.
  static func check(data placeholders: [String: Written], shown: [(page: String, values: [Shown])]) -> [Diagnostic] {
    var pagesByPath: [String: [String]] = [:]
    for (page, values) in shown {
      for value in values where !documentNames.contains(where: { value.path.hasPrefix($0) }) {
        // A value shown under another name (`report.url` standing in for the provider's
        // address) is found by its text.
        let path =
          placeholders[value.path] != nil
          ? value.path : placeholders.keys.sorted().first { placeholders[$0]?.text == value.text } ?? value.path
        if !(pagesByPath[path]?.contains(page) ?? false) { pagesByPath[path, default: []].append(page) }
      }
    }
    var diagnostics: [Diagnostic] = []
    for (path, pages) in pagesByPath.sorted(by: { $0.key < $1.key }) {
      diagnostics.append(
        .error(
          at: placeholders[path]?.location,
          "a placeholder (\(word)) is left in \(path), which \(pages.joined(separator: ", ")) \(pages.count == 1 ? "shows" : "show")",
          notes: [
            "'\(word)' marks text still to be typed (pubpack init writes it): replace it with the real text",
            "a released page may show only finished data; keep a page with 'draft: true' until its data is ready",
          ]))
    }
    for (path, written) in placeholders.sorted(by: { $0.value.location < $1.value.location }) where pagesByPath[path] == nil {
      diagnostics.append(
        .warning(
          at: written.location, "a placeholder (\(word)) is left in \(path)",
          notes: ["no page this build releases shows it yet; replace it before a page that shows it is released"]))
    }
    return diagnostics
  }
}
