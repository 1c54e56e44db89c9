import Foundation

/// What a build is for.
public enum BuildMode: String, Sendable, Codable {
  /// The public site: only documents released at the build's instant.
  case release
  /// The author's private view: every document, the withheld ones marked as embargoed.
  case preview
}

/// What to build, from where, as of when.
public struct BuildRequest: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var mode: BuildMode
  /// The instant the build decides by (`--at`, or the clock read once by the command).
  public var instant: Instant
  /// Prints the documents that ask for a PDF; nil makes no PDFs (and no links to them).
  public var pdfRenderer: PDFRenderer?
  /// Draws each released page's share image (`og:image`); nil makes none (and no `og:image`).
  public var shareImageRenderer: ShareImageRenderer?

  public init(
    content: String = "content", templates: String = "templates", mode: BuildMode = .release, at instant: Instant,
    pdfRenderer: PDFRenderer? = nil, shareImageRenderer: ShareImageRenderer? = nil
  ) {
    self.contentDirectory = content
    self.templatesDirectory = templates
    self.mode = mode
    self.instant = instant
    self.pdfRenderer = pdfRenderer
    self.shareImageRenderer = shareImageRenderer
  }
}

/// One file of the built site, with the documents it was made from.
public struct SiteFile: Sendable, Equatable {
  /// Relative to the site root, e.g. `press-release/index.html`.
  public var path: String
  public var contents: Data
  /// The documents this file derives from (content paths); empty for theme files.
  public var sources: [String]
  /// The latest embargo among `sources`: the file must not be public before it.
  public var notBefore: Instant?
}

/// A document and the release decision made for it.
public struct DecidedDocument: Sendable {
  public var document: Document
  public var decision: ReleasePolicy.Decision
}

/// The result of a build: the files (in memory, not yet written) and every diagnostic.
public struct Build: Sendable {
  public var request: BuildRequest
  public var pack: LoadedPack?
  /// Every document with its decision, in file-name order.
  public var documents: [DecidedDocument] = []
  /// Every file of the site, sorted by path.
  public var files: [SiteFile] = []
  public var diagnostics: [Diagnostic] = []
  /// Every document rendered, withheld ones included, for the checks; only the shown ones
  /// become files.
  public var rendered: [RenderedDocument] = []

  public var succeeded: Bool { !diagnostics.hasErrors }
  public var released: [DecidedDocument] { documents.filter(\.decision.isReleased) }
  public var withheld: [DecidedDocument] { documents.filter { !$0.decision.isReleased } }

  /// The build with no files if any stage found an error: a failed build has nothing to write.
  func droppingFilesIfFailed() -> Build {
    guard !succeeded else { return self }
    var build = self
    build.files = []
    return build
  }
}

