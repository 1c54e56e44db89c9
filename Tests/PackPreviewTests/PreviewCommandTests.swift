import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension ServerTests {
  /// The `pubpack preview` executable itself: it starts, serves, and stops cleanly on Ctrl-C;
  /// it says so clearly when the port is taken, and warns before listening beyond loopback.
  /// Skipped when the executable has not been built beside the tests.
  @Suite(.serialized)
  struct PreviewCommandTests {
    /// `pubpack`, built into the same folder as the test bundle.
    static let executable: String? = {
      var url = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
      url.deleteLastPathComponent()
      for _ in 0..<3 {
        let candidate = url.appendingPathComponent("pubpack").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        url.deleteLastPathComponent()
      }
      return nil
    }()

    @Test(.enabled(if: executable != nil, "needs the pubpack executable"), .timeLimit(.minutes(1)))
    func ctrlCStopsTheServerCleanly() async throws {
      let fixture = try PackFixture()
      defer { fixture.remove() }
      let child = try ChildProcess(
        Self.executable ?? "", "preview", "--content", fixture.content, "--templates", fixture.templates, "--port", "0",
        "--at", "2026-08-01T12:00")
      let serving = await child.waitForOutput(containing: "serving http://127.0.0.1:")
      #expect(serving, "\(child.output)")
      let port = try #require(Self.port(in: child.output))
      let page = try await RawHTTP.request(port: port, target: "/press-release/")
      #expect(page.status == 200)
      #expect(page.text.contains("EMBARGOED until"))
      let events = try EventStreamClient(port: port)
      #expect(await events.next() == "1")

      kill(child.pid, SIGINT)
      let status = await child.exitStatus()
      #expect(status == 0, "\(child.output)")
      #expect(child.output.contains("preview stopped"))
      #expect(await eventually { events.isEnded }, "the event stream ends with the server")
      #expect(!FileManager.default.fileExists(atPath: fixture.root + "/site"))
    }

    @Test(.enabled(if: executable != nil, "needs the pubpack executable"), .timeLimit(.minutes(1)))
    func aTakenPortFailsWithAClearMessage() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let child = try ChildProcess(
        Self.executable ?? "", "preview", "--content", preview.fixture.content, "--templates",
        preview.fixture.templates, "--port", String(preview.port))
      let status = await child.exitStatus()
      #expect(status == 1)
      #expect(
        child.output.contains("error: cannot listen on http://127.0.0.1:\(preview.port)/: the port is already in use"))
      #expect(child.output.contains("note: stop the other server, or choose another port with --port"))
    }

    @Test(.enabled(if: executable != nil, "needs the pubpack executable"), .timeLimit(.minutes(1)))
    func aHostBeyondLoopbackIsWarnedAbout() async throws {
      let fixture = try PackFixture()
      defer { fixture.remove() }
      // An address that is not this machine's: the warning comes first, then the bind fails,
      // so nothing ever listens beyond loopback in this test.
      let child = try ChildProcess(
        Self.executable ?? "", "preview", "--content", fixture.content, "--templates", fixture.templates, "--host",
        "192.0.2.1", "--port", "0")
      let status = await child.exitStatus()
      #expect(status == 1)
      #expect(child.output.contains("warning: listening on 192.0.2.1: embargoed documents become visible"))

      let invalid = try ChildProcess(Self.executable ?? "", "preview", "--host", "not-an-address")
      #expect(await invalid.exitStatus() == 64)
      #expect(invalid.output.contains("--host 'not-an-address' is not an IP address"))
    }

    static func port(in output: String) -> UInt16? {
      guard let range = output.range(of: "serving http://127.0.0.1:") else { return nil }
      let digits = output[range.upperBound...].prefix { $0.isNumber }
      return UInt16(digits)
    }
  }
}

/// A child process whose standard error and output are collected as they arrive.
final class ChildProcess: Sendable {
  private final class Shared: Sendable {
    let output = Mutex("")
    let status = Mutex<Int32?>(nil)
  }

  private let process: Process
  private let shared = Shared()

  init(_ executable: String, _ arguments: String...) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    self.process = process
    let shared = self.shared
    pipe.fileHandleForReading.readabilityHandler = { handle in
      let data = handle.availableData
      if data.isEmpty {
        handle.readabilityHandler = nil
        return
      }
      shared.output.withLock { $0 += String(decoding: data, as: UTF8.self) }
    }
    process.terminationHandler = { process in
      shared.status.withLock { $0 = process.terminationStatus }
    }
    try process.run()
  }

  var pid: Int32 { process.processIdentifier }
  var output: String { shared.output.withLock { $0 } }

  func waitForOutput(containing text: String, timeout: Duration = .seconds(20)) async -> Bool {
    await eventually(timeout: timeout) { output.contains(text) }
  }

  /// Waits for the process to end (killing it after `timeout`) and returns its exit status.
  func exitStatus(timeout: Duration = .seconds(20)) async -> Int32? {
    if await !eventually(timeout: timeout, { shared.status.withLock { $0 } != nil }) {
      kill(pid, SIGKILL)
      return nil
    }
    // Let the last output arrive.
    try? await Task.sleep(for: .milliseconds(50))
    return shared.status.withLock { $0 }
  }
}
