import Foundation
import Testing

@testable import PubPack

/// The word `TYPE` (as `pubpack init` marks what is still to be typed): an error in a document
/// a build releases, or in data such a document shows, at its line; a warning while a document
/// waits for its embargo; nothing in a draft; and never "type", "TYPES" or `TYPE` in code.
@Suite struct PlaceholderTests {
  static let media = "\nmedia: { pressOfficeEmail: press@test.example }\n"

  /// Builds at the pack's release instant (everything not draft is released) and returns the
  /// findings as `file:line:column severity: message`, with the build.
  func findings(_ files: [String: String], at: String = "2026-08-04T00:01") throws -> ([String], Build, TestPack) {
    var all = files
    if all["content/inspection.yaml"] == nil { all["content/inspection.yaml"] = TestPack.inspection + Self.media }
    let pack = try TestPack(all)
    let build = pack.build(at: at)
    let found = build.diagnostics.sortedForDisplay().map {
      "\($0.location.map { "\($0.path.split(separator: "/").last!):\($0.line):\($0.column)" } ?? "-") \($0.severity.rawValue): \($0.message)"
    }
    return (found, build, pack)
  }

  func webpage(_ body: String, frontMatter: String = "") -> [String: String] {
    ["content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\n\(frontMatter)---\n\(body)\n"]
  }

  // MARK: In the document's own text

