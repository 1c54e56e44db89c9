import Testing

@testable import PubPack

@Suite struct StrictTemplateTests {
  let data = TemplateValue.map([
    "title": .string("Report"),
    "council": .map(["name": .string("Fernleigh Borough Council")]),
    "items": .list([.map(["name": .string("a")]), .map(["name": .string("b")])]),
    "previous": .null,
    "draft": .bool(false),
  ])

  func misses(_ source: String) throws -> [String] {
    let template = try StrictTemplate(source, path: "t.mustache")
    return template.render(data).1.map(\.name)
  }

  @Test func resolvedNamesRenderWithoutMisses() throws {
    let template = try StrictTemplate(
      "{{title}} {{council.name}} {{#items}}[{{name}}{{title}}]{{/items}} {{^draft}}live{{/draft}}",
      path: "t.mustache")
    let (text, misses) = template.render(data)
    #expect(text == "Report Fernleigh Borough Council [aReport][bReport] live")
    #expect(misses.isEmpty)
  }

  @Test func unknownFirstNameIsAMiss() throws {
    #expect(try misses("{{titel}}") == ["titel"])
  }

  @Test func unknownTailOfDottedNameIsAMiss() throws {
    #expect(try misses("{{council.nmae}}") == ["council.nmae"])
  }

  @Test func unknownNameInsideSectionIsAMissButParentNamesAreNot() throws {
    #expect(try misses("{{#council}}{{name}}{{title}}{{nmae}}{{/council}}") == ["nmae"])
  }

  @Test func sectionOverNullIsNotAMissButAFieldOfNullIs() throws {
    #expect(try misses("{{#previous}}x{{/previous}}{{^previous}}none{{/previous}}").isEmpty)
    #expect(try misses("{{previous.publicationDate}}") == ["previous.publicationDate"])
  }

  @Test func dottedNameRepeatedInsideItsOwnSectionIsChecked() throws {
    #expect(try misses("{{#council}}{{council.nmae}}{{/council}}") == ["council.nmae"])
  }

  @Test func showingAGroupOfValuesIsAMissButASectionOverItIsNot() throws {
    let template = try StrictTemplate("{{council}} {{#council}}{{name}}{{/council}}", path: "t")
    let misses = template.render(data).1
    #expect(misses.map(\.name) == ["council"])
    #expect(misses.first?.isGroup == true)
    #expect(misses.first?.available == ["name"])
  }

  @Test func missIsLocatedAtItsTag() throws {
    let template = try StrictTemplate("line one\nsee {{ council.nmae }} here", path: "t.mustache")
    let miss = try #require(template.render(data).1.first)
    #expect(template.location(of: miss)! == (2, 5))
  }

  @Test func unbalancedSectionIsALocatedError() {
    #expect(throws: DiagnosticError.self) { try StrictTemplate("a\n{{#items}}b", path: "t.mustache") }
    do {
      _ = try StrictTemplate("a\n{{#items}}b{{/other}}", path: "t.mustache", lineOffset: 3)
    } catch {
      let d = error.diagnostics[0]
      #expect(d.location?.line == 5)
      #expect(d.message.contains("closed with a different name"))
    }
  }

  @Test func valuesAreHTMLEscaped() throws {
    let template = try StrictTemplate("{{x}} {{{x}}}", path: "t")
    #expect(template.render(.map(["x": .string("<b>&")])).0 == "&lt;b&gt;&amp; <b>&")
  }
}
