import Foundation
import PackMarkdown

extension BuildContext {
  /// `build` in a template's data: what kind of build made the page.
  var buildData: TemplateValue {
    .map(["mode": .string(mode.rawValue), "isPreview": .bool(mode == .preview)])
  }

  /// `page` for a document: its front matter, its release, and (in preview) its banner.
  func pageData(_ decided: DecidedDocument, headings: [Heading] = []) -> TemplateValue {
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
      headings.map {
        .map(["text": .string($0.text), "id": .string($0.id), "level": .string(String($0.level))])
      })
    page["bodyHas"] = TemplateSections.owned(by: headings)
    page["pdf"] = .null
    page["shareImage"] = .null
    let isWithheld = mode == .preview && !decided.decision.isReleased
    page["isWithheld"] = .bool(isWithheld)
    page["banner"] = isWithheld ? .string(decided.decision.banner) : .null
    page["isLanding"] = .bool(false)
    return .map(page)
  }
}
