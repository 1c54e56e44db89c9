import Foundation
import PubPack
import Testing

@testable import PackPreview

#if canImport(Glibc)
  import Glibc
#endif

extension ServerTests {
  /// Request heads too long, too many, too slow, or malformed, sent over a real socket to the
  /// real server: each is answered at once with its status and the connection closed, and the
  /// server keeps serving pages and the live-reload stream while such connections are open.
  ///
  /// The answers are asserted, not their timing; the clients' 60-second socket timeouts only
  /// keep a hung server from hanging the suite. Before the server read heads itself, a 32 KB
  /// request line took FlyingFox about 18 s, and two 100 KB ones stalled it for minutes.
  @Suite(.serialized)
  struct AbusiveRequestTests {
    static let host = "Host: 127.0.0.1\r\n"

    @Test(arguments: [
      Abuse("long path, 100 KB", "GET /" + String(repeating: "a", count: 100 * 1024) + " HTTP/1.1\r\n" + host + "\r\n"),
      Abuse(
        "long query, 32 KB", "GET /?at=" + String(repeating: "9", count: 32 * 1024) + " HTTP/1.1\r\n" + host + "\r\n"),
      Abuse(
        "one byte over the limit", "GET /" + String(repeating: "b", count: 8 * 1024) + " HTTP/1.1\r\n" + host + "\r\n"),
      Abuse("a request line with no end", "GET /" + String(repeating: "c", count: 16 * 1024)),
      Abuse("spaces, not a path", "GET " + String(repeating: " ", count: 9 * 1024) + "/ HTTP/1.1\r\n" + host + "\r\n"),
    ])
    func overLongRequestLinesAre414(abuse: Abuse) async throws {
      let preview = try await Self.start()
      defer { Task { await preview.stop() } }
      let answer = try await AbusiveClient.exchange(port: preview.port, abuse.bytes)
      #expect(answer.status == 414)
      #expect(answer.text.contains("the request line is longer than 8192 bytes"))
      #expect(answer.closed, "the connection is closed after the answer")
      // A long line within the limit is read and answered as usual (a 404 for no such page).
      let near = try await AbusiveClient.exchange(
        port: preview.port,
        Array(
          ("GET /" + String(repeating: "d", count: 8000) + " HTTP/1.1\r\n" + Self.host
            + "Connection: close\r\n\r\n").utf8))
      #expect(near.status == 404)
    }

    @Test(arguments: [
      Abuse(
        "one huge header", "X-Big: " + String(repeating: "h", count: 100 * 1024) + "\r\n\r\n",
        reason: "a header line is longer than 8192 bytes"),
      Abuse(
        "a header line with no end", "X-Open: " + String(repeating: "o", count: 12 * 1024),
        reason: "a header line is longer than 8192 bytes"),
      Abuse(
        "1,000 small headers", (0..<1000).map { "X-\($0): a\r\n" }.joined() + "\r\n",
        reason: "more than 100 header lines"),
      Abuse(
        "40 headers of 1 KB",
        (0..<40).map { "X-\($0): " + String(repeating: "k", count: 1024) + "\r\n" }.joined() + "\r\n",
        reason: "the headers are longer than 32768 bytes"),
      Abuse(
        "a huge cookie", "Cookie: pubpack-at=" + String(repeating: "1", count: 64 * 1024) + "\r\n\r\n",
        reason: "a header line is longer than 8192 bytes"),
    ])
    func overLongOrTooManyHeadersAre431(abuse: Abuse) async throws {
      let preview = try await Self.start()
      defer { Task { await preview.stop() } }
      let answer = try await AbusiveClient.exchange(
        port: preview.port, Array("GET / HTTP/1.1\r\n\(Self.host)".utf8) + abuse.bytes)
      #expect(answer.status == 431)
      #expect(answer.text.contains(abuse.reason), "\(answer.text)")
      #expect(answer.closed)
      #expect(answer.headers.contains("x-robots-tag: noindex"))
      // 100 headers, each within the limits, are still served.
      let many = try await AbusiveClient.exchange(
        port: preview.port,
        Array(
          ("GET / HTTP/1.1\r\n" + Self.host + "Connection: close\r\n" + (0..<98).map { "X-\($0): a\r\n" }.joined()
            + "\r\n").utf8))
      #expect(many.status == 200)
    }

