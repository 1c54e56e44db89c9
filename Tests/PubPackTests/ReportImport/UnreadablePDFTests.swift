import Foundation
import PubPack
import Testing

/// PDFs that are not a readable ILACS report give an error that says what is wrong, and
/// `import-report` writes nothing (an earlier report.yaml is left as it was).
extension ReportImportTests {
  @Suite("Refusing PDFs that are not a readable ILACS report")
  struct UnreadablePDFTests {
    /// Runs the import into a fresh folder that already holds a report.yaml, and returns the
    /// diagnostics; records an issue if the import succeeded or touched the folder.
    private func failedImport(
      of pdf: Data, named name: String, extractor: PDFTextExtractor = ReportFixtures.extractor,
      sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [Diagnostic] {
      let folder = try ReportFixtures.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let pdfPath = folder.appendingPathComponent(name).path
      try pdf.write(to: URL(fileURLWithPath: pdfPath))
      let output = folder.appendingPathComponent("report.yaml").path
      let earlier = "# an earlier import\n"
      try earlier.write(toFile: output, atomically: false, encoding: .utf8)

      var diagnostics: [Diagnostic] = []
      do {
        try ReportImport(extractor: extractor).run(pdfPath: pdfPath, outputPath: output)
        Issue.record("the import succeeded", sourceLocation: sourceLocation)
      } catch {
        diagnostics = error.diagnostics
      }
      #expect(
        try String(contentsOfFile: output, encoding: .utf8) == earlier,
        "report.yaml was changed", sourceLocation: sourceLocation)
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
          == [name, "report.yaml"].sorted(),
        "a file was left behind", sourceLocation: sourceLocation)
      return diagnostics
    }

    @Test("a PDF with no text (a scan) is refused as having no text")
    func refusesTextlessPDF() throws {
      let diagnostics = try failedImport(of: MinimalPDF.document(lines: []), named: "scan.pdf")
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("has no text") == true)
      #expect(diagnostics.first?.message.contains("scanned image") == true)
    }

    @Test("a truncated PDF is refused as unreadable, naming truncation as the likely cause")
    func refusesTruncatedPDF() throws {
      let whole = MinimalPDF.document(lines: ["Inspection of Fernleigh local authority"])
      let diagnostics = try failedImport(of: whole.prefix(whole.count / 2), named: "cut.pdf")
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("could not be read") == true)
      #expect(diagnostics.first?.notes.contains { $0.contains("truncated") } == true)
      #expect(diagnostics.first?.location?.path.hasSuffix("cut.pdf") == true)
    }

    @Test(
      "a truncated copy of a real report is refused",
      .enabled(
        if: ReportFixtures.hasRealReports,
        "skipped: the real Ofsted reports are not in ../shared/data/ofsted-reports/"))
    func refusesTruncatedRealReport() throws {
      let whole = try Data(
        contentsOf: URL(fileURLWithPath: ReportFixtures.realReport("bolton-2023-10-27.pdf")))
      let diagnostics = try failedImport(
        of: whole.prefix(whole.count * 9 / 10), named: "bolton-truncated.pdf")
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("could not be read") == true)
      #expect(diagnostics.first?.notes.contains { $0.contains("truncated") } == true)
    }

    @Test("a focused visit letter is refused as not an ILACS inspection report")
    func refusesFocusedVisitLetter() throws {
      let letter = MinimalPDF.document(lines: [
        "Ofsted",
        "Piccadilly Gate",
        "Dear Ms Smith",
        "Focused visit to Fernleigh children's services",
        "This letter summarises the findings of the focused visit to Fernleigh children's services.",
        "What needs to improve in this area of social work practice",
        "The timeliness of assessments.",
      ])
      let diagnostics = try failedImport(of: letter, named: "focused-visit.pdf")
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("is not an Ofsted inspection report") == true)
      #expect(diagnostics.first?.notes.contains { $0.contains("focused visit") } == true)
    }

    @Test("a school inspection report is refused as not an ILACS inspection report")
    func refusesSchoolReport() throws {
      let school = MinimalPDF.document(lines: [
        "Inspection of Fernleigh Primary School",
        "Inspection dates: 5 and 6 March 2024",
        "Overall effectiveness Good",
        "The quality of education Good",
      ])
      let diagnostics = try failedImport(of: school, named: "school.pdf")
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("is not an Ofsted inspection report") == true)
    }

    @Test("without pdftotext the error says to install poppler-utils")
    func namesThePackageWhenPDFToTextIsMissing() throws {
      let diagnostics = try failedImport(
        of: MinimalPDF.document(lines: ["Anything"]), named: "report.pdf",
        extractor: PDFTextExtractor(searchPath: ["/nonexistent-folder-for-pubpack-tests"]))
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("pdftotext was not found") == true)
      #expect(diagnostics.first?.notes.contains { $0.contains("poppler-utils") } == true)
    }

    @Test("a pdftotext that hangs is stopped at the time limit")
    func stopsAHangingPDFToText() throws {
      let tools = try ReportFixtures.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: tools) }
      let fake = tools.appendingPathComponent("pdftotext").path
      try "#!/bin/sh\nexec sleep 30\n".write(toFile: fake, atomically: false, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)

      let started = Date()
      let diagnostics = try failedImport(
        of: MinimalPDF.document(lines: ["Anything"]), named: "slow.pdf",
        extractor: PDFTextExtractor(searchPath: [tools.path], timeLimit: .milliseconds(300)))
      #expect(Date().timeIntervalSince(started) < 10)
      #expect(diagnostics.count == 1)
      #expect(diagnostics.first?.message.contains("did not finish within") == true)
    }

    @Test("a PDF that does not exist is an error naming it")
    func refusesMissingFile() {
      var rendered: [String] = []
      do {
        try ReportImport(extractor: ReportFixtures.extractor).run(
          pdfPath: "no-such-report.pdf", outputPath: "/nonexistent-folder-for-pubpack-tests/r.yaml")
      } catch {
        rendered = error.diagnostics.map(\.rendered)
      }
      #expect(
        rendered == [
          "no-such-report.pdf:1:1: error: there is no such PDF file\n  note: check the path: the report PDF as downloaded from Ofsted"
        ])
    }

    @Test("the hand-made PDFs themselves are readable, so the refusals above are the reader's")
    func minimalPDFHasText() throws {
      let folder = try ReportFixtures.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let path = folder.appendingPathComponent("hello.pdf").path
      try MinimalPDF.document(lines: ["Hello (world)"]).write(to: URL(fileURLWithPath: path))
      let text = try ReportFixtures.extractor.text(ofPDFAt: path, displayPath: "hello.pdf")
      #expect(text.contains("Hello (world)"))
    }
  }
}
