import ArgumentParser
import Foundation
import PubPack

/// `pubpack import-report REPORT.pdf [--output PATH]`: the facts the final Ofsted report
/// states, into `content/report.yaml`.
struct ImportReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import-report",
    abstract: "Read the final Ofsted inspection report (PDF) and write the facts it states.",
    discussion: """
      Reads the authority's name, the on-site dates, the lead inspector, the judgements, the \
      headline paragraph and every item of "What needs to improve?" from the report PDF Ofsted \
      sends and publishes, and writes them to report.yaml in the content folder. Nothing is \
      written unless every fact was read. Needs pdftotext (Debian's poppler-utils package).
      """
  )

  @Argument(
    help: ArgumentHelp("The report PDF, as Ofsted sent or published it.", valueName: "report.pdf"))
  var report: String

  @Option(
    help: ArgumentHelp(
      "Where to write the facts (default: report.yaml in the content folder).", valueName: "path"))
  var output: String?

  @OptionGroup var pack: PackOptions

  func run() throws {
    let outputPath = output ?? (pack.content as NSString).appendingPathComponent("report.yaml")
    // The command layer reads the environment; the library is given the search path.
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let importer = ReportImport(
      extractor: PDFTextExtractor(searchPath: searchPath.split(separator: ":").map(String.init)))
    do {
      let facts = try importer.run(pdfPath: report, outputPath: outputPath)
      Console.error("import-report: wrote \(outputPath): " + summary(of: facts))
    } catch {
      throw Console.fail(error.diagnostics, what: "import-report")
    }
  }

  /// "Bolton, 11 to 15 September 2023, 5 judgements, 4 things to improve": what was read, with
  /// no grade or finding (the report may still be embargoed, and this can land in a log).
  private func summary(of facts: ReportFacts) -> String {
    var parts: [String] = []
    if let name = facts.ofstedName { parts.append(name) }
    if let start = facts.onSiteStart, let end = facts.onSiteEnd {
      parts.append(CalendarDate.range(start, end))
    }
    parts.append("\(facts.judgements.count) judgements")
    parts.append("\(facts.whatNeedsToImprove?.count ?? 0) things to improve")
    return parts.joined(separator: ", ")
  }
}
