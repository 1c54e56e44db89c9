import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The preview's HTTP/1.1 connections: FlyingSocks' sockets and event loop, FlyingFox's
/// request and response types, and a request reader of its own (`RequestHeadReader`).
///
/// FlyingFox's `HTTPServer` reads a request line or header in time that grows with the square
/// of its length, with no limit on length, count, or time (a web page in the author's browser
/// could stall the preview for minutes), and it offers no way to read the head before it does.
/// So the preview runs its own accept loop and hands the handler a request only once the head
/// has been read in one bounded pass, within `PreviewLimits`.
final class PreviewHTTPServer: Sendable {
  typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

  let limits: PreviewLimits
  private let handler: Handler
  private let pool: any AsyncSocketPool
  private let listener: Socket
  private let connections = Mutex(Connections())

  private struct Connections {
    enum Phase { case waiting(since: ContinuousClock.Instant), responding }
    struct Entry {
      var socket: Socket
      var phase: Phase
    }
    var next = 0
    var open: [Int: Entry] = [:]
    /// Connections closed to make room, until their tasks have closed their sockets.
    var evicted: [Int: Socket] = [:]
    var isStopped = false
  }

  /// Binds and listens on `address` at once (so a taken port is reported before `run`).
  init(address: some SocketAddress, limits: PreviewLimits, handler: @escaping Handler) throws {
    self.limits = limits
    self.handler = handler
    self.pool = HTTPServer.defaultPool()
    let socket = try Socket(domain: Int32(type(of: address).family))
    do {
      try socket.setValue(true, for: .localAddressReuse)
      try socket.bind(to: address)
      try socket.listen()
    } catch {
      try? socket.close()
      throw error
    }
    self.listener = socket
  }

  /// The port listened on.
  var port: UInt16? {
    switch try? listener.sockname() {
    case .ip4(_, let port)?, .ip6(_, let port)?: port
    default: nil
    }
  }

  /// Makes the event loop ready (before `run`, so that a failure is reported by `start`).
  func prepare() async throws {
    do {
      try await pool.prepare()
    } catch {
      try? listener.close()
      throw error
    }
  }

