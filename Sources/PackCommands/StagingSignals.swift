import Foundation
import PubPack

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Signals, handled outside the signal handler: the handler only writes the signal's number to
/// a pipe (all that is safe there), and a thread of its own, which a busy build cannot hold up,
/// reads it and calls `received`. The handler is installed with `signal(2)` before `install`
/// returns, so a signal that comes straight after is never lost (a Dispatch signal source
/// registers its handler later, on another thread). One set of handlers per process.
enum SignalPipe {
  nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1

  /// Installs the handlers; false (and nothing installed) if no pipe could be made.
  @discardableResult
  static func install(_ numbers: [Int32], received: @escaping @Sendable (Int32) -> Void, ended: @escaping @Sendable () -> Void = {})
    -> Bool
  {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return false }
    pipeWriteEnd = ends[1]
    for number in numbers {
      signal(number) { number in
        var byte = UInt8(truncatingIfNeeded: number)
        _ = write(SignalPipe.pipeWriteEnd, &byte, 1)
      }
    }
    let readEnd = ends[0]
    let thread = Thread {
      var byte: UInt8 = 0
      while read(readEnd, &byte, 1) == 1 { received(Int32(byte)) }
      ended()
    }
    thread.start()
    return true
  }
}

/// What a command that writes a site does when it is stopped by Ctrl-C (SIGINT), a closed
/// terminal (SIGHUP) or systemd (SIGTERM): it removes the staging folder it was streaming pages
/// into (after any write in progress has finished), then ends as the signal would have ended it.
/// Without this, a stopped build would leave thousands of pages in a hidden folder beside
/// `site/` until the next build into it removed them.
enum StagingSignals {
  static func install() {
    SignalPipe.install([SIGINT, SIGTERM, SIGHUP]) { number in
      SiteStaging.abandonAll()
      signal(number, SIG_DFL)
      // To the process, not this thread (`raise`): a thread started from Dispatch's has the
      // signals blocked, and one sent to it alone would be lost with it.
      kill(getpid(), number)
    }
  }
}