/// The build, stage by stage. This is the table of contents of pubpack: each stage is named
/// as it is in the README's architecture section.
///
///     Load → Validate → Embargo → Render → Check → Template → Listings → Assets → PDF
///
/// Writing the files (`SiteWriter`) is separate: `check` and `preview` build without writing.
public enum Pipeline {
  public static func build(_ request: BuildRequest) -> Build {
    var build = Build(request: request)

    // 1. Load: read every source once; later stages never touch the disk.
    let (loaded, loadDiagnostics) = PackLoader.load(
      content: request.contentDirectory, templates: request.templatesDirectory)
    build.diagnostics += loadDiagnostics
    guard let pack = loaded else { return build }
    build.pack = pack

    // 2. Validate: rules across documents (slugs, embargo settings, templates).
    build.diagnostics += PackValidator.validate(pack)

    // 3. Embargo: one decision per document, at the build's one instant.
    let packRelease = pack.inspection.embargo.liftsAt
    build.documents = pack.documents.map {
      DecidedDocument(
        document: $0, decision: ReleasePolicy.decision(for: $0, packRelease: packRelease, at: request.instant))
    }
    // From here on every stage runs whatever the earlier ones found, so that one run reports
    // every problem at once; the files are dropped at the end if anything was an error, so
    // nothing is ever written from a failed build.

    // Everything after this point sees only the documents this build may show: in a release
    // build, the released ones. Nothing below reads `pack.documents`.
    let shown = request.mode == .release ? build.released : build.documents
    let shownByPath = Dictionary(shown.map { ($0.document.path, $0) }, uniquingKeysWith: { a, _ in a })

    // 4. Render: data tags, then GFM. Withheld documents are rendered too, so their errors are
    // found before release day; only the shown ones become files (stages 5 and 7).
    let data = PackData.make(inspection: pack.inspection, settings: pack.settings, outcomes: pack.outcomes)
    // Before the pack's release a release build publishes only the landing page and pages with
    // `embargo: none`: their templates get no fact of the inspection to show, and a tag naming
    // one is an error that says so.
    let factsWithheldUntil =
      request.mode == .release && !ReleasePolicy.isReleased(embargo: packRelease, at: request.instant)
      ? packRelease : nil
    let earlyData = data.filter { !PackData.inspectionFacts.contains($0.key) }
    let templateData = factsWithheldUntil == nil ? data : earlyData
    let decisions = Dictionary(build.documents.map { ($0.document.path, $0.decision) }, uniquingKeysWith: { a, _ in a })
    let renderer = DocumentRenderer(pack: pack, data: data, decisions: decisions, isRelease: request.mode == .release)
    // A briefing is never listed, linked from navigation, or in the sitemap or feed, even in a
    // preview (where the author still sees its own page).
    let listed = shown.filter { $0.document.kind.isPublished }
    let listing = listed.sorted(by: Self.listingOrder).map { ListingEntry(decided: $0, baseURL: pack.settings.baseURL) }
    // The list of documents as a page sees it, made once: a page's own copy differs only in
    // the one entry marked `isCurrent` (stage 5), so a pack of n documents costs n entries, not n².
    let pageListing = listing.map { $0.relative(from: "../") }
    let navigation = Navigation(listing)
    let instantNames = InstantNames(build.documents.compactMap(\.decision.embargo))
    // Documents render side by side; the cmark-gfm parse inside each is serialised by
    // PackMarkdown. Results and messages are taken in document order, as if one by one.
    let documents = build.documents
    let renderings = Self.concurrentMap(documents.count) { index in
      let decided = documents[index]
      // A page with `embargo: none` comes out before the report, in every build: its body gets
      // no fact of the inspection to show, and naming one is an error (embargo rule 2).
      var root = decided.document.embargo == .none ? earlyData : data
      root["page"] = pageData(
        decided, baseURL: pack.settings.baseURL, content: nil, mode: request.mode, instantNames: instantNames)
      root["documents"] = .list(pageListing)
      root["hasDocuments"] = .bool(!listing.isEmpty)
      root.merge(navigation.values(root: "../", current: decided.document.slug)) { _, new in new }
      root["root"] = .string("../")
      return renderer.render(decided.document, data: .map(root), rootPrefix: "../")
    }
    var rendered: [RenderedDocument] = []
    var bodies: [String] = []
    for (output, diagnostics) in renderings {
      build.diagnostics += diagnostics
      if let output {
        rendered.append(output.rendered)
        bodies.append(output.html)
      }
    }
    build.rendered = rendered
    // Each body is handed to its page once and let go (withheld ones are never taken), so the
    // pages and the bodies are not all held at once.
    let pageBodies = Handoff(bodies)
    bodies = []

    // 4b. Check: prose against data, links and anchors, the sources' accessibility. Errors fail
    // the build (before any page is made); warnings are kept for `check` to show. Each stage
    // spreads its documents over every core, so they run one after the other: nested inside
    // each other, Dispatch would give the inner one no extra threads.
    build.diagnostics += PackChecker.check(build)

    // Placeholders (`TYPE`) in the data that released pages show: those their bodies' tags
    // showed, then (stages 5 and 6) those their templates showed.
    var placeholdersShown: [(page: String, values: [Placeholders.Shown])] = rendered.compactMap { output in
      guard decisions[output.document.path]?.isReleased == true, !output.placeholdersShown.isEmpty else { return nil }
      return (output.document.fileName, output.placeholdersShown)
    }

    // 5. Template: each shown document in its kind's template.
    let pages: PageRenderer
    var files: [SiteFile]
    var pdfPages: [PDFStage.Page]
    do {
      let (renderer, pageFiles, diagnostics, shownByPage, pagesForPDF) = try template(
        rendered, bodies: pageBodies, data: templateData, factsWithheldUntil: factsWithheldUntil, listing: listing, pageListing: pageListing, navigation: navigation,
        instantNames: instantNames, shownByPath: shownByPath, pack: pack, mode: request.mode,
        makesPDFs: request.pdfRenderer != nil, makesShareImages: request.shareImageRenderer != nil)
      pages = renderer
      files = pageFiles
      pdfPages = pagesForPDF
      build.diagnostics += diagnostics
      placeholdersShown += shownByPage.filter { !$0.values.isEmpty && shownByPath[$0.path]?.decision.isReleased == true }
        .map { (shownByPath[$0.path]?.document.fileName ?? $0.path, $0.values) }
    } catch {
      build.diagnostics += error.diagnostics
      build.diagnostics += Placeholders.check(data: pack.placeholderValues, shown: placeholdersShown)
      return build.droppingFilesIfFailed()
    }

    // 6. Listings: the landing page, sitemap and feed, from the shown documents only.
    let sources = listed.map(\.document.path)
    let latest = listed.compactMap(\.decision.embargo).max()
    var indexRoot = templateData
    indexRoot["documents"] = .list(listing.map { $0.relative(from: "") })
    indexRoot["hasDocuments"] = .bool(!listing.isEmpty)
    indexRoot.merge(navigation.values(root: "", current: nil)) { _, new in new }
    indexRoot["root"] = .string("")
    indexRoot["build"] = buildData(request.mode)
    let withheldShown = listed.filter { !$0.decision.isReleased }
    indexRoot["page"] = .map([
      "title": .string(pack.settings.siteTitle),
      "summary": .null,
      "url": .string(pack.settings.baseURL),
      "isLanding": .bool(true),
      "isCouncilReport": .bool(false),
      "pdf": .null,
      "banner": request.mode == .preview && !withheldShown.isEmpty
        ? .string("Embargoed documents are listed: not for publication") : .null,
      "isWithheld": .bool(request.mode == .preview && !withheldShown.isEmpty),
      "shareImage": ShareImageStage.landingValue(pack: pack, makesCards: request.shareImageRenderer != nil),
    ])
    // The three are independent, and each is one long piece of work for a large pack: side by side.
    let landing = indexRoot
    let listingFiles = concurrentMap(3) { which -> (SiteFile, [Diagnostic], [Placeholders.Shown]) in
      func file(_ path: String, _ text: String) -> SiteFile {
        SiteFile(path: path, contents: Data(text.utf8), sources: sources, notBefore: latest)
      }
      switch which {
      case 0:
        guard pack.templates["index"] != nil else { return (file("index.html", ""), [], []) }
        let (html, diagnostics, shown) = pages.renderTracingPlaceholders("index", data: .map(landing))
        return (file("index.html", html), diagnostics, shown)
      case 1:
        return (file("sitemap.xml", Listings.sitemap(listed, baseURL: pack.settings.baseURL)), [], [])
      default:
        // A feed with no dated entry is dated at the build's instant, so it may not go out
        // before that instant: a site built with `--at` for later would name it early.
        var feed = file("feed.xml", Listings.feed(listed, title: pack.settings.siteTitle, baseURL: pack.settings.baseURL, builtAt: request.instant))
        if feed.notBefore == nil { feed.notBefore = request.instant }
        return (feed, [], [])
      }
    }
    for (file, diagnostics, shown) in listingFiles {
      build.diagnostics += diagnostics
      files.append(file)
      // The landing page is released by every release build.
      if !shown.isEmpty, request.mode == .release { placeholdersShown.append(("the landing page", shown)) }
    }
    build.diagnostics += Placeholders.check(data: pack.placeholderValues, shown: placeholdersShown)

    // 7. Assets: the theme, and each content asset a shown document uses (and nothing else).
    var assetUsers: [String: [DecidedDocument]] = [:]
    for output in rendered {
      guard let decided = shownByPath[output.document.path], decided.document.isSameFile(as: output.document) else { continue }
      for name in output.assetsUsed { assetUsers[name, default: []].append(decided) }
    }
    for name in assetUsers.keys.sorted() {
      let users = assetUsers[name] ?? []
      guard let contents = FileManager.default.contents(atPath: pack.contentPath("assets/" + name)) else {
        build.diagnostics.append(
          .error(at: nil, "cannot read \(pack.contentPath("assets/" + name))", notes: ["check that the file is there and readable"]))
        continue
      }
      files.append(
        SiteFile(
          path: "assets/" + name, contents: contents, sources: users.map(\.document.path).sorted(),
          notBefore: users.compactMap(\.decision.embargo).min()))
    }
    // By `LookAlikeName.key`: `Style.css` and `style.css` are one file on a case-insensitive disk.
    let contentAssetKeys = Set(assetUsers.keys.map(LookAlikeName.key))
    for name in pack.themeAssets {
      if contentAssetKeys.contains(LookAlikeName.key(name)) {
        build.diagnostics.append(
          .error(
            at: SourceLocation(path: join(pack.templatesDirectory, "assets/" + name), line: 1, column: 1),
            "the theme file assets/\(name) has the same name as a content asset",
            notes: ["rename content/assets/\(name)"]))
        continue
      }
      guard let contents = FileManager.default.contents(atPath: join(pack.templatesDirectory, "assets/" + name)) else {
        continue
      }
      files.append(SiteFile(path: "assets/" + name, contents: contents, sources: [], notBefore: nil))
    }

    // 8. PDF: each shown page that asks for one, printed with the site's assets (so after
    // stage 7), and the page given its PDF's size. Nothing runs when no page asks.
    if let renderer = request.pdfRenderer, !pdfPages.isEmpty, build.succeeded {
      build.diagnostics += PDFStage.run(pdfPages, files: &files, pages: pages, renderer: renderer, baseURL: pack.settings.baseURL)
      pdfPages = []
    }

    // 9. Share images: a PNG card for each released page, named by its og:image (after stage 8,
    // which renders pages again); with no renderer, only check's warnings.
    build.diagnostics += ShareImageStage.run(build, files: &files, shown: shown, pack: pack, renderer: request.shareImageRenderer)
    build.files = files.sorted { $0.path < $1.path }
    return build.droppingFilesIfFailed()
  }

