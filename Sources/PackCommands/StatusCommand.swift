import ArgumentParser
import Foundation
import PubPack

/// `pubpack status`: what comes out when.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "List every document with its state, embargo (London and UTC) and time left.")

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  @Flag(help: "Print JSON for scripts.")
  var json = false

  @Flag(help: "Show the titles of withheld documents too (a title can carry the news; keep the output private).")
  var titles = false

  func run() throws {
    let now = try clock.instant()
    // Status decides with the same pipeline as build, so it can never disagree with it.
    let build = Pipeline.build(BuildRequest(content: pack.content, templates: pack.templates, mode: .release, at: now))
    guard let packData = build.pack, !build.documents.isEmpty else {
      throw Console.fail(build.diagnostics, what: "status")
    }
    let rows = StatusReport.rows(build, at: now, showsWithheldTitles: titles)
    let (lists, listProblems) = SendStatus.lists(content: pack.content)
    let approval = ApprovalStatus.of(
      content: pack.content, templates: pack.templates, settings: packData.settings.approval, at: now,
      printers: .fromEnvironment())
    if json {
      struct Output: Encodable {
        var at: String
        var releaseInstant: String
        var documents: [StatusReport.Row]
        var distribution: [SendStatus.List]?
        var approval: ApprovalStatus?
        var problems: [String]
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      let output = Output(
        at: now.rfc3339, releaseInstant: packData.inspection.embargo.liftsAt.rfc3339, documents: rows,
        distribution: lists, approval: approval,
        problems: (build.diagnostics + listProblems).sortedForDisplay().map(\.shownFromCurrentFolder.rendered))
      Console.out(String(decoding: try encoder.encode(output), as: UTF8.self))
    } else {
      let release = packData.inspection.embargo.liftsAt
      Console.out("As at \(LondonTime.longWithUTC(now))")
      Console.out("Pack release: \(LondonTime.longWithUTC(release))\n")
      for row in rows {
        Console.out("\(row.state.uppercased())  \(row.title ?? row.file)")
        Console.out("  file: \(row.file)   kind: \(row.kind)   slug: \(row.slug)")
        if let embargo = row.embargo {
          Console.out("  embargo: \(embargo.londonWithUTC)" + (row.timeLeft.map { "   time left: \($0)" } ?? ""))
        } else {
          Console.out("  embargo: none (declared to say nothing about the inspection)")
        }
        if row.state != "released" { Console.out("  why: \(row.reasons.joined(separator: "; "))") }
      }
      for list in lists ?? [] {
        Console.out("\nLIST \(list.name)")
        for document in list.documents {
          var line = "  \(document.file): sent to \(document.sentTo) of \(document.recipients)"
          if let last = document.lastSent { line += ", last at \(last)" } else { line = "  \(document.file): not sent yet" }
          if document.versions > 1 { line += " (\(document.versions) versions: corrected)" }
          Console.out(line)
          if !document.refused.isEmpty { Console.out("    refused: \(document.refused.joined(separator: ", "))") }
        }
      }
      if let approval { Console.out("\n" + approval.lines.joined(separator: "\n")) }
      Console.report(build.diagnostics + listProblems)
    }
    if build.diagnostics.hasErrors { throw ExitCode(1) }
  }
}
