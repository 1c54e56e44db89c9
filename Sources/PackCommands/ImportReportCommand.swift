import ArgumentParser
import Foundation
import PubPack

/// `pubpack import-report REPORT.pdf [--output PATH]`: the facts of the final Ofsted report
/// into `content/report.yaml`.
public struct ImportReportCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "import-report",
    abstract: "Read the final Ofsted inspection report (PDF) and write the facts it states.",
    discussion: """
      Reads the dates, lead inspector, judgements, headline and "What needs to improve?" \
      from the report PDF Ofsted sends and publishes, and writes them to content/report.yaml. \
      Nothing is written unless every fact was read. Needs pdftotext (Debian's poppler-utils).
      """
  )

  @Argument(help: "The report PDF, as Ofsted sent or published it.")
  var report: String

  @Option(help: "Where to write the facts.")
  var output: String = "content/report.yaml"

  public init() {}

  public func run() throws {
    // The command layer reads the environment; the library is given the search path.
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let importer = ReportImport(
      extractor: PDFTextExtractor(searchPath: path.split(separator: ":").map(String.init)))
    do {
      let facts = try importer.run(pdfPath: report, outputPath: output)
      print(summary(of: facts))
    } catch {
      for diagnostic in error.diagnostics.sortedForDisplay() {
        FileHandle.standardError.write(Data((diagnostic.rendered + "\n").utf8))
      }
      throw ExitCode(1)
    }
  }

  private func summary(of facts: ReportFacts) -> String {
    var parts: [String] = []
    if let name = facts.ofstedName { parts.append(name) }
    if let start = facts.onSiteStart, let end = facts.onSiteEnd {
      parts.append(CalendarDate.range(start, end))
    }
    parts.append("\(facts.judgements.count) judgements")
    parts.append("\(facts.whatNeedsToImprove?.count ?? 0) things to improve")
    return "wrote \(output) from \(report): " + parts.joined(separator: ", ")
  }
}
