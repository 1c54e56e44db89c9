import Foundation
import Testing

@testable import PubPack

/// `pubpack import-outcomes` as a user runs it, and its output used by a pack.
@Suite("Outcomes import: the command")
struct OutcomesImportCommandTests {
  /// A folder holding `outcomes.ods` in the 2024 layout.
  func folderWithStatistics() throws -> URL {
    let folder = try temporaryFolder()
    try ODSFixture.ods(SyntheticStatistics.layout2024).write(to: folder.appendingPathComponent("outcomes.ods"))
    return folder
  }

  @Test func writesContentOutcomesYAMLByDefault() throws {
    let folder = try folderWithStatistics()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runPubpack(["import-outcomes", "outcomes.ods", "--la", "St Bride's"], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "Wrote content/outcomes.yaml: St. Bride's (South East), 1 graded ILACS inspection(s)\n")
    let yaml = try String(contentsOf: folder.appendingPathComponent("content/outcomes.yaml"), encoding: .utf8)
    #expect(yaml.contains("localAuthority:\n  name: St. Bride's\n  region: South East\n"))
  }

  @Test func anUnknownAuthorityExitsOneWithALocatedErrorAndWritesNothing() throws {
    let folder = try folderWithStatistics()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runPubpack(
      ["import-outcomes", "outcomes.ods", "--la", "Dunmre", "--output", "out.yaml"], in: folder)
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        outcomes.ods:1:1: error: there is no local authority called 'Dunmre' in the table of latest judgements
          note: did you mean 'Dunmere'?
          note: --la takes the authority's name as Ofsted's statistics write it (sheet 'Inspections_31_March_2024', row 3 onwards)

        """)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.yaml").path))
  }

  @Test func aMissingAuthorityIsAUsageError() throws {
    let folder = try folderWithStatistics()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try runPubpack(["import-outcomes", "outcomes.ods"], in: folder).status == 64)
    #expect(try runPubpack(["import-outcomes", "outcomes.ods", "--la", " "], in: folder).status == 64)
  }

  @Test func aPackBuildsWithTheImportedOutcomesInItsDocuments() throws {
    let pack = try TestPack([
      "content/webpage.md": """
      ---
      title: Our inspection
      kind: webpage
      ---
      {{outcomes.localAuthority.name}} is one of {{outcomes.region.authorities}} councils in \
      {{outcomes.region.name}}; {{outcomes.national.overallEffectiveness.outstanding}} are outstanding.
      {{#outcomes.history}}{{publicationDate.long}} {{judgements.overallEffectiveness.gradeLower}}; {{/outcomes.history}}
      """
    ])
    let data = try ODSFixture.ods(SyntheticStatistics.layout2024)
    let reading = try OutcomesImporter(displayPath: "outcomes.ods").read(data, authority: "Ashdown")
    try pack.write("content/outcomes.yaml", try reading.outcomes.yaml(sourceFile: "outcomes.ods"))
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(TestPack.errors(diagnostics))")
    let page = try #require(pack.siteText("webpage/index.html"))
    #expect(page.contains("Ashdown is one of 3 councils in South East; 1 are outstanding."))
    #expect(page.contains("4 March 2019 requires improvement to be good; 14 July 2023 good;"))
  }
}
