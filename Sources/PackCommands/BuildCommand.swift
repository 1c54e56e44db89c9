import ArgumentParser
import PubPack

/// `pubpack build`: the release build into `site/`.
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build the public site: only what is released at the build's instant.")

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  @Option(help: "The output folder; replaced as a whole when the build succeeds.")
  var output = "site"

  func run() throws {
    StagingSignals.install()
    let now = try clock.instant()
    let (build, written) = SiteWriter.build(
      BuildRequest(
        content: pack.content, templates: pack.templates, mode: .release, at: now, printers: .fromEnvironment()),
      to: output)
    Console.error("pubpack: building \(pack.content)/ as at \(LondonTime.longWithUTC(now))")
    // Errors only: warnings are `check`'s (docs/check.md), and a build's log may be read by anyone.
    guard build.succeeded else { throw Console.fail(build.diagnostics.filter { $0.severity == .error }, what: "build") }
    let warnings = build.diagnostics.filter { $0.severity == .warning }.count
    if warnings > 0 {
      Console.error("pubpack: \(warnings) warning\(warnings == 1 ? "" : "s"); 'pubpack check' lists them")
    }
    guard written.isEmpty else { throw Console.fail(written, what: "build") }
    for decided in build.withheld {
      Console.error(StatusReport.withheldLine(decided, at: now))
    }
    let released = build.released.count
    Console.error(
      "built \(output)/: \(released) document\(released == 1 ? "" : "s") released, \(build.withheld.count) withheld, \(build.files.count) files"
    )
  }
}
