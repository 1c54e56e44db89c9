import Foundation

/// A document as the landing page and navigation list it.
struct ListingEntry {
  var decided: DecidedDocument
  var baseURL: String

  /// The webpage first, then the press release, the council report and other pages, each by title.
  static func listingOrder(_ a: DecidedDocument, _ b: DecidedDocument) -> Bool {
    let order: [Document.Kind] = [.webpage, .pressRelease, .councilReport, .page]
    let ka = order.firstIndex(of: a.document.kind) ?? 9
    let kb = order.firstIndex(of: b.document.kind) ?? 9
    return (ka, a.document.title, a.document.path) < (kb, b.document.title, b.document.path)
  }

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
  /// The pack's other pages, while there are at most `mostSupportPages` (none are kept when
  /// there are more: only the landing page lists them).
  let supportPages: [ListingEntry]
  let listsPages: Bool

  init(_ listing: [ListingEntry]) {
    aboutInspection = listing.filter { $0.decided.document.kind.isAboutInspection }
    listsPages = listing.lazy.filter { $0.decided.document.kind == .page }.prefix(Self.mostSupportPages + 1).count
      <= Self.mostSupportPages
    supportPages = listsPages ? listing.filter { $0.decided.document.kind == .page } : []
  }

  /// `inspectionDocuments`, `supportPages` and `supportPagesOnLanding` for one page.
  func values(root: String, current: String?) -> [String: TemplateValue] {
    return [
      "inspectionDocuments": .list(aboutInspection.map { $0.relative(from: root, current: current) }),
      "supportPages": .list(listsPages ? supportPages.map { $0.relative(from: root, current: current) } : []),
      "supportPagesOnLanding": .bool(!listsPages),
    ]
  }
}
