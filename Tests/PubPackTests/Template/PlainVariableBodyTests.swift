import Foundation
import Mustache
import Testing

@testable import PubPack

/// Filling in a body's plain variable tags directly (`PlainVariableBody`) must give exactly what
/// swift-mustache gives, through `StrictTemplate` as `DocumentRenderer` calls it: each body is
/// rendered both ways and compared, text and placeholders shown. Bodies it cannot fill in exactly
/// must be refused (nil), so that swift-mustache renders them.
@Suite struct PlainVariableBodyTests {
  static let prose = "Ofsted inspected our services for children, and this line holds no tag at all."
  static let registered: Void = { MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN") }()

  let data = TemplateValue.map([
    "council": .map(["name": .string("Fernleigh Borough Council"), "short_name": .string("Fernleigh")]),
    "html": .string("<b>\"Tom & Jerry's\"</b> > 'x'"),
    "accent": .string("Café\u{301} ☕️ “quoted”"),
    "typed": .string("Meeting: TYPE the committee"),
    "deep": .map(["a": .map(["b": .map(["c2": .string("three down")])])]),
    "empty": .string(""),
    "items": .list([.map(["name": .string("a")])]),
    "flag": .bool(true),
    "nothing": .null,
  ])

  /// What `DocumentRenderer` got before: swift-mustache through `StrictTemplate`, with the pragma.
  func viaMustache(_ body: String) throws -> (String, [StrictTemplate.Miss], [Placeholders.Shown]) {
    _ = Self.registered
    let template = try StrictTemplate("{{% CONTENT_TYPE: MARKDOWN}}" + body, path: "doc.md", compactingPlainLines: true)
    return template.renderTracingPlaceholders(data)
  }

  static let taken: [String] = [
    "{{council.name}} said so.\n",
    "\(prose)\n\(prose) {{council.name}}, {{council.short_name}}\n\n{{html}} and {{accent}}\n",
    "# {{council.name}}\n\n| a | {{deep.a.b.c2}} |\n| - | - |\n| {{empty}} | x |\n\n- {{typed}}\n- {{typed}} again\n",
    "Braces that are not tags: } }} { {x} {\n",
    "Text {{council.name}}}} then } and { {{council.name}}",
    "`code {{council.name}}` and\n```\n{{html}}\n```\n",
    "Text “Curly” then {{council.name}} and é after a space {{council.name}}.\r\nA CRLF line.\r\n",
    "x{{council.name}}{{council.name}}y",
    "No tags at all.\n",
  ]

  static let refused: [String] = [
    // A blank first line: the pragma stands alone on it, and swift-mustache drops the line.
    "\n{{council.name}}\n", "  \n{{council.name}}\n", "\t{{council.name}}", "\r\n{{council.name}}", "",
    "é {{council.name}}", "{{council.name}} then a brace {", "{", "{{council.name}}\n  ", "x\r\n\t",
    // Other tags.
    "{{#flag}}\nyes\n{{/flag}}\n", "{{^flag}}no{{/flag}}", "{{! a comment }}\n", "{{{html}}}", "{{&html}}",
    "{{ council.name }}", "{{council..name}}", "{{.council}}", "{{council.}}", "{{council.name | upper}}",
    "{{lowercased(council.name)}}", "{{>part}}", "{{=<% %>=}}", "{{council.name", "{{council-name}}",
    // Characters joined to a brace.
    "\(prose)\u{600}{{council.name}}", "{{council.name}}\u{301} said", "{{\u{301}council.name}}",
    // Names that do not lead to a text.
    "{{council.nmae}}", "{{councl.name}}", "{{council}}", "{{items}}", "{{items.name}}", "{{flag}}",
    "{{nothing}}", "{{nothing.x}}", "{{council.name.more}}",
  ]

  @Test(arguments: taken)
  func takenBodiesRenderAsSwiftMustacheDoes(_ body: String) throws {
    let direct = try #require(PlainVariableBody.render(body, data: data))
    let (text, misses, shown) = try viaMustache(body)
    #expect(misses.isEmpty)
    #expect(Array(direct.text.utf8) == Array(text.utf8))
    #expect(direct.placeholdersShown == shown)
  }

  @Test(arguments: refused)
  func otherBodiesAreLeftToSwiftMustache(_ body: String) {
    #expect(PlainVariableBody.render(body, data: data) == nil)
  }

  @Test func placeholdersAreReportedOnceEachInOrder() throws {
    let direct = try #require(PlainVariableBody.render("{{typed}} {{council.name}} {{typed}}\n", data: data))
    #expect(direct.placeholdersShown == [Placeholders.Shown(path: "typed", text: "Meeting: TYPE the committee")])
  }

  @Test func aBlankFirstLineIsWhySuchBodiesAreRefused() throws {
    // swift-mustache takes the blank line away with the standalone pragma: a direct fill would not.
    let (text, _, _) = try viaMustache("\n{{council.name}}\n")
    #expect(text == "Fernleigh Borough Council\n")
  }

  /// Generated bodies mixing prose, tags and stray braces: every one the direct fill takes gives
  /// swift-mustache's text.
  @Test func generatedBodiesAgree() throws {
    var generator = SystemRandomNumberGenerator()
    let pieces = [
      "{{council.name}}", "{{html}}", "{{accent}}", "{{typed}}", "{{deep.a.b.c2}}", "{{empty}}", " ", "\n", "\r\n",
      "{", "}", "}}", "é", "“", "*", "|", "word", "{{council.nmae}}", "{{#flag}}x{{/flag}}", "\u{301}", "\u{600}",
      "\t", "\r", "\u{85}", "\u{2028}", "  ", "{{council.name}}\n", "\n  {{html}}",
    ]
    var taken = 0
    for _ in 0..<5000 {
      let body = (0..<Int.random(in: 1...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        .joined()
      guard let direct = PlainVariableBody.render(body, data: data) else { continue }
      taken += 1
      let (text, misses, shown): (String, [StrictTemplate.Miss], [Placeholders.Shown])
      do {
        (text, misses, shown) = try viaMustache(body)
      } catch {
        Issue.record("swift-mustache cannot read \(body.debugDescription), which the direct fill took: \(error)")
        continue
      }
      #expect(misses.isEmpty, "\(body.debugDescription)")
      #expect(Array(direct.text.utf8) == Array(text.utf8), "\(body.debugDescription)")
      #expect(direct.placeholdersShown == shown, "\(body.debugDescription)")
    }
    #expect(taken > 20)
  }
}
