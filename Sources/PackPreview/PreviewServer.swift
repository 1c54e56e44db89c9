import FlyingFox
import FlyingSocks
import Foundation
import PubPack
import Synchronization

/// What to preview and where to listen.
public struct PreviewConfiguration: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  /// The instant the author view decides by: `--at`, or the clock read once by the command.
  public var instant: Instant
  /// An IPv4 or IPv6 address (or `localhost`). Anything but loopback shows embargoed
  /// documents to that network.
  public var host: String
  /// 0 picks a free port (tests).
  public var port: UInt16
  public var watch: WatchMethod
  /// How long to wait after a change for the rest of an editor's save to land.
  public var debounce: Duration
  /// What a client may send, and for how long (request heads are refused past these).
  public var limits: PreviewLimits
  /// Called after every build (the first one included), on no particular thread.
  public var onBuild: @Sendable (PreviewBuildReport) -> Void
  /// What pages are built with (PDFs, share images), as `build` builds them.
  public var printers: Printers

  public init(
    content: String = "content", templates: String = "templates", at instant: Instant, host: String = "127.0.0.1",
    port: UInt16 = 8000, watch: WatchMethod = .automatic, debounce: Duration = .milliseconds(30),
    limits: PreviewLimits = PreviewLimits(), onBuild: @escaping @Sendable (PreviewBuildReport) -> Void = { _ in },
    printers: Printers = .none
  ) {
    self.contentDirectory = content
    self.templatesDirectory = templates
    self.instant = instant
    self.host = host
    self.port = port
    self.watch = watch
    self.debounce = debounce
    self.limits = limits
    self.onBuild = onBuild
    self.printers = printers
  }
}

/// One author build of the preview, as the command reports it.
public struct PreviewBuildReport: Sendable {
  public var generation: Int
  public var succeeded: Bool
  public var diagnostics: [Diagnostic]
  public var fileCount: Int
  /// How long the build took.
  public var duration: Duration
}

/// Why the preview could not start.
public enum PreviewError: Error, Sendable, Equatable {
  case invalidHost(String)
  case portInUse(host: String, port: UInt16)
  case cannotListen(host: String, port: UInt16, reason: String)

  /// The message and notes, in the house's diagnostic style.
  public var diagnostic: Diagnostic {
    switch self {
    case .invalidHost(let host):
      .error(
        at: nil, "--host '\(host)' is not an IP address",
        notes: ["give an address such as 127.0.0.1 (the default) or ::1"])
    case .portInUse(let host, let port):
      .error(
        at: nil, "cannot listen on \(PreviewServer.url(host: host, port: port)): the port is already in use",
        notes: ["stop the other server, or choose another port with --port"])
    case .cannotListen(let host, let port, let reason):
      .error(at: nil, "cannot listen on \(PreviewServer.url(host: host, port: port)): \(reason)")
    }
  }
}

/// The preview server: serves the pack from memory, as the author sees it (every document,
/// the withheld ones bannered) or as the public will see it at a chosen instant, rebuilds when
/// a source changes, and tells open pages to reload.
///
/// It never writes anything: not `site/`, not a temporary folder. Every file it serves is one
/// the build produced, looked up by exact path in memory (see `SitePath` for what it refuses).
///
///     let server = PreviewServer(PreviewConfiguration(at: instant))
///     let port = try await server.start()
///     await server.waitUntilStopped()   // another task calls `stop()`
public final class PreviewServer: Sendable {
  public let configuration: PreviewConfiguration
  let responder: PreviewResponder
  let broadcaster = ReloadBroadcaster()

  private struct State: Sendable {
    var author: PreviewSnapshot
    /// Release builds for the public view, one per instant asked for, for the current author
    /// generation; emptied by every rebuild.
    var releases: [Instant: Task<PreviewSnapshot, Never>] = [:]
    var pendingChanges = 0
    var server: PreviewHTTPServer?
    var runTask: Task<Void, Never>?
    var tasks: [Task<Void, Never>] = []
    var watcher: (any FolderWatcher)?
    var changes: AsyncStream<Void>.Continuation?
    var isStopped = false
  }

  private let state: Mutex<State>

  /// Builds the pack for the author view (so the first request is served at once).
  public init(_ configuration: PreviewConfiguration) {
    self.configuration = configuration
    self.responder = PreviewResponder(authorInstant: configuration.instant)
    let (snapshot, report) = Self.buildAuthorView(configuration, generation: 1)
    self.state = Mutex(State(author: snapshot))
    configuration.onBuild(report)
  }

  /// The current author build's generation (1 for the first build).
  public var generation: Int { state.withLock { $0.author.generation } }

  /// Whether the last author build succeeded.
  public var isBuildSucceeding: Bool { state.withLock { $0.author.succeeded } }

