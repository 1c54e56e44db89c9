import Foundation
import Mustache
import PackMarkdown

/// What rendering a document's body found: its headings, links, images and tables, for the
/// checks and the page's template.
///
/// The HTML itself is not kept here: it goes into the document's page (`Pipeline`), and a
/// build of thousands of pages holds each body once, not twice.
public struct RenderedDocument: Sendable {
  public var document: Document
  public var headings: [Heading]
  /// Files under content/assets/ the body uses.
  public var assetsUsed: Set<String>
  /// The addresses outside the site the body links to, each once, in the order first written.
  public var externalLinks: [String]
  /// What cmark-gfm reported: links, images, headings, tables, with positions in the body
  /// (its `html` is left empty; after the checks, only images and headings are kept).
  public var markdown: RenderedMarkdown
  /// Whether the body, with its data tags filled in, holds the URL of Ofsted's report.
  public var mentionsReportURL: Bool
  /// The values the body's data tags showed that hold a placeholder (`Placeholders`).
  public var placeholdersShown: [Placeholders.Shown] = []
  /// The lines of the body as written, for positions cmark-gfm counted in the filled-in body;
  /// nil when they are the same.
  var lineMap: BodyLineMap?
  /// The body as written, to locate what the checks report in it; let go once they have.
  var body: String
  /// Whether the body links to the URL of Ofsted's report (kept when the links are let go).
  var linksToReportURL = false
  /// Where the body's first picture (a Markdown image, or else `<img>`) is, for a document with
  /// no `summary:` (the share image's warning); nil otherwise.
  var firstPicture: SourceLocation?

  /// The ids of the body's headings, kept once the rest of what cmark-gfm reported is let go,
  /// for links from other documents to one of them (`checked`).
  var anchors: [String] = []

  /// The ids of the body's headings.
  var headingIDs: [String] { markdown.headings.isEmpty ? anchors : markdown.headings.map(\.id) }

  /// The document as later stages need it once its own checks are done and its page is made:
  /// without its body and what cmark-gfm reported of it (links, images, headings, tables), which
  /// only those read; a large pack's would otherwise be held to the end of the build. Its
  /// headings' ids stay, for the links from other documents. Nothing is located in the body
  /// after this.
  var checked: RenderedDocument {
    var slim = self
    slim.anchors = headingIDs
    slim.body = ""
    slim.lineMap = nil
    slim.headings = []
    slim.markdown = RenderedMarkdown()
    return slim
  }

  /// Where a link or image is in the file: cmark counts in the text after data tags were filled
  /// in, so the link is looked for in the line as written, to give the column the author sees.
  static func locate(
    _ reference: Reference, in document: Document, bodyLines: [Substring], lineMap: BodyLineMap?
  ) -> SourceLocation {
    var column = reference.column
    let writtenLine = lineMap?.writtenLine(reference.line) ?? reference.line
    if writtenLine >= 1, writtenLine <= bodyLines.count {
      let line = bodyLines[writtenLine - 1]
      if column != 0, let range = line.range(of: "(" + reference.destination) {
        column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
        if let bracket = line[..<range.lowerBound].lastIndex(of: "[") {
          column = line.distance(from: line.startIndex, to: bracket) + 1
          if bracket > line.startIndex, line[line.index(before: bracket)] == "!" { column -= 1 }
        }
      } else if column == 0 {
        // An autolink: its text as written, not inside a Markdown link's "(...)".
        var start = line.startIndex
        while let range = line.range(of: reference.text, range: start..<line.endIndex) {
          if range.lowerBound == line.startIndex || line[line.index(before: range.lowerBound)] != "(" {
            column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
            break
          }
          start = range.upperBound
        }
      }
    }
    return SourceLocation(path: document.path, line: writtenLine + document.bodyLineOffset, column: max(1, column))
  }

  /// Where the body's first picture is: its first Markdown image, or else its first `<img>`.
  func locateFirstPicture() -> SourceLocation? {
    if let image = markdown.images.first { return location(of: image) }
    guard let rawImage = body.range(of: "<img", options: .caseInsensitive) else { return nil }
    let before = body[..<rawImage.lowerBound]
    let line = before.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } + 1
    let column =
      before.distance(
        from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex)
      + 1
    return SourceLocation(path: document.path, line: document.bodyLineOffset + line, column: column)
  }

  /// Where a link or image is in the file (before `checked`: it reads the body).
  public func location(of reference: Reference) -> SourceLocation {
    Self.locate(
      reference, in: document, bodyLines: body.split(separator: "\n", omittingEmptySubsequences: false),
      lineMap: lineMap)
  }

  /// A position cmark-gfm reported, in the file's lines.
  public func location(line: Int, column: Int) -> SourceLocation {
    let writtenLine = lineMap?.writtenLine(line) ?? line
    return SourceLocation(path: document.path, line: writtenLine + document.bodyLineOffset, column: max(1, column))
  }
}

