import Foundation
import Testing

@testable import PubPack

/// Pages filled in from kept renderings (`PageShapes`) must be byte for byte what swift-mustache
/// renders, with the same misses and placeholders: each test renders a run of pages through one
/// renderer that keeps shapes and through one that does not, and compares every page.
@Suite struct PageShapesTests {
  /// A loaded pack (the standard test pack) with `templates` as its templates.
  func renderers(_ templates: [String: String]) throws -> (kept: PageRenderer, plain: PageRenderer) {
    let pack = try TestPack([:])
    var (loaded, diagnostics) = PackLoader.load(content: pack.content, templates: pack.templates)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
    try #require(loaded != nil)
    loaded!.templates = templates
    let kept = try PageRenderer(pack: loaded!)
    var plain = try PageRenderer(pack: loaded!)
    plain.keepsShapes = false
    return (kept, plain)
  }

  /// Renders every page with both renderers (each page twice with the one that keeps shapes, so
  /// the second comes from a kept shape) and expects the same text, messages and placeholders.
  func expectSame(_ templates: [String: String], name: String, pages: [TemplateValue]) throws {
    let (kept, plain) = try renderers(templates)
    for round in 0..<2 {
      for (index, page) in pages.enumerated() {
        let fast = kept.renderTracingPlaceholders(name, data: page)
        let slow = plain.renderTracingPlaceholders(name, data: page)
        #expect(Array(fast.0.utf8) == Array(slow.0.utf8), "page \(index), round \(round)")
        #expect(fast.1.map(\.rendered) == slow.1.map(\.rendered), "page \(index), round \(round)")
        #expect(fast.2 == slow.2, "page \(index), round \(round)")
      }
    }
  }

  static let awkward = [
    "", "plain", "<b>Tom & \"Jerry\"</b> it's", "caf\u{E9} e\u{301} <\u{301} \u{1F600} \u{2028}", "a\r\nb\n\t\\",
    "\u{E000}\u{E010}\u{E001}", "\u{E000}\u{E010}\u{E002}", "x\u{E000}\u{E011}\u{E001}y", "TYPE the date",
    "\u{E000}", "}}{{page.title}}", "ends a line\n",
  ]

  /// A page: `title`, `summary`, `tags` and `flag` vary; `site` is the same for every page.
  static func page(_ title: String, summary: TemplateValue, tags: [String], flag: TemplateValue, extra: String = "x")
    -> TemplateValue
  {
    .map([
      "site": .map(["title": .string("Pack & <co>"), "owner": .string("Fernleigh")]),
      "root": .string("../"),
      "page": .map([
        "title": .string(title), "summary": summary, "flag": flag, "content": .string("<p>\(title)</p>\n"),
        "tags": .list(tags.map { .map(["name": .string($0)]) }),
        "words": .list(tags.map { .string($0) }),
        "extra": .string(extra),
      ]),
    ])
  }

  static var pages: [TemplateValue] {
    var pages: [TemplateValue] = []
    for (index, text) in awkward.enumerated() {
      let summaries: [TemplateValue] = [.string(text), .null, .string(""), .bool(true), .bool(false)]
      pages.append(
        page(
          text, summary: summaries[index % summaries.count], tags: Array(awkward.prefix(index % 4)),
          flag: index % 3 == 0 ? .bool(true) : (index % 3 == 1 ? .null : .string(text)), extra: text))
      // The same shape again with other texts: filled in from the kept shape.
      pages.append(page("again " + text, summary: summaries[index % summaries.count], tags: [], flag: .bool(index % 2 == 0)))
    }
    return pages
  }

  static let layout = """
    <!DOCTYPE html>
    <title>{{$pageTitle}}{{page.title}} - {{site.title}}{{/pageTitle}}</title>
    {{#page.summary}}
    <meta name="description" content="{{page.summary}}">
    {{/page.summary}}
    {{^page.summary}}
    <meta name="description" content="{{site.title}}">
    {{/page.summary}}
    <link href="{{root}}assets/a.css">
    {{$structuredData}}{{>data}}{{/structuredData}}
    <main>{{$main}}{{/main}}</main>
    <footer>{{site.owner}} {{{site.title}}} {{&page.title}}</footer>

    """

  static let data = """
    <script type="application/ld+json">
    {{% CONTENT_TYPE: JSON}}
    {"name": "{{page.title}}", "about": "{{site.title}}"{{#page.summary}}, "description": "{{page.summary}}"{{/page.summary}}}
    </script>

    """

