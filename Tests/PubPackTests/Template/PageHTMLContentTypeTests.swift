import Foundation
import Mustache
import Testing

@testable import PubPack

/// Page templates start in `PageHTMLContentType` (a `{{% CONTENT_TYPE}}` line put before each):
/// every template must render exactly as it does in swift-mustache's own HTML default, and a
/// template's errors must keep their lines. Each case is rendered both ways and compared. The one
/// difference is by design: swift-mustache escapes a `Character` at a time, so a `"`, `&`, `<`,
/// `>` or `'` with a combining mark after it or a prepended mark before it (one character, not a
/// quote) goes through as it is and can break out of an attribute; pubpack escapes every such
/// scalar (`joined` below).
@Suite struct PageHTMLContentTypeTests {
  static let registered: Void = {
    MustacheContentTypes.register(PageHTMLContentType(), named: PageHTMLContentType.name)
    MustacheContentTypes.register(JSONContentType(), named: "JSON")
  }()

  static let values: [String] = [
    "", "plain text", "<b>\"Tom\" & 'Jerry'</b>", "a < b > c", "line\r\nend\n", "\u{1}\u{7F}",
    "café ☕️ “curly” — 5 < 6", "emoji 👩‍👩‍👧 & flags 🇬🇧 <", "<<<>>>&&&", "e\u{301}<e\u{301}",
  ]

  /// Markup characters joined by a combining mark, and what pubpack makes of each.
  static let joined: [(value: String, escaped: String)] = [
    ("<\u{338} is not less than", "&lt;\u{338} is not less than"), ("&\u{301}amp", "&amp;\u{301}amp"),
    ("'\u{301}", "&#39;\u{301}"), ("\"\u{20DD}", "&quot;\u{20DD}"),
    ("Hello\"\u{301} onmouseover=alert(1) x=\"", "Hello&quot;\u{301} onmouseover=alert(1) x=&quot;"),
    // A prepended mark (U+0600) joins the character after it.
    ("\u{600}<", "\u{600}&lt;"),
  ]

  /// swift-mustache's own escaping lets these through; a page template must not.
  @Test func aMarkupCharacterJoinedByACombiningMarkIsEscapedAllTheSame() throws {
    _ = Self.registered
    let typed = try StrictTemplate("<p title=\"{{v}}\">{{v}}</p>", path: "t.mustache", contentType: PageHTMLContentType.name)
    for (value, escaped) in Self.joined {
      #expect(PageHTMLContentType().escapeText(value) == escaped, "\(value.debugDescription)")
      let (page, _) = typed.render(.map(["v": .string(value)]))
      #expect(page == "<p title=\"\(escaped)\">\(escaped)</p>", "\(value.debugDescription)")
    }
  }

  static let templates: [String] = [
    "{{v}}", "<p title=\"{{v}}\">{{v}} {{{v}}} {{&v}}</p>\n",
    "{{#flag}}\n{{v}}\n{{/flag}}\n", "  {{#flag}}\n  {{v}}\n  {{/flag}}\nafter\n", "{{! a comment }}\n{{v}}\n",
    "\n\n{{v}}", "   \n{{v}}", "{{^none}}\n{{v}}\n{{/none}}\n",
    "{{% CONTENT_TYPE: JSON}}\n\"{{v}}\"\n", "{{v}}\n{{% CONTENT_TYPE: TEXT}}\n{{v}}\n",
    "{{=<% %>=}}\n<% v %> and <%v%>\n",
  ]

  @Test(arguments: templates)
  func rendersAsTheHTMLDefaultDoes(_ text: String) throws {
    _ = Self.registered
    let plain = try StrictTemplate(text, path: "t.mustache")
    let typed = try StrictTemplate(text, path: "t.mustache", contentType: PageHTMLContentType.name)
    for value in Self.values {
      let data = TemplateValue.map(["v": .string(value), "flag": .bool(true), "none": .list([])])
      let (expected, _) = plain.render(data)
      let (actual, _) = typed.render(data)
      #expect(Array(actual.utf8) == Array(expected.utf8), "\(text.debugDescription) with \(value.debugDescription)")
    }
  }

  @Test(arguments: values)
  func escapesAsSwiftMustacheDoes(_ value: String) throws {
    _ = Self.registered
    let plain = try StrictTemplate("{{v}}", path: "t.mustache")
    let (expected, _) = plain.render(.map(["v": .string(value)]))
    #expect(Array(PageHTMLContentType().escapeText(value).utf8) == Array(expected.utf8))
  }

  /// Parents, blocks and partials: the parts of a page template that reset or carry the content type.
  @Test func parentsBlocksAndPartialsRenderAsBefore() throws {
    _ = Self.registered
    let layout = "<title>{{$title}}{{v}}{{/title}}</title>\n{{$main}}{{/main}}\n  {{>part}}\n{{% CONTENT_TYPE: JSON}}\n\"{{v}}\"\n"
    let page = "{{<layout}}\n{{$main}}\n<h1>{{v}}</h1>\n{{/main}}\n{{/layout}}\n"
    func render(_ contentType: String?) throws -> String {
      var library = MustacheLibrary()
      let part = try StrictTemplate("<i>{{v}}</i>\n", path: "part", contentType: contentType)
      library.register(part.template, named: "part")
      library.register(try StrictTemplate(layout, path: "layout", contentType: contentType).template, named: "layout")
      let template = try StrictTemplate(page, path: "page", contentType: contentType)
      return template.render(.map(["v": .string("<a & \"b\">")]), library: library).0
    }
    let expected = try render(nil)
    #expect(try render(PageHTMLContentType.name) == expected)
    #expect(expected.contains("&lt;a &amp; &quot;b&quot;&gt;"))
  }

  @Test(arguments: ["{{#open}}\nno close\n", "line one\n{{unclosed\n", "{{/stray}}\n", "a\nb\nc {{#x}}{{/y}}\n"])
  func syntaxErrorsKeepTheirLines(_ text: String) {
    _ = Self.registered
    func location(_ contentType: String?) -> PubPack.SourceLocation? {
      do {
        _ = try StrictTemplate(text, path: "t.mustache", contentType: contentType)
        return nil
      } catch {
        return error.diagnostics.first?.location
      }
    }
    let expected = location(nil)
    #expect(expected != nil)
    #expect(location(PageHTMLContentType.name) == expected)
  }
}