/// Escapes data for Markdown source: only what could start markup HTML would see.
struct MarkdownContentType: MustacheContentType {
  func escapeText(_ text: String) -> String {
    escapingMarkup(text, quote: nil, apostrophe: nil)
  }
}

private let markdownContentTypeRegistered: Void = {
  MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
}()

/// The render stage.
public struct DocumentRenderer: Sendable {
  /// How a link from one document to another is allowed at this build.
  public struct LinkTarget: Sendable {
    public var document: Document
    public var decision: ReleasePolicy.Decision
  }

  let markdown: MarkdownRenderer
  let documentsByFile: [String: LinkTarget]
  /// The same, by `LookAlikeName.key` of the file name: a link spelt otherwise
  /// (`Council-Report.md`, `council%2Dreport.md`).
  let documentsByFileKey: [String: LinkTarget]
  /// The same, by `LookAlikeName.key` of the slug: a link typed as the page's address
  /// (`../slug/`, or the full URL, in any spelling `SiteAddress` resolves).
  let documentsBySlug: [String: LinkTarget]
  let site: SiteAddress
  let assets: Set<String>
  /// Each asset's exact name by `LookAlikeName.key`: `assets` (a `Set<String>`) would also take
  /// a canonically equivalent name, which the disk does not.
  let assetsByKey: [String: String]
  /// Whether links must point only at released documents (release builds).
  let isRelease: Bool
  /// Whether bodies are parsed without their lines that hold no tag (see `PlainLines`): off
  /// when any value a tag can show holds one of the placeholder's characters.
  let compactsPlainLines: Bool
  /// The URL of Ofsted's report, which the checks want some document to give.
  let reportURL: String?
  /// Documents that could not be read (`LoadedPack.unreadableDocuments`).
  let unreadableDocuments: Set<String>

  /// - Parameter data: the pack's template data, without `page` (every document's own values
  ///   come from `pack`).
  public init(
    pack: LoadedPack, data: [String: TemplateValue], decisions: [String: ReleasePolicy.Decision], isRelease: Bool
  ) {
    // Pages get cmark-gfm's HTML made accessible and valid (see AccessibleHTML).
    var markdown = MarkdownRenderer(allowsRawHTML: pack.settings.allowsRawHTML, repairsAccessibility: true)
    // The page's title is its h1: a body written with '#' headings sits one level under it.
    markdown.shiftsHeadingsUnderTitle = true
    self.markdown = markdown
    var byFile: [String: LinkTarget] = [:]
    for document in pack.documents {
      if let decision = decisions[document.path] {
        byFile[document.fileName] = LinkTarget(document: document, decision: decision)
      }
    }
    documentsByFile = byFile
    // The validate stage refused look-alike file names and slugs, so no two documents share a key.
    documentsByFileKey = Dictionary(
      byFile.values.map { (LookAlikeName.key($0.document.fileName), $0) }, uniquingKeysWith: { a, _ in a })
    documentsBySlug = Dictionary(
      byFile.values.map { (LookAlikeName.key($0.document.slug), $0) }, uniquingKeysWith: { a, _ in a })
    site = SiteAddress(baseURL: pack.settings.baseURL)
    assets = pack.assets
    // The load stage refused look-alike asset names, so no two share a key.
    assetsByKey = Dictionary(pack.assets.map { (LookAlikeName.key($0), $0) }, uniquingKeysWith: { a, _ in a })
    self.isRelease = isRelease
    reportURL = pack.inspection.report.url
    unreadableDocuments = pack.unreadableDocuments
    let placeholderCharacters: Set<Unicode.Scalar> = ["\u{1}", "\u{2}"]
    let values: [TemplateValue] =
      [.map(data), .string(pack.settings.baseURL), .string(pack.settings.siteTitle)]
      + pack.documents.flatMap { [.map($0.fields), .string($0.title), .optional($0.summary)] }
    compactsPlainLines = !values.contains { $0.contains(anyOf: placeholderCharacters) }
  }

  /// Lists and block quotes inside each other, at most (as `MarkdownNesting` estimates it).
  /// Council documents nest two or three deep and rarely six; the estimate errs high (it counts
  /// half of a line's indentation as levels), so the limit leaves room. cmark-gfm's time for a
  /// body grows with its lines times their nesting.
  static let deepestMarkdownNesting = 32

