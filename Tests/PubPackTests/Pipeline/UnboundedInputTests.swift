import Foundation
import Testing

@testable import PubPack

private func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

/// Input that would make a library recurse without end or work without bound is refused.
///
/// A template that includes itself, sections thousands deep, YAML aliases that stand for
/// billions of values, lists nested thousands deep: each is a located error, found in bounded
/// time, and nothing is written. Each class is tried in several spellings.
@Suite struct UnboundedInputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [String: String]
    /// The start of the rendered error, its path relative to the test pack.
    var expected: String
    var testDescription: String { name }
  }

  /// A webpage whose body is `body`, starting on line 5 of the file.
  static func body(_ body: String) -> [String: String] {
    ["content/webpage.md": "---\ntitle: T\nkind: webpage\n---\n\(body)\n"]
  }

  static let page = "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}"

  /// Builds the pack and writes the site, in at most `seconds`; returns the errors with paths
  /// relative to the pack, and whether anything was written.
  func outcome(_ files: [String: String], seconds: Double = 20) throws -> (errors: [String], wrote: Bool) {
    let pack = try TestPack(files)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let clock = ContinuousClock()
    let start = clock.now
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    let elapsed = clock.now - start
    #expect(elapsed < .seconds(seconds), "took \(elapsed)")
    let succeeded = build.succeeded
    #expect(!succeeded)
    let errors = TestPack.errors(diagnostics).map { $0.replacingOccurrences(of: pack.root.path + "/", with: "") }
    return (errors, FileManager.default.fileExists(atPath: pack.site))
  }

  func expectLocatedError(_ testCase: Case) throws {
    let (errors, wrote) = try outcome(testCase.files)
    #expect(
      errors.contains { $0.hasPrefix(testCase.expected) },
      "expected an error starting \(testCase.expected)\ngot:\n\(errors.joined(separator: "\n"))")
    #expect(errors.allSatisfy { $0.contains("\n  note: ") }, "every error says how to fix it")
    #expect(!wrote, "nothing is written")
  }

  static let recursiveTemplates: [Case] = [
    Case(
      name: "a partial that includes itself",
      files: ["templates/note.mustache": "<p>{{>note}}</p>", "templates/webpage.mustache": "{{>note}}" + page],
      expected: "templates/note.mustache:1:4: error: {{>note}} includes the template it is in"),
    Case(
      name: "two partials that include each other",
      files: [
        "templates/a.mustache": "{{>b}}", "templates/b.mustache": "x\n  {{>a}}",
        "templates/webpage.mustache": "{{>a}}" + page,
      ],
      expected: "templates/b.mustache:2:3: error: {{>a}} includes templates/a.mustache, which leads back here"),
    Case(
      name: "a layout reached again through a partial that extends it",
      files: [
        "templates/nav.mustache": "<nav>{{<layout}}{{/layout}}</nav>",
        "templates/layout.mustache": "<html>{{>nav}}{{$main}}{{/main}}</html>",
      ],
      expected:
        "templates/nav.mustache:1:6: error: {{<layout}} includes templates/layout.mustache, which leads back here"),
    Case(
      name: "a partial named after other delimiters",
      files: [
        "templates/note.mustache": "{{=<% %>=}}\n<p>\n<%>note%></p>", "templates/webpage.mustache": "{{>note}}" + page,
      ],
      expected: "templates/note.mustache:3:1: error: {{>note}} includes the template it is in"),
    Case(
      name: "a block filled in with itself",
      files: ["templates/webpage.mustache": "{{<layout}}{{$main}}<h1>{{$main}}{{/main}}</h1>{{/main}}{{/layout}}"],
      expected: "templates/webpage.mustache:1:25: error: {{$main}} is inside the text that fills in the block {{$main}}"
    ),
    Case(
      name: "a block filled in with the layout that shows it",
      files: ["templates/webpage.mustache": "{{<layout}}\n{{$main}}\n  {{>layout}}\n{{/main}}\n{{/layout}}"],
      expected:
        "templates/webpage.mustache:3:3: error: {{>layout}} is inside the text that fills in the block {{$main}}, and templates/layout.mustache shows that block again"
    ),
    Case(
      name: "a block filled in through a partial that shows it",
      files: [
        "templates/wrap.mustache": "<div>{{$main}}{{/main}}</div>",
        "templates/webpage.mustache": "{{<layout}}{{$main}}{{>wrap}}{{/main}}{{/layout}}",
      ],
      expected:
        "templates/webpage.mustache:1:21: error: {{>wrap}} is inside the text that fills in the block {{$main}}, and templates/wrap.mustache shows that block again"
    ),
  ]

  @Test(arguments: recursiveTemplates)
  func aTemplateThatRecursesIsALocatedError(_ testCase: Case) throws {
    try expectLocatedError(testCase)
  }

  static let deepNesting: [Case] = [
    Case(
      name: "sections in a body",
      files: body("{{#council}}" + repeated("{{#council}}", 4999) + "x" + repeated("{{/council}}", 5000)),
      expected:
        "content/webpage.md:5:601: error: {{#council}} opens a section 51 deep, deeper than the 50 pubpack allows"),
    Case(
      name: "inverted sections in a body, one a line",
      files: body("x\n" + repeated("{{^page.draft}}\n", 3000) + repeated("{{/page.draft}}\n", 3000)),
      expected: "content/webpage.md:56:1: error: {{^page.draft}} opens a section 51 deep"),
    Case(
      name: "sections in a template",
      files: ["templates/webpage.mustache": repeated("{{#page}}", 800) + repeated("{{/page}}", 800) + page],
      expected: "templates/webpage.mustache:1:451: error: {{#page}} opens a section 51 deep"),
    Case(
      name: "blocks in a template",
      files: [
        "templates/layout.mustache": "<html>" + repeated("{{$b}}", 2000) + repeated("{{/b}}", 2000)
          + "{{$main}}{{/main}}"
      ],
      expected: "templates/layout.mustache:1:307: error: {{$b}} opens a section 51 deep"),
    Case(
      name: "section tags written over several lines",
      files: body(repeated("{{#\ncouncil\n}}", 100) + repeated("{{/council}}", 100)),
      expected: "content/webpage.md:105:3: error: {{#council}} opens a section 51 deep"),
    Case(
      name: "sections after other delimiters",
      files: body("{{=<% %>=}}" + repeated("<%#council%>", 100) + repeated("<%/council%>", 100)),
      expected: "content/webpage.md:5:612: error: {{#council}} opens a section 51 deep"),
    Case(
      name: "closing tags that are not tags, a brace joined to an accent",
      files: body(repeated("{{#council}}{{\u{301}/council}}", 60)),
      expected: "content/webpage.md:5:1201: error: {{#council}} opens a section 51 deep"),
    Case(
      name: "delimiters that hold the old closing delimiter",
      files: body("{{=a=}} b=}}" + repeated("a=}}#council b", 60)),
      expected: "content/webpage.md:5:713: error: {{#council}} opens a section 51 deep"),
    Case(
      name: "transforms inside each other",
      files: body("Count: {{" + repeated("empty(", 5000) + "documents" + repeated(")", 5000) + "}}"),
      expected: "content/webpage.md:5:8: error: this tag applies 5000 transforms, more than the 8 pubpack allows"),
  ]

  @Test(arguments: deepNesting)
  func sectionsNestedTooDeepAreALocatedError(_ testCase: Case) throws {
    try expectLocatedError(testCase)
  }

  /// Ten lines whose last stands for 10⁹ values.
  static func billionLaughs(indent: String = "") -> String {
    var lines = [indent + "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...9 {
      lines.append(
        indent + "lol\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
          + "]")
    }
    return lines.joined(separator: "\n")
  }

  static let aliasBombs: [Case] = [
    Case(
      name: "billion laughs in pack.yaml",
      files: ["content/pack.yaml": "site:\n  title: T\n  baseURL: https://t.example/\n" + billionLaughs()],
      expected:
        "content/pack.yaml:7:47: error: the alias '*l2' stands for 1111 values, which makes the aliases in this file stand for more than 10000 in all"
    ),
    Case(
      name: "billion laughs in inspection.yaml",
      files: ["content/inspection.yaml": TestPack.inspection + "\n" + billionLaughs()],
      expected: "content/inspection.yaml:20:47: error: the alias '*l2' stands for 1111 values"),
    Case(
      name: "billion laughs in outcomes.yaml",
      files: ["content/outcomes.yaml": "source:\n" + billionLaughs(indent: "  ")],
      expected: "content/outcomes.yaml:5:49: error: the alias '*l2' stands for 1111 values"),
    Case(
      name: "billion laughs in report.yaml",
      files: ["content/report.yaml": billionLaughs()],
      expected: "content/report.yaml:4:47: error: the alias '*l2' stands for 1111 values"),
    Case(
      name: "billion laughs in front matter",
      files: ["content/webpage.md": "---\ntitle: T\nkind: webpage\n" + billionLaughs() + "\n---\nText\n"],
      expected: "content/webpage.md:7:47: error: the alias '*l2' stands for 1111 values"),
    Case(
      name: "aliases as mapping keys",
      files: [
        "content/pack.yaml": "a: &a [" + Array(repeating: "x", count: 100).joined(separator: ", ") + "]\nkeys:\n"
          + (0..<100).map { "  ? *a\n  : \($0)" }.joined(separator: "\n")
      ],
      expected: "content/pack.yaml:201:5: error: the alias '*a' stands for 101 values"),
    Case(
      name: "many aliases of one value",
      files: [
        "content/pack.yaml": "a: &a x\nb: [" + Array(repeating: "*a", count: 20_000).joined(separator: ",") + "]"
      ],
      expected: "content/pack.yaml:2:30005: error: the alias '*a' stands for 1 values"),
    Case(
      name: "lists nested in flow style",
      files: ["content/pack.yaml": "site: " + repeated("[", 900) + repeated("]", 900)],
      expected: "content/pack.yaml:1:70: error: this YAML nests lists and mappings more than 64 deep"),
    Case(
      name: "lists nested in block style",
      files: ["content/inspection.yaml": TestPack.inspection + "\nx:\n" + repeated("- ", 500) + "a"],
      expected: "content/inspection.yaml:18:127: error: this YAML nests lists and mappings more than 64 deep"),
    Case(
      name: "mappings nested in front matter",
      files: [
        "content/webpage.md": "---\ntitle: T\nkind: webpage\nx: " + repeated("{a: ", 700) + "b" + repeated("}", 700)
          + "\n---\nText\n"
      ],
      expected: "content/webpage.md:4:256: error: this YAML nests lists and mappings more than 64 deep"),
  ]

  @Test(arguments: aliasBombs)
  func yamlThatWouldExpandWithoutBoundIsALocatedError(_ testCase: Case) throws {
    try expectLocatedError(testCase)
  }

  static let deepMarkdown: [Case] = [
    Case(
      name: "list items on one line", files: body("x\n\n" + repeated("- ", 30_000) + "a\n" + repeated("b\n", 30_000)),
      expected: "content/webpage.md:7:65: error: lists and block quotes are nested more than 32 deep here"),
    Case(
      name: "block quotes", files: body(repeated(">", 20_000) + " a\n" + repeated("b\n", 20_000)),
      expected: "content/webpage.md:5:33: error: lists and block quotes are nested more than 32 deep here"),
    Case(
      name: "ordered list items", files: body(repeated("1. ", 10_000) + "a"),
      expected: "content/webpage.md:5:97: error: lists and block quotes are nested more than 32 deep here"),
    Case(
      name: "quotes and lists in turn", files: body(repeated("> - ", 10_000) + "a"),
      expected: "content/webpage.md:5:65: error: lists and block quotes are nested more than 32 deep here"),
    Case(
      name: "a list indented one level a line",
      files: body((0..<3000).map { repeated("  ", $0) + "- item" }.joined(separator: "\n")),
      expected: "content/webpage.md:37:65: error: lists and block quotes are nested more than 32 deep here"),
    Case(
      name: "quote markers a section repeats",
      files: body("x\n\n{{#judgementList}}> > > > > > > > {{/judgementList}}quoted"),
      expected: "content/webpage.md:7:"),
  ]

  @Test(arguments: deepMarkdown)
  func markdownNestedTooDeepIsALocatedError(_ testCase: Case) throws {
    try expectLocatedError(testCase)
  }

  /// What the limits allow still builds: sections 50 deep, a template chain, a few aliases,
  /// collections nested 60 deep, a list nested six deep, a long thematic break.
  @Test func inputWithinTheLimitsBuilds() throws {
    let sections = repeated("{{#council}}", 50) + "{{name}}" + repeated("{{/council}}", 50)
    let list = (0..<6).map { repeated("   ", $0) + "1. item" }.joined(separator: "\n")
    let rule = repeated("- ", 40)
    let quote = repeated("> ", 11) + "quote"
    let code = "```\n" + repeated(" ", 200) + "- - - code\n```"
    var files = Self.body([sections, list, rule, quote, code].joined(separator: "\n\n"))
    files["content/inspection.yaml"] = TestPack.inspection.replacingOccurrences(
      of: "impactOfLeaders: good", with: "impactOfLeaders: &g good"
    )
    .replacingOccurrences(of: "childrenInCare: good", with: "childrenInCare: *g")
    files["content/outcomes.yaml"] = "deep: " + repeated("[", 60) + repeated("]", 60)
    files["templates/webpage.mustache"] = "{{>one}}" + Self.page
    files["templates/one.mustache"] = repeated("{{#page}}", 30) + "{{>two}}" + repeated("{{/page}}", 30)
    files["templates/two.mustache"] = repeated("{{#page}}", 30) + "{{title}}" + repeated("{{/page}}", 30)
    let pack = try TestPack(files)
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(TestPack.errors(diagnostics).joined(separator: "\n"))")
    let page = pack.siteText("webpage/index.html") ?? ""
    #expect(page.contains("Testborough Council"))
    #expect(page.contains("<blockquote>"))
  }
}
