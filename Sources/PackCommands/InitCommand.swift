import ArgumentParser
import Foundation
import PubPack

/// `pubpack init DIR [--outcomes FILE --la NAME] [--content NAME] [--templates NAME]`: makes a
/// new pack in a new or empty folder.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Make a new pack in a new or empty folder, pre-filled from Ofsted's statistics when given.",
    discussion: """
      The pack builds and passes check as soon as it is made. Its documents are drafts, and the \
      facts in content/inspection.yaml marked TYPE are placeholders, until you replace them.
      """
  )

  @Argument(help: "The folder for the new pack (new, or empty).")
  var folder: String

  @Option(help: "Ofsted's 'Local authority inspection outcomes' statistics (.ods, or a CSV export).")
  var outcomes: String?

  @Option(
    name: .customLong("la"),
    help: ArgumentHelp("The local authority's name as Ofsted writes it (with --outcomes).", valueName: "name"))
  var authority: String?

  @Option(help: ArgumentHelp("The name of the pack's content folder, inside the new folder.", valueName: "name"))
  var content = "content"

  @Option(help: ArgumentHelp("The name of the pack's templates folder, inside the new folder.", valueName: "name"))
  var templates = "templates"

  func validate() throws {
    for (flag, name) in [("--content", content), ("--templates", templates)] where !PackScaffold.isPlainFolderName(name) {
      throw ValidationError("\(flag) '\(name)': give a folder name inside the new pack, such as 'content' (no '/', not hidden)")
    }
    if content == templates { throw ValidationError("--content and --templates must be different folders") }
    if outcomes != nil && authority == nil { throw ValidationError("--outcomes needs --la NAME: which authority?") }
    if authority != nil && outcomes == nil {
      throw ValidationError("--la needs --outcomes FILE: the statistics to read")
    }
  }

  func run() throws {
    do {
      var scaffold = PackScaffold()
      scaffold.contentFolder = content
      scaffold.templatesFolder = templates
      if let outcomes, let authority {
        let reading = try OutcomesImporter(displayPath: outcomes).read(authority: authority)
        Console.report(reading.warnings)
        scaffold.outcomes = reading.outcomes
        scaffold.statisticsFile = URL(fileURLWithPath: outcomes).lastPathComponent
      }
      try scaffold.write(to: folder)
      var summary = "Made a new pack in \(folder)"
      if let outcomes = scaffold.outcomes { summary += " for \(outcomes.localAuthority.name)" }
      Console.out(summary + ". Next: read \(folder)/README.md, then replace every TYPE in \(content)/inspection.yaml.")
    } catch {
      Console.report(error.diagnostics)
      throw ExitCode(1)
    }
  }
}
