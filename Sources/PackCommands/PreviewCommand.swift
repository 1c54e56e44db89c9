import ArgumentParser
import Foundation
import PackPreview
import PubPack

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
        }, printers: .fromEnvironment()))

    let listening: UInt16
    do {
      listening = try await server.start()
    } catch let error as PreviewError {
      Console.report([error.diagnostic])
      throw ExitCode(1)
    }

    // Ctrl-C (and a polite kill) stop the server cleanly: open pages' event streams end,
    // connections close, and the process exits 0. A second Ctrl-C exits at once.
    let signals = StopSignals.install()
    let stopping = Task {
      var received = 0
      for await _ in signals {
        received += 1
        if received > 1 { Foundation.exit(130) }
        Console.error("\npubpack: stopping the preview")
        Task { await server.stop() }
      }
    }
    Console.error("serving \(PreviewServer.url(host: host, port: listening)) (press Ctrl-C to stop)")
    await server.waitUntilStopped()
    stopping.cancel()
    Console.error("pubpack: preview stopped; nothing was written")
  }

  static func milliseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
  }
}

/// SIGINT and SIGTERM as an async sequence (through `SignalPipe`, so that a Ctrl-C straight
/// after the "serving" line is never lost).
private enum StopSignals {
  static func install() -> AsyncStream<Int32> {
    let (stream, continuation) = AsyncStream<Int32>.makeStream()
    let installed = SignalPipe.install(
      [SIGINT, SIGTERM], received: { continuation.yield($0) }, ended: { continuation.finish() })
    if !installed { continuation.finish() }
    return stream
  }
}
