import FlyingFox
import Foundation

/// How much a client may send the preview, and for how long.
///
/// The preview reads each request's head itself, in one pass over the bytes as they arrive,
/// and refuses it as soon as a limit is passed: nothing a client sends costs more than a few
/// microseconds per kilobyte, and no client can hold the server's attention for long.
public struct PreviewLimits: Sendable, Equatable {
  /// The longest request line (method, target, version), in bytes; longer gets 414.
  public var requestLine: Int
  /// The longest header line, in bytes; longer gets 431.
  public var headerLine: Int
  /// The most bytes of header lines in one request; more gets 431.
  public var headerBlock: Int
  /// The most header lines in one request; more gets 431.
  public var headerCount: Int
  /// How long a client may take to send a whole request head (a trickle gets 408), and how
  /// long a kept-alive connection may sit idle before it is closed.
  public var headTimeout: Duration
  /// How long one write to a client that does not read may wait.
  public var writeTimeout: Duration
  /// The most connections open at once.
  ///
  /// At the limit a new connection closes the oldest one that is still waiting for its
  /// request (never a page being sent or a live-reload stream).
  public var connections: Int
  /// The most live-reload streams open at once; a new one ends the oldest (its page
  /// reconnects a second later), so that streams cannot fill every connection.
  public var eventStreams: Int

  public init(
    requestLine: Int = 8 * 1024, headerLine: Int = 8 * 1024, headerBlock: Int = 32 * 1024, headerCount: Int = 100,
    headTimeout: Duration = .seconds(10), writeTimeout: Duration = .seconds(30), connections: Int = 256,
    eventStreams: Int = 32
  ) {
    self.requestLine = requestLine
    self.headerLine = headerLine
    self.headerBlock = headerBlock
    self.headerCount = headerCount
    self.headTimeout = headTimeout
    self.writeTimeout = writeTimeout
    self.connections = connections
    self.eventStreams = eventStreams
  }
}

/// Why a request head was refused: the status to answer with, then the connection closes.
struct HeadRefusal: Error, Equatable {
  var code: Int
  var phrase: String
  var reason: String

  static func requestLineTooLong(_ limit: Int) -> HeadRefusal {
    HeadRefusal(code: 414, phrase: "URI Too Long", reason: "the request line is longer than \(limit) bytes")
  }
  static func headerLineTooLong(_ limit: Int) -> HeadRefusal {
    HeadRefusal(
      code: 431, phrase: "Request Header Fields Too Large", reason: "a header line is longer than \(limit) bytes")
  }
  static func headersTooLarge(_ limit: Int) -> HeadRefusal {
    HeadRefusal(
      code: 431, phrase: "Request Header Fields Too Large", reason: "the headers are longer than \(limit) bytes")
  }
  static func tooManyHeaders(_ limit: Int) -> HeadRefusal {
    HeadRefusal(code: 431, phrase: "Request Header Fields Too Large", reason: "more than \(limit) header lines")
  }
  static func badRequest(_ reason: String) -> HeadRefusal {
    HeadRefusal(code: 400, phrase: "Bad Request", reason: reason)
  }
  static let bodyRefused = HeadRefusal(
    code: 413, phrase: "Content Too Large", reason: "the preview takes no request bodies")
  static let versionNotSupported = HeadRefusal(
    code: 505, phrase: "HTTP Version Not Supported", reason: "the preview speaks HTTP/1.0 and HTTP/1.1 only")
  static let timedOut = HeadRefusal(
    code: 408, phrase: "Request Timeout", reason: "the request head did not arrive in time")
}

/// A complete request head, checked.
struct RequestHead: Equatable {
  var method: String
  var target: String
  var version: String
  /// In the order sent, names as sent.
  var fields: [(name: String, value: String)]

  static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
    lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version
      && lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
  }

  /// Whether the connection may carry another request after this one's answer.
  var keepsAlive: Bool {
    let tokens = fields.filter { $0.name.lowercased() == "connection" }
      .flatMap { $0.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    return version == "HTTP/1.1" ? !tokens.contains("close") : tokens.contains("keep-alive")
  }

  /// The request as the handler takes it (no body: the preview refuses bodies).
  var request: HTTPRequest {
    var headers = HTTPHeaders()
    for field in fields { headers.addValue(field.value, for: HTTPHeader(field.name)) }
    let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    return HTTPRequest(
      method: HTTPMethod(method), version: HTTPVersion(version),
      target: HTTPRequest.Target(path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : ""),
      headers: headers, body: HTTPBodySequence())
  }
}

/// Reads request heads from a connection's bytes as they arrive, in one pass.
///
/// Each byte is looked at once (never rescanned), and a head is refused the moment it passes a
/// limit, before the rest of it has been read. Bytes after a head stay for the next request.
///
/// FlyingFox's own reader re-reads the whole line for every byte it appends (quadratic: about
/// 18 s for a 32 KB line), which is why the preview does not use it.
struct RequestHeadReader {
  enum Result: Equatable {
    case needMore
    case head(RequestHead)
    case refused(HeadRefusal)
  }

