import ArgumentParser
import Foundation
import PubPack

/// The folders every command reads.
struct PackOptions: ParsableArguments {
  @Option(help: "The folder holding pack.yaml, inspection.yaml and the documents.")
  var content = "content"

  @Option(help: "The folder holding the Mustache templates.")
  var templates = "templates"
}

/// `--at INSTANT`: behave as if it were then.
struct ClockOptions: ParsableArguments {
  @Option(
    name: .customLong("at"),
    help: ArgumentHelp(
      "Behave as if it were this instant: RFC 3339 with an offset, or London time (2026-08-04T00:01).",
      valueName: "instant"))
  var at: String?

  /// A malformed `--at` is a usage error of the command that was run, reported with that
  /// command's usage line (an error thrown later, from `run()`, shows only `pubpack`'s).
  func validate() throws {
    if let at, case .failure(let failure) = InstantParser.parse(at, fractions: .roundDown) {
      throw ValidationError("--at: \(failure.message)\n  note: " + failure.notes.joined(separator: "\n  note: "))
    }
  }

  /// The command's one reading of the clock: `--at`, or the system clock.
  func instant() throws -> Instant {
    guard let at else { return Instant(Date()) }
    switch InstantParser.parse(at, fractions: .roundDown) {
    case .success(let instant): return instant
    case .failure(let failure):
      throw ValidationError("--at: \(failure.message)\n  note: " + failure.notes.joined(separator: "\n  note: "))
    }
  }
}

extension Printers {
  /// WeasyPrint's Python and `rsvg-convert` found on `PATH`: the command layer reads the
  /// environment, the library is given the search path.
  static func fromEnvironment() -> Printers {
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    return .found(on: searchPath.split(separator: ":").map(String.init))
  }
}

/// Where commands print: diagnostics and progress to standard error, results to standard out.
enum Console {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  /// Prints every diagnostic, sorted by place, errors and warnings alike.
  static func report(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics.sortedForDisplay() { error(diagnostic.shownFromCurrentFolder.rendered) }
  }

  /// A path as diagnostics show it: relative to the current folder when it is inside it (a
  /// pack named by an absolute `--content`), as it was given otherwise.
  static func shown(_ path: String) -> String {
    guard path.hasPrefix("/") else { return path }
    let folder = FileManager.default.currentDirectoryPath
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// Prints the failure summary and returns the exit code for it.
  static func fail(_ diagnostics: [Diagnostic], what: String) -> ExitCode {
    report(diagnostics)
    let errors = diagnostics.filter { $0.severity == .error }.count
    let files = Set(diagnostics.filter { $0.severity == .error }.compactMap { $0.location?.path }).count
    let inFiles = files > 0 ? " in \(files) file\(files == 1 ? "" : "s")" : ""
    error("error: \(what) failed: \(errors) error\(errors == 1 ? "" : "s")\(inFiles); nothing was written")
    return ExitCode(1)
  }
}

extension Diagnostic {
  /// The diagnostic with its path as `Console.shown` gives it.
  var shownFromCurrentFolder: Diagnostic {
    var diagnostic = self
    if let path = location?.path { diagnostic.location?.path = Console.shown(path) }
    return diagnostic
  }
}
