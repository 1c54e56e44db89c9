import Foundation

/// `pubpack send`: each recipient of a distribution list gets its own message (no one sees
/// the others) for each document the list receives, multipart plain text and HTML, with a
/// `Subject` that starts with the embargo line.
///
/// Messages are handed to the relay by curl's SMTP support (`curl --url smtp://… --mail-from
/// … --mail-rcpt … --upload-file …`): curl is installed everywhere pubpack runs, its SMTP,
/// STARTTLS and AUTH code is maintained and audited with the rest of curl, and it keeps TLS
/// certificate checking on by default; a Swift SMTP library would be one more dependency to
/// vet for a few messages a year. The password goes to curl on its standard input as a config
/// line, never on its command line (which `ps` shows) and never into the log.
public enum Sender {
  /// One document ready to send: its copy and the digest of exactly what goes out.
  public struct Item: Sendable {
    public var fileName: String
    public var copy: PressCopy
    /// SHA-256 of the text and HTML parts: the log's "which document".
    public var digest: String
  }

  /// What happens to one recipient and one document.
  public struct Delivery: Sendable {
    public enum Outcome: Sendable, Equatable {
      /// Sent, or (dry run) would be sent.
      case send(corrected: Bool)
      /// Already sent, the same digest, at this instant.
      case alreadySent(at: String)
    }
    public var recipient: String
    public var item: Item
    public var outcome: Outcome
  }

  /// The copies of the documents `list` sends, or the reasons it cannot: a document that is
  /// not in the pack, a draft or exempt, or of a kind that is not sent.
  public static func items(for list: Distribution.List, request: BuildRequest) -> ([Item], [Diagnostic]) {
    var overview = request
    overview.mode = .preview
    let build = Pipeline.build(overview)
    guard build.succeeded else { return ([], build.diagnostics) }
    var diagnostics: [Diagnostic] = []
    var wanted: [(String, DecidedDocument)] = []
    for name in list.documents {
      guard let decided = build.documents.first(where: { $0.document.fileName == name }) else {
        diagnostics.append(
          .error(
            at: list.location, "list '\(list.name)' sends '\(name)', which is not a document of the pack",
            notes: ["name a document's file, e.g. send: [press-release.md]"]))
        continue
      }
      let d = decided.document
      if d.isDraft || d.exemptParagraphs != nil {
        diagnostics.append(
          .error(
            at: list.location,
            "refusing to send '\(name)': it is \(d.isDraft ? "a draft" : "exempt (Schedule 12A) and never published")",
            notes: ["finish it and remove 'draft: true', or take it off the list"]))
        continue
      }
      // A placeholder left in its text would go out to every recipient: held to it as a
      // released page is.
      let (body, unread) = PackLoader.body(of: d, fileSystem: request.fileSystem)
      let placeholders =
        unread + Placeholders.check(d, body: body ?? "", decision: ReleasePolicy.Decision(embargo: nil, reasons: []))
      if placeholders.hasErrors {
        diagnostics += placeholders
        continue
      }
      guard d.kind == .pressRelease || d.kind == .briefing else {
        diagnostics.append(
          .error(
            at: list.location,
            "refusing to send '\(name)': only a press release or a briefing is sent, not a \(d.kind.rawValue)",
            notes: ["link to the page instead once it is published"]))
        continue
      }
      wanted.append((name, decided))
    }
    guard !diagnostics.hasErrors else { return ([], diagnostics) }
    var items: [Item] = []
    let briefingPaths = Set(wanted.filter { $0.1.document.kind == .briefing }.map { $0.1.document.path })
    var copies: [String: PressCopy] = [:]
    if !briefingPaths.isEmpty {
      let (made, problems) = BriefingCopy.make(request, only: briefingPaths)
      diagnostics += problems
      for copy in made { copies[copy.slug] = copy }
    }
    if wanted.contains(where: { $0.1.document.kind == .pressRelease }) {
      let (made, problems) = PressCopy.make(request)
      diagnostics += problems
      for copy in made { copies[copy.slug] = copy }
    }
    // The copies come from builds of their own, after the checks above read the files: a file
    // saved in between (a placeholder typed in, even if taken out again since) would go out
    // unchecked. Each copy must have been made from the very bytes that were checked.
    for (_, decided) in wanted where copies[decided.document.slug]?.source != decided.document.fileMark {
      diagnostics.append(
        .error(
          at: SourceLocation(path: decided.document.path, line: 1, column: 1),
          "\(decided.document.path) changed while pubpack was building",
          notes: ["the copy to send was made from another version of it than the one checked", "save the file, then send again"]))
    }
    guard !diagnostics.hasErrors else { return ([], diagnostics) }
    for (name, decided) in wanted {
      guard let copy = copies[decided.document.slug] else {
        diagnostics.append(
          .error(at: list.location, "no copy of '\(name)' could be made", notes: ["run 'pubpack check'"]))
        continue
      }
      items.append(
        Item(fileName: name, copy: copy, digest: BuildManifest.sha256(Data((copy.text + "\u{0}" + copy.html).utf8))))
    }
    return (items, diagnostics)
  }