  /// Stage 5: each shown document in its kind's template, side by side; the pages and their
  /// messages in the order of `rendered`.
  static func template(
    _ rendered: [RenderedDocument], bodies: Handoff<String>, data: [String: TemplateValue], factsWithheldUntil: Instant?,
    listing: [ListingEntry],
    pageListing: [TemplateValue], navigation: Navigation, instantNames: InstantNames,
    shownByPath: [String: DecidedDocument], pack: LoadedPack, mode: BuildMode, makesPDFs: Bool,
    makesShareImages: Bool = false
  ) throws(DiagnosticError) -> (
    PageRenderer, [SiteFile], [Diagnostic], [(path: String, values: [Placeholders.Shown])], [PDFStage.Page]
  ) {
    var renderer = try PageRenderer(pack: pack)
    renderer.factsWithheldUntil = factsWithheldUntil
    let pages = renderer
    // Slugs are unique (stage 2), so at most one entry is the current page.
    let listingIndex = Dictionary(
      listing.indices.map { (listing[$0].decided.document.slug, $0) }, uniquingKeysWith: { a, _ in a })
    // A page's own copy of the list, with its entry marked current, is made only when its
    // templates can look `documents` up: a copy per page would make the stage quadratic in the
    // number of documents, and where no template names the list nobody can tell it apart.
    let kindsListingDocuments = Set(Document.Kind.allCases.filter { pages.mayLookUp("documents", from: $0.rawValue) })
    // A kind with no template has had its error from the validator: its pages are not made.
    let shownOutputs = rendered.indices.compactMap { index in
      shownByPath[rendered[index].document.path].flatMap { $0.document.isSameFile(as: rendered[index].document) ? (index, $0) : nil }
    }.filter { pack.templates[$0.1.document.kind.rawValue] != nil }
    let results = concurrentMap(shownOutputs.count) { shownIndex in
      let (index, decided) = shownOutputs[shownIndex]
      let output = rendered[index]
      var root = data
      var page = pageData(
        decided, baseURL: pack.settings.baseURL, content: output, mode: mode, instantNames: instantNames)
      let makesPDF = makesPDFs && decided.document.makesPDF
      if case .map(var fields) = page {
        fields["content"] = .string(bodies.take(index))
        // The link's size is filled in once the PDF is made (stage 8).
        if makesPDF { fields["pdf"] = .map(["url": .string("\(decided.document.slug).pdf"), "size": .null]) }
        fields["shareImage"] = ShareImageStage.pageValue(decided, pack: pack, makesCards: makesShareImages)
        page = .map(fields)
      }
      root["page"] = page
      var documents = pageListing
      if kindsListingDocuments.contains(decided.document.kind), let current = listingIndex[decided.document.slug] {
        documents[current] = listing[current].relative(from: "../", current: decided.document.slug)
      }
      root["documents"] = .list(documents)
      root["hasDocuments"] = .bool(!listing.isEmpty)
      root.merge(navigation.values(root: "../", current: decided.document.slug)) { _, new in new }
      root["root"] = .string("../")
      root["build"] = buildData(mode)
      let (html, diagnostics, placeholders) = pages.renderTracingPlaceholders(decided.document.kind.rawValue, data: .map(root))
      let file = SiteFile(
        path: "\(decided.document.slug)/index.html", contents: Data(html.utf8), sources: [decided.document.path],
        notBefore: decided.decision.embargo)
      return (
        file, diagnostics, (path: decided.document.path, values: placeholders),
        makesPDF ? PDFStage.Page(fileIndex: shownIndex, decided: decided, root: root) : nil
      )
    }
    return (pages, results.map(\.0), results.flatMap(\.1), results.map(\.2), results.compactMap(\.3))
  }