    @Test(arguments: [
      Abuse("a body", "GET / HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello", status: 413),
      Abuse(
        "a chunked body", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        status: 413),
      Abuse("two Host headers", "GET / HTTP/1.1\r\n" + host + "Host: evil.example\r\n\r\n", status: 400),
      Abuse("a space before the colon", "GET / HTTP/1.1\r\n" + host + "X-Bad : a\r\n\r\n", status: 400),
      Abuse("a folded header", "GET / HTTP/1.1\r\n" + host + "X-Folded: a\r\n  b\r\n\r\n", status: 400),
      Abuse("a control byte in a value", "GET / HTTP/1.1\r\n" + host + "X-Bad: a\u{1}b\r\n\r\n", status: 400),
      Abuse("raw UTF-8 in the target", "GET /caf\u{e9}/ HTTP/1.1\r\n" + host + "\r\n", status: 400),
      Abuse("no version", "GET /\r\n" + host + "\r\n", status: 400),
      Abuse("HTTP/2 in plain text", "GET / HTTP/2.0\r\n" + host + "\r\n", status: 505),
      Abuse("empty lines instead of a request", String(repeating: "\r\n", count: 100), status: 400),
    ])
    func malformedHeadsAndBodiesAreRefused(abuse: Abuse) async throws {
      let preview = try await Self.start()
      defer { Task { await preview.stop() } }
      let answer = try await AbusiveClient.exchange(port: preview.port, abuse.bytes)
      #expect(answer.status == abuse.status)
      #expect(answer.closed)
    }

    @Test func keptAliveAndPipelinedRequestsAreAnsweredInOrder() async throws {
      let preview = try await Self.start()
      defer { Task { await preview.stop() } }
      // Three requests in one write: a HEAD (headers, no body), a GET, and a GET that closes.
      let requests =
        "HEAD /press-release/ HTTP/1.1\r\n\(Self.host)\r\nGET /assets/pubpack.css HTTP/1.1\r\n\(Self.host)\r\n"
        + "GET /no-such-page/ HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n"
      let answer = try await AbusiveClient.exchange(port: preview.port, Array(requests.utf8))
      // A body need not end with a line break, so the next status line may follow on its line.
      let statuses = answer.text.components(separatedBy: "HTTP/1.1 ").dropFirst().map {
        $0.components(separatedBy: "\r\n")[0]
      }
      #expect(statuses == ["200 OK", "200 OK", "404 Not Found"])
      #expect(!answer.text.contains("EMBARGOED"), "a HEAD answer has no body")
      #expect(answer.closed)
      // Byte by byte is the same request.
      let slow = try await AbusiveClient.exchange(
        port: preview.port, Array("GET / HTTP/1.1\r\n\(Self.host)Connection: close\r\n\r\n".utf8),
        trickle: .milliseconds(1))
      #expect(slow.status == 200)
    }

    @Test func aTrickledHeadIsAnswered408AndIdleConnectionsAreClosed() async throws {
      let preview = try await Self.start(limits: PreviewLimits(headTimeout: .seconds(1)))
      defer { Task { await preview.stop() } }
      // Slowloris: a byte every 50 ms, for longer than the head may take.
      let trickle = Array(("GET / HTTP/1.1\r\n" + Self.host + "X-Slow: " + String(repeating: "s", count: 200)).utf8)
      let answer = try await AbusiveClient.exchange(port: preview.port, trickle, trickle: .milliseconds(50))
      #expect(answer.status == 408)
      #expect(answer.closed)
      // A connection that sends nothing is closed without an answer.
      let silent = try await AbusiveClient.exchange(port: preview.port, [])
      #expect(silent.status == nil)
      #expect(silent.closed)
    }

    @Test func abusiveConnectionsDoNotStarveNormalPagesOrTheReloadChannel() async throws {
      // A small connection limit, so that the slow connections below fill it.
      let preview = try await Self.start(limits: PreviewLimits(connections: 24))
      defer { Task { await preview.stop() } }
      let events = try EventStreamClient(port: preview.port)
      defer { events.close() }
      #expect(await events.next() == "1")

      // 40 connections holding a header open (more than the limit), and 8 sending 100 KB
      // request lines at the same time.
      var held: [Int32] = []
      defer { for fd in held { close(fd) } }
      for i in 0..<40 {
        let fd = try RawHTTP.connect(port: preview.port)
        held.append(fd)
        try? RawHTTP.send(fd, "GET /\(i) HTTP/1.1\r\n" + Self.host + "X-Held: ")
      }
      let longLine = Array(("GET /" + String(repeating: "x", count: 100 * 1024) + " HTTP/1.1\r\n" + Self.host).utf8)
      async let floods = withThrowingTaskGroup(of: Int?.self) { group in
        for _ in 0..<8 { group.addTask { try await AbusiveClient.exchange(port: preview.port, longLine).status } }
        return try await group.reduce(into: [Int?]()) { $0.append($1) }
      }

      // Pages are served meanwhile, and the live-reload stream stays open and is told of edits.
      for target in ["/", "/press-release/", "/assets/pubpack.css"] {
        #expect(try await preview.get(target).status == 200, "\(target)")
      }
      let original = try preview.fixture.read("content/press-release.md")
      try preview.fixture.write("content/press-release.md", original + "\nEdited under load.\n")
      #expect(await events.nextGeneration(after: "1", timeout: .seconds(20)) == "2")
      #expect(try await preview.get("/press-release/").text.contains("Edited under load."))
      #expect(try await floods == Array(repeating: 414, count: 8))
      #expect(!events.isEnded)
    }

