import Foundation
import PackMarkdown

/// The checks beyond what building needs: prose against data, links and anchors, the
/// accessibility of the sources, and whether the pack is complete. docs/check.md explains each.
///
/// `build` runs them too and fails on their errors; `check` also shows the warnings.
public enum PackChecker {
  /// What the checks find in one document, made as soon as it is rendered (stage 4), while its
  /// body is at hand: a large pack's bodies and links are never all held at once.
  enum Finding: Sendable {
    case found(Diagnostic)
    /// A link to a heading of another document (`report.md#next-steps`): known to be broken or
    /// not only once every document is rendered (stage 5).
    case anchor(String, document: String, at: SourceLocation, isReleased: Bool)

    var isError: Bool {
      if case .found(let diagnostic) = self { return diagnostic.severity == .error }
      return false
    }
  }

  /// The checks of one document, made once per build: its prose against the data, its links
  /// and anchors, the accessibility of its source, and the placeholders left in it.
  struct DocumentChecks: Sendable {
    let prose: ProseChecker
    /// Before the pack's release, a page with `embargo: none` is out already: it may state no
    /// outcome in words, as it may show none by a tag (SPEC.md, embargo rule 2).
    let isBeforeRelease: Bool
    let decisions: KeyedList<DecidedDocument>
    let pages: PageAddresses

    init(_ context: BuildContext) {
      prose = ProseChecker(inspection: context.pack.inspection)
      isBeforeRelease = !ReleasePolicy.isReleased(
        embargo: context.pack.inspection.embargo.liftsAt, at: context.request.instant)
      decisions = KeyedList(context.documents, key: \.document.fileName)
      pages = PageAddresses(
        site: SiteAddress(baseURL: context.pack.settings.baseURL),
        fileBySlug: Dictionary(
          context.documents.map { (LookAlikeName.key($0.document.slug), $0.document.fileName) },
          uniquingKeysWith: { a, _ in a }))
    }

    /// Whether some document's title or summary breaks a rule of the prose check. They reach
    /// other pages (navigation, the listings) as well as their own, so the pipeline asks before
    /// any page is streamed: a build that will fail for one writes no page naming it. (The
    /// errors themselves are reported with the document's other findings, by `check`.)
    func refusesAFieldOfSomeDocument(_ documents: [DecidedDocument]) -> Bool {
      documents.contains { decided in
        let document = decided.document
        let isEarly = isBeforeRelease && document.kind == .page && document.embargo == .none
        return prose.checkFields(of: document, isEarly: isEarly).contains { $0.severity == .error }
      }
    }

    /// A document whose body could not be rendered (a Mustache syntax error) still has its
    /// prose and placeholders checked.
    func check(_ decided: DecidedDocument, body: String, rendered: RenderedDocument?) -> [Finding] {
      let document = decided.document
      let isEarly = isBeforeRelease && document.kind == .page && document.embargo == .none
      let prose = prose.check(document, body: body, isEarly: isEarly).map(Finding.found)
      let placeholders = Placeholders.check(document, body: body, decision: decided.decision).map(Finding.found)
      guard let rendered else { return prose + placeholders }
      return prose + checkLinks(rendered, decisions: decisions, pages: pages)
        + checkAccessibility(rendered).map(Finding.found) + placeholders
    }
  }

  /// Stage 5: each document's findings from stage 4 (in document order, with its links to
  /// other documents' headings now looked up), then what only the whole pack shows.
  static func check(_ context: BuildContext, rendered allRendered: [RenderedDocument], findings: [[Finding]]) -> [Diagnostic] {
    let pack = context.pack
    var diagnostics: [Diagnostic] = []
    let renderedByFile = KeyedList(allRendered, key: \.document.fileName)
    for finding in findings.joined() {
      switch finding {
      case .found(let diagnostic):
        diagnostics.append(diagnostic)
      case .anchor(let anchor, let path, let at, let isReleased):
        guard let target = renderedByFile[path], !target.headingIDs.contains(anchor) else {
          continue
        }
        diagnostics.append(
          .error(
            at: at, "the anchor '#\(anchor)' names no heading in \(path)",
            notes: headingNotes(target, isReleased: isReleased, "there")))
      }
    }
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

  /// The site's pages by address, for links typed as one (`../council-report/`).
  struct PageAddresses: Sendable {
    var site: SiteAddress
    /// By `LookAlikeName.key` of the slug, as `SiteAddress` gives it.
    var fileBySlug: [String: String]
  }

  static func checkLinks(
    _ rendered: RenderedDocument, decisions: KeyedList<DecidedDocument>, pages: PageAddresses
  ) -> [Finding] {
    var diagnostics: [Finding] = []
    let document = rendered.document
    guard let source = decisions[document.fileName] else { return [] }
    // Addresses that gave nothing to report: the same address written again gives nothing again
    // (what is found depends on the address alone; only its place differs).
    var sound: Set<String> = []
    for link in rendered.markdown.links where !sound.contains(link.destination) {
      let before = diagnostics.count
      defer { if diagnostics.count == before { sound.insert(link.destination) } }
      let destination = link.destination
      // Located only when there is something to report: finding the column means a search of the line.
      lazy var at = rendered.location(of: link)
      if destination.hasPrefix("#") {
        let anchor = String(destination.dropFirst())
        if !anchor.isEmpty, !rendered.markdown.headings.contains(where: { $0.id == anchor }) {
          diagnostics.append(
            .found(
              .error(
                at: at, "the anchor '\(destination)' names no heading in this document",
                notes: headingNotes(rendered, isReleased: source.decision.isReleased, "here"))))
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
      if let anchor, !anchor.isEmpty {
        diagnostics.append(.anchor(anchor, document: path, at: at, isReleased: target.decision.isReleased))
      }
      // A link must not come out before its target. Once the source is out, the render stage
      // has already refused a link to a withheld target; once the target is out, nothing can break.
      if !source.decision.isReleased, !target.decision.isReleased,
        let problem = releaseOrderProblem(source: source.decision, target: target.decision)
      {
        diagnostics.append(
          .found(
            .error(
              at: at, "this document links to \(path), which \(problem)",
              notes: ["on release day the link would fail the build; align the embargoes or remove the link"])))
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
    return ["headings \(place): " + rendered.headingIDs.map { "#" + $0 }.joined(separator: ", ")]
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
        rendered.linksToReportURL || rendered.mentionsReportURL
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
