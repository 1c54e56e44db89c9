import Foundation

/// The press release as the press office sends it to journalists: email-ready HTML (inline
/// styles, no external files) and plain text wrapped at 72 columns, each headed with the
/// embargo ("EMBARGOED UNTIL 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August
/// 2026)") or, once it has lifted, "FOR IMMEDIATE RELEASE".
///
/// The copy is made from the press release page as the templates render it in a preview build,
/// so the body, quotes, ENDS, notes to editors and media contact are the same words as the
/// public page; links are made absolute, since an email has no "current page".
public struct PressCopy: Sendable, Equatable {
  /// The press release's slug; the files are `<slug>.html` and `<slug>.txt`.
  public var slug: String
  public var title: String
  /// "EMBARGOED UNTIL …" or "FOR IMMEDIATE RELEASE".
  public var heading: String
  public var isEmbargoed: Bool
  public var html: String
  public var text: String
  /// The document's file as the build that made this copy read it, to tell whether the copy
  /// was made from the same bytes as were checked (`Sender`).
  var source: WrittenBody.FileMark? = nil

  /// Plain text is wrapped at this many columns (the convention for email).
  public static let textWidth = 72

  /// The press copy of every press release of the pack in `request` (its folders, and the
  /// instant the command runs at).
  ///
  /// Each copy is made from the press release's page as the public will see it: a release
  /// build at the press release's own release instant (or now, once that has passed). So what
  /// the page lists or names is only what is out by then: never a draft, an exempt document or
  /// one that comes out later, though the copy goes to journalists before the embargo. Drafts
  /// and exempt press releases are never press copy. A pack with no press release is an error.
  public static func make(_ request: BuildRequest) -> ([PressCopy], [Diagnostic]) {
    let now = request.instant
    var overview = request
    overview.mode = .preview
    let pack = Pipeline.build(overview)
    guard pack.succeeded, let loaded = pack.pack else { return ([], pack.diagnostics) }
    let releases = pack.documents.filter { decided in
      decided.document.kind == .pressRelease && !decided.document.isDraft
        && decided.document.exemptParagraphs == nil
    }
    guard !releases.isEmpty else {
      return (
        [],
        [
          .error(
            at: nil, "the pack has no press release",
            notes: ["add a document with 'kind: press-release' to \(loaded.contentDirectory)/ (drafts and exempt documents are not sent)"])
        ]
      )
    }
    var copies: [PressCopy] = []
    var diagnostics: [Diagnostic] = []
    var builds: [Instant: Build] = [:]
    for decided in releases {
      let planned = decided.document
      let releaseInstant = decided.decision.embargo ?? loaded.inspection.embargo.liftsAt
      let isEmbargoed = !ReleasePolicy.isReleased(embargo: releaseInstant, at: now)
      let publicAt = isEmbargoed ? releaseInstant : now
      let build =
        builds[publicAt]
        ?? Pipeline.build(
          BuildRequest(
            content: request.contentDirectory, templates: request.templatesDirectory, mode: .release, at: publicAt))
      builds[publicAt] = build
      guard build.succeeded else {
        // The site at that instant would not build either: say why, once.
        for diagnostic in build.diagnostics where !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
        continue
      }
      // Every word of the copy from the one build its article comes from: a file saved between
      // the two builds must not give the copy one version's title and another's text.
      guard let shown = build.documents.first(where: { $0.document.path == planned.path }), let built = build.pack,
        (shown.decision.embargo ?? built.inspection.embargo.liftsAt) == releaseInstant
      else {
        // Its release instant (in its front matter, or the pack's in inspection.yaml) is not the
        // one this copy was planned for: the heading would name one instant and the text another.
        diagnostics.append(
          .error(
            at: SourceLocation(path: planned.path, line: 1, column: 1),
            "\(planned.path) or the inspection's data changed while pubpack was making the press copy",
            notes: ["save the files, then run it again"]))
        continue
      }
      let d = shown.document
      guard let file = build.files.first(where: { $0.path == "\(d.slug)/index.html" }) else {
        diagnostics.append(
          .error(
            at: nil, "the press release \(d.path) was not rendered",
            notes: ["check that it is not withheld at its own release instant, \(LondonTime.longWithUTC(publicAt))"]))
        continue
      }
      let page = String(decoding: file.contents, as: UTF8.self)
      let article = Self.article(in: page)
      let pageURL = built.settings.baseURL + d.slug + "/"
      let heading =
        isEmbargoed
        ? "EMBARGOED UNTIL \(LondonTime.long(releaseInstant)) (\(LondonTime.utcLong(releaseInstant)))"
        : "FOR IMMEDIATE RELEASE"
      let tokens = HTMLToken.tokenize(article)
      copies.append(
        PressCopy(
          slug: d.slug, title: d.title, heading: heading, isEmbargoed: isEmbargoed,
          html: EmailHTML.document(
            title: d.title, heading: heading, tokens: tokens, pageURL: pageURL,
            councilName: built.inspection.council.name),
          text: PlainText.document(heading: heading, tokens: tokens, pageURL: pageURL, width: textWidth),
          source: d.fileMark))
    }
    return (copies, diagnostics)
  }

