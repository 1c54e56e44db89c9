import ArgumentParser
import Testing

@testable import PackCommands

/// The command line of publish and rollback: what is a usage error (exit 64).
@Suite struct PublishCommandTests {
  func exitCode(_ arguments: [String]) -> Int32? {
    do {
      _ = try PubpackCommand.parseAsRoot(arguments)
      return nil
    } catch {
      return PubpackCommand.exitCode(for: error).rawValue
    }
  }

  @Test func publishRefusesAnInstantBecauseItAlwaysUsesTheRealClock() {
    #expect(exitCode(["publish", "--to", "live", "--at", "2026-08-04T00:01"]) == 64)
    let message = PubpackCommand.message(
      for: { () -> Error in
        do { _ = try PubpackCommand.parseAsRoot(["publish", "--to", "live", "--at", "2026-08-04T00:01"]) } catch {
          return error
        }
        return CleanExit.message("parsed")
      }())
    #expect(message.contains("publish always uses the real clock"))
  }

  @Test func publishNeedsATargetAndDryRunCannotWait() {
    #expect(exitCode(["publish"]) == 64)
    #expect(exitCode(["publish", "--to", "live", "--dry-run", "--wait"]) == 64)
    #expect(exitCode(["rollback"]) == 64)
    #expect(exitCode(["publish", "--to", "live", "--dry-run", "--site", "out"]) == nil)
    #expect(exitCode(["rollback", "--to", "live"]) == nil)
  }
}