  static let article = """
    {{<layout}}
    {{$main}}
    <h1>{{page.title}}</h1>
    {{{page.content}}}
    {{#page.flag}}<p class="flag">{{page.flag}} {{page.extra}}</p>{{/page.flag}}
    {{^page.flag}}<p>no flag</p>{{/page.flag}}
    {{^empty(page.tags)}}<ul>{{#page.tags}}<li data-i="{{index()}}">{{name}} / {{page.title}}{{#first()}} first{{/first()}}</li>{{/page.tags}}</ul>{{/empty(page.tags)}}
    <p>{{count(page.tags)}} tags: {{page.words}}; {{#page.words}}[{{.}}]{{/page.words}}</p>
    {{#page}}{{extra}} {{site.owner}}{{/page}}
    {{/main}}
    {{/layout}}

    """

  @Test func pagesFromKeptShapesAreWhatSwiftMustacheRenders() throws {
    try expectSame(
      ["layout": Self.layout, "data": Self.data, "article": Self.article], name: "article", pages: Self.pages)
  }

  @Test func keptShapesAreUsed() throws {
    let (kept, _) = try renderers(["layout": Self.layout, "data": Self.data, "article": Self.article])
    let first = Self.page("one", summary: .string("s"), tags: ["a"], flag: .bool(true))
    let second = Self.page("two & <three>", summary: .string("t"), tags: ["b"], flag: .bool(true))
    _ = kept.render("article", data: first)
    _ = kept.render("article", data: first)
    let shapes = try #require(kept.shapes["article"])
    // The second page of the same shape comes from the kept rendering, filled in with its texts.
    let filled = try #require(shapes.render(second))
    var plain = kept
    plain.keepsShapes = false
    #expect(filled.0 == plain.render("article", data: second).0)
    #expect(filled.0.contains("<h1>two &amp; &lt;three&gt;</h1>"))
    #expect(filled.0.contains("\"name\": \"two \\u0026 \\u003cthree\\u003e\""))
    // A page of another shape (no summary) is not found until it is kept.
    #expect(shapes.render(Self.page("x", summary: .null, tags: ["b"], flag: .bool(true))) == nil)
  }

  @Test func missesAndGroupsShownAreReportedAsBefore() throws {
    let templates = [
      "layout": Self.layout, "data": Self.data,
      "article": """
        {{<layout}}{{$main}}{{page.title}} {{page.titel}} {{#page.flag}}{{nothing}}{{/page.flag}} {{page.group}}{{/main}}{{/layout}}
        """,
    ]
    var pages = Self.pages.map { page -> TemplateValue in
      guard case .map(var root) = page, case .map(var fields) = root["page"] else { return page }
      fields["group"] = .string("not a group")
      root["page"] = .map(fields)
      return .map(root)
    }
    // The same pages where `page.group` is a group of values, which a tag cannot show.
    pages += pages.map { page -> TemplateValue in
      guard case .map(var root) = page, case .map(var fields) = root["page"] else { return page }
      fields["group"] = .map(["a": .string("b")])
      root["page"] = .map(fields)
      return .map(root)
    }
    try expectSame(templates, name: "article", pages: pages)
    let (kept, _) = try renderers(templates)
    let (_, diagnostics) = kept.render("article", data: pages[0])
    #expect(diagnostics.contains { $0.rendered.contains("page.titel") })
  }

  @Test func shownGroupsOnlyOnSomePagesAreReported() throws {
    let templates = ["article": "<p>{{page.extra}}</p>{{#page.tags}}{{name}}{{/page.tags}}"]
    var pages: [TemplateValue] = []
    for index in 0..<6 {
      guard case .map(var root) = Self.page("t", summary: .null, tags: ["a", "b"], flag: .null),
        case .map(var fields) = root["page"]
      else { continue }
      if index % 2 == 1 { fields["extra"] = .map(["x": .string("y")]) }
      if index == 4 { fields["tags"] = .list([.map(["name": .map(["n": .string("group")])])]) }
      root["page"] = .map(fields)
      pages.append(.map(root))
    }
    try expectSame(templates, name: "article", pages: pages)
  }

  @Test func templatesThatCanMakeOutputDependOnATextAreNotKept() throws {
    let indented = ["article": "<ul>\n  {{>item}}\n</ul>\n", "item": "<li>{{page.title}}</li>\n{{page.extra}}{{page.title}}\n"]
    // Indented, swift-mustache indents after each line end in the output, a value's included.
    let cases: [[String: String]] = [
      indented,
      ["article": "{{<layout}}\n  {{$main}}x{{/main}}\n{{/layout}}\n", "layout": "<main>\n  {{$main}}{{/main}}\n</main>\n"],
      ["article": "{{% CONTENT_TYPE: TEXT}}\n{{page.title}}\n"],
      ["article": "{{% CONTENT_TYPE: HTML}}\n{{page.title}}\n"],
      ["article": "{{=<% %>=}}\n<%page.title%>\n"],
      ["article": "\u{E000}{{page.title}}\u{E001}"],
    ]
    for templates in cases {
      #expect(!PageShapes.canKeepShapes(Array(templates.values)), "\(templates)")
      try expectSame(templates, name: "article", pages: Self.pages)
      let (kept, _) = try renderers(templates)
      #expect(kept.shapes.isEmpty)
    }
    #expect(PageShapes.canKeepShapes([Self.layout, Self.data, Self.article]))
  }

