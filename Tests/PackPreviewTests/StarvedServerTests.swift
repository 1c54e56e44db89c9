import Foundation
import Synchronization
import Testing

@testable import PackPreview

#if canImport(Glibc)
  import Glibc
#endif

extension ServerTests {
  /// A request that arrives in time is answered even when the server only gets to run after its
  /// head timeout has passed (a loaded machine: every thread of the process busy elsewhere).
  ///
  /// The head timer and the read then wake together; the timer used to win, and the request
  /// (read from the socket, or still in it) was dropped and the connection closed without an
  /// answer. This is how `overLongRequestLinesAre414` failed in full-suite runs.
  @Suite(.serialized)
  struct StarvedServerTests {
    @Test func aRequestSentInTimeIsAnsweredAfterTheServerWasStarved() async throws {
      let preview = try await AbusiveRequestTests.start(limits: PreviewLimits(headTimeout: .milliseconds(500)))
      defer { Task { await preview.stop() } }
      let fd = try RawHTTP.connect(port: preview.port, timeoutSeconds: 30)
      defer { close(fd) }
      // Let the server accept the connection and start waiting for its head.
      try await Task.sleep(for: .milliseconds(150))

      let width = ProcessInfo.processInfo.activeProcessorCount
      let started = DispatchSemaphore(value: 0)
      let release = DispatchSemaphore(value: 0)
      let answer = Answer()
      let client = Thread {
        // Once every thread of the cooperative pool is held, send the request (well before the
        // head timeout), then hold them past the timeout before letting the server run.
        for _ in 0..<width { _ = started.wait(timeout: .now() + 5) }
        Thread.sleep(forTimeInterval: 0.05)
        try? RawHTTP.send(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        Thread.sleep(forTimeInterval: 1.0)
        for _ in 0..<width { release.signal() }
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
          let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
          if n <= 0 { break }
          received += chunk[0..<n]
        }
        answer.bytes.withLock { $0 = received }
      }
      client.start()
      // Hold every cooperative thread (blocking on purpose), as a loaded machine would.
      await withTaskGroup(of: Void.self) { group in
        for _ in 0..<width {
          group.addTask {
            started.signal()
            _ = release.wait(timeout: .now() + 5)
          }
        }
      }
      #expect(await eventually(timeout: .seconds(30)) { answer.bytes.withLock { $0 } != nil })
      let text = String(decoding: answer.bytes.withLock { $0 } ?? [], as: UTF8.self)
      #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"), "answer: \(text.prefix(200))")
    }

    /// What the client thread received, once the server closed.
    final class Answer: Sendable {
      let bytes = Mutex<[UInt8]?>(nil)
    }
  }
}