  /// `transform` of each index in `0..<count`, computed on every core, in index order.
  ///
  /// For stages whose work per document only reads shared values and returns its result:
  /// nothing is locked here. (The one call that must never overlap another, a cmark-gfm parse,
  /// is serialised inside PackMarkdown.)
  static func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      let slots = Slots(base: buffer.baseAddress)
      DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.initialize(index, to: transform(index))
      }
      initialized = count
    }
  }

  /// The webpage first, then the press release, the council report and other pages, each by title.
  static func listingOrder(_ a: DecidedDocument, _ b: DecidedDocument) -> Bool {
    let order: [Document.Kind] = [.webpage, .pressRelease, .councilReport, .page]
    let ka = order.firstIndex(of: a.document.kind) ?? 9
    let kb = order.firstIndex(of: b.document.kind) ?? 9
    return (ka, a.document.title, a.document.path) < (kb, b.document.title, b.document.path)
  }

  static func buildData(_ mode: BuildMode) -> TemplateValue {
    .map(["mode": .string(mode.rawValue), "isPreview": .bool(mode == .preview)])
  }

  /// `page` for a document: its front matter, its release, and (in preview) its banner.
  static func pageData(
    _ decided: DecidedDocument, baseURL: String, content: RenderedDocument?, mode: BuildMode,
    instantNames: InstantNames
  ) -> TemplateValue {
    let d = decided.document
    var page: [String: TemplateValue] = d.fields
    // A kind's optional front-matter fields exist even when not given, so templates can test them.
    for key in DocumentLoader.kindKeys[d.kind] ?? [] where page[key] == nil { page[key] = .null }
    if d.kind == .councilReport { page = FrontSheet.shape(page) }
    page["title"] = .string(d.title)
    page["summary"] = .optional(d.summary)
    page["kind"] = .string(d.kind.rawValue)
    page["slug"] = .string(d.slug)
    page["url"] = .string(baseURL + d.slug + "/")
    page["isWebpage"] = .bool(d.kind == .webpage)
    page["isCouncilReport"] = .bool(d.kind == .councilReport)
    page["isPressRelease"] = .bool(d.kind == .pressRelease)
    page["isPage"] = .bool(d.kind == .page)
    page["isBriefing"] = .bool(d.kind == .briefing)
    page["releasedAt"] = decided.decision.embargo.map { instantNames[$0] } ?? .null
    page["exempt"] =
      d.exemptParagraphs.map { .map(["paragraphs": .string($0.map(String.init).joined(separator: ", "))]) } ?? .null
    page["headings"] = .list(
      (content?.headings ?? []).map {
        .map(["text": .string($0.text), "id": .string($0.id), "level": .string(String($0.level))])
      })
    page["bodyHas"] = TemplateSections.owned(by: content?.headings ?? [])
    page["pdf"] = .null
    page["shareImage"] = .null
    let isWithheld = mode == .preview && !decided.decision.isReleased
    page["isWithheld"] = .bool(isWithheld)
    page["banner"] = isWithheld ? .string(banner(for: decided.decision)) : .null
    page["isLanding"] = .bool(false)
    return .map(page)
  }

  /// "EMBARGOED until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026) - not for publication".
  public static func banner(for decision: ReleasePolicy.Decision) -> String {
    var parts: [String] = []
    for reason in decision.reasons {
      switch reason {
      case .embargoed(let until): parts.append("EMBARGOED until \(LondonTime.longWithUTC(until))")
      case .draft: parts.append("DRAFT")
      case .briefing: parts.append("BRIEFING: never published")
      case .exempt(let paragraphs):
        parts.append("EXEMPT under Schedule 12A, paragraph \(paragraphs.map(String.init).joined(separator: ", "))")
      }
    }
    return parts.joined(separator: ", ") + " - not for publication"
  }
}