  @Test func theStarterTemplatesCanKeepShapes() throws {
    // The standard test pack has the starter templates.
    let pack = try TestPack([:])
    let (loaded, _) = PackLoader.load(content: pack.content, templates: pack.templates)
    let sources = try #require(loaded).templates
    #expect(PageShapes.canKeepShapes(Array(sources.values)))
  }

  @Test func pagesEachOfTheirOwnShapeRenderTheSame() throws {
    // A list that marks the current page gives each page its own shape: past 32 pages with few
    // met again, no more are recorded, and every page is still the same.
    let templates = [
      "article": "<ul>{{#page.tags}}<li>{{#name}}<b>{{page.title}}</b>{{/name}}{{^name}}-{{/name}}</li>{{/page.tags}}</ul>"
    ]
    let pages = (0..<48).map { current -> TemplateValue in
      .map([
        "page": .map([
          "title": .string("page <\(current)>"),
          "tags": .list((0..<48).map { .map(["name": $0 == current ? .string("x") : .null]) }),
        ])
      ])
    }
    try expectSame(templates, name: "article", pages: pages)
  }

  @Test func jsonEscapingIsTheSameForTextWithNothingToEscape() {
    let json = JSONContentType()
    #expect(json.escapeText("plain caf\u{E9} \u{1F600}") == "plain caf\u{E9} \u{1F600}")
    #expect(json.escapeText("a \u{2014} b \u{7F}") == "a \u{2014} b \u{7F}")
    #expect(json.escapeText("\u{2028}\u{2029}") == "\\u2028\\u2029")
    #expect(json.escapeText("\u{1F}<&>\"\\") == "\\u001f\\u003c\\u0026\\u003e\\\"\\\\")
    #expect(json.escapeText("") == "")
  }

  @Test(arguments: [
    (DocumentsFixture.weekBefore, BuildMode.preview), (DocumentsFixture.weekBefore, .release),
    (DocumentsFixture.releaseDay, .preview), (DocumentsFixture.releaseDay, .release), ("2027-01-01T00:00", .release),
  ])
  func sampleBuildsAreTheSameWithAndWithoutKeptShapes(at instant: String, mode: BuildMode) throws {
    // The sample pack and pages of one kind, with and without a summary, embargoed or not.
    let content = try DocumentsFixture.temporaryFolder("shapes")
    for file in try FileManager.default.contentsOfDirectory(atPath: DocumentsFixture.sampleContent) {
      try FileManager.default.copyItem(
        atPath: DocumentsFixture.sampleContent + "/" + file, toPath: content.appendingPathComponent(file).path)
    }
    for (index, text) in Self.awkward.enumerated() where !text.contains("\u{E000}") && !text.contains("{{") && !text.contains("TYPE") {
      let line = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
      let summary = index % 2 == 0 ? "summary: \"\(line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"\n" : ""
      let embargo = index % 3 == 0 ? "embargo: none\n" : ""
      try "---\ntitle: Page \(index) <&>\nkind: page\nslug: page-\(index)\n\(summary)\(embargo)---\nText \(index) & more.\n"
        .write(to: content.appendingPathComponent("page-\(index).md"), atomically: true, encoding: .utf8)
    }
    let fast = DocumentsFixture.build(content: content.path, at: instant, mode: mode)
    let slow = PageShapes.$off.withValue(true) { DocumentsFixture.build(content: content.path, at: instant, mode: mode) }
    #expect(fast.files.contains { $0.path == "page-3/index.html" }, "\(fast.diagnostics.map(\.rendered))")
    #expect(fast.files.count > 3)
    #expect(fast.files.map(\.path) == slow.files.map(\.path))
    for (a, b) in zip(fast.files, slow.files) { #expect(a.contents == b.contents, "\(a.path)") }
    #expect(fast.diagnostics.map(\.rendered) == slow.diagnostics.map(\.rendered))
    #expect(fast.placeholdersShown.map(\.page) == slow.placeholdersShown.map(\.page))
    #expect(fast.placeholdersShown.map(\.values) == slow.placeholdersShown.map(\.values))
  }

  @Test func sentinelsAreMarkedOnlyWhileRecording() {
    let sentinel = PageShapes.sentinel(12)
    #expect(PageHTMLContentType().escapeText(sentinel) == sentinel)
    #expect(JSONContentType().escapeText(sentinel) == sentinel)
    PageShapes.$recording.withValue(true) {
      #expect(PageHTMLContentType().escapeText(sentinel) != sentinel)
      #expect(JSONContentType().escapeText(sentinel) != sentinel)
      #expect(PageHTMLContentType().escapeText("<\(sentinel)") == "&lt;\(sentinel)")
    }
  }
}