  /// Starts listening and watching; returns the port it listens on.
  public func start() async throws -> UInt16 {
    let server = try makeHTTPServer()
    do {
      try await server.prepare()
    } catch {
      throw PreviewError.cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)")
    }
    let runTask = Task { await server.run() }
    state.withLock {
      $0.server = server
      $0.runTask = runTask
    }
    startWatching()
    return server.port ?? configuration.port
  }

  /// Returns when the server has stopped (after `stop()`, or if it fails).
  public func waitUntilStopped() async {
    let task = state.withLock { $0.runTask }
    await task?.value
  }

  /// Stops watching, ends the event streams, closes every connection and stops listening.
  public func stop() async {
    let (server, runTask, tasks, watcher, changes) = state.withLock { state in
      defer {
        state.isStopped = true
        state.tasks = []
        state.watcher = nil
        state.changes = nil
      }
      return (state.server, state.runTask, state.tasks, state.watcher, state.changes)
    }
    watcher?.stop()
    changes?.finish()
    for task in tasks { task.cancel() }
    broadcaster.close()
    server?.closeConnections()
    runTask?.cancel()
    await runTask?.value
  }

  /// `http://127.0.0.1:8000/`, with brackets for IPv6.
  public static func url(host: String, port: UInt16) -> String {
    host.contains(":") ? "http://[\(host)]:\(port)/" : "http://\(host):\(port)/"
  }

  /// Whether `host` is an address the preview can listen on: an IPv4 or IPv6 address, or
  /// `localhost` (127.0.0.1).
  public static func isValidHost(_ host: String) -> Bool {
    if host == "localhost" { return true }
    if host.contains(":") { return (try? sockaddr_in6.inet6(ip6: host, port: 0)) != nil }
    return (try? sockaddr_in.inet(ip4: host, port: 0)) != nil
  }

  /// Whether a `Host:` header names this machine by a loopback name (any port). HTTP/1.1
  /// requires the header; a request without one is refused too.
  static func isLoopbackHostHeader(_ header: String?) -> Bool {
    guard let header = header?.trimmingCharacters(in: .whitespaces).lowercased(), !header.isEmpty else { return false }
    var name = header
    if name.hasPrefix("[") {
      guard let close = name.firstIndex(of: "]") else { return false }
      name = String(name[name.index(after: name.startIndex)..<close])
    } else if let colon = name.firstIndex(of: ":") {
      name = String(name[..<colon])
    }
    return name == "localhost" || name == "::1"
      || (name.hasPrefix("127.") && (try? sockaddr_in.inet(ip4: name, port: 0)) != nil)
  }

  /// Whether listening on `host` keeps the preview on this machine.
  public static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
  }

  // MARK: - Serving

  func handle(_ request: HTTPRequest) async -> HTTPResponse {
    let rawPath = request.target.path(percentEncoded: true)
    let isHead = request.method == .HEAD
    guard request.method == .GET || isHead else {
      var response = PreviewResponder.response(
        .methodNotAllowed, type: "text/plain; charset=utf-8", body: Data("the preview serves GET and HEAD only\n".utf8),
        isHead: false)
      response.headers[HTTPHeader("Allow")] = "GET, HEAD"
      return response
    }
    // DNS rebinding: a web page elsewhere can point its own name at 127.0.0.1 and read what
    // this server shows. On loopback, answer only requests addressed to a loopback name.
    if Self.isLoopback(configuration.host), !Self.isLoopbackHostHeader(request.headers[.host]) {
      return PreviewResponder.response(
        HTTPStatusCode(421, phrase: "Misdirected Request"), type: "text/plain; charset=utf-8",
        body: Data("the preview answers only requests to 127.0.0.1, localhost or [::1]\n".utf8), isHead: isHead)
    }
    if rawPath == PreviewPages.eventsPath {
      return isHead
        ? PreviewResponder.response(.ok, type: "text/event-stream; charset=utf-8", body: Data(), isHead: true)
        : events()
    }
    let author = state.withLock { $0.author }
    let queryAt = request.query.last { $0.name == "at" }?.value
    let choice = ViewChoice.choose(queryAt: queryAt, cookieHeader: request.headers[.cookie])
    if let failure = choice.failure {
      let overlay = PreviewPages.overlay(
        view: .author, generation: author.generation, embargoes: author.embargoes, releasedCount: nil,
        documentCount: nil, authorInstant: configuration.instant)
      return responder.page(
        .badRequest, PreviewPages.unreadableInstant(queryAt ?? "", failure: failure), overlay, isHead)
    }
    let snapshot: PreviewSnapshot
    switch choice.view {
    case .author: snapshot = author
    case .publicAt(let instant): snapshot = await releaseSnapshot(at: instant)
    }
    var response = responder.respond(
      rawPath: rawPath, rawQuery: request.target.query(percentEncoded: true), isHead: isHead, snapshot: snapshot,
      authorGeneration: author.generation)
    if let cookie = choice.setCookie { response.headers[.setCookie] = cookie }
    return response
  }

  /// The Server-Sent Events stream of build generations.
  func events() -> HTTPResponse {
    let generation = state.withLock { $0.author.generation }
    var headers = HTTPHeaders()
    headers[.contentType] = "text/event-stream; charset=utf-8"
    headers[.cacheControl] = "no-store"
    headers[HTTPHeader("X-Robots-Tag")] = "noindex"
    headers[HTTPHeader("X-Accel-Buffering")] = "no"
    return HTTPResponse(
      statusCode: .ok, headers: headers, body: HTTPBodySequence(
        from: broadcaster.subscribe(generation: generation, limit: configuration.limits.eventStreams)))
  }

  /// The release build at `instant`, made once per author generation and instant.
  func releaseSnapshot(at instant: Instant) async -> PreviewSnapshot {
    let configuration = self.configuration
    let task = state.withLock { state -> Task<PreviewSnapshot, Never> in
      if let task = state.releases[instant] { return task }
      // Someone scrubbing through times should not keep every build in memory.
      if state.releases.count >= 16 { state.releases = [:] }
      let generation = state.author.generation
      let task = Task.detached {
        let build = Pipeline.build(
          BuildRequest(
            content: configuration.contentDirectory, templates: configuration.templatesDirectory, mode: .release,
            at: instant, printers: configuration.printers))
        return PreviewSnapshot(build: build, view: .publicAt(instant), generation: generation)
      }
      state.releases[instant] = task
      return task
    }
    return await task.value
  }

  // MARK: - Watching and rebuilding

  private func startWatching() {
    let (changes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let watcher = FolderWatchers.make(
      configuration.watch, folders: [configuration.contentDirectory, configuration.templatesDirectory]
    ) { [weak self] in
      guard let self else { return }
      self.state.withLock { $0.pendingChanges += 1 }
      continuation.yield()
    }
    let debounce = configuration.debounce
    // One loop does every rebuild, so builds never overlap. A change during the debounce
    // sleep is folded into this build; one during the build causes exactly one more.
    let rebuildLoop = Task.detached { [weak self] in
      for await _ in changes {
        try? await Task.sleep(for: debounce)
        guard let self, !Task.isCancelled else { return }
        let pending = self.state.withLock { state -> Int in
          defer { state.pendingChanges = 0 }
          return state.pendingChanges
        }
        if pending > 0 { self.rebuild() }
      }
    }
    let keepAlive = Task.detached { [weak self] in
      while !Task.isCancelled {
        try? await Task.sleep(for: .seconds(15))
        self?.broadcaster.sendKeepAlive()
      }
    }
    let stopped = state.withLock { state -> Bool in
      state.watcher = watcher
      state.changes = continuation
      state.tasks += [rebuildLoop, keepAlive]
      return state.isStopped
    }
    if stopped {
      watcher?.stop()
      continuation.finish()
      rebuildLoop.cancel()
      keepAlive.cancel()
    }
  }

  /// Rebuilds the author view, then announces the new generation to open pages.
  func rebuild() {
    let next = state.withLock { $0.author.generation + 1 }
    let (snapshot, report) = Self.buildAuthorView(configuration, generation: next)
    state.withLock {
      $0.author = snapshot
      $0.releases = [:]
    }
    broadcaster.broadcast(generation: next)
    configuration.onBuild(report)
  }

  static func buildAuthorView(_ configuration: PreviewConfiguration, generation: Int) -> (
    PreviewSnapshot, PreviewBuildReport
  ) {
    let clock = ContinuousClock()
    let start = clock.now
    let build = Pipeline.build(
      BuildRequest(
        content: configuration.contentDirectory, templates: configuration.templatesDirectory, mode: .preview,
        at: configuration.instant, printers: configuration.printers))
    let snapshot = PreviewSnapshot(build: build, view: .author, generation: generation)
    let report = PreviewBuildReport(
      generation: generation, succeeded: build.succeeded, diagnostics: build.diagnostics,
      fileCount: build.files.count, duration: clock.now - start)
    return (snapshot, report)
  }

  // MARK: - Listening

  /// Binds and listens at once, so that a taken port is reported by `start`.
  private func makeHTTPServer() throws -> PreviewHTTPServer {
    let handler: PreviewHTTPServer.Handler = { [weak self] request in
      guard let self else { return HTTPResponse(statusCode: .serviceUnavailable) }
      return await self.handle(request)
    }
    let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
    let address: any SocketAddress
    do {
      address =
        host.contains(":")
        ? try sockaddr_in6.inet6(ip6: host, port: configuration.port)
        : try sockaddr_in.inet(ip4: host, port: configuration.port)
    } catch {
      throw PreviewError.invalidHost(configuration.host)
    }
    do {
      return try PreviewHTTPServer(address: address, limits: configuration.limits, handler: handler)
    } catch {
      throw mapListenError(error)
    }
  }

  private func mapListenError(_ error: any Error) -> PreviewError {
    if case SocketError.failed(_, let number, let message) = error {
      if number == EADDRINUSE { return .portInUse(host: configuration.host, port: configuration.port) }
      if number == EADDRNOTAVAIL {
        return .cannotListen(
          host: configuration.host, port: configuration.port, reason: "that address is not one of this machine's")
      }
      return .cannotListen(host: configuration.host, port: configuration.port, reason: message)
    }
    if case SocketError.unsupportedAddress = error {
      return .invalidHost(configuration.host)
    }
    return .cannotListen(host: configuration.host, port: configuration.port, reason: "\(error)")
  }
}