  @Test func aPlaceholderLeftInAReleasedBodyIsAnErrorAtEachPlace() throws {
    let body = """
      Ofsted judged {{council.name}}'s services {{judgements.overallEffectiveness.gradeLower}} overall.

      The report goes to TYPE the committee on TYPE the date of the meeting.

      - Contact the press office: [TYPE](mailto:TYPE@test.example) or <TYPE@test.example>.
      """
    let (found, build, pack) = try findings(webpage(body))
    let message = "error: a placeholder (TYPE) is left in the text of webpage.md, which this build releases"
    #expect(
      found == [
        "webpage.md:7:20 \(message)", "webpage.md:7:42 \(message)", "webpage.md:9:30 \(message)",
        "webpage.md:9:43 \(message)", "webpage.md:9:66 \(message)",
      ], "\(found)")
    #expect(!build.succeeded)
    #expect(build.files.isEmpty)
    let (_, written) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(written.hasErrors)
    #expect(!FileManager.default.fileExists(atPath: pack.site), "nothing is written")
  }

  @Test func aPlaceholderInTheFrontMatterIsAnErrorAtItsLine() throws {
    let files = [
      "content/council-report.md": """
        ---
        title: TYPE the title of the report
        kind: council-report
        summary: The findings of Ofsted's inspection, TYPE.
        meeting: TYPE the committee, for example Children and Young People Scrutiny Committee
        contactOfficer:
          name: TYPE the contact officer's name
        ---
        ## Purpose of the report

        This report sets out the findings of Ofsted's inspection.
        """
    ]
    let (found, _, _) = try findings(files)
    let errors = found.filter { $0.contains("error:") }
    #expect(
      errors == [
        "council-report.md:2:1 error: a placeholder (TYPE) is left in 'title' of council-report.md, which this build releases",
        "council-report.md:4:1 error: a placeholder (TYPE) is left in 'summary' of council-report.md, which this build releases",
        "council-report.md:5:1 error: a placeholder (TYPE) is left in 'meeting' of council-report.md, which this build releases",
        "council-report.md:7:9 error: a placeholder (TYPE) is left in 'contactOfficer.name' of council-report.md, which this build releases",
      ], "\(found)")
  }

  @Test(arguments: [
    "The type of inspection was a standard inspection.",
    "Type 2 diabetes services and typed letters are not placeholders.",
    "TYPES, PROTOTYPE, TYPED and TYPE2 are words of their own.",
    "Replace every value marked `TYPE` in content/inspection.yaml.",
    "A tag comment: {{! TYPE the date here }} says nothing to readers.",
    "An HTML comment <!-- TYPE --> is never shown.",
    "A note for the author {{! TYPE the date\nonce it is agreed }} over two lines.",
    "<!-- TYPE the contact's name\nonce agreed -->\nSee the plan.",
    "```\nsource: TYPE where the embargo came from\n```",
    "~~~yaml\nname: TYPE\n~~~",
    "The header is CONTENT_TYPE in the logs.",
    // Headings and notices written in capitals, as some councils do.
    "## WHAT TYPE OF HELP CAN I GET?",
    "IF YOU ARE UNSURE WHAT TYPE\nof support your family needs, call us.",
    "SUPPORT OF ANY TYPE",
  ])
  func wordsThatAreNotPlaceholdersPass(body: String) throws {
    let (found, build, _) = try findings(webpage(body))
    #expect(!found.contains { $0.contains("placeholder") }, "\(found)")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
  }

  @Test(arguments: [
    ("Contact: TYPE the contact officer's name", 10),
    ("PRESS RELEASE: TYPE the headline", 16),
    ("5.1 **Financial:** TYPE the financial implications, or \"none arising from this report\".", 20),
    ("Email TYPE@test.example for details.", 7),
    ("The meeting is at TYPE.", 19),
    ("TYPE", 1),
  ])
  func placeholdersInTheShapesInitWritesThemAreFound(line: String, column: Int) throws {
    let (found, _, _) = try findings(webpage(line))
    #expect(
      found.filter { $0.contains("placeholder") } == [
        "webpage.md:5:\(column) error: a placeholder (TYPE) is left in the text of webpage.md, which this build releases"
      ], "\(found)")
  }

  @Test func aDraftMayHoldPlaceholdersAndAnEmbargoedDocumentIsWarnedAbout() throws {
    var files = webpage("Our services were judged {{judgements.overallEffectiveness.gradeLower}}.")
    files["content/council-report.md"] = "---\ntitle: TYPE the title\nkind: council-report\ndraft: true\n---\nTYPE the purpose.\n"
    files["content/press-release.md"] =
      "---\ntitle: News\nkind: press-release\nembargo: 2026-08-05T00:01\n---\nThe meeting is on TYPE the date.\n"
    let (found, build, _) = try findings(files)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(!found.contains { $0.hasPrefix("council-report.md") }, "a draft is never published: \(found)")
    #expect(
      found.contains(
        "press-release.md:6:19 warning: a placeholder (TYPE) is left in the text of press-release.md, which is due to be released"
      ), "\(found)")
    // Once its embargo lifts, the same document is refused.
    let (later, laterBuild, _) = try findings(files, at: "2026-08-05T00:01")
    #expect(!laterBuild.succeeded)
    #expect(
      later.contains(
        "press-release.md:6:19 error: a placeholder (TYPE) is left in the text of press-release.md, which this build releases"
      ), "\(later)")
  }

  // MARK: In the data a released page shows

  static let placeholderData = TestPack.inspection + """

    findings:
      headline: TYPE the report's first sentence under "Headline findings".
    quotes:
      - speakerName: TYPE the lead member's name
        text: TYPE what they said.
    media:
      pressOfficeEmail: TYPE@test.example
    """

  @Test func dataShownByABodyTagOrATemplateIsAnErrorAtTheLineItWasTyped() throws {
    var files = webpage("Ofsted said: {{findings.headline}}")
    files["content/inspection.yaml"] = Self.placeholderData
    files["content/press-release.md"] = "---\ntitle: News\nkind: press-release\n---\nOur services were judged good.\n"
    files["templates/press-release.mustache"] =
      "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{#quotes}}<blockquote>{{text}}</blockquote><p>{{speakerName}}</p>{{/quotes}}<p>{{media.pressOfficeEmail}}</p>{{/main}}{{/layout}}"
    let (found, build, _) = try findings(files)
    #expect(!build.succeeded)
    #expect(
      found == [
        "inspection.yaml:18:13 error: a placeholder (TYPE) is left in findings.headline, which webpage.md shows",
        "inspection.yaml:20:18 error: a placeholder (TYPE) is left in quotes.0.speakerName, which press-release.md shows",
        "inspection.yaml:21:11 error: a placeholder (TYPE) is left in quotes.0.text, which press-release.md shows",
        "inspection.yaml:23:21 error: a placeholder (TYPE) is left in media.pressOfficeEmail, which press-release.md shows",
      ], "\(found)")
  }

  @Test func dataNoReleasedPageShowsIsAWarning() throws {
    var files = webpage("Our services were judged {{judgements.overallEffectiveness.gradeLower}}.")
    files["content/inspection.yaml"] = Self.placeholderData
    let (found, build, _) = try findings(files)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(
      found.filter { $0.contains("placeholder") } == [
        "inspection.yaml:18:13 warning: a placeholder (TYPE) is left in findings.headline",
        "inspection.yaml:20:18 warning: a placeholder (TYPE) is left in quotes.0.speakerName",
        "inspection.yaml:21:11 warning: a placeholder (TYPE) is left in quotes.0.text",
        "inspection.yaml:23:21 warning: a placeholder (TYPE) is left in media.pressOfficeEmail",
      ], "\(found)")
  }

  @Test func aSiteTitleLeftAsAPlaceholderIsRefusedOnTheLandingPage() throws {
    let files = ["content/pack.yaml": "site:\n  title: TYPE the title of the pack\n  baseURL: https://www.test.example/ofsted/\n"]
    let (found, build, _) = try findings(files)
    #expect(!build.succeeded)
    #expect(found.contains("pack.yaml:2:10 error: a placeholder (TYPE) is left in site.title, which the landing page shows"), "\(found)")
  }

  @Test func filledInDataPasses() throws {
    var files = webpage("Ofsted said: {{findings.headline}}")
    files["content/inspection.yaml"] = Self.placeholderData.replacingOccurrences(of: "TYPE ", with: "")
      .replacingOccurrences(of: "TYPE@", with: "press@")
    let (found, build, _) = try findings(files)
    #expect(build.succeeded, "\(found)")
    #expect(!found.contains { $0.contains("placeholder") })
  }
}
