import Foundation
import Testing

@testable import PubPack

#if canImport(Glibc)
  import Glibc
#endif

/// A build stopped by a signal (Ctrl-C, a closed terminal, systemd's stop) while it streams
/// pages into its staging folder removes that folder and ends as the signal ends a program: the
/// previous site is as it was and nothing is left beside it.
///
/// The watching and the signal are done on a thread of the test's own: in a full run the test
/// pool's threads can all be busy for seconds, long enough for the build to finish unseen.
@Suite(.serialized) struct StoppedBuildTests {
  /// What became of a build the watcher stopped.
  struct Stopped: Sendable {
    /// How many pages the staging folder held when the signal was sent (0: never sent).
    var pagesStaged: Int
    /// The child's status from `waitpid`.
    var status: Int32
  }

  @Test(arguments: [(SIGINT, false), (SIGTERM, false), (SIGHUP, false), (SIGINT, true)])
  func aBuildStoppedWhileItStreamsLeavesThePreviousSiteAndNothingElse(signal: Int32, startsBlocked: Bool) async throws {
    // A small site first (the one that must survive), then enough pages that the build is
    // still streaming them when the signal comes.
    let pack = try StreamedBuildTests.pack(pages: 3)
    #expect(pack.buildSite(at: "2026-08-04T09:00").1.map(\.rendered) == [])
    let before = StreamedBuildTests.tree(pack.site)
    for number in 4...700 {
      try pack.write(
        "content/page-\(number).md",
        "---\ntitle: Update \(number)\nkind: page\n---\n## Part \(number)\n\nFamilies can ask for help, part \(number).\n")
    }
    let arguments = [
      "build", "--content", pack.content, "--templates", pack.templates, "--output", pack.site, "--at", "2026-08-04T10:00",
    ]
    let stopped = try await Self.runAndStop(arguments, signal: signal, startsBlocked: startsBlocked, site: pack.site)

    #expect(stopped.pagesStaged >= 20, "the build ended before it was stopped: use more pages")
    // Ended by the signal itself (as a shell sees a program stopped by it), not by exit().
    #expect((stopped.status & 0x7f) == signal, "status \(stopped.status)")
    #expect(StreamedBuildTests.leftovers(beside: pack.site) == [])
    #expect(StreamedBuildTests.tree(pack.site) == before)
  }

  /// Starts `pubpack` (with the three signals blocked from the start when `startsBlocked`, as
  /// a program started from a thread that blocks them is: it must still stop), waits on a
  /// thread of its own until 20 pages are staged beside `site`, sends `signal`, and waits for
  /// the end.
  static func runAndStop(_ arguments: [String], signal: Int32, startsBlocked: Bool, site: String) async throws -> Stopped {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var mask = sigset_t()
    sigemptyset(&mask)
    if startsBlocked {
      for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&mask, number) }
    }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, number) }
    posix_spawnattr_setsigmask(&attributes, &mask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

    let argv = ([pubpackBinary.path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, pubpackBinary.path, &actions, &attributes, argv, environ)
    try #require(spawned == 0, "posix_spawn: \(spawned)")
    let child = pid

    return await withCheckedContinuation { continuation in
      let watcher = Thread {
        var status: Int32 = 0
        var staged = 0
        var ended = false
        // At most a minute; the build is stopped once it has staged 20 pages.
        for _ in 0..<30_000 {
          if waitpid(child, &status, WNOHANG) == child {
            ended = true
            break
          }
          staged = stagedPages(beside: site)
          if staged >= 20 {
            kill(child, signal)
            break
          }
          usleep(2_000)
        }
        if !ended { waitpid(child, &status, 0) }
        continuation.resume(returning: Stopped(pagesStaged: staged >= 20 ? staged : 0, status: status))
      }
      watcher.start()
    }
  }

  /// How many pages (folders and files at its top) the staging folders beside `site` hold now.
  static func stagedPages(beside site: String) -> Int {
    let parent = URL(fileURLWithPath: site).deletingLastPathComponent().path
    let fm = FileManager.default
    let folders = ((try? fm.contentsOfDirectory(atPath: parent)) ?? []).filter {
      $0.contains(".pubpack-new-") && !$0.hasSuffix(".lock")
    }
    return folders.reduce(0) { $0 + ((try? fm.contentsOfDirectory(atPath: parent + "/" + $1).count) ?? 0) }
  }
}
