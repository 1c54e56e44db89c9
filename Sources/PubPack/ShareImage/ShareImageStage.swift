import Foundation

/// The share image stage: a 1200x630 PNG card (`ShareCard`) for each released page, named by the
/// page's `og:image`: `site/SLUG/share.png` for a document, `site/share.png` for the landing page.
///
/// A card follows its page's embargo exactly: it is made only for a page this build releases,
/// and carries the page's `sources` and `notBefore`, so the manifest lists it and `publish`
/// checks it again. In a preview, pages still withheld get no card (and no `og:image`): a card
/// is made to be shared, and a withheld page must not be. The grade is on a card only once the
/// document's own embargo, and so the pack's, has lifted.
enum ShareImageStage {
  static let fileName = "share.png"

  /// Whether the page of `decided` gets a card.
  static func makesCard(for decided: DecidedDocument) -> Bool {
    decided.decision.isReleased && decided.document.kind.isPublished
  }

  static func card(for decided: DecidedDocument, pack: LoadedPack) -> ShareCard {
    let packRelease = pack.inspection.embargo.liftsAt
    // Released at the build's instant, at or after the pack's release: the outcome is public.
    let isPackReleased =
      decided.decision.isReleased
      && decided.decision.embargo.map { ReleasePolicy.isReleased(embargo: packRelease, at: $0) } == true
    return ShareCard.forDocument(
      decided.document, inspection: pack.inspection, siteTitle: pack.settings.siteTitle, isPackReleased: isPackReleased)
  }

  /// `page.shareImage` for a document's page: `url` (absolute), `alt`, `width`, `height`;
  /// null when the build makes no cards or the page gets none.
  static func pageValue(_ decided: DecidedDocument, pack: LoadedPack, makesCards: Bool) -> TemplateValue {
    guard makesCards, pack.settings.makesShareImages, makesCard(for: decided) else { return .null }
    return value(card(for: decided, pack: pack), url: pack.settings.baseURL + decided.document.slug + "/" + fileName)
  }

  /// `page.shareImage` for the landing page.
  static func landingValue(pack: LoadedPack, makesCards: Bool) -> TemplateValue {
    guard makesCards, pack.settings.makesShareImages, pack.templates["index"] != nil else { return .null }
    return value(
      ShareCard.forLanding(inspection: pack.inspection, siteTitle: pack.settings.siteTitle),
      url: pack.settings.baseURL + fileName)
  }

  private static func value(_ card: ShareCard, url: String) -> TemplateValue {
    .map([
      "url": .string(url),
      "alt": .string(card.altText),
      "width": .string(String(ShareCard.width)),
      "height": .string(String(ShareCard.height)),
      "type": .string("image/png"),
    ])
  }

  /// Adds the cards of the pages in `files` (those `pageValue` named) to `files`.
  ///
  /// With no `renderer`, only the `check` warnings. Diagnostics for what could not be made.
  static func run(
    _ context: BuildContext, rendered: [RenderedDocument], files: inout [SiteFile], buildHasFailed: Bool
  ) -> [Diagnostic] {
    var diagnostics = warnings(rendered)
    let pack = context.pack
    let shown = context.shown
    guard let renderer = context.request.shareImageRenderer, pack.settings.makesShareImages else { return diagnostics }
    let pagePaths = Set(files.map(\.path))
    var jobs: [(path: String, card: ShareCard, decided: DecidedDocument?)] = []
    if pack.templates["index"] != nil, pagePaths.contains("index.html") {
      jobs.append(
        (fileName, ShareCard.forLanding(inspection: pack.inspection, siteTitle: pack.settings.siteTitle), nil))
    }
    for decided in shown where makesCard(for: decided) && pagePaths.contains("\(decided.document.slug)/index.html") {
      jobs.append(("\(decided.document.slug)/\(fileName)", card(for: decided, pack: pack), decided))
    }
    guard !jobs.isEmpty else { return diagnostics }
    guard renderer.isInstalled else {
      let at =
        pack.dataLocations["site.baseURL"] ?? SourceLocation(path: pack.contentPath("pack.yaml"), line: 1, column: 1)
      diagnostics.append(
        .error(
          at: at, "rsvg-convert was not found, so the pages' share images (og:image) cannot be made",
          notes: [
            "install it: 'apt-get install librsvg2-bin' (Debian and Ubuntu; scripts/install-dependencies does it), then build again",
            "pubpack looks for it on PATH",
          ]))
      return diagnostics
    }
    // A missing rasteriser is reported with every other problem; nothing is drawn for a build
    // that has failed already.
    guard !buildHasFailed else { return diagnostics }

    let fm = FileManager.default
    let work = fm.temporaryDirectory.appendingPathComponent("pubpack-share-\(UUID().uuidString)").path
    // A card may be of a page released only at a later instant (`--at`): the folder is the
    // user's alone, and goes when the stage ends.
    guard
      (try? fm.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]))
        != nil
    else {
      return diagnostics + [
        .error(
          at: nil, "could not make a temporary folder for the share images",
          notes: ["check that the temporary folder (TMPDIR, or /tmp) is writable and has space"])
      ]
    }
    defer { try? fm.removeItem(atPath: work) }
    let plan = jobs
    let request = context.request
    // Each card is streamed to the staging folder as it is made, as the pages are.
    let results = concurrentMap(plan.count) { index in
      renderer.render(plan[index].card.svg, output: work + "/\(index).png").map { png in
        let job = plan[index]
        return request.keep(
          SiteFile(
            path: job.path, contents: png, sources: job.decided.map { [$0.document.path] } ?? [],
            notBefore: job.decided?.decision.embargo))
      }
    }
    for (job, result) in zip(plan, results) {
      switch result {
      case .success(let (file, staging)):
        files.append(file)
        diagnostics += staging
      case .failure(let failure):
        let at = job.decided.map { SourceLocation(path: $0.document.path, line: 1, column: 1) }
        let what = job.decided == nil ? "the landing page" : "this page"
        switch failure {
        case .notInstalled:
          diagnostics.append(
            .error(
              at: at, "rsvg-convert could not be run, so the share image of \(what) cannot be made",
              notes: ["install it: 'apt-get install librsvg2-bin' (scripts/install-dependencies does it)"]))
        case .timedOut:
          diagnostics.append(
            .error(
              at: at, "rsvg-convert did not finish the share image of \(what) in time and was stopped",
              notes: ["try again; check that 'rsvg-convert --version' runs"]))
        case .failed(let said):
          diagnostics.append(
            .error(
              at: at, "rsvg-convert could not make the share image of \(what) (\(said))",
              notes: [
                "check that it works: 'rsvg-convert --version'; reinstall with 'apt-get install --reinstall librsvg2-bin'"
              ]))
        }
      }
    }
    return diagnostics
  }

  /// `check`'s warning: a page whose body shows pictures but has no `summary:`.
  ///
  /// Pictures are Markdown images or `<img>`. The card's own text is made from the title, but
  /// the words shared with it (`og:description`, the listings, the feed) come from `summary:`;
  /// a page with pictures is the kind people share, and without it the shared link says
  /// nothing of what it shows.
  static func warnings(_ rendered: [RenderedDocument]) -> [Diagnostic] {
    rendered.compactMap { output in
      let document = output.document
      guard document.kind.isPublished, !document.isDraft, document.summary?.isEmpty != false else { return nil }
      guard let at = output.firstPicture else { return nil }
      return .warning(
        at: at, "this page has images but no share text: a shared link to it shows no summary",
        notes: [
          "add a one-sentence 'summary:' to its front matter; it goes beside the page's share image (og:description) and in the listings and feed"
        ])
    }
  }
}