  /// The `<article>` of a rendered page: the document without the site's header, navigation,
  /// preview banner and footer.
  static func article(in page: String) -> String {
    guard let start = page.range(of: "<article"), let end = page.range(of: "</article>", options: .backwards),
      start.lowerBound < end.upperBound
    else { return page }
    return String(page[start.lowerBound..<end.upperBound])
  }

  /// `href` made absolute against the page's URL (`../ofsted-inspection/` → the site's URL).
  static func absolute(_ href: String, from pageURL: String) -> String {
    if href.hasPrefix("#") || href.contains(":") { return href }
    guard let base = URL(string: pageURL), let resolved = URL(string: href, relativeTo: base) else { return href }
    return resolved.absoluteString
  }
}

/// The press release as one self-contained HTML email: every style inline, no classes, no
/// external files, and only elements that email programs render.
enum EmailHTML {
  static let font = "font-family: Arial, Helvetica, sans-serif;"
  static let styles: [String: String] = [
    "h1": "font-size: 28px; line-height: 1.25; margin: 0 0 16px; font-weight: bold;",
    "h2": "font-size: 22px; line-height: 1.25; margin: 32px 0 12px; font-weight: bold;",
    "h3": "font-size: 18px; line-height: 1.25; margin: 24px 0 8px; font-weight: bold;",
    "p": "margin: 0 0 16px;",
    "ul": "margin: 0 0 16px; padding-left: 24px;",
    "ol": "margin: 0 0 16px; padding-left: 24px;",
    "li": "margin: 0 0 8px;",
    "a": "color: #1d70b8; text-decoration: underline;",
    "blockquote": "margin: 0 0 16px; padding: 8px 16px; border-left: 6px solid #b1b4b6;",
    "table": "border-collapse: collapse; margin: 0 0 16px;",
    "th": "text-align: left; padding: 6px 12px 6px 0; border-bottom: 1px solid #b1b4b6;",
    "td": "text-align: left; padding: 6px 12px 6px 0; border-bottom: 1px solid #b1b4b6;",
    "strong": "font-weight: bold;",
  ]
  /// Classes the templates use whose look matters in an email.
  static let classStyles: [String: String] = [
    "document-type": "color: #505a5f; font-weight: bold; margin: 0 0 8px;",
    "dateline": "color: #505a5f; font-weight: bold; margin: 0 0 16px;",
    "lead": "font-size: 19px;",
    "ends": "margin: 24px 0;",
    "quote__speaker": "font-weight: bold;",
  ]
  /// Structural elements written as the ones email programs know.
  static let renamed: [String: String] = [
    "article": "div", "section": "div", "footer": "p", "header": "div", "time": "span", "cite": "span",
  ]
  static let keptAttributes: Set<String> = ["href", "colspan", "rowspan"]

