import Foundation

/// The pack's distribution lists and SMTP relay, from `distribution:` in `content/pack.yaml`.
public struct Distribution: Sendable {
  /// The relay `send` hands every message to.
  public struct Relay: Sendable, Equatable {
    /// `smtp://host:port` (STARTTLS) or `smtps://host:port` (TLS from the start).
    public var url: String
    public var host: String
    public var from: String
    public var user: String?
    /// The environment variable that holds the password (never the password itself).
    public var passwordEnv: String?

    /// Loopback relays (a test server, a local MTA) may be spoken to without TLS.
    public var isLoopback: Bool {
      host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
  }

  /// A named list: who gets which documents.
  public struct List: Sendable, Equatable {
    public var name: String
    /// Document file names, e.g. `press-release.md`.
    public var documents: [String]
    public var recipients: [String]
    public var location: SourceLocation
  }

  public var relay: Relay
  public var lists: [String: List]

  /// An address we are willing to put in an envelope and a `To:` header: one `@`, no spaces,
  /// no control characters, nothing that would start a second header or a second address.
  public static func isPlainAddress(_ address: String) -> Bool {
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
      !parts[1].hasSuffix(".")
    else { return false }
    return address.unicodeScalars.allSatisfy {
      $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>(),;:\"[]\\".unicodeScalars.contains($0)
    }
  }