/// A document as the landing page and navigation list it.
struct ListingEntry {
  var decided: DecidedDocument
  var baseURL: String

  func relative(from root: String, current: String? = nil) -> TemplateValue {
    let d = decided.document
    return .map([
      "title": .string(d.title),
      "summary": .optional(d.summary),
      "kind": .string(d.kind.rawValue),
      "slug": .string(d.slug),
      "url": .string(root + d.slug + "/"),
      "absoluteURL": .string(baseURL + d.slug + "/"),
      "isCurrent": .bool(d.slug == current),
      "isPage": .bool(d.kind == .page),
      "isAboutInspection": .bool(d.kind.isAboutInspection),
      "isWithheld": .bool(!decided.decision.isReleased),
    ])
  }
}

/// The layout's two short lists of documents, made for each page.
///
/// `documents` lists every document, and a layout that walks it on every page makes a build
/// quadratic in the number of documents (and a footer of hundreds of links helps nobody). The
/// default layout walks these instead: the documents about the inspection (webpage, press
/// release, council report), and the pack's other pages while there are at most
/// `mostSupportPages` of them; with more, the landing page lists them.
struct Navigation {
  static let mostSupportPages = 10

  let aboutInspection: [ListingEntry]
  let supportPages: [ListingEntry]

  init(_ listing: [ListingEntry]) {
    aboutInspection = listing.filter { $0.decided.document.kind.isAboutInspection }
    supportPages = listing.filter { $0.decided.document.kind == .page }
  }

