import Foundation
import PackMarkdown
import Testing

@testable import PubPack

/// A body written with `#` headings sits under the page's title: every heading is shown one
/// level down (`#` as `h2` ... capped at `h6`), as Pandoc's `--shift-heading-level-by=1`, and
/// the build never fails for it. A body whose top level is `##` is shown as written.
@Suite struct HeadingShiftTests {
  static let tableOfContents =
    "{{<layout}}{{$main}}<h1>{{page.title}}</h1><nav>{{#page.headings}}<a href=\"#{{id}}\" data-level=\"{{level}}\">{{text}}</a>{{/page.headings}}</nav>{{{page.content}}}{{/main}}{{/layout}}"

  func built(_ body: String, extra: [String: String] = [:]) throws -> (Build, String?) {
    var files = [
      "content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\n---\n\(body)\n",
      "templates/webpage.mustache": Self.tableOfContents,
    ]
    files.merge(extra) { _, new in new }
    let pack = try TestPack(files)
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    return (build, pack.siteText("webpage/index.html"))
  }

  static func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test func aBodyWrittenWithHashHeadingsIsShownOneLevelDown() throws {
    let body = """
      Setext heading
      ==============

      # What inspectors found

      Inspectors found that {{council.name}} has improved.

      ## Strengths

      Text.

      ### Care leavers

      #### Four

      ##### Five

      ###### Deepest
      """
    let (build, page) = try built(body)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(!build.diagnostics.contains { $0.message.contains("heading") }, "\(build.diagnostics.map(\.rendered))")
    let html = try #require(page)
    #expect(Self.count("<h1", in: html) == 1, "the title is the page's only h1")
    #expect(html.contains("<h2 id=\"what-inspectors-found\">What inspectors found</h2>"))
    #expect(html.contains("<h3 id=\"strengths\">Strengths</h3>"))
    #expect(html.contains("<h4 id=\"care-leavers\">Care leavers</h4>"))
    #expect(html.contains("<h2 id=\"setext-heading\">Setext heading</h2>"))
    #expect(html.contains("<h6 id=\"five\">Five</h6>"))
    #expect(html.contains("<h6 id=\"deepest\">Deepest</h6>"), "capped at h6")
    #expect(html.contains("<a href=\"#what-inspectors-found\" data-level=\"2\">What inspectors found</a>"))
    #expect(html.contains("<a href=\"#deepest\" data-level=\"6\">Deepest</a>"))
  }

  @Test func aBodyWhoseTopLevelIsTwoIsShownAsWritten() throws {
    let (build, page) = try built("## What inspectors found\n\nText.\n\n### Strengths\n\nText.")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    let html = try #require(page)
    #expect(html.contains("<h2 id=\"what-inspectors-found\">What inspectors found</h2>"))
    #expect(html.contains("<h3 id=\"strengths\">Strengths</h3>"))
    #expect(Self.count("<h1", in: html) == 1)
  }

  @Test func anchorsToShiftedHeadingsStillResolveAndBrokenOnesAreStillErrors() throws {
    let body = "# What happens next\n\nSee [what happens next](#what-happens-next) and [the plan](#the-plan)."
    let other = "---\ntitle: News\nkind: press-release\n---\nRead [what happens next](webpage.md#what-happens-next).\n"
    let (build, _) = try built(body, extra: ["content/press-release.md": other])
    #expect(
      TestPack.errors(build.diagnostics).map { $0.components(separatedBy: "content/").last! } == [
        "webpage.md:7:49: error: the anchor '#the-plan' names no heading in this document\n  note: headings here: #what-happens-next"
      ])
    let (fixed, page) = try built(
      body.replacingOccurrences(of: " and [the plan](#the-plan)", with: ""),
      extra: ["content/press-release.md": other])
    #expect(fixed.succeeded, "\(TestPack.errors(fixed.diagnostics))")
    #expect(page?.contains("<h2 id=\"what-happens-next\">") == true)
  }

  @Test func aSkippedLevelInAShiftedBodyIsStillAnErrorNamedInTheMarkersWritten() throws {
    let (build, _) = try built("# Findings\n\nText.\n\n### Too deep")
    let error = build.diagnostics.first { $0.severity == .error }
    #expect(error?.message == "this heading skips from level 2 to level 4")
    #expect(error?.location?.line == 9)
    #expect(error?.notes.first == "use level 3 ('## ') here")
  }

  @Test func theRendererShiftsOnlyWhenAskedAndOnlyWhenTheBodyUsesLevelOne() {
    var renderer = MarkdownRenderer()
    #expect(renderer.render("# A\n\n## B").html.contains("<h1"), "off by default: the GFM spec's output")
    renderer.shiftsHeadingsUnderTitle = true
    let shifted = renderer.render("# A\n\n## B\n\n###### F")
    #expect(shifted.headings.map(\.level) == [2, 3, 6])
    #expect(shifted.headingShift == 1)
    let unshifted = renderer.render("## A\n\n### B")
    #expect(unshifted.headings.map(\.level) == [2, 3])
    #expect(unshifted.headingShift == 0)
  }
}
