import Foundation
import Testing

@testable import PubPack

/// `check` warns when no document gives Ofsted's report: a link to it, or its address written
/// out (by hand or through `{{report.url}}`) anywhere in a body, counts.
@Suite struct ReportLinkCheckTests {
  static let url = "https://reports.ofsted.gov.uk/provider/44/80561"

  func warnings(_ body: String) throws -> [String] {
    let pack = try TestPack([
      "content/inspection.yaml": TestPack.inspection + "\nreport:\n  url: \(Self.url)\n",
      "content/webpage.md": "---\ntitle: Our inspection\nkind: webpage\n---\n\(body)\n",
    ])
    let build = pack.build(at: "2026-09-01T09:00")
    #expect(build.succeeded, "\(TestPack.errors(build.diagnostics))")
    return build.diagnostics.filter { $0.severity == .warning }.map(\.message).filter { $0.contains("Ofsted's report") }
  }

  @Test func aDocumentThatNeverGivesTheReportIsWarnedAbout() throws {
    #expect(try warnings("Ofsted has published its report.") == ["no document links to Ofsted's report (\(Self.url))"])
  }

  @Test func aLinkOrTheAddressWrittenOutCounts() throws {
    #expect(try warnings("Read [Ofsted's report]({{report.url}}).").isEmpty)
    // In a code span the address is no link, but a reader still gets it.
    #expect(try warnings("The report is at `{{report.url}}`.").isEmpty)
    #expect(try warnings("The report is at `\(Self.url)`.").isEmpty)
  }
}
