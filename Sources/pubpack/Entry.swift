import PackCommands

/// The executable: everything happens in `PackCommands`, given the command line here.
@main
struct Entry {
  static func main() async {
    await PubpackCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
  }
}