  static func document(
    title: String, heading: String, tokens: [HTMLToken], pageURL: String, councilName: String,
    confidential: String? = nil, linksPage: Bool = true
  ) -> String {
    let marking =
      confidential.map {
        "<p style=\"margin: 0 0 24px; color: #d4351c; font-weight: bold; font-size: 16px;\">\(escape($0))</p>\n"
      } ?? ""
    let online =
      linksPage
      ? ". Online: <a href=\"\(escape(pageURL))\" style=\"color: #1d70b8; text-decoration: underline;\">\(escape(pageURL))</a>"
      : ""
    var body = ""
    for token in tokens {
      switch token {
      case .text(let text):
        body += text
      case .end(let name):
        body += "</\(renamed[name] ?? name)>"
      case .start("img", let attributes, _):
        body += image(attributes, pageURL: pageURL)
      case .start(let name, let attributes, _):
        let element = renamed[name] ?? name
        var style = styles[element] ?? ""
        for attribute in attributes where attribute.name == "class" {
          for cls in attribute.value.split(separator: " ") {
            if let extra = classStyles[String(cls)] { style += (style.isEmpty ? "" : " ") + extra }
          }
        }
        var tag = "<" + element
        for attribute in attributes where keptAttributes.contains(attribute.name) {
          let value = attribute.name == "href" ? PressCopy.absolute(attribute.value, from: pageURL) : attribute.value
          tag += " \(attribute.name)=\"\(value)\""
        }
        if !style.isEmpty { tag += " style=\"\(style)\"" }
        body += tag + ">"
      }
    }
    return """
      <!DOCTYPE html>
      <html lang="en-GB">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escape(title))</title>
      </head>
      <body style="margin: 0; padding: 0; background: #ffffff;">
      <div style="max-width: 640px; margin: 0 auto; padding: 24px; \(font) font-size: 16px; line-height: 1.5; color: #0b0c0c;">
      <p style="margin: 0 0 24px; padding: 12px 16px; border: 3px solid #0b0c0c; font-weight: bold; font-size: 18px;">\(escape(heading))</p>
      \(marking)\(body)
      <p style="margin: 24px 0 0; color: #505a5f; font-size: 14px;">\(escape(councilName))\(online)</p>
      </div>
      </body>
      </html>

      """
  }

  /// An image as an email can show it: its address absolute against the page's (the asset is
  /// on the site from the press release's own release), its alt text kept, and no wider than
  /// the message. An image with no alt text is decorative, and is left out: an email client
  /// that blocks images would show an empty box.
  static func image(_ attributes: [(name: String, value: String)], pageURL: String) -> String {
    let source = attributes.first { $0.name == "src" }?.value ?? ""
    let alt = attributes.first { $0.name == "alt" }?.value ?? ""
    guard !source.isEmpty, !HTMLToken.decode(alt).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      return ""
    }
    let absolute = escape(PressCopy.absolute(HTMLToken.decode(source), from: pageURL))
    return "<img src=\"\(absolute)\" alt=\"\(alt)\" style=\"display: block; max-width: 100%; height: auto; border: 0; margin: 0 0 16px;\">"
  }

  static func escape(_ text: String) -> String { escapingMarkup(text, apostrophe: nil) }
}

