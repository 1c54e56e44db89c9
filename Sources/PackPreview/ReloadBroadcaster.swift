import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// Tells open preview pages, over Server-Sent Events, which author build is current.
///
/// Each stream starts with the current generation and gets the new one after every rebuild
/// completes (never mid-build); the page's script reloads when it differs from the page's own.
/// A comment line every 15 seconds keeps idle connections open. A stream whose connection
/// closes is dropped the next time anything is written to it.
final class ReloadBroadcaster: Sendable {
  private struct Clients {
    var next = 0
    var continuations: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
    var isClosed = false
  }

  private let clients = Mutex(Clients())

  /// How many streams are open (for tests and logs).
  var count: Int { clients.withLock { $0.continuations.count } }

  /// A new event stream, starting with `generation`.
  ///
  /// With `limit` streams open, the oldest one is ended to make room (a browser reconnects a
  /// second later), so that streams cannot take every connection the server allows.
  func subscribe(generation: Int, limit: Int = .max) -> EventStreamBytes {
    let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(32))
    // `retry` makes a browser reconnect within a second after the server restarts.
    continuation.yield(Array("retry: 1000\ndata: \(generation)\n\n".utf8))
    let (id, oldest) = clients.withLock { clients -> (Int?, AsyncStream<[UInt8]>.Continuation?) in
      guard !clients.isClosed else { return (nil, nil) }
      var oldest: AsyncStream<[UInt8]>.Continuation?
      if clients.continuations.count >= limit, let first = clients.continuations.keys.min() {
        oldest = clients.continuations.removeValue(forKey: first)
      }
      clients.next += 1
      clients.continuations[clients.next] = continuation
      return (clients.next, oldest)
    }
    oldest?.finish()
    guard let id else {
      continuation.finish()
      return EventStreamBytes(stream: stream, subscription: Subscription {})
    }
    continuation.onTermination = { [weak self] _ in self?.remove(id) }
    return EventStreamBytes(stream: stream, subscription: Subscription { [weak self] in self?.remove(id) })
  }

  /// Announces a completed build.
  func broadcast(generation: Int) {
    send(Array("data: \(generation)\n\n".utf8))
  }

  /// Keeps idle connections (and any proxy between) from timing out.
  func sendKeepAlive() {
    send(Array(":\n\n".utf8))
  }

  /// Ends every stream and refuses new ones (at shutdown).
  func close() {
    let all = clients.withLock { clients in
      clients.isClosed = true
      defer { clients.continuations = [:] }
      return Array(clients.continuations.values)
    }
    for continuation in all { continuation.finish() }
  }

  private func send(_ bytes: [UInt8]) {
    let all = clients.withLock { Array($0.continuations.values) }
    for continuation in all { continuation.yield(bytes) }
  }

  private func remove(_ id: Int) {
    let continuation = clients.withLock { $0.continuations.removeValue(forKey: id) }
    continuation?.finish()
  }
}

/// Runs `onEnd` when the last copy of the stream's iterator goes away: when FlyingFox stops
/// writing a response (the client left, or the server stops), the client is forgotten.
final class Subscription: Sendable {
  private let onEnd: @Sendable () -> Void
  init(_ onEnd: @escaping @Sendable () -> Void) { self.onEnd = onEnd }
  deinit { onEnd() }
}

/// An event stream as the byte sequence a FlyingFox chunked response body reads.
struct EventStreamBytes: AsyncBufferedSequence, Sendable {
  typealias Element = UInt8

  let stream: AsyncStream<[UInt8]>
  let subscription: Subscription

  func makeAsyncIterator() -> Iterator {
    Iterator(base: stream.makeAsyncIterator(), subscription: subscription)
  }

  struct Iterator: AsyncBufferedIteratorProtocol {
    var base: AsyncStream<[UInt8]>.Iterator
    let subscription: Subscription
    var pending: [UInt8] = []

    mutating func next() async -> UInt8? {
      guard let buffer = await nextBuffer(suggested: 1) else { return nil }
      return buffer.first
    }

    mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
      if pending.isEmpty {
        guard let chunk = await base.next() else { return nil }
        pending = chunk
      }
      let n = Swift.min(Swift.max(count, 1), pending.count)
      let out = Array(pending.prefix(n))
      pending.removeFirst(n)
      return out
    }
  }
}
