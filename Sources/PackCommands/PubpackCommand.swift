import ArgumentParser
import PubPack

/// `pubpack`: builds a council's publication pack for an Ofsted inspection day.
@available(macOS 10.15, *)
public struct PubpackCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "pubpack",
    abstract: "Build, check, preview and publish a council's Ofsted publication pack.",
    subcommands: [
      BuildCommand.self, StatusCommand.self, CheckCommand.self, PreviewCommand.self, PublishCommand.self,
      RollbackCommand.self, PressCommand.self, ImportReportCommand.self, ImportOutcomesCommand.self,
      InitCommand.self,
    ]
  )

  public init() {}

  /// `pubpack` with no command is a usage error (exit 64, as the SPEC has it), with the list
  /// of commands.
  public func run() async throws {
    throw ValidationError("name a command, e.g. 'pubpack build' or 'pubpack status'")
  }
}