/// The press release as plain text: paragraphs wrapped at a width, list items with hanging
/// indents, and each link's address written after its text.
enum PlainText {
  static let blocks: Set<String> = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "div", "section", "article",
    "footer", "header", "table", "tr", "dl", "dt", "dd",
  ]

  /// The heading is the one line not wrapped: the embargo must read as one line, in full, in
  /// every mail client and every search of the text (it is 84 characters).
  static func document(heading: String, tokens: [HTMLToken], pageURL: String, width: Int, confidential: String? = nil)
    -> String
  {
    var paragraphs: [String] = [heading]
    if let confidential { paragraphs.append(confidential) }
    paragraphs.append("")
    var inline = ""
    var lists: [(isOrdered: Bool, count: Int)] = []
    var itemMarker: String?
    var links: [String] = []
    var linkText: [String] = []
    var cells: [String] = []

    func flush() {
      let text = inline.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
      inline = ""
      guard !text.isEmpty else { return }
      let depth = max(0, lists.count - 1)
      let indent = String(repeating: " ", count: depth * 3)
      if let marker = itemMarker {
        let hanging = indent + String(repeating: " ", count: marker.count)
        paragraphs += wrap(text, width: width, first: indent + marker, rest: hanging)
        itemMarker = nil
      } else {
        paragraphs += wrap(text, width: width, first: indent, rest: indent)
      }
      paragraphs.append("")
    }

    for token in tokens {
      switch token {
      case .text(let raw):
        let text = HTMLToken.decode(raw)
        inline += text
        if !linkText.isEmpty { linkText[linkText.count - 1] += text }
      case .start(let name, let attributes, _):
        if name == "br" {
          inline += " "
          continue
        }
        if name == "img" {
          // The text copy has no pictures: the alt text in brackets says what is there.
          let alt = HTMLToken.decode(attributes.first { $0.name == "alt" }?.value ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
          if !alt.isEmpty { inline += "[Image: \(alt)]" }
          continue
        }
        if name == "a" {
          let href = attributes.first { $0.name == "href" }?.value ?? ""
          links.append(PressCopy.absolute(HTMLToken.decode(href), from: pageURL))
          linkText.append("")
          continue
        }
        if name == "td" || name == "th" {
          flushCell(&inline, into: &cells)
          continue
        }
        guard blocks.contains(name) else { continue }
        flush()
        if name == "ul" || name == "ol" {
          lists.append((name == "ol", 0))
        } else if name == "li", !lists.isEmpty {
          lists[lists.count - 1].count += 1
          let list = lists[lists.count - 1]
          itemMarker = list.isOrdered ? "\(list.count). " : "- "
        }
      case .end(let name):
        if name == "a", let href = links.popLast(), let text = linkText.popLast() {
          let shown = text.trimmingCharacters(in: .whitespacesAndNewlines)
          if !href.hasPrefix("#"), href != shown, href != "mailto:" + shown {
            inline += " (\(href.hasPrefix("mailto:") ? String(href.dropFirst(7)) : href))"
          }
          continue
        }
        if name == "td" || name == "th" {
          flushCell(&inline, into: &cells)
          continue
        }
        if name == "tr" {
          inline = cells.joined(separator: " | ")
          cells = []
        }
        guard blocks.contains(name) else { continue }
        flush()
        if name == "ul" || name == "ol" { _ = lists.popLast() }
      }
    }
    flush()
    // One blank line between blocks, none at the end.
    var lines: [String] = []
    for line in paragraphs where !(line.isEmpty && (lines.last?.isEmpty ?? true)) { lines.append(line) }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func flushCell(_ inline: inout String, into cells: inout [String]) {
    let text = inline.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    if !text.isEmpty { cells.append(text) }
    inline = ""
  }

  /// Wraps `text` at `width` columns; a word longer than a line (a long address) gets a line
  /// of its own rather than being broken.
  static func wrap(_ text: String, width: Int, first: String, rest: String) -> [String] {
    var lines: [String] = []
    var line = first
    var lineHasWord = false
    for word in text.split(separator: " ") {
      let candidate = lineHasWord ? line + " " + word : line + word
      if lineHasWord, candidate.count > width {
        lines.append(line)
        line = rest + word
      } else {
        line = candidate
      }
      lineHasWord = true
    }
    if lineHasWord { lines.append(line) }
    return lines
  }
}
