import ArgumentParser
import Foundation
import PubPack

/// `pubpack check`: every validation `build` does, and more, writing nothing.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check the pack as build would, and more (prose against data, links, accessibility), writing nothing.")

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  @Flag(help: "Print the findings and the external links as JSON.")
  var json = false

  func run() throws {
    let now = try clock.instant()
    let build = Pipeline.build(BuildRequest(content: pack.content, templates: pack.templates, mode: .release, at: now))
    let diagnostics = build.diagnostics.sortedForDisplay()
    // External links are listed, never fetched.
    var external: [String: Set<String>] = [:]
    for rendered in build.rendered {
      for url in rendered.externalLinks { external[url, default: []].insert(rendered.document.path) }
    }
    if json {
      struct Finding: Encodable {
        var severity: String
        var path: String?
        var line: Int?
        var column: Int?
        var message: String
        var notes: [String]
      }
      struct ExternalLink: Encodable {
        var url: String
        var usedIn: [String]
      }
      struct Output: Encodable {
        var at: String
        var passed: Bool
        var findings: [Finding]
        var externalLinks: [ExternalLink]
      }
      let output = Output(
        at: now.rfc3339, passed: build.succeeded,
        findings: diagnostics.map {
          Finding(
            severity: $0.severity.rawValue, path: $0.location.map { Console.shown($0.path) }, line: $0.location?.line,
            column: $0.location?.column, message: $0.message, notes: $0.notes)
        },
        externalLinks: external.keys.sorted().map { ExternalLink(url: $0, usedIn: external[$0]!.sorted()) })
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      Console.out(String(decoding: try encoder.encode(output), as: UTF8.self))
      if !build.succeeded { throw ExitCode(1) }
      return
    }
    guard build.succeeded else { throw Console.fail(diagnostics, what: "check") }
    Console.report(diagnostics)
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    Console.error(
      "check passed: \(build.documents.count) documents, \(build.released.count) released as at \(LondonTime.longWithUTC(now)); \(warnings) warning\(warnings == 1 ? "" : "s"); \(external.count) external link\(external.count == 1 ? "" : "s") (not fetched)"
    )
  }
}
