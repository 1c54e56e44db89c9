import Foundation
import Testing

@testable import PubPack

/// The pack `pubpack init` writes passes its own check for every authority in Ofsted's official
/// statistics: as written, and once its author has filled every placeholder (grades of every
/// kind, some the same as the last inspection's, some not) and removed `draft: true`.
@Suite("The starter checks clean", .enabled(if: SharedData.hasOutcomes2024, "needs ../shared/data"))
struct StarterCheckTests {
  static let file = "LA_Inspection_Outcomes_as_at_March_2024.ods"

  /// Every authority's outcomes, read once.
  static let readings: [(name: String, outcomes: Outcomes?, problem: String?)] = {
    guard let data = try? Data(contentsOf: SharedData.outcomes2024),
      let spreadsheet = try? ODSReader(displayPath: file).read(data)
    else { return [] }
    let reader = OutcomesReader(displayPath: file)
    guard let names = try? reader.authorityNames(spreadsheet) else { return [] }
    return names.map { name in
      do {
        return (name, try reader.read(spreadsheet, authority: name).outcomes, nil)
      } catch {
        return (name, nil, "\(error)")
      }
    }
  }()

  /// What an author types for each placeholder: plausible text, in the place's own words.
  static func filled(_ text: String, place: String) -> String {
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      guard let type = line.range(of: "TYPE"), !line[..<type.lowerBound].contains("#") else {
        lines.append(line)
        continue
      }
      let before = String(line[..<type.lowerBound])
      let key = before.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "- :"))
      let value: String
      switch key {
      case "source": value = "Ofsted notification email"
      case "headline": value = "Children in \(place) are helped and protected well by social workers who know them."
      case "": value = "Leaders know their services well and have a clear plan to improve them."
      case "speakerName": value = "Alex Morgan"
      case "text": value = "We thank our staff and we will act on every recommendation in the report."
      case "meeting": value = "Children and Young People Scrutiny Committee"
      case "meetingDate": value = "12 March 2027"
      case "reportOf": value = "Sam Taylor, Director of Children's Services"
      case "portfolioHolder": value = "Councillor Jo Evans"
      case "name": value = "Pat Lee"
      case "title": value = "Head of Quality Assurance"
      case "email": value = "pat.lee@example.gov.uk"
      case "phone": value = "01632 960123"
      default: value = "None arising from this report."
      }
      lines.append(before + value)
    }
    return lines.joined(separator: "\n").replacingOccurrences(of: "\ndraft: true", with: "\n#")
  }

  /// The judgements written with grades that change from one authority to the next.
  static func graded(_ inspection: String, index: Int) -> String {
    var k = index
    return inspection.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      guard line.hasPrefix("  "), !line.hasPrefix("   "), line.contains(": requiresImprovement   #") else {
        return String(line)
      }
      k += 1
      let grade = Grade.allCases[k % 4].rawValue
      return line.replacingOccurrences(of: ": requiresImprovement   #", with: ": \(grade)   #")
    }.joined(separator: "\n")
  }

  func errors(_ folder: URL, at instant: String) -> [String] {
    let build = Pipeline.build(
      BuildRequest(
        content: folder.appendingPathComponent("content").path,
        templates: folder.appendingPathComponent("templates").path, at: TestPack.instant(instant)))
    return build.diagnostics.filter { $0.severity == .error }.map(\.rendered)
  }

  @Test func everyAuthoritysStarterChecksCleanBeforeAndAfterItIsFilledIn() throws {
    #expect(Self.readings.count > 140, "the statistics list every authority in England")
    var problems: [String] = []
    var released = 0
    let start = Date()
    for (index, reading) in Self.readings.enumerated() {
      guard let outcomes = reading.outcomes else {
        problems.append("\(reading.name): not read: \(reading.problem ?? "")")
        continue
      }
      let folder = try temporaryFolder().appendingPathComponent("pack")
      defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
      try PackScaffold(outcomes: outcomes, statisticsFile: Self.file).write(to: folder.path)
      let content = folder.appendingPathComponent("content")
      let inspectionURL = content.appendingPathComponent("inspection.yaml")
      let inspection = try String(contentsOf: inspectionURL, encoding: .utf8)
      let liftsAt = try #require(inspection.firstMatch(of: /liftsAt: (\d{4}-\d\d-\d\d)T00:01/)).1
      // As written: a check a minute before the (placeholder) release instant.
      problems += errors(folder, at: "\(liftsAt)T00:00").map { "\(reading.name), as written: \($0)" }
      // Filled in: every placeholder, grades of every kind, drafts released.
      let place = outcomes.localAuthority.name
      try Self.filled(Self.graded(inspection, index: index), place: place).write(
        to: inspectionURL, atomically: true, encoding: .utf8)
      for name in ["webpage.md", "council-report.md", "press-release.md"] {
        let url = content.appendingPathComponent(name)
        try Self.filled(try String(contentsOf: url, encoding: .utf8), place: place).write(
          to: url, atomically: true, encoding: .utf8)
      }
      problems += errors(folder, at: "\(liftsAt)T00:00").map { "\(reading.name), filled, before release: \($0)" }
      let build = Pipeline.build(
        BuildRequest(
          content: content.path, templates: folder.appendingPathComponent("templates").path,
          at: TestPack.instant("\(liftsAt)T09:00")))
      problems += build.diagnostics.filter { $0.severity == .error }.map {
        "\(reading.name), filled, released: \($0.rendered)"
      }
      released += build.released.count
    }
    print(
      "starter: \(Self.readings.count) authorities, \(released) documents released, \(Date().timeIntervalSince(start))s"
    )
    // Every filled-in document is released on the day: the placeholders and drafts are gone.
    #expect(released == 3 * Self.readings.count)
    #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(20).joined(separator: "\n"))")
  }
}
