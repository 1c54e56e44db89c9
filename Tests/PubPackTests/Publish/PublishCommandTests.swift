import ArgumentParser
import Foundation
import Testing

@testable import PackCommands
@testable import PubPack

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

/// The commands wired to the real clock: a pack whose embargo lifted in June 2026.
@Suite struct PublishCommandRunTests {
  @Test func publishThenRollbackFromTheCommandLine() throws {
    let f = try PublishFixture(targets: { "    staging: { directory: \"\($0)\" }" }, liftsAt: "2026-06-20T00:01")
    defer { f.cleanUp() }
    f.buildSite(at: "2026-06-20T00:01")
    let folders = ["--content", f.content, "--templates", f.templates]
    var publish = try PubpackCommand.parseAsRoot(["publish", "--to", "staging", "--site", f.site] + folders)
    try publish.run()
    let current = try FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current")
    #expect(current.hasPrefix("releases/"))
    #expect(try String(contentsOfFile: f.localLog, encoding: .utf8).contains("\tpublish\tstaging\t"))

    // There is no earlier release to roll back to: exit 1, current unchanged.
    var rollback = try PubpackCommand.parseAsRoot(["rollback", "--to", "staging"] + folders)
    #expect(throws: ExitCode(1)) { try rollback.run() }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: f.remote + "/current") == current)
  }
}
