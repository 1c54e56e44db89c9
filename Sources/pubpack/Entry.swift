import PackCommands

/// The executable: everything happens in `PackCommands`.
@main
struct Entry {
  static func main() async {
    await PubpackCommand.main()
  }
}
