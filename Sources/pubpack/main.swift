import PackCommands

await PubpackCommand.main()
