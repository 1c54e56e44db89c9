/// Splits a Markdown source into front matter and body, and reads the front matter.
///
/// The front matter is YAML between a first line `---` and the next line `---` (or `...`).
/// Line numbers in every message count from the top of the file.
public enum DocumentLoader {
  /// The longest slug, in characters (all ASCII).
  static let longestSlug = 100

  static let commonKeys = ["title", "kind", "slug", "summary", "embargo", "draft", "exempt", "pdf"]

  /// Front-matter fields each kind accepts besides the common ones.
  static let kindKeys: [Document.Kind: [String]] = [
    .councilReport: [
      "meeting", "meetingDate", "reportOf", "portfolioHolder", "contactOfficer", "wardsAffected",
      "keyDecision", "forwardPlanReference", "purpose", "recommendations", "appendices", "backgroundPapers",
      "reportNumber", "paragraphNumbers",
    ],
    .pressRelease: ["reference"],
    .webpage: [],
    .page: [],
    .briefing: ["audience"],
  ]

  /// - Parameter leavingBody: given, the body is not copied out of `text` but left in its file,
  ///   marked as this makes it from where the body starts (in UTF-8 bytes of `text`).
  public static func load(
    _ text: String, path: String, fileName: String,
    leavingBody fileMark: ((_ bodyStart: Int) -> WrittenBody.FileMark)? = nil
  ) -> (Document?, [Diagnostic]) {
    var r = YAMLReader(path: path)
    let fileStart = SourceLocation(path: path, line: 1, column: 1)
    // Only the lines up to the closing fence are looked at one by one; the body is the rest.
    var lines = LineCursor(text)
    let startsWithFence = lines.next().map { $0.trimmingCharacters(in: .whitespaces) == "---" } ?? false
    guard startsWithFence else {
      r.error(fileStart, "the document has no front matter", notes: [
        "start the file with a '---' line, then 'title: ...' and 'kind: ...', then another '---' line"
      ])
      return (nil, r.diagnostics)
    }
    let yamlStart = lines.position
    var yamlEnd = yamlStart
    var closing: Int?
    while let line = lines.next() {
      // Trimmed only when it could be a fence: Foundation's trim was a fifth of the stage.
      if LineCursor.mayBeFence(line), case let t = line.trimmingCharacters(in: .whitespaces), t == "---" || t == "..." {
        closing = lines.number - 1
        break
      }
      yamlEnd = line.endIndex
    }
    guard let closing else {
      r.error(fileStart, "the front matter is not closed", notes: ["add a line '---' after the last front-matter field"])
      return (nil, r.diagnostics)
    }
    let yaml = String(text[yamlStart..<yamlEnd])
    let body: WrittenBody =
      fileMark.map { .file($0(text.utf8.distance(from: text.utf8.startIndex, to: lines.position))) }
      ?? .text(String(text[lines.position...]))
    let root: YAMLNode?
    do { root = try YAMLNode.parse(yaml, path: path, lineOffset: 1) } catch { return (nil, error.diagnostics) }
    guard let root, case .mapping(let pairs) = root.kind else {
      if let root, !root.isNull {
        r.error(
          root.location, "the front matter must be 'key: value' lines, not a list or a single value",
          notes: ["write e.g. 'title: Our inspection' and 'kind: webpage', one a line"])
      } else {
        r.error(fileStart, "the front matter is empty", notes: ["add at least 'title: ...' and 'kind: ...'"])
      }
      return (nil, r.diagnostics)
    }
    let kindNode = root["kind"]
    let kind = r.choice(kindNode, "kind", as: Document.Kind.self, required: true, in: root)
    var allowed = commonKeys
    if let kind { allowed += kindKeys[kind] ?? [] } else { allowed += kindKeys.values.flatMap { $0 } }
    let front = r.mapping(root, allowed: allowed, context: "the front matter") ?? [:]
    let title = r.string(front["title"], "title", required: true, in: root)
    if let title, title.trimmingCharacters(in: .whitespaces).isEmpty, let node = front["title"] {
      r.error(node.location, "the title is empty", notes: ["give the document a title: 'title: ...'"])
    }

    // slug: letters, digits and '-' only, so it can never climb out of the output folder.
    let defaultSlug = String(fileName.dropLast(fileName.hasSuffix(".md") ? 3 : 0))
    var slug = defaultSlug
    if let node = front["slug"], let text = r.string(node, "slug", in: root) { slug = text }
    let isValidSlug =
      !slug.isEmpty
      && slug.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }
    let slugAt = front["slug"]?.location ?? fileStart
    let fix = front["slug"] == nil ? "rename the file or set 'slug:' in the front matter" : "e.g. slug: ofsted-report-2026"
    if !isValidSlug {
      let what = front["slug"] == nil ? "the file name '\(fileName)' gives the slug '\(slug)', which" : "the slug '\(slug)'"
      // ASCII only: an address with accents or other scripts has many spellings (normal forms,
      // percent-encoding, compatibility forms), and each is a way around the link check.
      let ascii = slug.unicodeScalars.allSatisfy(\.isASCII)
        ? [] : ["letters here means the ASCII letters a to z and A to Z: write 'e' for 'é', and so on"]
      r.error(slugAt, "\(what) may contain only letters, digits and '-'", notes: ascii + [fix])
    } else if slug.utf8.count > Self.longestSlug {
      // A file system takes at most 255 bytes a name (the PDF is `slug.pdf`); an address people
      // read and type is much shorter.
      let what = front["slug"] == nil ? "the file name '\(fileName)' gives a slug of" : "the slug has"
      r.error(slugAt, "\(what) \(slug.utf8.count) characters: at most \(Self.longestSlug) are allowed", notes: [
        "a slug is the page's address: keep it short, e.g. slug: ofsted-report-2026",
        front["slug"] == nil ? "set a shorter 'slug:' in the front matter, or rename the file" : nil,
      ].compactMap { $0 })
    }

