import Foundation
import PubPack

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a command that writes a site does when it is stopped by Ctrl-C (SIGINT), a closed
/// terminal (SIGHUP) or systemd (SIGTERM): it removes the staging folder it was streaming pages
/// into (after any swap in progress has finished), then ends as the signal would have ended it.
/// Without this, a stopped build would leave thousands of pages in a hidden folder beside
/// `site/` until the next build into it removed them.
///
/// As the preview's stop signals: the handler only writes the signal's number to a pipe (all
/// that is safe in a signal handler); a thread of its own, which a busy build cannot hold up,
/// does the rest.
enum StagingSignals {
  nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1

  static func install() {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return }
    pipeWriteEnd = ends[1]
    for number in [SIGINT, SIGTERM, SIGHUP] as [Int32] {
      signal(number) { number in
        var byte = UInt8(truncatingIfNeeded: number)
        _ = write(StagingSignals.pipeWriteEnd, &byte, 1)
      }
    }
    let readEnd = ends[0]
    let thread = Thread {
      var byte: UInt8 = 0
      guard read(readEnd, &byte, 1) == 1 else { return }
      SiteStaging.abandonAll()
      let number = Int32(byte)
      signal(number, SIG_DFL)
      // To the process, not this thread (`raise`): a thread started from Dispatch's has the
      // signals blocked, and one sent to it alone would be lost with it.
      kill(getpid(), number)
    }
    thread.start()
  }
}
