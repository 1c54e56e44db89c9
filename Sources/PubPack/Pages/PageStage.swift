import Foundation

/// Stage 6 (Template): each shown document in its kind's template, side by side.
enum PageStage {
  /// The pages made, and what later stages need of them.
  struct Pages: Sendable {
    /// The templates, compiled once, for the landing page (stage 7) and the PDF's second pass.
    var renderer: PageRenderer
    /// The pages that ask for a PDF (stage 9).
    var pdfPages: [PDFPage]
  }

  /// A page that asks for a PDF, and the data it was rendered with (for its second pass, with
  /// the PDF's size in its link).
  struct PDFPage: Sendable {
    var decided: DecidedDocument
    var root: [String: TemplateValue]
  }

  /// One page, made as soon as its document was rendered.
  struct Made: Sendable {
    var file: SiteFile
    var diagnostics: [Diagnostic]
    var placeholders: (path: String, values: [Placeholders.Shown])
    var pdfPage: PDFPage?
  }

  /// The templates compiled once, and what every page shares; `page(for:body:)` makes one page.
  struct Maker: Sendable {
    var context: BuildContext
    var renderer: PageRenderer
    var listingIndex: [String: Int]
    var kindsListingDocuments: Set<Document.Kind>

    /// The page of a rendered document, or nil when the document is not shown (withheld, or a
    /// kind with no template, whose error the validator gave). The page is written to the
    /// staging folder only if `mayWrite` (its document has no error so far): a page the checks
    /// refuse never reaches the disk, even there.
    func page(for rendered: RenderedDocument, body: String, mayWrite: Bool) -> Made? {
      guard
        let decided = context.shownByPath[rendered.document.path], decided.document.isSameFile(as: rendered.document),
        context.pack.templates[decided.document.kind.rawValue] != nil
      else { return nil }
      let slug = decided.document.slug
      var page = context.pageData(decided, headings: rendered.headings)
      let makesPDF = context.request.pdfRenderer != nil && decided.document.makesPDF
      if case .map(var fields) = page {
        fields["content"] = .string(body)
        // The link's size is filled in once the PDF is made (stage 9).
        if makesPDF { fields["pdf"] = .map(["url": .string("\(slug).pdf"), "size": .null]) }
        fields["shareImage"] = ShareImageStage.pageValue(
          decided, pack: context.pack, makesCards: context.request.shareImageRenderer != nil)
        page = .map(fields)
      }
      var documents = context.pageListing
      if kindsListingDocuments.contains(decided.document.kind), let current = listingIndex[slug] {
        documents[current] = context.listing[current].relative(from: "../", current: slug)
      }
      var root = context.pageRoot(context.templateData, current: slug, documents: documents)
      root["page"] = page
      root["build"] = context.buildData
      let (html, diagnostics, placeholders) = renderer.renderTracingPlaceholders(
        decided.document.kind.rawValue, data: .map(root))
      // Streamed to the staging folder now, when the site is to be written: the pages are
      // never all held at once.
      let made = SiteFile(
        path: "\(slug)/index.html", contents: Data(html.utf8), sources: [decided.document.path],
        notBefore: decided.decision.embargo)
      let (file, staging) = mayWrite && !diagnostics.hasErrors ? context.request.keep(made) : (made, [])
      return Made(
        file: file, diagnostics: diagnostics + staging, placeholders: (path: decided.document.path, values: placeholders),
        pdfPage: makesPDF ? PDFPage(decided: decided, root: root) : nil)
    }
  }

  /// The templates compiled, ready to make each page as its document is rendered (stage 4
  /// calls `Maker.page`); nil, with the errors, when they cannot be compiled.
  static func prepare(_ context: BuildContext) -> (Maker?, StageOutput) {
    var renderer: PageRenderer
    do { renderer = try PageRenderer(pack: context.pack) } catch {
      return (nil, StageOutput(diagnostics: error.diagnostics))
    }
    renderer.factsWithheldUntil = context.factsWithheldUntil
    let pages = renderer
    let listing = context.listing
    // Slugs are unique (stage 2), so at most one entry is the current page.
    let listingIndex = Dictionary(
      listing.indices.map { (listing[$0].decided.document.slug, $0) }, uniquingKeysWith: { a, _ in a })
    // A page's own copy of the list, with its entry marked current, is made only when its
    // templates can look `documents` up: a copy per page would make the stage quadratic in the
    // number of documents, and where no template names the list nobody can tell it apart.
    let kindsListingDocuments = Set(Document.Kind.allCases.filter { pages.mayLookUp("documents", from: $0.rawValue) })
    return (
      Maker(context: context, renderer: pages, listingIndex: listingIndex, kindsListingDocuments: kindsListingDocuments),
      StageOutput()
    )
  }

  /// The pages made (in document order), with their messages and the placeholders released
  /// ones showed; nil when the templates could not be compiled.
  static func run(_ context: BuildContext, maker: Maker?, made: [Made?]) -> (Pages?, StageOutput) {
    guard let maker else { return (nil, StageOutput()) }
    let results = made.compactMap { $0 }
    let output = StageOutput(
      files: results.map(\.file), diagnostics: results.flatMap(\.diagnostics),
      placeholdersShown: results.map(\.placeholders).filter {
        !$0.values.isEmpty && context.shownByPath[$0.path]?.decision.isReleased == true
      }.map { (context.shownByPath[$0.path]?.document.fileName ?? $0.path, $0.values) })
    return (Pages(renderer: maker.renderer, pdfPages: results.compactMap(\.pdfPage)), output)
  }
}