    var embargo = Document.EmbargoSetting.inherited
    if let node = front["embargo"], let text = r.string(node, "embargo", in: root) {
      if text == "none" {
        embargo = .none
      } else {
        switch InstantParser.parse(text) {
        case .success(let instant): embargo = .later(instant)
        case .failure(let failure): r.error(node.location, "embargo: \(failure.message)", notes: failure.notes)
        }
      }
    }
    let isDraft = r.bool(front["draft"], "draft") ?? false
    let pdfSetting = r.bool(front["pdf"], "pdf")
    if kind == .briefing {
      // Whom it is for is printed on it ("a briefing for staff"): it cannot be left to guess.
      if let node = front["audience"] {
        if r.string(node, "audience", in: root)?.trimmingCharacters(in: .whitespaces).isEmpty == true {
          r.error(node.location, "the audience is empty", notes: ["say whom the briefing is for, e.g. 'audience: staff'"])
        }
      } else {
        r.error(
          kindNode?.location ?? fileStart, "a briefing needs 'audience:'",
          notes: ["say whom the briefing is for, e.g. 'audience: staff', 'audience: partners' or 'audience: members'"])
      }
    }

    var exempt: [Int]?
    if let node = front["exempt"] {
      exempt = readExempt(node, reader: &r)
    }

    var fields: [String: TemplateValue] = [:]
    for pair in pairs where !commonKeys.contains(pair.key) && allowed.contains(pair.key) {
      fields[pair.key] = TemplateValue(yaml: pair.value)
    }

    guard !r.diagnostics.hasErrors, let title, let kind else { return (nil, r.diagnostics) }
    return (
      Document(
        path: path, fileName: fileName, title: title, kind: kind, slug: slug,
        summary: r.string(front["summary"], "summary", in: root), embargo: embargo, isDraft: isDraft,
        exemptParagraphs: exempt, fields: fields, body: body, bodyLineOffset: closing + 1,
        fieldLocations: Dictionary(pairs.map { ($0.key, $0.keyLocation) }, uniquingKeysWith: { a, _ in a })
          .merging(nestedLocations(pairs)) { a, _ in a },
        pdfSetting: pdfSetting),
      r.diagnostics
    )
  }

  /// Where each value inside a front-matter key was written, by dotted name
  /// (`contactOfficer.name`, `recommendations.0`), for messages about one of them.
  static func nestedLocations(_ pairs: [(key: String, keyLocation: SourceLocation, value: YAMLNode)]) -> [String: SourceLocation] {
    var found: [String: SourceLocation] = [:]
    func walk(_ node: YAMLNode, _ name: String) {
      switch node.kind {
      case .scalar: found[name] = node.location
      case .mapping(let inner): for pair in inner { walk(pair.value, name + "." + pair.key) }
      case .sequence(let items): for (index, item) in items.enumerated() { walk(item, "\(name).\(index)") }
      }
    }
    for pair in pairs {
      if case .scalar = pair.value.kind { continue }
      walk(pair.value, pair.key)
    }
    return found
  }

  /// `exempt: { paragraphs: [1, 2] }`: Schedule 12A, Part 1, paragraphs 1 to 7.
  static func readExempt(_ node: YAMLNode, reader r: inout YAMLReader) -> [Int]? {
    let notes = ["write e.g. 'exempt: { paragraphs: [1, 2] }' with the Schedule 12A paragraphs (1 to 7) that apply"]
    guard let map = r.mapping(node, allowed: ["paragraphs"], context: "'exempt'") else { return nil }
    guard let list = map["paragraphs"], case .sequence(let items) = list.kind, !items.isEmpty else {
      r.error(map["paragraphs"]?.location ?? node.location, "an exempt document must name its Schedule 12A paragraphs", notes: notes)
      return nil
    }
    var paragraphs: [Int] = []
    for item in items {
      if let text = item.scalar, let n = Int(text), (1...7).contains(n) {
        paragraphs.append(n)
      } else {
        r.error(item.location, "'\(item.scalar ?? "?")' is not a Schedule 12A paragraph", notes: [
          "Part 1 of Schedule 12A to the Local Government Act 1972 has paragraphs 1 to 7"
        ])
      }
    }
    return paragraphs
  }
}

/// The lines of a text one at a time, split at "\n" as `split(separator: "\n")` would.
struct LineCursor {
  let text: String
  /// Where the next line starts.
  private(set) var position: String.Index
  /// How many lines have been read.
  private(set) var number = 0
  private var finished = false

  init(_ text: String) {
    self.text = text
    position = text.startIndex
  }

  /// Whether the line holds "---" or "...", as a front-matter fence does once trimmed.
  static func mayBeFence(_ line: Substring) -> Bool {
    var run = 0
    var previous: UInt8 = 0
    for byte in line.utf8 {
      if byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") {
        run = byte == previous ? run + 1 : 1
        if run == 3 { return true }
      } else {
        run = 0
      }
      previous = byte
    }
    return false
  }

  mutating func next() -> Substring? {
    guard !finished else { return nil }
    number += 1
    // "\n" is ASCII, so a byte search finds the same line ends as a Character search; a line
    // break is always a Character boundary once "\r\n" is gone (PackLoader reads so).
    let utf8 = text.utf8
    guard let end = utf8[position...].firstIndex(of: UInt8(ascii: "\n")) else {
      finished = true
      defer { position = text.endIndex }
      return text[position...]
    }
    defer { position = utf8.index(after: end) }
    return text[position..<end]
  }
}
