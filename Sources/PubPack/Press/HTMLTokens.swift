import Foundation

/// A small tokenizer for the HTML pubpack itself writes (templates and cmark-gfm output).
///
/// It is not a general HTML parser: it reads start tags with quoted or bare attributes, end
/// tags, comments and text, which is all pubpack's own pages contain. The press copy uses it to
/// restyle and to flatten the press release page.
enum HTMLToken: Equatable {
  case start(name: String, attributes: [(name: String, value: String)], isSelfClosing: Bool)
  case end(name: String)
  case text(String)

  static func == (a: HTMLToken, b: HTMLToken) -> Bool {
    switch (a, b) {
    case (.start(let n1, let a1, let s1), .start(let n2, let a2, let s2)):
      n1 == n2 && s1 == s2 && a1.map(\.name) == a2.map(\.name) && a1.map(\.value) == a2.map(\.value)
    case (.end(let n1), .end(let n2)): n1 == n2
    case (.text(let t1), .text(let t2)): t1 == t2
    default: false
    }
  }

  /// Splits `html` into tokens; text is kept as written (entities not decoded).
  static func tokenize(_ html: String) -> [HTMLToken] {
    var tokens: [HTMLToken] = []
    var rest = html[...]
    while !rest.isEmpty {
      guard let open = rest.firstIndex(of: "<") else {
        tokens.append(.text(String(rest)))
        break
      }
      if open > rest.startIndex { tokens.append(.text(String(rest[..<open]))) }
      let tail = rest[open...]
      if tail.hasPrefix("<!--") {
        let close = tail.range(of: "-->")?.upperBound ?? tail.endIndex
        rest = tail[close...]
        continue
      }
      guard let close = tail.firstIndex(of: ">") else {
        tokens.append(.text(String(tail)))
        break
      }
      let inner = tail[tail.index(after: tail.startIndex)..<close]
      rest = tail[tail.index(after: close)...]
      if inner.hasPrefix("/") {
        tokens.append(.end(name: inner.dropFirst().trimmingCharacters(in: .whitespaces).lowercased()))
      } else if inner.hasPrefix("!") {
        continue  // <!DOCTYPE html>
      } else {
        tokens.append(startTag(inner))
      }
    }
    return tokens
  }

  private static func startTag(_ inner: Substring) -> HTMLToken {
    var body = inner
    let isSelfClosing = body.hasSuffix("/")
    if isSelfClosing { body = body.dropLast() }
    let name = body.prefix { !$0.isWhitespace }.lowercased()
    var rest = body.dropFirst(name.count)
    var attributes: [(name: String, value: String)] = []
    while true {
      rest = rest.drop { $0.isWhitespace }
      guard !rest.isEmpty else { break }
      let attributeName = rest.prefix { !$0.isWhitespace && $0 != "=" }
      rest = rest.dropFirst(attributeName.count).drop { $0.isWhitespace }
      var value = ""
      if rest.hasPrefix("=") {
        rest = rest.dropFirst().drop { $0.isWhitespace }
        if let quote = rest.first, quote == "\"" || quote == "'" {
          let afterQuote = rest.dropFirst()
          let end = afterQuote.firstIndex(of: quote) ?? afterQuote.endIndex
          value = String(afterQuote[..<end])
          rest = end < afterQuote.endIndex ? afterQuote[afterQuote.index(after: end)...] : afterQuote[end...]
        } else {
          let bare = rest.prefix { !$0.isWhitespace }
          value = String(bare)
          rest = rest.dropFirst(bare.count)
        }
      }
      if attributeName.isEmpty { break }
      attributes.append((String(attributeName).lowercased(), value))
    }
    return .start(name: name, attributes: attributes, isSelfClosing: isSelfClosing)
  }

  /// Decodes the character references pubpack's pages use (named ones for `& < > " '`, the
  /// copyright sign and no-break space, and every numeric one).
  static func decode(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var out = ""
    var rest = text[...]
    while let amp = rest.firstIndex(of: "&") {
      out += rest[..<amp]
      let tail = rest[amp...]
      guard let semi = tail.prefix(12).firstIndex(of: ";") else {
        out += "&"
        rest = tail.dropFirst()
        continue
      }
      let name = tail[tail.index(after: amp)..<semi]
      var replacement: String?
      switch name {
      case "amp": replacement = "&"
      case "lt": replacement = "<"
      case "gt": replacement = ">"
      case "quot": replacement = "\""
      case "apos": replacement = "'"
      case "nbsp": replacement = "\u{00A0}"
      case "copy": replacement = "©"
      default:
        if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16),
          let scalar = Unicode.Scalar(code)
        {
          replacement = String(Character(scalar))
        } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
          replacement = String(Character(scalar))
        }
      }
      if let replacement {
        out += replacement
        rest = tail[tail.index(after: semi)...]
      } else {
        out += "&"
        rest = tail.dropFirst()
      }
    }
    out += rest
    return out
  }
}
