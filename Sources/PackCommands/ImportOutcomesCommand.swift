import ArgumentParser
import Foundation
import PubPack

/// `pubpack import-outcomes FILE --la NAME [--output PATH]`: writes one authority's context
/// from Ofsted's official statistics to `content/outcomes.yaml`.
struct ImportOutcomesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import-outcomes",
    abstract: "Read Ofsted's 'Local authority inspection outcomes' statistics and write outcomes.yaml.",
    discussion: """
      FILE is the .ods spreadsheet as published on GOV.UK, or a CSV export of its table of \
      latest judgements (which has no history). The output is written only when the whole \
      file has been read without error.
      """
  )

  @Argument(help: "The statistics file (.ods, or .csv export of the table of latest judgements).")
  var file: String

  @Option(
    name: .customLong("la"),
    help: ArgumentHelp("The local authority's name as Ofsted writes it (\"St Helens\").", valueName: "name"))
  var authority: String

  @Option(help: ArgumentHelp("Where to write the outcomes (default: outcomes.yaml in the content folder).", valueName: "path"))
  var output: String?

  @OptionGroup var pack: PackOptions

  /// `--output`, or `outcomes.yaml` in the pack's content folder.
  var outputPath: String { output ?? (pack.content as NSString).appendingPathComponent("outcomes.yaml") }

  func validate() throws {
    if authority.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ValidationError("--la needs the local authority's name")
    }
  }

  func run() throws {
    do {
      let reading = try OutcomesImporter(displayPath: file).importOutcomes(authority: authority, to: outputPath)
      Console.report(reading.warnings)
      let outcomes = reading.outcomes
      var summary = "Wrote \(outputPath): \(outcomes.localAuthority.name)"
      if let region = outcomes.localAuthority.region { summary += " (\(region))" }
      if let history = outcomes.history { summary += ", \(history.count) graded ILACS inspection(s)" }
      Console.out(summary)
    } catch {
      Console.report(error.diagnostics)
      throw ExitCode(1)
    }
  }
}