  /// Each recipient and document of the list, with what the log says should happen.
  public static func plan(_ list: Distribution.List, items: [Item], log: [SendLog.Entry], again: Bool) -> [Delivery] {
    var deliveries: [Delivery] = []
    for recipient in list.recipients {
      for item in items {
        let sent = log.filter {
          $0.result == "sent" && $0.recipient.lowercased() == recipient.lowercased() && $0.document == item.fileName
        }
        if let same = sent.last(where: { $0.digest == item.digest }), !again {
          deliveries.append(Delivery(recipient: recipient, item: item, outcome: .alreadySent(at: same.at)))
        } else {
          let corrected = sent.contains { $0.digest != item.digest }
          deliveries.append(Delivery(recipient: recipient, item: item, outcome: .send(corrected: corrected)))
        }
      }
    }
    return deliveries
  }

  /// "EMBARGOED …: Title", or "EMBARGOED …: CORRECTED: Title" for a changed document: the
  /// embargo line always comes first, where every mail program shows it.
  public static func subject(_ item: Item, corrected: Bool) -> String {
    item.copy.heading + ": " + (corrected ? "CORRECTED: " : "") + item.copy.title
  }

  /// The whole message, CRLF line ends, ready for `curl --upload-file`.
  public static func message(_ item: Item, to recipient: String, from: String, corrected: Bool, at now: Instant) -> Data
  {
    let boundary = "pubpack-" + String(item.digest.prefix(32))
    let domain = from.split(separator: "@").last.map(String.init) ?? "pubpack.invalid"
    let messageID = BuildManifest.sha256(Data((item.digest + recipient + now.rfc3339).utf8)).prefix(32)
    var lines = [
      "From: \(from)",
      "To: \(recipient)",
      "Subject: \(encodedHeader(subject(item, corrected: corrected)))",
      "Date: \(rfc5322(now))",
      "Message-ID: <\(messageID)@\(domain)>",
      "MIME-Version: 1.0",
      "X-Pubpack-Document: \(item.fileName) sha256=\(item.digest)",
      "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
      "",
      "This is a message in plain text and HTML.",
    ]
    for (type, body) in [("text/plain", item.copy.text), ("text/html", item.copy.html)] {
      lines += [
        "--\(boundary)",
        "Content-Type: \(type); charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
      ]
      let encoded = Data(body.utf8).base64EncodedString()
      var index = encoded.startIndex
      while index < encoded.endIndex {
        let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
        lines.append(String(encoded[index..<end]))
        index = end
      }
    }
    lines.append("--\(boundary)--")
    return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
  }

