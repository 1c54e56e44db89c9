import Foundation
import Testing

@testable import PubPack

/// Parsing only the lines that hold tags (`PlainLines`) must render exactly what parsing the
/// whole body renders: each case is rendered both ways by swift-mustache and compared.
@Suite struct PlainLinesTests {
  static let prose = "Ofsted inspected our services for children, and this line holds no tag at all."

  let data = TemplateValue.map([
    "council": .map(["name": .string("Fernleigh Borough Council")]),
    "items": .list([.map(["name": .string("a")]), .map(["name": .string("b")]), .map(["name": .string("c")])]),
    "none": .list([]),
    "flag": .bool(true),
    "html": .string("<b>&</b>"),
  ])

  static let cases: [String] = [
    // Prose around tags, with and without a newline at the end.
    "\(prose)\n\(prose)\n{{council.name}} said.\n\(prose)\n\(prose)\n",
    "\(prose)\n{{council.name}}\n\(prose)\n\(prose)",
    "{{council.name}}\n\(prose)",
    // Sections repeat the plain lines inside them; inverted and empty ones drop them.
    "{{#items}}\n\(prose)\n- {{name}}\n\(prose)\n\(prose)\n{{/items}}\n\(prose)\n",
    "{{#none}}\n\(prose)\n{{/none}}\n{{^none}}\n\(prose)\n{{/none}}\n{{^flag}}\n\(prose)\n{{/flag}}\n",
    // Standalone tags, indented, between plain lines.
    "\(prose)\n  {{#flag}}\n\(prose)\n  {{/flag}}  \n\(prose)\n",
    "\(prose)\n\n{{! a comment }}\n\n\(prose)\n",
    // A tag across lines keeps all of its lines.
    "\(prose)\n{{! a comment\n\(prose)\nthat ends here }}\n\(prose)\n",
    "\(prose)\n{{#items}}{{name}}, {{/items\n}}\n\(prose)\n",
    // Unescaped tags, several tags on a line, a tag at the very start and end.
    "{{{html}}} {{&html}} {{html}}\n\(prose)\n\(prose) {{council.name}}",
    // Braces that are not tags.
    "\(prose) }} and { and }\n\(prose)\n{{council.name}}\n\(prose) {single}\n",
    // Non-ASCII prose.
    "“\(prose)” — £5 for café ☕️\n{{council.name}}\n“\(prose)” — £5 for café ☕️\n",
    // Prose beside tags on their lines, around sections that are and are not standalone.
    "\(prose) {{council.name}}, \(prose)\n{{#items}}\(prose) {{name}}\n{{/items}}\n",
    "\(prose) {{#flag}}\n\(prose)\n{{/flag}} \(prose)\n  {{#flag}}  \n\(prose)\n{{/flag}}\n",
    "\(prose) {{! a comment\n\(prose)\nthat ends here }} \(prose)\n",
    "\(prose) {{{html}}}\(prose){{&html}}\n",
    // A piece that must stay: no-break spaces beside a standalone section's line.
    "\u{A0}\u{A0} {{#flag}} \u{A0}\n\(prose)\n{{/flag}}\n\u{A0}\(prose) {{#flag}}\n{{/flag}}\n",
    "\u{A0}\u{A0}{{#flag}}\u{A0}\n\(prose)\n{{/flag}}\n",
    // Curly quotes and accents beside braces join nothing.
    "“{{council.name}}’s partners have been told, and all of them agree with it” {{name}}é\n\(prose)\n",
    // Only prose: one placeholder.
    "\(prose)\n\(prose)\n",
  ]

  /// Bodies whose lines or braces a byte scan would read differently from swift-mustache, which
  /// reads Characters: parsed whole.
  static let wholeCases: [String] = [
    // Line ends other than "\n", which swift-mustache also takes as the end of a line.
    "\(prose)\r\n\(prose)\r\n{{council.name}}\r\n\(prose)\r\n{{#items}}\r\n\(prose)\r\n{{/items}}\r\n",
    "Intro text\n{{#flag}}\r\(prose)\n{{/flag}}\n",
    "{{#flag}}\u{0C}\(prose)\n{{/flag}}\n",
    "{{#flag}}\u{0B}\(prose)\n{{/flag}}\n",
    "{{#flag}}\u{2028}\(prose)\n{{/flag}}\n",
    "{{#flag}}\u{85}\(prose)\n{{/flag}}\n",
    // A character joined to a brace: it is no tag's end (or start) to swift-mustache.
    "{{! a note }}\u{301}\n\(prose) }} \(prose)\n{{council.name}} said.\n",
    "{{! a note \u{600}}}\n\(prose) }} \(prose)\n{{council.name}} said.\n",
    "{{council.name}}\u{200D}\(prose)\u{308}{{council.name}}\n",
    // Blocks, parents and partials indent what they hold line by line.
    "    {{$extra}}\n\(prose)\n\(prose)\n    {{/extra}}\n",
    "\(prose)\n  {{>part}}\n\(prose)\n",
    // New delimiters.
    "{{=<% %>=}}\n\(prose)\n<% council.name %>\n",
  ]

