import Foundation
import PubPack

/// How a request chooses its view: `?at=INSTANT`, else the `pubpack-at` cookie, else the
/// author's view.
///
/// `?at=INSTANT` shows the site as the public will see it at that instant and sets the cookie,
/// so that the links on the page (which are plain relative links, as published) stay in that
/// view; `?at=` (empty) goes back to the author's view and clears the cookie. The cookie is
/// per browser, not per tab: every open preview tab follows the last choice.
struct ViewChoice: Equatable, Sendable {
  static let cookieName = "pubpack-at"

  var view: PreviewView
  /// The `Set-Cookie` value to send, when the query changed the view.
  var setCookie: String?
  /// Why `?at=` could not be read (the parser's message and notes).
  var failure: InstantParser.Failure?

  static func choose(queryAt: String?, cookieHeader: String?) -> ViewChoice {
    if let queryAt {
      let text = queryAt.trimmingCharacters(in: .whitespaces)
      if text.isEmpty {
        return ViewChoice(view: .author, setCookie: "\(cookieName)=; Path=/; Max-Age=0; SameSite=Strict; HttpOnly")
      }
      switch InstantParser.parse(text, fractions: .roundDown) {
      case .success(let instant):
        return ViewChoice(
          view: .publicAt(instant),
          setCookie: "\(cookieName)=\(instant.rfc3339); Path=/; SameSite=Strict; HttpOnly")
      case .failure(let failure):
        return ViewChoice(view: .author, setCookie: nil, failure: failure)
      }
    }
    if let value = cookie(named: cookieName, in: cookieHeader), case .success(let instant) = InstantParser.parse(value, fractions: .roundDown)
    {
      return ViewChoice(view: .publicAt(instant), setCookie: nil)
    }
    return ViewChoice(view: .author, setCookie: nil)
  }

  /// The value of one cookie in a `Cookie:` header.
  static func cookie(named name: String, in header: String?) -> String? {
    guard let header else { return nil }
    for pair in header.split(separator: ";") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else { continue }
      if parts[0].trimmingCharacters(in: .whitespaces) == name {
        return parts[1].trimmingCharacters(in: .whitespaces)
      }
    }
    return nil
  }
}