  let limits: PreviewLimits
  private var buffer: [UInt8] = []
  /// Bytes of `buffer` already looked at.
  private var scanned = 0
  private var lineStart = 0
  private var requestLine: Range<Int>?
  private var headerStart = 0
  private var headerLines: [Range<Int>] = []

  init(limits: PreviewLimits) { self.limits = limits }

  /// Whether some bytes of the next head have arrived.
  var hasPartialHead: Bool { !buffer.isEmpty }

  /// Adds bytes from the client and looks at them (and any left from the last head).
  mutating func append(_ bytes: some Collection<UInt8>) -> Result {
    buffer.append(contentsOf: bytes)
    return scan()
  }

  /// Looks at the bytes not yet seen.
  mutating func scan() -> Result {
    while scanned < buffer.count {
      let index = scanned
      scanned += 1
      guard buffer[index] == 0x0A else { continue }
      var end = index
      if end > lineStart, buffer[end - 1] == 0x0D { end -= 1 }
      let line = lineStart..<end
      lineStart = index + 1
      if requestLine == nil {
        // RFC 9112 §2.2: ignore empty lines before the request line (a few, not forever).
        if line.isEmpty {
          if lineStart > 8 { return .refused(.badRequest("empty lines instead of a request line")) }
          continue
        }
        if line.count > limits.requestLine { return .refused(.requestLineTooLong(limits.requestLine)) }
        requestLine = line
        headerStart = lineStart
        continue
      }
      if line.isEmpty {
        let result = finish()
        buffer.removeFirst(lineStart)
        reset()
        return result
      }
      if line.count > limits.headerLine { return .refused(.headerLineTooLong(limits.headerLine)) }
      headerLines.append(line)
      if headerLines.count > limits.headerCount { return .refused(.tooManyHeaders(limits.headerCount)) }
      if lineStart - headerStart > limits.headerBlock { return .refused(.headersTooLarge(limits.headerBlock)) }
    }
    // The line still open: refuse it as soon as it is too long, without waiting for its end.
    let open = buffer.count - lineStart
    if requestLine == nil {
      if open > limits.requestLine + 1 { return .refused(.requestLineTooLong(limits.requestLine)) }
    } else {
      if open > limits.headerLine + 1 { return .refused(.headerLineTooLong(limits.headerLine)) }
      if buffer.count - headerStart > limits.headerBlock + 2 { return .refused(.headersTooLarge(limits.headerBlock)) }
    }
    return .needMore
  }

  private mutating func reset() {
    scanned = 0
    lineStart = 0
    requestLine = nil
    headerStart = 0
    headerLines = []
  }

  private func finish() -> Result {
    guard let requestLine else { return .refused(.badRequest("no request line")) }
    let parts = buffer[requestLine].split(separator: 0x20, omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
      return .refused(.badRequest("the request line is not 'METHOD target HTTP/1.1'"))
    }
    guard parts[0].allSatisfy(Self.isTokenByte) else { return .refused(.badRequest("the method is not a token")) }
    // Printable ASCII only: no spaces, controls or raw UTF-8 in the target.
    guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      return .refused(.badRequest("the request target has a byte that must be percent-encoded"))
    }
    let version = String(decoding: parts[2], as: UTF8.self)
    guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
      if version.hasPrefix("HTTP/") { return .refused(.versionNotSupported) }
      return .refused(.badRequest("the request line does not end with an HTTP version"))
    }
    var fields: [(name: String, value: String)] = []
    fields.reserveCapacity(headerLines.count)
    var hostCount = 0
    for line in headerLines {
      let bytes = buffer[line]
      // Obsolete line folding (RFC 9112 §5.2) and a space before the colon are refused.
      guard let colon = bytes.firstIndex(of: 0x3A), colon > line.lowerBound,
        bytes[line.lowerBound..<colon].allSatisfy(Self.isTokenByte)
      else { return .refused(.badRequest("a header line is not 'Name: value'")) }
      let name = String(decoding: bytes[line.lowerBound..<colon], as: UTF8.self)
      var valueStart = colon + 1
      var valueEnd = line.upperBound
      while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
      while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
      let raw = bytes[valueStart..<valueEnd]
      if raw.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
        return .refused(.badRequest("a header value has a control character"))
      }
      let value = String(decoding: raw, as: UTF8.self)
      switch name.lowercased() {
      case "host": hostCount += 1
      case "content-length" where value != "0", "transfer-encoding": return .refused(.bodyRefused)
      default: break
      }
      fields.append((name, value))
    }
    // RFC 9112 §3.2: more than one Host is a bad request.
    if hostCount > 1 { return .refused(.badRequest("more than one Host header")) }
    return .head(
      RequestHead(
        method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
        version: version, fields: fields))
  }

  /// RFC 9110 §5.6.2 tchar.
  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
      UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
      true
    default: false
    }
  }
}
