import ArgumentParser
import PubPack

/// `pubpack check`: every validation `build` does, writing nothing.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check the pack as build would, and more, without writing anything.")

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  func run() throws {
    let now = try clock.instant()
    let build = Pipeline.build(BuildRequest(content: pack.content, templates: pack.templates, mode: .release, at: now))
    guard build.succeeded else { throw Console.fail(build.diagnostics, what: "check") }
    Console.report(build.diagnostics)
    Console.error("check passed: \(build.documents.count) documents, \(build.released.count) released as at \(LondonTime.longWithUTC(now))")
  }
}
