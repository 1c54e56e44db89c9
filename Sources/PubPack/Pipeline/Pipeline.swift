import Foundation

/// The build, stage by stage: the table of contents of pubpack. Each stage lives in the folder
/// of its name (Pages for Template) and is named as in the README's architecture section.
///
///     Load → Validate → Embargo → Render → Check → Template → Listings → Assets → PDF → ShareImage
///
/// Every stage after the embargo decision runs whatever the earlier ones found, so that one run
/// reports every problem at once; a build with any error hands back no files, so nothing is
/// ever written from a failed build. Writing the files (`SiteWriter`) is separate: `check` and
/// `preview` build without writing.
public enum Pipeline {
  public static func build(_ request: BuildRequest) -> Build {
    var build = Build(request: request)
    // 1. Load: every source through the request's file system. A document's body is let go and
    // read again by stage 4, held to the bytes read here; nothing else is read after this.
    let (loaded, loadDiagnostics) = PackLoader.load(
      content: request.contentDirectory, templates: request.templatesDirectory, fileSystem: request.fileSystem)
    build.diagnostics += loadDiagnostics
    guard let pack = loaded else { return build }
    build.pack = pack
    // 2. Validate: rules across documents (slugs, embargo settings, templates).
    build.diagnostics += PackValidator.validate(pack)
    // 3. Embargo: one decision per document at the build's one instant; from here on every
    // stage sees, through the context, only the documents this build may show.
    let context = EmbargoStage.run(pack, request: request)
    build.documents = context.documents
    // 4. Render: data tags, then GFM, for every document (withheld ones are checked too), its
    // body read again from its file. Each document's own checks (stage 5's, of that document)
    // run as soon as it is rendered, and a shown one goes into its page (stage 6) there and
    // then: no body waits, and no refused page is written.
    let (maker, templates) = PageStage.prepare(context)
    let checks = PackChecker.DocumentChecks(context)
    // A title or summary the checks refuse would reach other pages' navigation: such a build
    // streams nothing (it fails, and its errors come with the document's other findings).
    if checks.refusesAFieldOfSomeDocument(context.documents) { request.staging?.cancel() }
    // Stage 7 needs only the decisions and the templates: made beside this one (see below).
    let listings = maker.map { maker in Beside { ListingStage.make(context, pages: maker.renderer) } }
    let rendering = RenderStage.run(context) { document in
      let findings = checks.check(document.decided, body: document.body, rendered: document.rendered)
      let mayWrite = !document.hasErrors && !findings.contains(where: \.isError)
      return (findings, document.rendered.flatMap { maker?.page(for: $0, body: document.html, mayWrite: mayWrite) })
    }
    build.rendered = rendering.rendered
    build.add(rendering.output)
    // 5. Check: each document's findings, its links to other documents' headings, and what only
    // the whole pack shows (unused assets, addresses in data, completeness).
    build.diagnostics += PackChecker.check(context, rendered: build.rendered, findings: rendering.made.map(\.0))
    // 6. Template: each shown document in its kind's template (made in stage 4, taken here).
    build.add(templates)
    let (pages, pageOutput) = PageStage.run(context, maker: maker, made: rendering.made.map(\.1))
    build.add(pageOutput)
    // A build that has failed writes nothing more, and what it wrote goes now.
    if !build.succeeded { request.staging?.cancel() }
    // 7. Listings: the landing page, the sitemap and the feed, made beside stage 4 and kept only
    // now, so a build that failed there writes none of them (the staging folder is closed).
    if let made = listings?.wait() { build.add(ListingStage.keep(made, context)) }
    // Placeholders (`TYPE`) in the data that released pages showed, from stages 4, 6 and 7.
    build.diagnostics += Placeholders.check(data: pack.placeholderValues, shown: build.placeholdersShown)
    guard let pages else { return build.finished() }
    // 8. Assets: the theme, and each content asset a shown document uses.
    build.add(AssetStage.run(context, rendered: build.rendered))
    // 9. PDF: each shown page that asks for one, printed with the site's assets.
    build.diagnostics += PDFStage.run(context, pages: pages, files: &build.files, buildHasFailed: !build.succeeded)
    // 10. Share images: a PNG card for each released page, named by its og:image.
    build.diagnostics += ShareImageStage.run(
      context, rendered: build.rendered, files: &build.files, buildHasFailed: !build.succeeded)
    return build.finished()
  }
}
