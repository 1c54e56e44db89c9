import Foundation
import Testing

@testable import PubPack

/// `content/report.yaml` (Ofsted's report, as `import-report` wrote it) against `inspection.yaml`.
@Suite struct ReportAgreementTests {
  static let report = """
    source: { file: testborough.pdf, pages: 12 }
    council: { ofstedName: "Testborough" }
    inspection: { onSiteStart: 2026-06-08, onSiteEnd: 2026-06-19, leadInspector: "Jo Bennett, His Majesty’s Inspector", frameworkVersion: ilacs2023 }
    judgements:
      overallEffectiveness: good
      impactOfLeaders: good
      helpAndProtection: requiresImprovement
      childrenInCare: good
      careLeavers: outstanding
    """

  @Test func agreeingReportBuilds() throws {
    let pack = try TestPack(["content/report.yaml": Self.report])
    let build = pack.build(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
  }

  @Test func aGradeThatDisagreesFailsNamingBothFilesAndValues() throws {
    let pack = try TestPack([
      "content/report.yaml": Self.report.replacingOccurrences(of: "careLeavers: outstanding", with: "careLeavers: good")
    ])
    let (build, diagnostics) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(!build.succeeded)
    let errors = TestPack.errors(diagnostics).map { $0.replacingOccurrences(of: pack.root.path + "/", with: "") }
    #expect(errors.count == 1)
    #expect(
      errors.first?.hasPrefix(
        "content/report.yaml:9:16: error: judgements.careLeavers: content/report.yaml (Ofsted's report) says good, but content/inspection.yaml says outstanding"
      ) == true, "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: pack.site))
  }

  @Test func factsInspectionYamlLeavesOutComeFromTheReport() throws {
    let sparse = """
      council:
        name: Testborough Council
      inspection:
        type: ilacsStandard
      embargo:
        liftsAt: 2026-08-04T00:01
      """
    let pack = try TestPack([
      "content/inspection.yaml": sparse, "content/report.yaml": Self.report,
      "content/webpage.md": "---\ntitle: T\nkind: webpage\n---\nLed by {{inspection.leadInspector}}; leaders {{judgements.impactOfLeaders.gradeLower}}.\n",
    ])
    let (build, _) = pack.buildSite(at: "2026-08-04T00:01")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    #expect(build.pack?.inspection.details.frameworkVersion == .ilacs2023)
    #expect(pack.siteText("webpage/index.html")?.contains("Led by Jo Bennett, His Majesty’s Inspector; leaders good.") == true)
  }
}