    @Test func eventStreamsAreCappedAndTheOldestGiveWay() async throws {
      let preview = try await Self.start(limits: PreviewLimits(connections: 8, eventStreams: 4))
      defer { Task { await preview.stop() } }
      // Ten streams opened one after another (more than the connection limit too): the newest
      // four stay open, the older ones are ended, and pages are still served.
      var streams: [EventStreamClient] = []
      defer { for stream in streams { stream.close() } }
      for _ in 0..<10 {
        let stream = try EventStreamClient(port: preview.port)
        #expect(await stream.next() == "1")
        streams.append(stream)
      }
      #expect(await eventually { streams[0..<6].allSatisfy(\.isEnded) })
      #expect(try await preview.get("/").status == 200)
      preview.server.rebuild()
      for stream in streams[6...] { #expect(await stream.next() == "2") }
      #expect(preview.server.broadcaster.count == 4)
    }

    static func start(limits: PreviewLimits = PreviewLimits()) async throws -> RunningPreview {
      let fixture = try PackFixture()
      let server = PreviewServer(
        PreviewConfiguration(
          content: fixture.content, templates: fixture.templates, at: beforeRelease, host: "127.0.0.1", port: 0,
          limits: limits))
      let port = try await server.start()
      return RunningPreview(fixture: fixture, server: server, port: port)
    }
  }
}

/// One abusive request (or the part of one that the test adds to), named for the test report.
struct Abuse: Sendable, CustomTestStringConvertible {
  var name: String
  var bytes: [UInt8]
  /// What the answer's body says, for refusals with more than one reason.
  var reason: String
  /// The expected status, for tests with more than one.
  var status: Int

  init(_ name: String, _ text: String, reason: String = "", status: Int = 0) {
    self.name = name
    self.bytes = Array(text.utf8)
    self.reason = reason
    self.status = status
  }

  var testDescription: String { name }
}

/// A client that sends whatever bytes it is given (all at once, or one at a time) and reads
/// whatever comes back until the server closes; blocking I/O on a thread of its own.
enum AbusiveClient {
  struct Answer: Sendable {
    /// The status code, or nil if the server closed without answering.
    var status: Int?
    /// The header block, lowercased.
    var headers: String
    var text: String
    /// Whether the server closed the connection (rather than the client giving up).
    var closed: Bool
  }

  static func exchange(port: UInt16, _ bytes: [UInt8], trickle: Duration? = nil) async throws -> Answer {
    try await withCheckedThrowingContinuation { continuation in
      Thread {
        continuation.resume(with: Result { try blockingExchange(port: port, bytes, trickle: trickle) })
      }.start()
    }
  }

  static func blockingExchange(port: UInt16, _ bytes: [UInt8], trickle: Duration?) throws -> Answer {
    let fd = try RawHTTP.connect(port: port, timeoutSeconds: 60)
    defer { close(fd) }
    if let trickle {
      for byte in bytes {
        // Stop once the server has answered (it may answer and close before all is sent).
        var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        if poll(&ready, 1, 0) > 0 { break }
        guard [byte].withUnsafeBytes({ send(fd, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }) == 1 else { break }
        Thread.sleep(forTimeInterval: Double(trickle.components.attoseconds) / 1e18)
      }
    } else {
      var sent = 0
      while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { break }
        sent += n
      }
    }
    var received = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    var closed = false
    while true {
      let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n == 0 || (n < 0 && errno == ECONNRESET) {
        closed = true
        break
      }
      if n < 0 { break }  // the hang guard: the socket timeout passed
      received += chunk[0..<n]
    }
    let text = String(decoding: received, as: UTF8.self)
    let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
    let statusLine = head.split(separator: "\r\n").first?.split(separator: " ") ?? []
    let status = statusLine.count >= 2 ? Int(statusLine[1]) : nil
    return Answer(status: status, headers: head.lowercased(), text: text, closed: closed)
  }
}
