import Foundation

/// What every stage after the embargo decision shares, made once: the pack, which documents
/// this build may show, the data their templates see, and the lists of documents.
///
/// Nothing here names a document the build may not show: in a release build `shown`,
/// `listing` and the navigation hold only released documents, and no stage after this one
/// reads `pack.documents`.
struct BuildContext: Sendable {
  let request: BuildRequest
  let pack: LoadedPack
  /// Every document with its decision (withheld ones too: their bodies are rendered and
  /// checked, never made into files).
  let documents: [DecidedDocument]
  /// The documents this build may show: in a release build, the released ones.
  let shown: [DecidedDocument]
  let shownByPath: KeyedList<DecidedDocument>
  let decisions: [String: ReleasePolicy.Decision]
  /// Every value of the pack's data, for the bodies of documents about the inspection.
  let data: [String: TemplateValue]
  /// The data without any fact of the inspection, for what comes out before the pack's release.
  let earlyData: [String: TemplateValue]
  /// In a release build before the pack's release: its instant. Templates then get no fact of
  /// the inspection to show, and a tag naming one is an error that says so.
  let factsWithheldUntil: Instant?
  /// The shown documents that are listed (every kind but briefings), in listing order.
  let listed: [DecidedDocument]
  let listing: [ListingEntry]
  /// The list of documents as a page sees it, made once: a page's own copy differs only in the
  /// one entry marked `isCurrent`, so a pack of n documents costs n entries, not n².
  let pageListing: [TemplateValue]
  let navigation: Navigation
  let instantNames: InstantNames

  var mode: BuildMode { request.mode }
  var baseURL: String { pack.settings.baseURL }
  /// The data templates see: every value once the pack is released, the early data before.
  var templateData: [String: TemplateValue] { factsWithheldUntil == nil ? data : earlyData }

  init(pack: LoadedPack, documents: [DecidedDocument], request: BuildRequest) {
    self.request = request
    self.pack = pack
    self.documents = documents
    let packRelease = pack.inspection.embargo.liftsAt
    shown = request.mode == .release ? documents.filter(\.decision.isReleased) : documents
    shownByPath = KeyedList(shown, key: \.document.path)
    decisions = Dictionary(documents.map { ($0.document.path, $0.decision) }, uniquingKeysWith: { a, _ in a })
    data = PackData.make(inspection: pack.inspection, settings: pack.settings, outcomes: pack.outcomes)
    earlyData = data.filter { !PackData.inspectionFacts.contains($0.key) }
    factsWithheldUntil =
      request.mode == .release && !ReleasePolicy.isReleased(embargo: packRelease, at: request.instant)
      ? packRelease : nil
    // A briefing is never listed, linked from navigation, or in the sitemap or feed, even in a
    // preview (where the author still sees its own page).
    listed = shown.filter { $0.document.kind.isPublished }
    listing = listed.sorted(by: ListingEntry.listingOrder).map { ListingEntry(decided: $0, baseURL: pack.settings.baseURL) }
    pageListing = listing.map { $0.relative(from: "../") }
    navigation = Navigation(listing)
    instantNames = InstantNames(documents.compactMap(\.decision.embargo))
  }

  /// The data a page's template sees besides `page`: the lists of documents and the paths up
  /// to the site's root, for a page one folder down.
  func pageRoot(_ base: [String: TemplateValue], current slug: String, documents: [TemplateValue]) -> [String: TemplateValue] {
    var root = base
    root["documents"] = .list(documents)
    root["hasDocuments"] = .bool(!listing.isEmpty)
    root.merge(navigation.values(root: "../", current: slug)) { _, new in new }
    root["root"] = .string("../")
    return root
  }
}

/// Stage 3: one decision per document, at the build's one instant.
enum EmbargoStage {
  static func run(_ pack: LoadedPack, request: BuildRequest) -> BuildContext {
    let packRelease = pack.inspection.embargo.liftsAt
    let documents = pack.documents.map {
      DecidedDocument(
        document: $0, decision: ReleasePolicy.decision(for: $0, packRelease: packRelease, at: request.instant))
    }
    return BuildContext(pack: pack, documents: documents, request: request)
  }
}
