import Foundation

/// Stage 7: the landing page, the sitemap and the feed, from the shown documents only.
enum ListingStage {
  /// The three files, made but not yet kept (streamed): with each, what making it found and
  /// the values holding a placeholder it showed.
  struct Made: Sendable {
    var files: [(file: SiteFile, diagnostics: [Diagnostic], shown: [Placeholders.Shown])]
  }

  /// The landing page, sitemap and feed, in memory. The pipeline makes them beside the render
  /// stage and keeps them after it, so that a build that failed there writes none of them, not
  /// even to the staging folder (they would list the page it refused).
  static func make(_ context: BuildContext, pages: PageRenderer) -> Made {
    let listed = context.listed
    let sources = listed.map(\.document.path)
    let latest = listed.compactMap(\.decision.embargo).max()
    let landing = landingData(context)
    let pack = context.pack
    let instant = context.request.instant
    // The three are independent, and each is one long piece of work for a large pack: side by side.
    let files = concurrentMap(3) { which -> (file: SiteFile, diagnostics: [Diagnostic], shown: [Placeholders.Shown]) in
      func file(_ path: String, _ text: String, notBefore: Instant? = latest) -> SiteFile {
        SiteFile(path: path, contents: Data(text.utf8), sources: sources, notBefore: notBefore)
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
        let feed = Listings.feed(listed, title: pack.settings.siteTitle, baseURL: pack.settings.baseURL, builtAt: instant)
        return (file("feed.xml", feed, notBefore: latest ?? instant), [], [])
      }
    }
    return Made(files: files)
  }

  /// The files kept: streamed to the staging folder when the build has one (which refuses them
  /// once the build has failed), with their messages.
  static func keep(_ made: Made, _ context: BuildContext) -> StageOutput {
    var output = StageOutput()
    for (file, diagnostics, shown) in made.files {
      let (kept, staging) = context.request.keep(file)
      output.diagnostics += diagnostics + staging
      output.files.append(kept)
      // The landing page is released by every release build.
      if !shown.isEmpty, context.mode == .release { output.placeholdersShown.append(("the landing page", shown)) }
    }
    return output
  }

  /// The landing page's data: the list of documents, and a `page` of its own.
  static func landingData(_ context: BuildContext) -> [String: TemplateValue] {
    let pack = context.pack
    var root = context.templateData
    root["documents"] = .list(context.listing.map { $0.relative(from: "") })
    root["hasDocuments"] = .bool(!context.listing.isEmpty)
    root.merge(context.navigation.values(root: "", current: nil)) { _, new in new }
    root["root"] = .string("")
    root["build"] = context.buildData
    let withheldShown = context.listed.filter { !$0.decision.isReleased }
    root["page"] = .map([
      "title": .string(pack.settings.siteTitle),
      "summary": .null,
      "url": .string(pack.settings.baseURL),
      "isLanding": .bool(true),
      "isCouncilReport": .bool(false),
      "pdf": .null,
      "banner": context.mode == .preview && !withheldShown.isEmpty
        ? .string("Embargoed documents are listed: not for publication") : .null,
      "isWithheld": .bool(context.mode == .preview && !withheldShown.isEmpty),
      "shareImage": ShareImageStage.landingValue(pack: pack, makesCards: context.request.shareImageRenderer != nil),
    ])
    return root
  }
}