  /// `inspectionDocuments`, `supportPages` and `supportPagesOnLanding` for one page.
  func values(root: String, current: String?) -> [String: TemplateValue] {
    let listsPages = supportPages.count <= Self.mostSupportPages
    return [
      "inspectionDocuments": .list(aboutInspection.map { $0.relative(from: root, current: current) }),
      "supportPages": .list(listsPages ? supportPages.map { $0.relative(from: root, current: current) } : []),
      "supportPagesOnLanding": .bool(!listsPages),
    ]
  }
}

/// Each release instant of a build, named once: `PackData.instant` formats seven strings, and
/// a pack of thousands of documents has a handful of instants.
struct InstantNames: Sendable {
  private let names: [Instant: TemplateValue]

  init(_ instants: [Instant]) {
    names = Dictionary(Set(instants).map { ($0, PackData.instant($0)) }, uniquingKeysWith: { a, _ in a })
  }

  subscript(instant: Instant) -> TemplateValue { names[instant] ?? PackData.instant(instant) }
}

/// The result slots of `Pipeline.concurrentMap`: each index is written exactly once, by one
/// thread, before the array is handed back, so writes never overlap.
private struct Slots<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>?

  func initialize(_ index: Int, to value: T) {
    (base! + index).initialize(to: value)
  }
}

/// Values that concurrent work takes one each, by index: each is moved out exactly once, by
/// one thread, so a value is freed as soon as its taker is done with it.
final class Handoff<T>: @unchecked Sendable {
  private let base: UnsafeMutablePointer<T?>
  private let count: Int

  init(_ values: [T]) {
    count = values.count
    base = .allocate(capacity: max(count, 1))
    for (index, value) in values.enumerated() { (base + index).initialize(to: value) }
  }

  /// The value at `index`; taking an index twice is a programming error.
  func take(_ index: Int) -> T {
    precondition(index >= 0 && index < count)
    guard let value = (base + index).pointee else { preconditionFailure("value \(index) was already taken") }
    (base + index).pointee = nil
    return value
  }

  deinit {
    base.deinitialize(count: count)
    base.deallocate()
  }
}
