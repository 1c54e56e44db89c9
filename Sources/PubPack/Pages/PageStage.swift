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

  /// A file per shown page (in the order of `rendered`), with its messages and the
  /// placeholders it showed; no pages when the templates cannot be compiled.
  static func run(
    _ context: BuildContext, rendered: [RenderedDocument], bodies: Handoff<String>
  ) -> (Pages?, StageOutput) {
    var renderer: PageRenderer
    do { renderer = try PageRenderer(pack: context.pack) } catch {
      return (nil, StageOutput(diagnostics: error.diagnostics))
    }
    renderer.factsWithheldUntil = context.factsWithheldUntil
    let pages = renderer
    let makesPDFs = context.request.pdfRenderer != nil
    let listing = context.listing
    // Slugs are unique (stage 2), so at most one entry is the current page.
    let listingIndex = Dictionary(
      listing.indices.map { (listing[$0].decided.document.slug, $0) }, uniquingKeysWith: { a, _ in a })
    // A page's own copy of the list, with its entry marked current, is made only when its
    // templates can look `documents` up: a copy per page would make the stage quadratic in the
    // number of documents, and where no template names the list nobody can tell it apart.
    let kindsListingDocuments = Set(Document.Kind.allCases.filter { pages.mayLookUp("documents", from: $0.rawValue) })
    // A kind with no template has had its error from the validator: its pages are not made.
    let shownOutputs = rendered.indices.compactMap { index in
      context.shownByPath[rendered[index].document.path].flatMap {
        $0.document.isSameFile(as: rendered[index].document) ? (index, $0) : nil
      }
    }.filter { context.pack.templates[$0.1.document.kind.rawValue] != nil }
    let results = concurrentMap(shownOutputs.count) { shownIndex in
      let (index, decided) = shownOutputs[shownIndex]
      let slug = decided.document.slug
      var page = context.pageData(decided, headings: rendered[index].headings)
      let makesPDF = makesPDFs && decided.document.makesPDF
      if case .map(var fields) = page {
        fields["content"] = .string(bodies.take(index))
        // The link's size is filled in once the PDF is made (stage 9).
        if makesPDF { fields["pdf"] = .map(["url": .string("\(slug).pdf"), "size": .null]) }
        fields["shareImage"] = ShareImageStage.pageValue(
          decided, pack: context.pack, makesCards: context.request.shareImageRenderer != nil)
        page = .map(fields)
      }
      var documents = context.pageListing
      if kindsListingDocuments.contains(decided.document.kind), let current = listingIndex[slug] {
        documents[current] = listing[current].relative(from: "../", current: slug)
      }
      var root = context.pageRoot(context.templateData, current: slug, documents: documents)
      root["page"] = page
      root["build"] = context.buildData
      let (html, diagnostics, placeholders) = pages.renderTracingPlaceholders(decided.document.kind.rawValue, data: .map(root))
      let file = SiteFile(
        path: "\(slug)/index.html", contents: Data(html.utf8), sources: [decided.document.path],
        notBefore: decided.decision.embargo)
      return (
        file, diagnostics, (path: decided.document.path, values: placeholders),
        makesPDF ? PDFPage(decided: decided, root: root) : nil
      )
    }
    let output = StageOutput(
      files: results.map(\.0), diagnostics: results.flatMap(\.1),
      placeholdersShown: results.map(\.2).filter {
        !$0.values.isEmpty && context.shownByPath[$0.path]?.decision.isReleased == true
      }.map { (context.shownByPath[$0.path]?.document.fileName ?? $0.path, $0.values) })
    return (Pages(renderer: pages, pdfPages: results.compactMap(\.3)), output)
  }
}