  static func parse(_ source: String, compacting: Bool) -> Result<StrictTemplate, DiagnosticError> {
    Result { () throws(DiagnosticError) in try StrictTemplate(source, path: "doc.md", compactingPlainLines: compacting) }
  }

  /// The diagnostics of a parse that fails, or nil when it succeeds.
  static func errors(_ source: String, compacting: Bool) -> [Diagnostic]? {
    guard case .failure(let error) = parse(source, compacting: compacting) else { return nil }
    return error.diagnostics
  }

  @Test(arguments: cases)
  func rendersWhatTheWholeBodyRenders(_ source: String) throws {
    #expect(PlainLines(source) != nil, "this case is meant to be compacted")
    let whole = try StrictTemplate(source, path: "doc.md")
    let compacted = try StrictTemplate(source, path: "doc.md", compactingPlainLines: true)
    let (expected, expectedMisses) = whole.render(data)
    let (actual, actualMisses) = compacted.render(data)
    #expect(actual == expected)
    #expect(actualMisses == expectedMisses)
  }

  @Test(arguments: wholeCases)
  func bodiesAByteScanWouldMisreadAreParsedWhole(_ source: String) throws {
    #expect(PlainLines(source) == nil)
    #expect(PlainLines(source + "{{/flag}}\n") == nil)
  }

  @Test func aSyntaxErrorAfterABraceJoinedToAMarkIsStillReported() throws {
    // swift-mustache's comment runs on past "}}\u{301}" to the next "}}", and the section close
    // after it has no opening: the author must hear of it.
    let source = "{{! a note }}\u{301}\n\(Self.prose) }} \(Self.prose)\n{{/flag}}\n"
    let expected = try #require(Self.errors(source, compacting: false))
    #expect(Self.errors(source, compacting: true) == expected)
  }

  @Test func longProseRunsBecomePlaceholdersAndShortOnesStay() throws {
    let plain = try #require(PlainLines("\(Self.prose)\n\(Self.prose)\n{{council.name}}\nshort\n{{#flag}}x{{/flag}}\n"))
    #expect(plain.template == "\u{1}0\u{2}\n{{council.name}}\nshort\n{{#flag}}x{{/flag}}\n")
    #expect(plain.runs.map { String(decoding: $0, as: UTF8.self) } == ["\(Self.prose)\n\(Self.prose)"])
  }

  @Test func proseBesideTagsBecomesPlaceholdersButAStandaloneTagsLineStays() throws {
    let plain = try #require(PlainLines("  {{#flag}}\n\(Self.prose) {{council.name}} \(Self.prose)\n"))
    #expect(plain.template == "  {{#flag}}\n\u{1}0\u{2}{{council.name}}\u{1}1\u{2}\n")
  }

  @Test func aTagThatMustacheCannotReadFailsTheSameWay() {
    // swift-mustache reads Characters: a combining mark after a tag's braces joins them.
    let source = "{{council.name}}\u{301} and then a long line of prose follows it.\n"
    switch (Self.parse(source, compacting: false), Self.parse(source, compacting: true)) {
    case (.failure(let a), .failure(let b)): #expect(a.diagnostics == b.diagnostics)
    case (.success(let a), .success(let b)): #expect(a.render(data).0 == b.render(data).0)
    default: Issue.record("one parse failed and the other did not")
    }
  }

  @Test func bodiesThatCannotBeCompactedExactlyAreParsedWhole() {
    // New delimiters change what a tag is; an unclosed tag is an error to report from the whole
    // text; the placeholder's own characters in the text.
    #expect(PlainLines("{{=<% %>=}}\n\(Self.prose)\n<% council.name %>\n") == nil)
    #expect(PlainLines("\(Self.prose)\n{{council.name\n\(Self.prose)\n") == nil)
    #expect(PlainLines("\(Self.prose)\u{1}0\u{2}\n{{council.name}}\n\(Self.prose)\n") == nil)
  }

  @Test func aSyntaxErrorIsReportedAtItsPlaceInTheWholeText() throws {
    let source = "\(Self.prose)\n\(Self.prose)\n{{#items}}\n\(Self.prose)\n{{/itemz}}\n"
    let expected = try #require(Self.errors(source, compacting: false))
    let actual = Self.errors(source, compacting: true)
    #expect(actual == expected)
    #expect(actual?.first?.location?.line == 5)
  }

  @Test func aValueHoldingThePlaceholderCharactersIsShownAsWritten() throws {
    // A tag's value that looks like a placeholder would be expanded as one: a pack whose data
    // holds the characters is rendered without compacting.
    let pack = try TestPack([
      "content/webpage.md": """
        ---
        title: Our inspection
        kind: webpage
        summary: "\\x010\\x02"
        ---
        \(Self.prose)
        \(Self.prose)
        {{page.summary}} and {{council.name}}
        """
    ])
    let build = pack.build(at: "2026-09-01T09:00")
    #expect(build.succeeded)
    let html = try #require(build.files.first { $0.path == "webpage/index.html" }.map { String(decoding: $0.contents, as: UTF8.self) })
    #expect(html.contains("\u{1}0\u{2} and Testborough Council"))
    #expect(html.components(separatedBy: "holds no tag at all.").count == 3)
  }
}
