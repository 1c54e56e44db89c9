import Foundation

/// What `send` has sent, per distribution list, from `content/send.log`: for `status`.
public enum SendStatus {
  /// One document of one list.
  public struct Document: Sendable, Encodable, Equatable {
    public var file: String
    /// Recipients of the list who have had some version of it.
    public var sentTo: Int
    public var recipients: Int
    /// Recipients whose last attempt was refused by the relay.
    public var refused: [String]
    /// The last message that went, in London time and UTC; nil if none did.
    public var lastSent: String?
    /// Distinct versions (digests) sent: more than one means a CORRECTED copy went.
    public var versions: Int
  }

  public struct List: Sendable, Encodable, Equatable {
    public var name: String
    public var documents: [Document]
  }

  /// Each list of the pack with what was sent, or nil when the pack has no `distribution:`;
  /// a malformed one gives its errors.
  public static func lists(content: String) -> ([List]?, [Diagnostic]) {
    let path = join(content, "pack.yaml")
    guard let data = FileManager.default.contents(atPath: path),
      String(decoding: data, as: UTF8.self).split(separator: "\n").contains(where: { $0.hasPrefix("distribution:") })
    else { return (nil, []) }
    let (loaded, diagnostics) = Distribution.load(content: content)
    guard let distribution = loaded else { return (nil, diagnostics) }
    let log = SendLog.read(content: content)
    let lists = distribution.lists.keys.sorted().compactMap { distribution.lists[$0] }.map { list in
      List(
        name: list.name,
        documents: list.documents.map { file in
          let recipients = Set(list.recipients.map { $0.lowercased() })
          let entries = log.filter { $0.document == file && recipients.contains($0.recipient.lowercased()) }
          let sent = entries.filter { $0.result == "sent" }
          var lastResult: [String: String] = [:]
          for entry in entries { lastResult[entry.recipient.lowercased()] = entry.result }
          let last = sent.compactMap { entry -> Instant? in
            if case .success(let instant) = InstantParser.parse(entry.at) { return instant }
            return nil
          }.max()
          return Document(
            file: file, sentTo: Set(sent.map { $0.recipient.lowercased() }).count, recipients: recipients.count,
            refused: lastResult.filter { $0.value == "refused" }.map(\.key).sorted(),
            lastSent: last.map(LondonTime.longWithUTC), versions: Set(sent.map(\.digest)).count)
        })
    }
    return (lists, diagnostics)
  }
}
