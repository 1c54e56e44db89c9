import ArgumentParser
import Dispatch
import Foundation
import PackPreview
import PubPack
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `pubpack preview`: the author's private view of the pack, served from memory with live
/// reload. Never writes `site/`.
struct PreviewCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preview",
    abstract: "Serve the pack to the author with live reload: every document, the withheld ones marked.",
    discussion: """
      Open the printed address in a browser. Every page shows a bar to see the site as the public \
      will see it at a chosen instant (or add ?at=INSTANT to any address); that choice is kept in a \
      cookie, so links stay in that view until you go back to the author view. Pages reload by \
      themselves when a file in the content or templates folder changes. Nothing is written to site/.
      """)

  @OptionGroup var pack: PackOptions
  @OptionGroup var clock: ClockOptions

  @Option(help: "The address to listen on. Anything but loopback shows embargoed documents to that network.")
  var host = "127.0.0.1"

  @Option(help: "The port to listen on (0 picks a free one).")
  var port: UInt16 = 8000

  @Flag(help: "Watch for changes by polling instead of inotify.")
  var poll = false

  func validate() throws {
    guard PreviewServer.isValidHost(host) else {
      throw ValidationError(
        "--host '\(host)' is not an IP address\n  note: give an address such as 127.0.0.1 (the default) or ::1")
    }
  }

  func run() async throws {
    let now = try clock.instant()
    if !PreviewServer.isLoopback(host) {
      Console.error(
        "warning: listening on \(host): embargoed documents become visible to anyone on that network who can reach this machine"
      )
      Console.error("  note: the default, 127.0.0.1, keeps the preview on this machine")
    }
    Console.error("pubpack: previewing \(pack.content)/ as at \(LondonTime.longWithUTC(now))")
    let server = PreviewServer(
      PreviewConfiguration(
        content: pack.content, templates: pack.templates, at: now, host: host, port: port,
        watch: poll ? .polling : .automatic,
        onBuild: { report in
          if report.succeeded {
            Console.report(report.diagnostics)
            if report.generation > 1 {
              Console.error(
                "rebuilt in \(Self.milliseconds(report.duration)) ms: \(report.fileCount) files; pages reload")
            }
          } else {
            Console.report(report.diagnostics)
            let errors = report.diagnostics.filter { $0.severity == .error }.count
            Console.error(
              "error: build failed: \(errors) error\(errors == 1 ? "" : "s"); pages show the errors until the next good build"
            )
          }
        }))

    let listening: UInt16
    do {
      listening = try await server.start()
    } catch let error as PreviewError {
      Console.report([error.diagnostic])
      throw ExitCode(1)
    }

    // Ctrl-C (and a polite kill) stop the server cleanly: open pages' event streams end,
    // connections close, and the process exits 0.
    let stopRequests = Counter()
    let signals = ([SIGINT, SIGTERM] as [Int32]).map { number -> any DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(
        signal: number, queue: DispatchQueue(label: "pubpack.preview.signal"))
      source.setEventHandler {
        // A second Ctrl-C while stopping does not wait any longer.
        if stopRequests.add() > 1 { Foundation.exit(130) }
        Console.error("\npubpack: stopping the preview")
        Task { await server.stop() }
      }
      source.resume()
      return source
    }
    Console.error("serving \(PreviewServer.url(host: host, port: listening)) (press Ctrl-C to stop)")
    await server.waitUntilStopped()
    for source in signals { source.cancel() }
    Console.error("pubpack: preview stopped; nothing was written")
  }

  static func milliseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
  }
}

/// Counts, across threads.
private final class Counter: Sendable {
  private let value = Mutex(0)
  /// Adds one and returns the new count.
  func add() -> Int {
    value.withLock {
      $0 += 1
      return $0
    }
  }
}