  /// Renders one document's body.
  ///
  /// - Parameters:
  ///   - data: the root template data (the pack's facts plus `page` for this document).
  ///   - rootPrefix: the relative path from the page back to the site root ("../").
  /// - Returns: what rendering found and the body's HTML, or the diagnostics that stopped it.
  public func render(_ document: Document, body: String, data: TemplateValue, rootPrefix: String)
    -> (output: (rendered: RenderedDocument, html: String)?, diagnostics: [Diagnostic])
  {
    _ = markdownContentTypeRegistered
    var diagnostics = Self.partialTags(in: body, of: document)
    let source: String
    let misses: [StrictTemplate.Miss]
    let placeholdersShown: [Placeholders.Shown]
    if let filled = PlainVariableBody.render(body, data: data) {
      // The same text swift-mustache gives such a body, without parsing it (see PlainVariableBody).
      (source, misses, placeholdersShown) = (filled.text, [], filled.placeholdersShown)
    } else {
      let pragma = "{{% CONTENT_TYPE: MARKDOWN}}"
      let template: StrictTemplate
      do {
        template = try StrictTemplate(
          pragma + body, path: document.path, lineOffset: document.bodyLineOffset,
          compactingPlainLines: compactsPlainLines)
      } catch {
        // The pragma sits before the first line's text: take it off a column on that line.
        return (nil, diagnostics + error.diagnostics.map { d in
          var d = d
          if var location = d.location, location.line == document.bodyLineOffset + 1 {
            location.column = max(1, location.column - pragma.count)
            d.location = location
          }
          return d
        })
      }
      (source, misses, placeholdersShown) = template.renderTracingPlaceholders(data)
    }
    for miss in misses {
      // Every tag that asks for the name is reported, each once (inside a list it misses once
      // per item).
      let positions = StrictTemplate.findTags(in: body, for: miss)
      for position in positions.isEmpty ? [nil] : positions.map(Optional.some) {
        let name = position?.name ?? miss.name
        var message = TemplateMiss.message(for: miss, tag: name)
        var notes = TemplateMiss.notes(for: miss, tag: name)
        if document.embargo == .none, !miss.isGroup, let root = miss.name.split(separator: ".").first,
          PackData.inspectionFacts.contains(String(root))
        {
          // The page's data has none of the inspection's facts (see Pipeline).
          message = "{{\(name)}} shows a fact of the inspection, but this page has 'embargo: none' and comes out before the report"
          notes = [
            "a page with 'embargo: none' comes out before the report, so it must say nothing about the inspection",
            "remove the tag, or remove 'embargo: none' to release the page with the pack",
          ]
        }
        let at = SourceLocation(
          path: document.path, line: (position?.line ?? 1) + document.bodyLineOffset, column: position?.column ?? 1)
        if diagnostics.contains(where: { $0.message == message && $0.location == at }) { continue }
        diagnostics.append(.error(at: at, message, notes: notes))
      }
    }

    let lineMap = BodyLineMap(written: body, filledIn: source)
    // cmark-gfm's work grows with the nesting around each line: refused before it parses. What
    // it reads is the filled-in body (a section can repeat a '>' on one line).
    if let deep = MarkdownNesting.firstLine(deeperThan: Self.deepestMarkdownNesting, in: source) {
      let line = lineMap?.writtenLine(deep.line) ?? deep.line
      diagnostics.append(
        .error(
          at: SourceLocation(path: document.path, line: line + document.bodyLineOffset, column: deep.column),
          "lists and block quotes are nested more than \(Self.deepestMarkdownNesting) deep here, deeper than pubpack allows",
          notes: [
            "nest fewer lists and quotes inside each other (a run of '>' or of list markers such as '- - -' opens one for each)",
            "text indented by many spaces inside a deep list counts as nested too; a code block can go in a fenced block (```) at the left margin",
          ]))
      return (nil, diagnostics)
    }
    // The body's lines are needed only to report a link: split them then, once.
    var bodyLines: [Substring]?
    func location(_ reference: Reference) -> SourceLocation {
      let lines = bodyLines ?? body.split(separator: "\n", omittingEmptySubsequences: false)
      bodyLines = lines
      return RenderedDocument.locate(reference, in: document, bodyLines: lines, lineMap: lineMap)
    }

    let sourceDecision = documentsByFile[document.fileName]?.decision
    var assetsUsed: Set<String> = []
    var external: [String] = []
    var externalSeen: Set<String> = []
    // One pass: the renderer asks about each link as it meets it.
    // A link inside a section is met once per item, at one place in the file: reported once.
    var reports = 0
    func report(_ diagnostic: Diagnostic) {
      reports += 1
      if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }
    // What a destination was rewritten to, once it was found to be sound: a body links to the
    // same address many times (Ofsted's report, the council report), and the answer depends on
    // the address alone. One that gave an error is looked at again each time, to be reported
    // where it is.
    var sound: [String: String?] = [:]
    func rewrite(_ reference: Reference) -> String? {
      let destination = reference.destination
      // Taken apart once: whether it leads off the site, its file, and the document of that
      // name exactly.
      let isExternal = Self.isExternal(destination)
      let link = PackLink(isExternal ? "" : destination)
      let exact = isExternal ? nil : exactTarget(link.path)
      // A link typed as a page's address rather than its file: to a withheld page it is refused
      // too (it names the page before its time, and leads nowhere until then). Every link but
      // one naming a document's file exactly is resolved so, in every spelling that leads there.
      if isRelease, sourceDecision?.isReleased == true, !(exact != nil && PackLink.namesADocument(destination)),
        let slug = site.slug(of: destination, fromPageOf: document.slug),
        let target = documentsBySlug[slug], !target.decision.isReleased
      {
        let reasons = target.decision.reasons.map(\.text).joined(separator: "; ")
        report(
          .error(
            at: location(reference),
            "this released document links to the page of '\(target.document.fileName)', which is withheld: \(reasons)",
            notes: [
              "remove the link until \(target.document.fileName) is released, or give this document the same embargo",
              "link to a document by its file name ([text](\(target.document.fileName))) so pubpack can check the link",
            ]))
        return nil
      }
      if isExternal {
        if !destination.hasPrefix("#"), externalSeen.insert(destination).inserted { external.append(destination) }
        return nil
      }
      let path = link.path
      if path.hasPrefix("assets/") {
        let name = String(path.dropFirst("assets/".count))
        if let actual = assetsByKey[LookAlikeName.key(name)], !actual.utf8.elementsEqual(name.utf8) {
          report(
            .error(
              at: location(reference), "the asset '\(path)' names \(LookAlikeName.shown("assets/" + actual)) spelt otherwise",
              notes: ["write the file name exactly as it is: assets/\(actual)"]))
          return nil
        }
        guard assets.contains(name) else {
          report(
            .error(
              at: location(reference), "the asset '\(path)' does not exist",
              notes: ["put the file in content/assets/\(name), or correct the name"]
                + closestMatches(to: name, in: Array(assets)).map { "did you mean 'assets/\($0)'?" }))
          return nil
        }
        assetsUsed.insert(name)
        return rootPrefix + "assets/" + name + link.suffix
      }
      let isDocumentLink = path.hasSuffix(".md") || Self.fileKey(path).hasSuffix(".md")
      guard isDocumentLink else { return nil }
      if exact == nil, let target = documentsByFileKey[Self.fileKey(path)] {
        // The file, spelt otherwise: no web server would find the page by that spelling, and the
        // link must not lead round the release check.
        let name = target.document.fileName
        if isRelease, sourceDecision?.isReleased == true, !target.decision.isReleased {
          let reasons = target.decision.reasons.map(\.text).joined(separator: "; ")
          report(
            .error(
              at: location(reference), "this released document links to '\(name)' (written '\(path)'), which is withheld: \(reasons)",
              notes: ["remove the link until \(name) is released, or give this document the same embargo"]))
        } else {
          report(
            .error(
              at: location(reference),
              "the link to '\(path)' names \(LookAlikeName.shown(name)) spelt otherwise",
              notes: ["write the file name exactly as it is: [text](\(name))"]))
        }
        return nil
      }
      guard let target = exact else {
        // A document that could not be read has its own error; a link to it is not one more.
        if unreadableDocuments.contains(path) { return nil }
        report(
          .error(
            at: location(reference), "the link to '\(path)' names no document in the pack",
            notes: closestMatches(to: path, in: Array(documentsByFile.keys)).map { "did you mean '\($0)'?" }
              + ["documents link to each other by file name, e.g. [the council report](council-report.md)"]))
        return nil
      }
      if isRelease, sourceDecision?.isReleased == true, !target.decision.isReleased {
        let reasons = target.decision.reasons.map(\.text).joined(separator: "; ")
        report(
          .error(
            at: location(reference),
            "this released document links to '\(path)', which is withheld: \(reasons)",
            notes: ["remove the link until \(path) is released, or give this document the same embargo"]))
        return nil
      }
      return rootPrefix + target.document.slug + "/" + link.suffix
    }
    let rendered = markdown.render(source) { reference -> String? in
      if let known = sound[reference.destination] { return known }
      let reportsBefore = reports
      let rewritten = rewrite(reference)
      if reports == reportsBefore { sound[reference.destination] = rewritten }
      return rewritten
    }
    // A body with errors is still handed on, so the checks read it too (every problem at
    // once); the build fails and writes nothing (Pipeline).
    var found = rendered
    var html = found.html
    found.html = ""
    if document.kind == .councilReport, FrontSheet.shape(document.fields)["isNumbered"] != .bool(false) {
      html = ParagraphNumbers.apply(to: html)
    }
    var output = RenderedDocument(
      document: document, headings: rendered.headings, assetsUsed: assetsUsed,
      externalLinks: external, markdown: found,
      mentionsReportURL: reportURL.map { !$0.isEmpty && source.containsBytes($0) } ?? false,
      placeholdersShown: placeholdersShown, lineMap: lineMap, body: body,
      linksToReportURL: reportURL.map { url in !url.isEmpty && found.links.contains { $0.destination == url } } ?? false)
    if document.summary?.isEmpty != false { output.firstPicture = output.locateFirstPicture() }
    return ((output, html), diagnostics)
  }

