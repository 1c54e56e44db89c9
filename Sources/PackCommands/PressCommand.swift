import ArgumentParser
import Foundation
import PubPack

/// `pubpack press`: the press release for journalists, as email-ready HTML and plain text.
struct PressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "press",
    abstract: "Write the press copy: the press release as email HTML and plain text, headed with its embargo.",
    discussion: """
      Before the embargo the copy is headed "EMBARGOED UNTIL" with the London time and UTC; \
      once it has lifted, "FOR IMMEDIATE RELEASE". Each briefing (kind: briefing) is written beside \
      it, headed "EMBARGOED: not for publication or onward sharing until" and marked confidential. \
      The copy is never written into the site folder.
      """)

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  @Option(help: "The folder for the press copy (never the site folder).")
  var output = "press"

  func run() throws {
    let now = try clock.instant()
    let workingDirectory = FileManager.default.currentDirectoryPath
    // Refuse before building: a wrong folder is the cheapest mistake to catch.
    if let refusal = PressWriter.refusal(for: output, workingDirectory: workingDirectory) {
      throw Console.fail([refusal], what: "press")
    }
    let (copies, problems) = PressCopy.make(
      BuildRequest(content: pack.content, templates: pack.templates, mode: .release, at: now))
    guard !problems.hasErrors else { throw Console.fail(problems, what: "press") }
    // Briefings are written beside the press copy, for the officer to read before `send`.
    let (briefings, briefingProblems) = BriefingCopy.make(
      BuildRequest(content: pack.content, templates: pack.templates, mode: .preview, at: now))
    guard !briefingProblems.hasErrors else { throw Console.fail(briefingProblems, what: "press") }
    let (written, writeProblems) = PressWriter.write(copies + briefings, to: output, workingDirectory: workingDirectory)
    guard writeProblems.isEmpty else { throw Console.fail(writeProblems, what: "press") }
    for copy in copies + briefings { Console.error("pubpack: \(copy.slug): \(copy.heading)") }
    for path in written { Console.out(path) }
  }
}
