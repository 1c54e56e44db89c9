import Foundation
import PackMarkdown

/// The checks beyond what building needs: prose against data, links and anchors, the
/// accessibility of the sources, and whether the pack is complete. docs/check.md explains each.
///
/// `build` runs them too and fails on their errors; `check` also shows the warnings.
public enum PackChecker {
  /// The prose check of one document as stage 5 runs it, made once per build; stage 4 runs it
  /// on each document as soon as it is rendered, so that a page it refuses is never written.
  struct Prose: Sendable {
    let checker: ProseChecker
    /// Before the pack's release, a page with `embargo: none` is out already: it may state no
    /// outcome in words, as it may show none by a tag (SPEC.md, embargo rule 2).
    let isBeforeRelease: Bool

    init(_ context: BuildContext) {
      checker = ProseChecker(inspection: context.pack.inspection)
      isBeforeRelease = !ReleasePolicy.isReleased(
        embargo: context.pack.inspection.embargo.liftsAt, at: context.request.instant)
    }

    func check(_ document: Document) -> [Diagnostic] {
      checker.check(document, isEarly: isBeforeRelease && document.kind == .page && document.embargo == .none)
    }
  }

  /// `prose`: each document's prose findings already made in stage 4, by its path (a document
  /// not there, such as one whose body could not be rendered, is read here).
  static func check(
    _ context: BuildContext, rendered allRendered: [RenderedDocument], prose proseFound: [(String, [Diagnostic])] = []
  ) -> [Diagnostic] {
    let pack = context.pack
    var diagnostics: [Diagnostic] = []
    let prose = Prose(context)
    let proseByPath = Dictionary(proseFound, uniquingKeysWith: { a, _ in a })
    let decisions = ByFileName(context.documents, name: \.document.fileName)
    let renderedByFile = ByFileName(allRendered, name: \.document.fileName)
    let pages = PageAddresses(
      site: SiteAddress(baseURL: pack.settings.baseURL),
      fileBySlug: Dictionary(
        context.documents.map { (LookAlikeName.key($0.document.slug), $0.document.fileName) }, uniquingKeysWith: { a, _ in a }))
    let documents = context.documents

    // Each document's checks only read shared values, so documents are checked side by side;
    // their findings are kept in document order, as if checked one by one. A document whose
    // body could not be rendered (a Mustache syntax error) still has its prose checked.
    let perDocument = concurrentMap(documents.count) { index in
      let document = documents[index].document
      let placeholders = Placeholders.check(document, decision: documents[index].decision)
      guard let rendered = renderedByFile[document.fileName] else {
        return prose.check(document) + placeholders
      }
      return (proseByPath[rendered.document.path] ?? prose.check(rendered.document))
        + checkLinks(rendered, decisions: decisions, renderedByFile: renderedByFile, pages: pages)
        + checkAccessibility(rendered) + placeholders
    }
    diagnostics += perDocument.joined()
    let assetsUsed = allRendered.reduce(into: Set<String>()) { $0.formUnion($1.assetsUsed) }

    for asset in pack.assets.sorted() where !assetsUsed.contains(asset) {
      diagnostics.append(
        .warning(
          at: SourceLocation(path: pack.contentPath("assets/" + asset), line: 1, column: 1),
          "the asset assets/\(asset) is not used by any document",
          notes: ["remove it, or link to it from a document; unused assets are never published"]))
    }
    // Addresses from front matter and the pack's data, held to the rules of a body's links.
    diagnostics += DataLinks.check(context)
    diagnostics += checkCompleteness(pack, context: context, rendered: allRendered)
    return diagnostics
  }

  // MARK: - Links

  /// Values looked up by file name where they already are: a dictionary of copies of a large
  /// pack's rendered documents would hold each twice during the checks.
  struct ByFileName<Value: Sendable>: Sendable {
    let values: [Value]
    /// The first value of each name, by its index.
    let index: [String: Int]

    init(_ values: [Value], name: (Value) -> String) {
      self.values = values
      index = Dictionary(values.indices.map { (name(values[$0]), $0) }, uniquingKeysWith: { a, _ in a })
    }

    subscript(name: String) -> Value? { index[name].map { values[$0] } }
  }

  /// The site's pages by address, for links typed as one (`../council-report/`).
  struct PageAddresses: Sendable {
    var site: SiteAddress
    /// By `LookAlikeName.key` of the slug, as `SiteAddress` gives it.
    var fileBySlug: [String: String]
  }