  /// A body is rendered on its own, without the templates: swift-mustache would render a
  /// partial there as nothing, silently. (Most bodies have no such tag and are not scanned; a
  /// tag may have spaces or tabs before its sigil.)
  static func partialTags(in body: String, of document: Document) -> [Diagnostic] {
    guard mayHoldPartialTag(body) else { return [] }
    return WrittenTag.all(in: body).filter(\.namesAPartial).map { tag in
      .error(
        at: SourceLocation(path: document.path, line: tag.line + document.bodyLineOffset, column: tag.column),
        "\(tag.written) pulls in a template, which a document cannot do",
        notes: [
          "partials and layouts belong in templates/*.mustache; the kind's template can use \(tag.written) around the document",
          "in the document, write the text, or use data tags (docs/variables.md)",
        ])
    }
  }

  /// Whether the body holds "{{" then '>', '<', a space or a tab: one pass over its bytes (four
  /// searches, one a sign, went over every body four times).
  static func mayHoldPartialTag(_ body: String) -> Bool {
    var body = body
    return body.withUTF8 { bytes in
      guard let base = bytes.baseAddress, bytes.count >= 3 else { return false }
      var at = 0
      while at < bytes.count - 2 {
        guard let brace = memchr(base + at, Int32(UInt8(ascii: "{")), bytes.count - 2 - at) else { return false }
        let index = base.distance(to: brace.assumingMemoryBound(to: UInt8.self))
        if bytes[index + 1] == UInt8(ascii: "{") {
          switch bytes[index + 2] {
          case UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: " "), UInt8(ascii: "\t"): return true
          default: break
          }
        }
        at = index + 1
      }
      return false
    }
  }

  /// The document whose file name is `path`, byte for byte: Swift's `==` would also take a
  /// canonically equivalent name (`é` for `e` + U+0301).
  func exactTarget(_ path: String) -> LinkTarget? {
    guard let target = documentsByFile[path], target.document.fileName.utf8.elementsEqual(path.utf8) else { return nil }
    return target
  }

  /// A link's file as a lenient server would take it: percent-decoded, without `./`, folded.
  static func fileKey(_ path: String) -> String {
    var decoded = Substring(SiteAddress.percentDecoded(path))
    while decoded.hasPrefix("./") { decoded = decoded.dropFirst(2) }
    return LookAlikeName.key(String(decoded))
  }

  static func isExternal(_ destination: String) -> Bool {
    // Most links are ASCII: there a byte is a Character, and the answer is read off the bytes.
    isExternalASCII(destination) ?? isExternalByCharacter(destination)
  }

  /// `isExternal` a `Character` at a time, for any destination.
  static func isExternalByCharacter(_ destination: String) -> Bool {
    if destination.hasPrefix("#") || destination.hasPrefix("/") || destination.hasPrefix("//") { return true }
    guard let colon = destination.firstIndex(of: ":") else { return false }
    let scheme = destination[..<colon]
    return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
  }

  /// `isExternal` for an ASCII destination; nil for any other.
  static func isExternalASCII(_ destination: String) -> Bool? {
    var colon: Int?
    var schemeIsSound = true
    for (index, byte) in destination.utf8.enumerated() {
      guard byte < 0x80 else { return nil }
      guard colon == nil else { continue }
      switch byte {
      case UInt8(ascii: ":"): colon = index
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
        break
      default: schemeIsSound = false
      }
    }
    if let first = destination.utf8.first, first == UInt8(ascii: "#") || first == UInt8(ascii: "/") { return true }
    guard let colon else { return false }
    return colon > 0 && schemeIsSound
  }
}
