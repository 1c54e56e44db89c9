import Testing

@testable import PackPreview

/// The preview's request-head reader on its own: it refuses as soon as a limit is passed
/// (having been given no more than the limit and one read's worth of bytes), and reads the
/// same head whether the bytes come all at once or one at a time.
struct RequestHeadReaderTests {
  /// Feeds `bytes` in 4 KB reads, as the server does; the result and how many bytes it took.
  static func feed(_ bytes: [UInt8], limits: PreviewLimits = PreviewLimits()) -> (RequestHeadReader.Result, Int) {
    var reader = RequestHeadReader(limits: limits)
    var fed = 0
    while fed < bytes.count {
      let chunk = bytes[fed..<min(fed + 4096, bytes.count)]
      fed += chunk.count
      let result = reader.append(chunk)
      if result != .needMore { return (result, fed) }
    }
    return (.needMore, fed)
  }

  @Test(arguments: [
    Abuse("a 1 MB path", "GET /" + String(repeating: "a", count: 1 << 20), status: 414),
    Abuse("a 1 MB query", "GET /?q=" + String(repeating: "a", count: 1 << 20), status: 414),
    Abuse("a 1 MB header", "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 1 << 20), status: 431),
    Abuse("100,000 headers", "GET / HTTP/1.1\r\n" + String(repeating: "X: a\r\n", count: 100_000), status: 431),
    Abuse(
      "1 MB of 4 KB headers",
      "GET / HTTP/1.1\r\n" + String(repeating: "X: " + String(repeating: "a", count: 4000) + "\r\n", count: 256),
      status: 431),
  ])
  func refusesAfterReadingNoMoreThanTheLimit(abuse: Abuse) {
    let (result, fed) = Self.feed(abuse.bytes)
    guard case .refused(let refusal) = result else {
      Issue.record("not refused: \(result)")
      return
    }
    #expect(refusal.code == abuse.status)
    // The largest limit (32 KB of headers) and one more read.
    #expect(fed <= 32 * 1024 + 16 + 4096, "read \(fed) bytes before refusing")
  }

  @Test func oneByteAtATimeReadsTheSameHeadAsAllAtOnce() {
    let text =
      "\r\nGET /press-release/?at=2026-08-04T00:01 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nCookie:  a=b \r\n"
      + "Connection: keep-alive\r\n\r\nGET /next HTTP/1.0\r\n\r\n"
    var whole = RequestHeadReader(limits: PreviewLimits())
    let all = whole.append(Array(text.utf8))
    var single = RequestHeadReader(limits: PreviewLimits())
    var byByte = RequestHeadReader.Result.needMore
    for byte in text.utf8 where byByte == .needMore { byByte = single.append([byte]) }
    guard case .head(let head) = all else {
      Issue.record("not read: \(all)")
      return
    }
    #expect(byByte == all)
    #expect(head.method == "GET")
    #expect(head.target == "/press-release/?at=2026-08-04T00:01")
    #expect(head.fields.map(\.name) == ["Host", "Cookie", "Connection"])
    #expect(head.fields.map(\.value) == ["127.0.0.1:8000", "a=b", "keep-alive"])
    #expect(head.keepsAlive)
    #expect(head.request.query.first { $0.name == "at" }?.value == "2026-08-04T00:01")
    // The pipelined second request stays for the next read (HTTP/1.0: not kept alive).
    guard case .head(let next) = whole.scan() else {
      Issue.record("the second request was lost")
      return
    }
    #expect(next.target == "/next")
    #expect(!next.keepsAlive)
  }
}
