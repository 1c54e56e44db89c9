import Dispatch
import Foundation
import PackPreview
import PubPack
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A copy of the repository's sample pack (`content/` and `templates/`) in a fresh temporary
/// folder, to edit freely.
struct PackFixture {
  let root: String
  var content: String { root + "/content" }
  var templates: String { root + "/templates" }

  /// The package root, found from this file's path (Tests/PackPreviewTests/Support.swift).
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  init() throws {
    root = Scratch.root.path + "/pubpack-preview-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Self.packageRoot + "/content", toPath: content)
    try FileManager.default.copyItem(atPath: Self.packageRoot + "/templates", toPath: templates)
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: root)
  }

  func read(_ relative: String) throws -> String {
    try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
  }

  /// Writes as an editor does: a plain write, replacing the contents.
  func write(_ relative: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + relative))
  }
}

/// Before the sample pack's release instant (12:01am on Tuesday 4 August 2026).
let beforeRelease: Instant = {
  guard case .success(let instant) = InstantParser.parse("2026-08-01T12:00") else {
    preconditionFailure("the test instant does not parse")
  }
  return instant
}()

/// A preview server on 127.0.0.1 with an ephemeral port, over a fixture pack.
struct RunningPreview {
  let fixture: PackFixture
  let server: PreviewServer
  let port: UInt16

  static func start(
    at instant: Instant = beforeRelease, watch: WatchMethod = .automatic, fixture: PackFixture? = nil
  ) async throws -> RunningPreview {
    let fixture = try fixture ?? PackFixture()
    let server = PreviewServer(
      PreviewConfiguration(
        content: fixture.content, templates: fixture.templates, at: instant, host: "127.0.0.1", port: 0, watch: watch))
    let port = try await server.start()
    return RunningPreview(fixture: fixture, server: server, port: port)
  }

  func get(_ target: String, method: String = "GET", headers: [String: String] = [:]) async throws -> RawResponse {
    try await RawHTTP.request(port: port, target: target, method: method, headers: headers)
  }

  func stop() async {
    await server.stop()
    fixture.remove()
  }
}

struct RawResponse: Sendable {
  var status: Int
  /// Header names lowercased.
  var headers: [String: String]
  var body: Data
  var text: String { String(decoding: body, as: UTF8.self) }
}

struct TestFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A deliberately dumb HTTP/1.1 client over a raw socket: it sends the request target byte
/// for byte (no normalising of `..` or percent-encoding, unlike URLSession and curl), and
/// does its blocking I/O on a thread of its own: on Linux the Swift concurrency pool that the
/// server in the same process runs on is made of Dispatch's global queue threads, so blocking
/// those would starve the server.
enum RawHTTP {
  static func request(port: UInt16, target: String, method: String = "GET", headers: [String: String] = [:])
    async throws -> RawResponse
  {
    try await withCheckedThrowingContinuation { continuation in
      let thread = Thread {
        continuation.resume(
          with: Result { try blockingRequest(port: port, target: target, method: method, headers: headers) })
      }
      thread.start()
    }
  }

  static func connect(port: UInt16, timeoutSeconds: Int = 10) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket() failed") }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(fd)
      throw TestFailure("connect() to 127.0.0.1:\(port) failed: errno \(errno)")
    }
    return fd
  }

  static func send(_ fd: Int32, _ text: String) throws {
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
      let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard n > 0 else { throw TestFailure("send() failed: errno \(errno)") }
      sent += n
    }
  }

  static func blockingRequest(port: UInt16, target: String, method: String, headers: [String: String]) throws
    -> RawResponse
  {
    let fd = try connect(port: port)
    defer { close(fd) }
    var fields = ["Host": "127.0.0.1:\(port)", "Connection": "close"]
    fields.merge(headers) { _, new in new }
    var head = "\(method) \(target) HTTP/1.1\r\n"
    for (name, value) in fields.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
    try send(fd, head + "\r\n")

    var buffer = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    var response: RawResponse?
    var bodyStart = 0
    var length = 0
    while true {
      let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { break }
      buffer += chunk[0..<n]
      if response == nil, let end = headerEnd(buffer) {
        let headText = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestFailure("bad status line") }
        var fields: [String: String] = [:]
        for line in lines {
          guard let colon = line.firstIndex(of: ":") else { continue }
          fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        response = RawResponse(status: status, headers: fields, body: Data())
        bodyStart = end + 4
        length = Int(fields["content-length"] ?? "") ?? 0
      }
      if response != nil, buffer.count - bodyStart >= length { break }
    }
    guard var response else { throw TestFailure("no response to \(method) \(target)") }
    response.body = Data(buffer[bodyStart..<min(buffer.count, bodyStart + length)])
    return response
  }

  static func headerEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for i in 0...(bytes.count - 4)
    where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
      return i
    }
    return nil
  }
}