  /// A header value as RFC 2047 encoded words when it is not plain ASCII.
  static func encodedHeader(_ text: String) -> String {
    if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) { return text }
    var words: [String] = []
    var chunk = ""
    for character in text {
      if (chunk + String(character)).utf8.count > 45 {
        words.append(chunk)
        chunk = ""
      }
      chunk.append(character)
    }
    if !chunk.isEmpty { words.append(chunk) }
    return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
  }

  /// "Mon, 03 Aug 2026 14:00:00 +0000", from the command's instant (never the wall clock).
  static func rfc5322(_ instant: Instant) -> String {
    let days = Int64((Double(instant.secondsSince1970) / 86400).rounded(.down))
    let seconds = instant.secondsSince1970 - days * 86400
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return
      "\(weekday), \(two(day)) \(months[Int(month) - 1]) \(year) \(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60)) +0000"
  }

  /// What the relay said to one message.
  public struct Answer: Sendable {
    public var accepted: Bool
    /// The relay's last reply ("250 OK queued as …"), or curl's error when there was none.
    public var reply: String
  }

  /// Hands one message to the relay with curl.
  ///
  /// `password` is given to curl on its standard input, never on its command line.
  public static func deliver(_ message: Data, to recipient: String, relay: Distribution.Relay, password: String?)
    -> Answer
  {
    let fm = FileManager.default
    let file = fm.temporaryDirectory.appendingPathComponent("pubpack-mail-\(UUID().uuidString).eml")
    defer { try? fm.removeItem(at: file) }
    do { try message.write(to: file) } catch {
      return Answer(
        accepted: false, reply: "cannot write the message to a temporary file: \(error.localizedDescription)")
    }
    var arguments = [
      "curl", "--silent", "--show-error", "--verbose", "--url", relay.url, "--mail-from", relay.from,
      "--mail-rcpt", recipient, "--upload-file", file.path, "--max-time", "60", "--config", "-",
    ]
    // STARTTLS (or smtps) required, certificate checked, unless the relay is on this machine.
    if !relay.isLoopback { arguments.insert("--ssl-reqd", at: 1) }
    var config = ""
    if let user = relay.user {
      let escaped = (user + ":" + (password ?? "")).replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\"", with: "\\\"")
      config = "user = \"\(escaped)\"\n"
    }
    let result: ExternalCommand.Result
    do {
      result = try ExternalCommand(arguments, input: Data(config.utf8), timeout: 90).run()
    } catch {
      return Answer(accepted: false, reply: "cannot run curl: \(error)")
    }
    // Only the relay's replies ("< 250 …") are kept: curl's "> AUTH" lines carry credentials.
    let replies = result.errorOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
      .filter { $0.hasPrefix("< ") }.map { String($0.dropFirst(2)) }
    let curlErrors = result.errorOutput.split(separator: "\n").map(String.init).filter { $0.hasPrefix("curl: ") }
    if result.succeeded {
      return Answer(accepted: true, reply: replies.last ?? "accepted")
    }
    let failing = replies.last(where: { !$0.hasPrefix("2") && !$0.hasPrefix("3") })
    let reply = [failing, curlErrors.last].compactMap { $0 }.joined(separator: " / ")
    return Answer(accepted: false, reply: reply.isEmpty ? "curl exited \(result.status)" : reply)
  }
}

/// The pack's record of what `send` sent: `content/send.log`, one tab-separated line a
/// message (instant, list, recipient, document, digest, result, the relay's answer).
public enum SendLog {
  public static let fileName = "send.log"

  public struct Entry: Sendable, Equatable {
    /// RFC 3339, UTC.
    public var at: String
    public var list: String
    public var recipient: String
    public var document: String
    public var digest: String
    /// `sent` or `refused`.
    public var result: String
    public var reply: String

    public init(
      at: String, list: String, recipient: String, document: String, digest: String, result: String, reply: String
    ) {
      self.at = at
      self.list = list
      self.recipient = recipient
      self.document = document
      self.digest = digest
      self.result = result
      self.reply = reply
    }

    var line: String {
      [at, list, recipient, document, digest, result, reply]
        .map {
          $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
            of: "\r", with: " ")
        }
        .joined(separator: "\t")
    }
  }

  public static func path(content: String) -> String { join(content, fileName) }

  public static func read(content: String) -> [Entry] {
    guard let data = FileManager.default.contents(atPath: path(content: content)) else { return [] }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
      let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard f.count >= 7 else { return nil }
      return Entry(at: f[0], list: f[1], recipient: f[2], document: f[3], digest: f[4], result: f[5], reply: f[6])
    }
  }

  /// Appends one line, at once: a send stopped half-way still has a true record.
  public static func append(_ entry: Entry, content: String) throws {
    let p = path(content: content)
    if !FileManager.default.fileExists(atPath: p) { FileManager.default.createFile(atPath: p, contents: nil) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: p))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((entry.line + "\n").utf8))
  }
}
