import ArgumentParser
import Foundation
import PubPack

/// `pubpack`: builds a council's publication pack for an Ofsted inspection day.
@available(macOS 10.15, *)
public struct PubpackCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "pubpack",
    abstract: "Build, check, preview and publish a council's Ofsted publication pack.",
    subcommands: [
      BuildCommand.self, StatusCommand.self, CheckCommand.self, PreviewCommand.self, PublishCommand.self,
      RollbackCommand.self, ApproveCommand.self, PressCommand.self, ImportReportCommand.self, ImportOutcomesCommand.self,
      InitCommand.self, SendCommand.self,
    ]
  )

  public init() {}

  /// `pubpack` with no command is a usage error (exit 64, as the SPEC has it), with the list
  /// of commands.
  public func run() async throws {
    throw ValidationError("name a command, e.g. 'pubpack build' or 'pubpack status'")
  }

  /// Runs the command line `arguments` (without the program's name).
  ///
  /// A command name that is not one of pubpack's is answered with the closest that is ("did
  /// you mean 'build'?"), where the argument parser would only say "Unexpected argument".
  public static func main(arguments: [String]) async {
    if let first = arguments.first, !first.hasPrefix("-"), first != "help",
      !commandNames.contains(first)
    {
      var message = "error: '\(first)' is not a pubpack command"
      if let closest = closestCommand(to: first) {
        message += "\n  note: did you mean '\(closest)'? (pubpack \(([closest] + arguments.dropFirst()).joined(separator: " ")))"
      }
      message += "\n  note: the commands are: \(commandNames.joined(separator: ", ")); 'pubpack --help' says what each does"
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    await main(arguments)
  }

  static var commandNames: [String] {
    configuration.subcommands.compactMap { $0.configuration.commandName }
  }

  /// The command within two edits of `word` (a typo, two letters swapped), or the only one it
  /// begins; nil when nothing is that close.
  static func closestCommand(to word: String) -> String? {
    let typed = word.lowercased()
    let scored = commandNames.map { ($0, editDistance(typed, $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    if let best = scored.first, best.1 <= min(2, max(1, best.0.count / 3)) { return best.0 }
    let prefixed = commandNames.filter { $0.hasPrefix(typed) && typed.count >= 2 }
    return prefixed.count == 1 ? prefixed[0] : nil
  }

  /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
  /// neighbouring letters each count one.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
      }
    }
    return d[a.count][b.count]
  }
}