  static func checkLinks(
    _ rendered: RenderedDocument, decisions: ByFileName<DecidedDocument>, renderedByFile: ByFileName<RenderedDocument>,
    pages: PageAddresses
  ) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let document = rendered.document
    guard let source = decisions[document.fileName] else { return [] }
    for link in rendered.markdown.links {
      let destination = link.destination
      // Located only when there is something to report: finding the column means a search of the line.
      lazy var at = rendered.location(of: link)
      if destination.hasPrefix("#") {
        let anchor = String(destination.dropFirst())
        if !anchor.isEmpty, !rendered.markdown.headings.contains(where: { $0.id == anchor }) {
          diagnostics.append(
            .error(
              at: at, "the anchor '\(destination)' names no heading in this document",
              notes: headingNotes(rendered, isReleased: source.decision.isReleased, "here")))
        }
        continue
      }
      let link = PackLink(destination)
      var path = link.path
      let anchor = link.anchor
      // A link typed as a page's address (in any spelling that leads there) is held to the
      // same release order as one by file.
      let namesAFile = path.hasSuffix(".md") && decisions[path]?.document.fileName.utf8.elementsEqual(path.utf8) == true
      if !namesAFile, let slug = pages.site.slug(of: destination, fromPageOf: document.slug),
        let file = pages.fileBySlug[slug]
      {
        path = file
      }
      guard path.hasSuffix(".md"), let target = decisions[path] else { continue }
      if let anchor, !anchor.isEmpty, let targetRendered = renderedByFile[path],
        !targetRendered.markdown.headings.contains(where: { $0.id == anchor })
      {
        diagnostics.append(
          .error(
            at: at, "the anchor '#\(anchor)' names no heading in \(path)",
            notes: headingNotes(targetRendered, isReleased: target.decision.isReleased, "there")))
      }
      // A link must not come out before its target. Once the source is out, the render stage
      // has already refused a link to a withheld target; once the target is out, nothing can break.
      if !source.decision.isReleased, !target.decision.isReleased,
        let problem = releaseOrderProblem(source: source.decision, target: target.decision)
      {
        diagnostics.append(
          .error(
            at: at, "this document links to \(path), which \(problem)",
            notes: ["on release day the link would fail the build; align the embargoes or remove the link"]))
      }
    }
    return diagnostics
  }

  /// The ids of a document's headings, for a broken anchor; only while the document is out: a
  /// withheld document's headings are its news, and a build's log may be read by anyone.
  static func headingNotes(_ rendered: RenderedDocument, isReleased: Bool, _ place: String) -> [String] {
    guard isReleased else {
      return ["a heading's id is its text in lower case, punctuation dropped, spaces as '-' (docs/check.md)"]
    }
    return ["headings \(place): " + rendered.markdown.headings.map { "#" + $0.id }.joined(separator: ", ")]
  }

  /// Why a link from `source` to `target` would break at some instant, or nil.
  static func releaseOrderProblem(source: ReleasePolicy.Decision, target: ReleasePolicy.Decision) -> String? {
    let sourceNeverOut = source.state == .draft || source.state == .exempt
    if sourceNeverOut { return nil }
    if target.state == .exempt { return "is exempt and will never be published" }
    if target.state == .briefing { return "is a briefing and will never be published" }
    if target.state == .draft { return "is a draft" }
    // A briefing goes out by email before every embargo, under embargo itself: a link to a
    // page still embargoed is news to its readers, not a leak.
    if source.state == .briefing { return nil }
    switch (source.embargo, target.embargo) {
    case (_, nil): return nil
    case (nil, let t?): return "is embargoed until \(LondonTime.longWithUTC(t)), but this document has no embargo"
    case (let s?, let t?) where t > s:
      return "comes out later (\(LondonTime.longWithUTC(t))) than this document (\(LondonTime.longWithUTC(s)))"
    default: return nil
    }
  }

  // MARK: - Accessibility of the sources

  static let vagueLinkTexts: Set<String> = [
    "click here", "here", "read more", "more", "this link", "link", "this page", "find out more", "more information",
  ]

  static func checkAccessibility(_ rendered: RenderedDocument) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let markdown = rendered.markdown
    for image in markdown.images {
      let alt = image.text.trimmingCharacters(in: .whitespaces)
      lazy var at = rendered.location(of: image)
      let fileName = (image.destination as NSString).lastPathComponent
      if alt.isEmpty {
        diagnostics.append(
          .error(
            at: at, "the image \(image.destination) has no alternative text",
            notes: ["describe what the image shows: ![Chart of the four judgements](\(image.destination))"]))
      } else if alt == fileName || alt.range(of: #"^[\w\-]+\.(png|jpe?g|gif|svg|webp)$"#, options: [.regularExpression, .caseInsensitive]) != nil {
        diagnostics.append(
          .error(
            at: at, "the alternative text of \(image.destination) is a file name ('\(alt)')",
            notes: ["describe what the image shows instead"]))
      }
    }
    for link in markdown.links {
      let text = link.text.trimmingBlanks().lowercased()
      lazy var at = rendered.location(of: link)
      if vagueLinkTexts.contains(text) {
        diagnostics.append(
          .warning(
            at: at, "the link text '\(link.text)' does not say where it goes",
            notes: ["screen reader users often list links out of context: name the destination, e.g. [the council report](council-report.md)"]))
      } else if text == link.destination.lowercased() || text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("www.") {
        diagnostics.append(
          .warning(
            at: at, "the link text is a bare address",
            notes: ["name the page the link goes to: [Ofsted's report](\(link.destination))"]))
      }
    }
    // The page title is the one h1; the body's headings start at h2 and go down one level at a
    // time. A body written with '#' has been shown one level down (the render stage), so its
    // levels are counted as shown and its markers as written.
    var previousLevel = 1
    let shift = markdown.headingShift
    for heading in markdown.headings {
      let at = rendered.location(line: heading.line, column: heading.column)
      if heading.level > previousLevel + 1 {
        let marker = String(repeating: "#", count: previousLevel + 1 - shift)
        diagnostics.append(
          .error(
            at: at, "this heading skips from level \(previousLevel) to level \(heading.level)",
            notes: ["use level \(previousLevel + 1) ('\(marker) ') here"]
              + (shift > 0 ? ["this body uses '#', so its headings are shown one level down: '#' is level 2"] : [])))
      }
      previousLevel = heading.level
    }
    for table in markdown.tables where table.headerCells.contains(where: \.isBlank) {
      diagnostics.append(
        .error(
          at: rendered.location(line: table.line, column: table.column), "the table has an empty header cell",
          notes: ["give every column a header in the first row, so screen readers can name the cells"]))
    }
    for paragraph in markdown.emphasisParagraphs {
      diagnostics.append(
        .warning(
          at: rendered.location(line: paragraph.line, column: paragraph.column),
          "a paragraph that is only bold or italic text looks like a heading",
          notes: ["if it is a heading, write it as one ('## Heading') so it appears in the page's outline"]))
    }
    return diagnostics
  }

  // MARK: - Completeness

  static func checkCompleteness(_ pack: LoadedPack, context: BuildContext, rendered: [RenderedDocument]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let inspectionFile = SourceLocation(path: pack.contentPath("inspection.yaml"), line: 1, column: 1)
    let i = pack.inspection
    if context.documents.contains(where: { $0.document.kind == .pressRelease }) && i.quotes.isEmpty {
      diagnostics.append(
        .warning(at: inspectionFile, "there is no quote for the press release", notes: [
          "add 'quotes:' with the lead member's or the director's words"
        ]))
    }
    if i.media.pressOfficeEmail == nil && i.media.pressOfficePhone == nil {
      diagnostics.append(
        .warning(at: inspectionFile, "there is no media contact", notes: [
          "add 'media: { pressOfficeEmail: ..., pressOfficePhone: ... }' for journalists"
        ]))
    }
    if let url = i.report.url, !url.isEmpty {
      let linksToReport = rendered.contains { rendered in
        rendered.markdown.links.contains { $0.destination == url } || rendered.mentionsReportURL
      }
      let templatesLink = pack.templates.values.contains { $0.contains("report.url") }
      if !linksToReport && !templatesLink {
        diagnostics.append(
          .warning(at: inspectionFile, "no document links to Ofsted's report (\(url))", notes: [
            "link to it, e.g. [Ofsted's report]({{report.url}})"
          ]))
      }
    }
    if i.judgements.values.contains(.inadequate) && i.intervention.type == .none {
      diagnostics.append(
        .warning(at: inspectionFile, "'intervention.type' is none: check it against the judgements", notes: [
          "the DfE intervenes after an inadequate judgement: record the improvement notice or direction in 'intervention'"
        ]))
    }
    return diagnostics
  }
}