  /// Accepts and serves connections until the task is cancelled (see `stop`).
  func run() async {
    let pool = self.pool
    do {
      let listener = try AsyncSocket(socket: self.listener, pool: pool)
      await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await pool.run() }
        group.addTask { await self.acceptLoop(listener) }
        _ = try? await group.next()
        group.cancelAll()
      }
    } catch {}
    try? listener.close()
  }

  /// Wakes every connection so that it ends (the caller then cancels `run`'s task).
  func closeConnections() {
    connections.withLock { state in
      state.isStopped = true
      for entry in state.open.values { _ = shutdown(entry.socket.file.rawValue, Int32(SHUT_RDWR)) }
      for socket in state.evicted.values { _ = shutdown(socket.file.rawValue, Int32(SHUT_RDWR)) }
    }
  }

  private func acceptLoop(_ listener: AsyncSocket) async {
    await withDiscardingTaskGroup { group in
      while !Task.isCancelled {
        let client: AsyncSocket
        do {
          client = try await listener.accept()
        } catch is CancellationError {
          break
        } catch {
          // Out of file descriptors, or a connection reset before it was accepted: keep going.
          try? await Task.sleep(for: .milliseconds(10))
          continue
        }
        guard let id = admit(client.socket) else {
          try? client.close()
          continue
        }
        group.addTask { await self.serve(client, id: id) }
      }
    }
  }

  /// Registers a new connection; at the limit, closes the one that has waited longest for a
  /// request to make room, or refuses the new one when every connection is busy answering.
  private func admit(_ socket: Socket) -> Int? {
    connections.withLock { state in
      guard !state.isStopped else { return nil }
      if state.open.count >= limits.connections {
        let oldest = state.open.compactMap { id, entry -> (Int, ContinuousClock.Instant)? in
          if case .waiting(let since) = entry.phase { return (id, since) }
          return nil
        }.min { $0.1 < $1.1 }
        guard let (victim, _) = oldest, let entry = state.open.removeValue(forKey: victim) else { return nil }
        // The victim's task wakes to an end of input and closes its socket; shutting down
        // (not closing) here keeps the descriptor number from being reused under it.
        _ = shutdown(entry.socket.file.rawValue, Int32(SHUT_RDWR))
        state.evicted[victim] = entry.socket
      }
      state.next += 1
      state.open[state.next] = Connections.Entry(socket: socket, phase: .waiting(since: .now))
      return state.next
    }
  }

  private func setPhase(_ id: Int, _ phase: Connections.Phase) {
    connections.withLock { $0.open[id]?.phase = phase }
  }

  private func release(_ id: Int, _ socket: Socket) {
    connections.withLock { state in
      state.open[id] = nil
      state.evicted[id] = nil
      // Closed under the lock, so no shutdown can reach a reused descriptor number.
      try? socket.close()
    }
  }

  // MARK: - One connection

  private enum Read {
    case bytes([UInt8])
    case closed
    case timedOut
  }

  private func serve(_ client: AsyncSocket, id: Int) async {
    defer { release(id, client.socket) }
    var reader = RequestHeadReader(limits: limits)
    var result = RequestHeadReader.Result.needMore
    while !Task.isCancelled {
      setPhase(id, .waiting(since: .now))
      let deadline = ContinuousClock.now + limits.headTimeout
      result = reader.scan()
      while result == .needMore {
        switch await read(client, until: deadline) {
        case .bytes(let bytes): result = reader.append(bytes)
        case .closed: return
        case .timedOut:
          // An idle kept-alive connection just closes; a head begun and not finished is told.
          if reader.hasPartialHead { await refuse(client, .timedOut) }
          return
        }
      }
      setPhase(id, .responding)
      switch result {
      case .needMore: return
      case .refused(let refusal):
        await refuse(client, refusal)
        return
      case .head(let head):
        let keepAlive = head.keepsAlive
        let response = await handler(head.request)
        guard await send(response, to: client, closing: !keepAlive, isHead: head.method == "HEAD"), keepAlive else {
          return
        }
      }
    }
  }

  /// Up to 4 KB from the client, or why there is none.
  private func read(_ client: AsyncSocket, until deadline: ContinuousClock.Instant) async -> Read {
    // Bytes already waiting need no timer: try the non-blocking read first.
    do {
      return .bytes(try client.socket.read(atMost: 4096))
    } catch SocketError.blocked {
    } catch {
      return .closed
    }
    do {
      guard let bytes = try await Self.before(deadline, { try await client.read(atMost: 4096) }) else {
        // On a starved machine the timer can run late, after bytes that came in time (the
        // server was slow, not the client): take what has arrived before calling it a timeout.
        return try .bytes(client.socket.read(atMost: 4096))
      }
      return .bytes(bytes)
    } catch SocketError.blocked {
      return .timedOut
    } catch {
      return .closed
    }
  }

  /// Answers a refused head, then closes gently: stop writing, and read (and drop) what the
  /// client is still sending for a moment, so that closing with unread bytes does not reset
  /// the connection before the client has read the answer.
  private func refuse(_ client: AsyncSocket, _ refusal: HeadRefusal) async {
    var response = PreviewResponder.response(
      HTTPStatusCode(refusal.code, phrase: refusal.phrase), type: "text/plain; charset=utf-8",
      body: Data((refusal.reason + "\n").utf8), isHead: false)
    response.headers[.connection] = "close"
    guard await send(response, to: client, closing: true, isHead: false) else { return }
    _ = shutdown(client.socket.file.rawValue, Int32(SHUT_WR))
    let deadline = ContinuousClock.now + .seconds(1)
    var drained = 0
    while drained < 1 << 20, case .bytes(let bytes) = await read(client, until: deadline) { drained += bytes.count }
  }

  /// Writes a response; false if the client went away or stopped reading.
  private func send(_ response: HTTPResponse, to client: AsyncSocket, closing: Bool, isHead: Bool) async -> Bool {
    guard case .httpBody(let body) = response.payload else { return false }
    var headers = response.headers
    if headers[.contentLength] == nil {
      if let count = body.count {
        headers[.contentLength] = String(count)
      } else {
        headers[.transferEncoding] = "chunked"
      }
    }
    if closing { headers[.connection] = "close" }
    var head = "HTTP/1.1 \(response.statusCode.code) \(response.statusCode.phrase)\r\n"
    for (name, value) in headers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      head += "\(name.rawValue): \(value)\r\n"
    }
    head += "\r\n"
    guard await write(Data(head.utf8), to: client) else { return false }
    if isHead { return true }
    do {
      for try await chunk in body {
        guard await write(chunk, to: client) else { return false }
      }
    } catch {
      return false
    }
    return true
  }

  private func write(_ data: Data, to client: AsyncSocket) async -> Bool {
    // Most answers fit the socket's buffer at once and need no timer.
    var sent = data.startIndex
    do {
      while sent < data.endIndex { sent = try client.socket.write(data, from: sent) }
      return true
    } catch SocketError.blocked {
    } catch {
      return false
    }
    let rest = Data(data[sent...])
    do {
      return try await Self.before(ContinuousClock.now + limits.writeTimeout, { try await client.write(rest) }) != nil
    } catch {
      return false
    }
  }

  /// `operation`'s result, or nil if `deadline` comes first (the operation is then cancelled).
  private static func before<T: Sendable>(
    _ deadline: ContinuousClock.Instant, _ operation: @escaping @Sendable () async throws -> T
  ) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
      group.addTask { try await operation() }
      group.addTask {
        try await Task.sleep(until: deadline, clock: .continuous)
        return nil
      }
      let first = try await group.next() ?? nil
      group.cancelAll()
      if first != nil { return first }
      // The timer came first, but the operation may have finished before it saw the
      // cancellation (a read that has taken bytes from the socket): keep its result.
      while true {
        do {
          guard let next = try await group.next() else { return nil }
          if next != nil { return next }
        } catch {
          return nil
        }
      }
    }
  }
}
