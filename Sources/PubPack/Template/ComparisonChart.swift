/// `comparisonChart`: how England's councils, and the region's, were judged for overall
/// effectiveness (from `outcomes.yaml`), laid out for the `comparison-chart` partial's inline
/// SVG bar chart, with the council's grade from this inspection marked.
///
/// pubpack works out the numbers and the geometry; the partial writes the markup, so a pack can
/// restyle it. Each bar has its number and percentage written beside it, and the grade named,
/// so colour is never the only signal; the same figures go in the SVG's `<desc>` and in a
/// visually hidden table.
enum ComparisonChart {
  /// The grades' colours: GOV.UK palette colours with at least 3:1 contrast against white.
  static let colours: [Grade: String] = [
    .outstanding: "#1d70b8", .good: "#00703c", .requiresImprovement: "#b58840", .inadequate: "#d4351c",
  ]
  static let width = 640
  static let labelWidth = 250
  static let barRoom = 250
  static let rowHeight = 30
  static let barHeight = 20
  static let markHeight = 22
  static let headingHeight = 34

  /// The chart's values, or null when `outcomes.yaml` has no national overall effectiveness counts.
  static func values(outcomes: TemplateValue?, councilName: String, grade: Grade?) -> TemplateValue {
    guard let outcomes, let national = counts(outcomes["national"]) else { return .null }
    var areas = [("England", national)]
    if let region = counts(outcomes["region"]), case .string(let name)? = outcomes["region"]?["name"] {
      areas.append((name, region))
    }
    // Bars are shares of the councils graded, so England and a region compare at a glance.
    let most = areas.flatMap { area in Grade.allCases.map { share(area.1, $0) } }.max() ?? 0
    var y = 0
    var groups: [TemplateValue] = []
    var sentences: [String] = []
    for (name, counts) in areas {
      let graded = counts.values.reduce(0, +)
      let heading = "\(name): \(graded) councils graded"
      let headingY = y + 22
      y += headingHeight
      var rows: [TemplateValue] = []
      var parts: [String] = []
      for g in Grade.allCases {
        let count = counts[g] ?? 0
        let barWidth = most == 0 ? 0 : max(count == 0 ? 0 : 2, Int((share(counts, g) * Double(barRoom) / most).rounded()))
        let isCouncil = g == grade
        let value = cell(counts, g)
        rows.append(
          .map([
            "label": .string(g.ofstedWording), "gradeKey": .string(g.rawValue), "colour": .string(colours[g] ?? "#505a5f"),
            "count": .string(String(count)), "value": .string(value),
            "y": .string(String(y)), "textY": .string(String(y + 15)), "barX": .string(String(labelWidth)),
            "barWidth": .string(String(barWidth)), "valueX": .string(String(labelWidth + barWidth + 8)),
            "isCouncil": .bool(isCouncil), "markY": .string(String(y + barHeight + 16)),
          ]))
        parts.append("\(g.ofstedWording.lowercased()) \(value)")
        y += rowHeight + (isCouncil ? markHeight : 0)
      }
      sentences.append("\(heading): " + parts.joined(separator: ", ") + ".")
      groups.append(
        .map(["name": .string(name), "heading": .string(heading), "headingY": .string(String(headingY)), "rows": .list(rows)]))
      y += 10
    }
    let mark = grade.map { "\(councilName) was judged \($0.ofstedWording.lowercased()) in this inspection." }
    return .map([
      "title": .string("Overall effectiveness of councils' children's services: " + areas.map(\.0).joined(separator: " and ")),
      "description": .string((sentences + (mark.map { [$0] } ?? [])).joined(separator: " ")),
      "mark": mark.map(TemplateValue.string) ?? .null,
      "markText": grade.map { .string("▲ \(councilName): \($0.ofstedWording.lowercased()) in this inspection") } ?? .null,
      "width": .string(String(width)),
      "height": .string(String(y)),
      "groups": .list(groups),
      "areas": .list(areas.map { .string($0.0) }),
      "tableRows": .list(
        Grade.allCases.map { g in
          .map([
            "label": .string(g.ofstedWording),
            "cells": .list(areas.map { area in .string(cell(area.1, g)) }),
          ])
        }),
      "source": {
        if case .string(let title)? = outcomes["source"]?["title"] { return .string(title) }
        return .null
      }(),
    ])
  }

  /// "61 (40%)": a grade's count and its share of the councils graded.
  static func cell(_ counts: [Grade: Int], _ grade: Grade) -> String {
    "\(counts[grade] ?? 0) (\(Int((share(counts, grade) * 100).rounded()))%)"
  }

  /// A grade's share of the councils graded, 0 to 1.
  static func share(_ counts: [Grade: Int], _ grade: Grade) -> Double {
    let graded = counts.values.reduce(0, +)
    return graded == 0 ? 0 : Double(counts[grade] ?? 0) / Double(graded)
  }

  /// The four grade counts of `overallEffectiveness` under an area of `outcomes.yaml`.
  static func counts(_ area: TemplateValue?) -> [Grade: Int]? {
    guard case .map(let map)? = area?["overallEffectiveness"] else { return nil }
    var counts: [Grade: Int] = [:]
    for grade in Grade.allCases {
      guard case .string(let text)? = map[grade.rawValue], let count = Int(text), count >= 0 else { return nil }
      counts[grade] = count
    }
    return counts
  }
}
