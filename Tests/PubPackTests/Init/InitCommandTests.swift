import Foundation
import Testing

@testable import PubPack

/// `pubpack init`: a new pack that builds and passes `check` as soon as it is made.
@Suite("init")
struct InitCommandTests {
  /// A fresh folder holding `outcomes.ods` (the synthetic statistics in the 2024 layout).
  func workspace() throws -> URL {
    let folder = try temporaryFolder()
    try ODSFixture.ods(SyntheticStatistics.layout2024).write(to: folder.appendingPathComponent("outcomes.ods"))
    return folder
  }

  func text(_ folder: URL, _ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
  }

  /// Deletes every document's `draft: true` line, as an author does when it is ready.
  func undraft(_ pack: URL) throws {
    for name in ["webpage.md", "council-report.md", "press-release.md"] {
      let url = pack.appendingPathComponent("content/\(name)")
      let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      try lines.filter { !$0.hasPrefix("draft: true") }.joined(separator: "\n").write(
        to: url, atomically: true, encoding: .utf8)
    }
  }

  /// Types over every placeholder (the word TYPE) in the documents and the data, as an author does.
  func fillPlaceholders(_ pack: URL) throws {
    for name in ["webpage.md", "council-report.md", "press-release.md", "inspection.yaml", "pack.yaml"] {
      let url = pack.appendingPathComponent("content/\(name)")
      let text = try String(contentsOf: url, encoding: .utf8)
      try text.replacingOccurrences(of: #"\bTYPE\b ?"#, with: "", options: .regularExpression)
        .write(to: url, atomically: true, encoding: .utf8)
    }
  }

  @Test func aPackFromTheStatisticsChecksAndBuilds() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let made = try runPubpack(
      ["init", "pack", "--outcomes", "outcomes.ods", "--la", "Ashdown"], in: folder)
    #expect(made.status == 0, "\(made.stderr)")
    let pack = folder.appendingPathComponent("pack")
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: pack.appendingPathComponent("content/assets").path, isDirectory: &isFolder))
    #expect(isFolder.boolValue, "content/assets/ is made for the pack's images and files")

    let inspection = try text(pack, "content/inspection.yaml")
    #expect(inspection.contains("  name: Ashdown Council   # TYPE"))
    #expect(inspection.contains("  ofstedName: Ashdown   # as Ofsted's statistics write it"))
    #expect(inspection.contains("  ofstedRegion: South East   # from Ofsted's statistics"))
    // The latest inspection in the statistics is the new pack's previous one.
    #expect(
      inspection.contains(
        """
        previous:
          type: ilacsStandard
          frameworkVersion: ilacs2023
          onSiteStart: 2023-05-15
          publicationDate: 2023-07-14
          judgements:
            overallEffectiveness: good
            impactOfLeaders: good
            helpAndProtection: requiresImprovement
            childrenInCare: good
            careLeavers: good

        """))
    // Placeholder dates follow the statistics (as at 31 March 2024), never the day the pack is
    // made: on site from the Monday a week after, the report seven weeks later, under the
    // framework of that time; the action plan is due 70 working days after publication.
    #expect(inspection.contains("  onSiteStart: 2024-04-08"))
    #expect(inspection.contains("  onSiteEnd: 2024-04-19"))
    #expect(inspection.contains("  liftsAt: 2024-06-04T00:01"))
    #expect(inspection.contains("  frameworkVersion: ilacs2023"))
    #expect(inspection.contains("  basisDate: 2024-06-04"))
    #expect(inspection.contains("  # dueDate: 2024-09-10"))
    #expect(try text(pack, "content/pack.yaml").contains("title: Our Ofsted inspection 2024"))
    #expect(!inspection.contains("Headline findings"), "no Ofsted report has a heading of that name")
    #expect(
      try text(pack, "content/outcomes.yaml").contains("localAuthority:\n  name: Ashdown\n  region: South East\n"))
    #expect(try text(pack, "README.md").contains("## Next steps"))

    let check = try runPubpack(["check", "--at", "2024-05-01T10:00"], in: pack)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stderr.contains("check passed: 3 documents, 0 released"))

    // Drafts are never published, whatever the time.
    let draftBuild = try runPubpack(["build", "--at", "2027-06-01T09:00"], in: pack)
    #expect(draftBuild.status == 0, "\(draftBuild.stderr)")
    #expect(draftBuild.stderr.contains("built site/: 0 documents released, 3 withheld"))

    // Undrafted with its placeholders left, the pack is refused, naming them.
    try undraft(pack)
    let unfilled = try runPubpack(["build", "--at", "2027-06-01T09:00"], in: pack)
    #expect(unfilled.status == 1)
    #expect(unfilled.stderr.contains("content/council-report.md:"), "\(unfilled.stderr)")
    #expect(unfilled.stderr.contains("error: a placeholder (TYPE) is left in"))
    #expect(!FileManager.default.fileExists(atPath: pack.appendingPathComponent("site/council-report/index.html").path))

    // Once the author has typed over them, every tag in the drafted documents resolves.
    try fillPlaceholders(pack)
    let build = try runPubpack(["build", "--at", "2027-06-01T09:00"], in: pack)
    #expect(build.status == 0, "\(build.stderr)")
    let page = try text(pack, "site/ofsted-inspection/index.html")
    #expect(page.contains("At the last inspection, published on 14 July 2023, they were judged good overall."))
    #expect(page.contains("1 of the 6 councils in\nEngland were judged outstanding overall and 2 good."))
    #expect(page.contains("In South East, 1 of\n3 councils were judged outstanding"))
    let report = try text(pack, "site/council-report/index.html")
    #expect(report.contains("The last ILACS Standard Inspection was published on 14 July 2023"))
  }

  @Test func aPackWithoutStatisticsChecksAndBuilds() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let made = try runPubpack(["init", "new-pack"], in: folder)
    #expect(made.status == 0, "\(made.stderr)")
    let pack = folder.appendingPathComponent("new-pack")
    #expect(!FileManager.default.fileExists(atPath: pack.appendingPathComponent("content/outcomes.yaml").path))
    let inspection = try text(pack, "content/inspection.yaml")
    // Without statistics the dates are the fictional sample's (June 2026): after April 2026 the
    // framework has no overall effectiveness.
    #expect(inspection.contains("  onSiteStart: 2026-06-08"))
    #expect(inspection.contains("  liftsAt: 2026-08-04T00:01"))
    #expect(inspection.contains("frameworkVersion: ilacs2026"))
    #expect(!inspection.contains("  overallEffectiveness: requiresImprovement"))
    #expect(inspection.contains("# previous:"))
    #expect(try runPubpack(["check", "--at", "2026-06-01T10:00"], in: pack).status == 0)
    try undraft(pack)
    try fillPlaceholders(pack)
    let build = try runPubpack(["build", "--at", "2026-09-01T09:00"], in: pack)
    #expect(build.status == 0, "\(build.stderr)")
    #expect(build.stderr.contains("built site/: 3 documents released"))
  }

  @Test func aNonEmptyFolderIsRefusedAndLeftAlone() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "mine".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let result = try runPubpack(["init", "."], in: folder)
    #expect(result.status == 1)
    #expect(result.stderr.contains("error: '.' is not empty, so pubpack will not make a pack in it"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
  }

  @Test func anEmptyFolderIsFilled() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runPubpack(["init", "."], in: folder)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
        "README.md", "content", "templates",
      ])
  }

  @Test func anUnknownAuthorityMakesNoPack() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runPubpack(["init", "pack", "--outcomes", "outcomes.ods", "--la", "Nowhere"], in: folder)
    #expect(result.status == 1)
    #expect(result.stderr.contains("outcomes.ods:1:1: error: there is no local authority called 'Nowhere'"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["outcomes.ods"])
  }

  @Test func statisticsWithoutAnAuthorityIsAUsageError() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try runPubpack(["init", "pack", "--outcomes", "outcomes.ods"], in: folder).status == 64)
    #expect(try runPubpack(["init", "pack", "--la", "Ashdown"], in: folder).status == 64)
  }

  @Test func theStarterTemplatesAreTheProjectsTemplates() throws {
    let templates = packageRoot.appendingPathComponent("templates")
    var onDisk: [String] = []
    if let enumerator = FileManager.default.enumerator(atPath: templates.path) {
      while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: templates.appendingPathComponent(path).path, isDirectory: &isDirectory)
        if !isDirectory.boolValue { onDisk.append("templates/" + path) }
      }
    }
    #expect(StarterTemplates.files.map(\.path) == onDisk.sorted(), "run scripts/embed-starter-templates")
    for (path, text) in StarterTemplates.files {
      let disk = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
      #expect(text == disk, "\(path) differs from templates/: run scripts/embed-starter-templates")
    }
  }
}