/// A Server-Sent Events client on a raw socket: each `data:` value in order.
final class EventStreamClient: Sendable {
  private struct Received {
    var events: [String] = []
    var isEnded = false
    var head = ""
  }

  private let fd: Int32
  private let received = Mutex(Received())

  init(port: UInt16) throws {
    fd = try RawHTTP.connect(port: port, timeoutSeconds: 30)
    try RawHTTP.send(
      fd, "GET /_pubpack/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
    let thread = Thread { [self] in readLoop() }
    thread.start()
  }

  func close() {
    shutdown(fd, Int32(SHUT_RDWR))
  }

  /// The response's header block, once read.
  var head: String { received.withLock { $0.head } }

  /// Whether the server ended the stream.
  var isEnded: Bool { received.withLock { $0.isEnded } }

  /// The next event's data, or nil if the stream ended or `timeout` passed.
  func next(timeout: Duration = .seconds(5)) async -> String? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      let (event, ended) = received.withLock { state -> (String?, Bool) in
        if !state.events.isEmpty { return (state.events.removeFirst(), false) }
        return (nil, state.isEnded)
      }
      if let event { return event }
      if ended { return nil }
      try? await Task.sleep(for: .milliseconds(2))
    }
    return nil
  }

  /// Skips events until one whose data is not `generation`.
  func nextGeneration(after generation: String, timeout: Duration = .seconds(5)) async -> String? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      guard let event = await next(timeout: deadline - clock.now) else { return nil }
      if event != generation { return event }
    }
    return nil
  }

  private func readLoop() {
    defer {
      received.withLock { $0.isEnded = true }
      Glibc.close(fd)
    }
    var raw = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 4096)
    var body = [UInt8]()
    var headDone = false
    while true {
      let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { return }
      raw += chunk[0..<n]
      if !headDone {
        guard let end = RawHTTP.headerEnd(raw) else { continue }
        let head = String(decoding: raw[0..<end], as: UTF8.self)
        received.withLock { $0.head = head }
        raw.removeFirst(end + 4)
        headDone = true
      }
      // De-chunk: "<hex size>\r\n<bytes>\r\n" ... "0\r\n\r\n".
      while let lineEnd = firstCRLF(raw) {
        guard let size = Int(String(decoding: raw[0..<lineEnd], as: UTF8.self), radix: 16) else { return }
        if size == 0 { return }
        guard raw.count >= lineEnd + 2 + size + 2 else { break }
        body += raw[(lineEnd + 2)..<(lineEnd + 2 + size)]
        raw.removeFirst(lineEnd + 2 + size + 2)
      }
      // Events end with a blank line.
      while let end = eventEnd(body) {
        let text = String(decoding: body[0..<end], as: UTF8.self)
        body.removeFirst(end + 2)
        for line in text.split(separator: "\n") where line.hasPrefix("data:") {
          let data = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
          received.withLock { $0.events.append(data) }
        }
      }
    }
  }

  private func firstCRLF(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 2 else { return nil }
    for i in 0..<(bytes.count - 1) where bytes[i] == 13 && bytes[i + 1] == 10 { return i }
    return nil
  }

  private func eventEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 2 else { return nil }
    for i in 0..<(bytes.count - 1) where bytes[i] == 10 && bytes[i + 1] == 10 { return i }
    return nil
  }
}

/// Waits until `condition` holds, checking every 5 ms, for at most `timeout`.
func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
  let clock = ContinuousClock()
  let deadline = clock.now + timeout
  while clock.now < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(5))
  }
  return try await condition()
}

/// The tests that run servers and browsers, one at a time: the edit latency is measured, and
/// two cores shared by a browser, a server and 2,000 requests would measure the machine.
@Suite(.serialized) enum ServerTests {}
