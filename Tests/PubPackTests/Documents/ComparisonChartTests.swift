import Foundation
import Testing

@testable import PubPack

/// The webpage's chart of how England's councils, and the region's, were judged: an inline SVG
/// whose figures are those of `outcomes.yaml`, said in its `<title>`/`<desc>` and in a visually
/// hidden table, with the council's grade marked in words as well as by an outline.
@Suite(.serialized) struct ComparisonChartTests {
  static func webpage(_ build: Build) -> String {
    build.files.first { $0.path == "ofsted-inspection/index.html" }.map { String(decoding: $0.contents, as: UTF8.self) } ?? ""
  }

  static func chart(in page: String) -> String {
    guard let start = page.range(of: "<figure class=\"comparison-chart\">"), let end = page.range(of: "</table>\n</div>", range: start.upperBound..<page.endIndex)
    else { return "" }
    return String(page[start.lowerBound..<end.upperBound])
  }

  @Test func theChartSaysTheFiguresOfTheStatisticsAndMarksTheCouncilsGrade() throws {
    let chart = Self.chart(in: Self.webpage(DocumentsFixture.build()))
    #expect(!chart.isEmpty, "the sample webpage should have the chart")
    #expect(chart.contains(#"role="img" aria-labelledby="comparison-chart-title comparison-chart-desc""#))
    #expect(chart.contains("<title id=\"comparison-chart-title\">Overall effectiveness of councils&#39; children&#39;s services: England and North West</title>"))
    // outcomes.yaml: national 30/61/43/17 of 151 graded; North West 4/10/7/3 of 24.
    #expect(
      chart.contains(
        "England: 151 councils graded: outstanding 30 (20%), good 61 (40%), requires improvement to be good 43 (28%), inadequate 17 (11%). North West: 24 councils graded: outstanding 4 (17%), good 10 (42%), requires improvement to be good 7 (29%), inadequate 3 (13%). Fernleigh Borough Council was judged good in this inspection."
      ))
    for row in [
      "<tr><th scope=\"row\">Outstanding</th><td>30 (20%)</td><td>4 (17%)</td></tr>",
      "<tr><th scope=\"row\">Good</th><td>61 (40%)</td><td>10 (42%)</td></tr>",
      "<tr><th scope=\"row\">Requires improvement to be good</th><td>43 (28%)</td><td>7 (29%)</td></tr>",
      "<tr><th scope=\"row\">Inadequate</th><td>17 (11%)</td><td>3 (13%)</td></tr>",
    ] {
      #expect(chart.contains(row), "the hidden table should have \(row)")
    }
    #expect(chart.contains("<div class=\"visually-hidden\">\n<table>"))
    // Every bar has its grade and its figures written beside it; the council's grade (good) is
    // outlined and named in words, once in each area, and no other bar is.
    #expect(chart.components(separatedBy: "<rect ").count - 1 == 8)
    #expect(chart.components(separatedBy: "stroke=\"#0b0c0c\"").count - 1 == 2)
    #expect(chart.components(separatedBy: "▲ Fernleigh Borough Council: good in this inspection").count - 1 == 2)
    #expect(chart.components(separatedBy: "fill=\"#00703c\" stroke=\"#0b0c0c\"").count - 1 == 2, "the outlined bars are the good ones")
    for label in ["61 (40%)", "10 (42%)", "17 (11%)", "3 (13%)"] {
      #expect(chart.contains(">\(label)</text>"))
    }
  }

  @Test func barsAreSharesSoTheLongestShareFillsTheRoom() {
    let outcomes = TemplateValue.map([
      "national": .map(["overallEffectiveness": .map(["outstanding": .string("1"), "good": .string("2"), "requiresImprovement": .string("1"), "inadequate": .string("0")])]),
    ])
    guard case .map(let chart) = ComparisonChart.values(outcomes: outcomes, councilName: "Testborough", grade: .inadequate),
      case .list(let groups)? = chart["groups"], case .map(let england)? = groups.first, case .list(let rows)? = england["rows"]
    else {
      Issue.record("no chart")
      return
    }
    let widths = rows.compactMap { row -> String? in if case .string(let w)? = row["barWidth"] { return w } else { return nil } }
    #expect(widths == ["125", "250", "125", "0"])
    #expect(groups.count == 1, "no region in the statistics: England only")
    #expect(chart["mark"] == .string("Testborough was judged inadequate in this inspection."))
  }

  @Test func withoutTheNationalCountsThereIsNoChart() throws {
    #expect(ComparisonChart.values(outcomes: nil, councilName: "X", grade: .good) == .null)
    for broken: TemplateValue in [
      .map([:]),
      .map(["national": .map(["overallEffectiveness": .map(["good": .string("3")])])]),
      .map(["national": .map(["overallEffectiveness": .map(["outstanding": .string("1"), "good": .string("many"), "requiresImprovement": .string("1"), "inadequate": .string("0")])])]),
    ] {
      #expect(ComparisonChart.values(outcomes: broken, councilName: "X", grade: .good) == .null)
    }
    // The whole-pack tests' standard pack has no outcomes.yaml: its webpage has no chart and builds.
    let pack = try TestPack([:])
    defer { try? FileManager.default.removeItem(at: pack.root) }
    let build = DocumentsFixture.build(content: pack.content, at: DocumentsFixture.releaseDay)
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(!build.files.contains { $0.path.hasSuffix(".html") && String(decoding: $0.contents, as: UTF8.self).contains("comparison-chart") })
  }

  @Test(
    .enabled(
      if: PageCheckers.hasJava && PageCheckers.hasChromium,
      "needs java, chromium and chromium-driver (scripts/install-dependencies)"))
  func theChartPassesTheNuHtmlCheckerAndAxe() throws {
    let build = DocumentsFixture.build()
    let folder = try DocumentsFixture.temporaryFolder("chart")
    defer { try? FileManager.default.removeItem(at: folder) }
    // The webpage alone (with the style sheet), so the checkers' reports are about it.
    for file in build.files where file.path == "ofsted-inspection/index.html" || file.path.hasPrefix("assets/") {
      let url = folder.appendingPathComponent(file.path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try file.contents.write(to: url)
    }
    #expect(!Self.chart(in: Self.webpage(build)).isEmpty)
    let vnu = try PageCheckers.check("vnu", site: folder)
    #expect(vnu.output.contains(" 0 errors"), "\(vnu.output)")
    let axe = try PageCheckers.check("axe", site: folder, screenshots: "screenshots/chart")
    #expect(axe.output.contains(" 0 violations"), "\(axe.output)")
  }
}
