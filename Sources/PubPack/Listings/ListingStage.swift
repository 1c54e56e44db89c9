import Foundation

/// Stage 7: the landing page, the sitemap and the feed, from the shown documents only.
enum ListingStage {
  static func run(_ context: BuildContext, pages: PageRenderer) -> StageOutput {
    let listed = context.listed
    let sources = listed.map(\.document.path)
    let latest = listed.compactMap(\.decision.embargo).max()
    let landing = landingData(context)
    let pack = context.pack
    let instant = context.request.instant
    // The three are independent, and each is one long piece of work for a large pack: side by side.
    let request = context.request
    let listingFiles = concurrentMap(3) { which -> (SiteFile, [Diagnostic], [Placeholders.Shown]) in
      // Each streamed to the staging folder as soon as it is made, as the pages are.
      func file(_ path: String, _ text: String, notBefore: Instant? = latest) -> (SiteFile, [Diagnostic]) {
        request.keep(SiteFile(path: path, contents: Data(text.utf8), sources: sources, notBefore: notBefore))
      }
      switch which {
      case 0:
        guard pack.templates["index"] != nil else {
          let (landingFile, staging) = file("index.html", "")
          return (landingFile, staging, [])
        }
        let (html, diagnostics, shown) = pages.renderTracingPlaceholders("index", data: .map(landing))
        let (landingFile, staging) = file("index.html", html)
        return (landingFile, diagnostics + staging, shown)
      case 1:
        let (sitemap, staging) = file("sitemap.xml", Listings.sitemap(listed, baseURL: pack.settings.baseURL))
        return (sitemap, staging, [])
      default:
        // A feed with no dated entry is dated at the build's instant, so it may not go out
        // before that instant: a site built with `--at` for later would name it early.
        let (feed, staging) = file(
          "feed.xml", Listings.feed(listed, title: pack.settings.siteTitle, baseURL: pack.settings.baseURL, builtAt: instant),
          notBefore: latest ?? instant)
        return (feed, staging, [])
      }
    }
    var output = StageOutput()
    for (file, diagnostics, shown) in listingFiles {
      output.diagnostics += diagnostics
      output.files.append(file)
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
