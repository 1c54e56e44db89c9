import ArgumentParser
import Foundation
import PubPack
import Testing

@testable import PackCommands

extension ReportImportTests {
  @Suite("The import-report command")
  struct ImportReportCommandTests {
    @Test("report.yaml goes into the content folder unless --output says otherwise")
    func parsesArguments() throws {
      let plain = try #require(
        try PubpackCommand.parseAsRoot(["import-report", "r.pdf"]) as? ImportReportCommand)
      #expect(plain.report == "r.pdf")
      #expect(plain.output == nil)
      #expect(plain.pack.content == "content")

      let moved = try #require(
        try PubpackCommand.parseAsRoot([
          "import-report", "r.pdf", "--content", "pack", "--output", "x.yaml",
        ])
          as? ImportReportCommand)
      #expect(moved.pack.content == "pack")
      #expect(moved.output == "x.yaml")
    }

    @Test("a missing report argument is a usage error (exit 64)")
    func missingArgumentIsUsageError() {
      #expect(throws: (any Error).self) { try PubpackCommand.parseAsRoot(["import-report"]) }
      do {
        _ = try PubpackCommand.parseAsRoot(["import-report"])
      } catch {
        #expect(PubpackCommand.exitCode(for: error) == ExitCode(64))
      }
    }

    @Test(
      "run writes report.yaml into --content and fails with exit 1 on a PDF it cannot read",
      .enabled(
        if: ReportFixtures.hasRealReports,
        "skipped: the real Ofsted reports are not in ../shared/data/ofsted-reports/"))
    func runsEndToEnd() throws {
      let folder = try ReportFixtures.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder) }
      let content = folder.appendingPathComponent("content").path

      var command = try #require(
        try PubpackCommand.parseAsRoot([
          "import-report", ReportFixtures.realReport("cornwall-2024-08-22.pdf"), "--content",
          content,
        ]) as? ImportReportCommand)
      try command.run()
      let written = try String(contentsOfFile: content + "/report.yaml", encoding: .utf8)
      #expect(written.contains("  careLeavers: outstanding\n"))

      command.report = folder.appendingPathComponent("missing.pdf").path
      #expect(throws: ExitCode(1)) { try command.run() }
    }
  }
}