  /// Reads `distribution:` from `content/pack.yaml` (and each list's `toFile`, in `content/`).
  public static func load(content: String) -> (Distribution?, [Diagnostic]) {
    let path = join(content, "pack.yaml")
    guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
      return (nil, [.error(at: nil, "cannot read \(path)", notes: ["check the --content folder"])])
    }
    let root: YAMLNode?
    do { root = try YAMLNode.parse(text, path: path) } catch { return (nil, error.diagnostics) }
    var r = YAMLReader(path: path)
    let fileStart = SourceLocation(path: path, line: 1, column: 1)
    guard let root, case .mapping(let top) = root.kind, let node = top.first(where: { $0.key == "distribution" })?.value
    else {
      r.error(
        fileStart, "pack.yaml has no 'distribution:' section",
        notes: [
          "add e.g. distribution: { smtp: { url: \"smtp://mail.example:587\", from: press@example, user: press, passwordEnv: PUBPACK_SMTP_PASSWORD }, lists: { journalists: { send: [press-release.md], to: [newsdesk@paper.example] } } }"
        ])
      return (nil, r.diagnostics)
    }
    let section = r.mapping(node, allowed: ["smtp", "lists"], context: "'distribution'") ?? [:]
    var relay: Relay?
    if let smtpNode = section["smtp"] {
      let smtp =
        r.mapping(smtpNode, allowed: ["url", "from", "user", "passwordEnv"], context: "'distribution.smtp'") ?? [:]
      let url = r.string(smtp["url"], "url", required: true, in: smtpNode)
      let from = r.string(smtp["from"], "from", required: true, in: smtpNode)
      let user = r.string(smtp["user"], "user", in: smtpNode)
      let passwordEnv = r.string(smtp["passwordEnv"], "passwordEnv", in: smtpNode)
      var host: String?
      if let url, let urlNode = smtp["url"] {
        let rest = url.hasPrefix("smtp://") ? url.dropFirst(7) : url.hasPrefix("smtps://") ? url.dropFirst(8) : nil
        if let rest {
          let authority =
            rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
          if authority.hasPrefix("[") {
            host = authority.split(separator: "]").first.map { String($0) + "]" }
          } else {
            host = authority.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init)
          }
          if host?.isEmpty ?? true || authority.contains("@") {
            host = nil
            r.error(
              urlNode.location, "the relay '\(url)' names no host",
              notes: ["e.g. url: \"smtp://mail.fernleigh.example:587\""])
          }
        } else {
          r.error(
            urlNode.location, "the relay must be an smtp:// or smtps:// address, not '\(url)'",
            notes: [
              "e.g. url: \"smtp://mail.fernleigh.example:587\" (STARTTLS is required unless the host is loopback)"
            ])
        }
      }
      if let from, let fromNode = smtp["from"], !isPlainAddress(from) {
        r.error(fromNode.location, "'\(from)' is not an email address", notes: ["e.g. from: press@fernleigh.example"])
      }
      if user != nil, passwordEnv == nil, let smtpNode = Optional(smtpNode) {
        r.error(
          smtpNode.location, "the relay has a user but no 'passwordEnv'",
          notes: [
            "name the environment variable that holds the password, e.g. passwordEnv: PUBPACK_SMTP_PASSWORD; never write the password in pack.yaml"
          ])
      }
      if let url, let host, let from {
        relay = Relay(url: url, host: host, from: from, user: user, passwordEnv: passwordEnv)
      }
    } else {
      r.error(
        node.location, "'distribution' has no 'smtp' relay",
        notes: ["add smtp: { url: \"smtp://mail.example:587\", from: press@example }"])
    }
    var lists: [String: List] = [:]
    if let listsNode = section["lists"], case .mapping(let pairs) = listsNode.kind {
      for pair in pairs {
        let l = r.mapping(pair.value, allowed: ["send", "to", "toFile"], context: "list '\(pair.key)'") ?? [:]
        let documents = r.strings(l["send"], "send")
        if documents.isEmpty {
          r.error(pair.keyLocation, "list '\(pair.key)' sends nothing", notes: ["add e.g. send: [press-release.md]"])
        }
        var recipients: [(String, SourceLocation)] = []
        if let toNode = l["to"] {
          if case .sequence(let items) = toNode.kind {
            for item in items {
              if let address = r.string(item, "to", in: toNode) { recipients.append((address, item.location)) }
            }
          } else if let address = r.string(toNode, "to", in: pair.value) {
            recipients.append((address, toNode.location))
          }
        }
        if let fileNode = l["toFile"], let name = r.string(fileNode, "toFile", in: pair.value) {
          let filePath = join(content, name)
          if name.contains("..") || name.hasPrefix("/") {
            r.error(
              fileNode.location, "toFile must name a file in the content folder, not '\(name)'",
              notes: ["e.g. toFile: staff-addresses.txt"])
          } else if let data = FileManager.default.contents(atPath: filePath) {
            for (index, raw) in String(decoding: data, as: UTF8.self).split(
              separator: "\n", omittingEmptySubsequences: false
            ).enumerated() {
              let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
              if line.isEmpty || line.hasPrefix("#") { continue }
              recipients.append((line, SourceLocation(path: filePath, line: index + 1, column: 1)))
            }
          } else {
            r.error(
              fileNode.location, "cannot read the address file \(filePath)",
              notes: ["put one address a line in content/\(name)"])
          }
        }
        if recipients.isEmpty, l["to"] == nil, l["toFile"] == nil {
          r.error(
            pair.keyLocation, "list '\(pair.key)' has no recipients",
            notes: ["add 'to: [someone@example.org]' or 'toFile: addresses.txt'"])
        }
        var seen: Set<String> = []
        var addresses: [String] = []
        for (address, location) in recipients {
          guard isPlainAddress(address) else {
            r.error(
              location, "'\(address)' is not an email address",
              notes: ["write one plain address, e.g. newsdesk@paper.example"])
            continue
          }
          if seen.insert(address.lowercased()).inserted { addresses.append(address) }
        }
        lists[pair.key] = List(name: pair.key, documents: documents, recipients: addresses, location: pair.keyLocation)
      }
    } else {
      r.error(
        node.location, "'distribution' has no 'lists'",
        notes: ["add lists: { journalists: { send: [press-release.md], to: [...] } }"])
    }
    guard !r.diagnostics.hasErrors, let relay else { return (nil, r.diagnostics) }
    return (Distribution(relay: relay, lists: lists), r.diagnostics)
  }
}
