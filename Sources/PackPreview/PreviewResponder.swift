import FlyingFox
import Foundation
import PubPack

/// Answers one request for a site file from a snapshot: the page or asset, a redirect to the
/// folder URL, a 404, or (while the build is failing) the diagnostics page.
///
/// Every answer carries `X-Robots-Tag: noindex` and `Cache-Control: no-store` (the same URL
/// changes with each edit and with the chosen view; and nothing embargoed should sit in a
/// cache), and every HTML answer gets the preview control bar and live-reload script before
/// `</body>`.
struct PreviewResponder: Sendable {
  /// The instant the author view decides by (`--at`, or the clock read once by the command).
  var authorInstant: Instant

  /// - Parameters:
  ///   - rawPath: the request path as sent, still percent-encoded.
  ///   - rawQuery: the query as sent, without `?`, carried into a redirect.
  ///   - snapshot: the build for the request's view.
  ///   - authorGeneration: the author build the live-reload script compares against.
  func respond(
    rawPath: String, rawQuery: String, isHead: Bool, snapshot: PreviewSnapshot, authorGeneration: Int
  ) -> HTTPResponse {
    let overlay = PreviewPages.overlay(
      view: snapshot.view, generation: authorGeneration, embargoes: snapshot.embargoes,
      releasedCount: snapshot.succeeded ? snapshot.releasedCount : nil,
      documentCount: snapshot.succeeded ? snapshot.documentCount : nil, authorInstant: authorInstant,
      warnings: snapshot.succeeded ? snapshot.diagnostics.filter { $0.severity == .warning } : [])

    guard snapshot.succeeded else {
      // Refused paths stay 404 even while the build is failing.
      guard SitePath.segments(of: rawPath) != nil else {
        return page(.notFound, PreviewPages.notFound(view: snapshot.view), overlay, isHead)
      }
      if SitePath.isPageRequest(rawPath) {
        return page(
          .internalServerError, PreviewPages.failedBuild(snapshot.diagnostics, view: snapshot.view), overlay, isHead)
      }
      return Self.response(
        .serviceUnavailable, type: "text/plain; charset=utf-8",
        body: Data("the build failed: open any page to see why\n".utf8), isHead: isHead)
    }

    switch SitePath.resolve(rawPath, query: rawQuery, exists: { snapshot.files[$0] != nil }) {
    case .file(let path):
      guard let contents = snapshot.files[path] else {
        return page(.notFound, PreviewPages.notFound(view: snapshot.view), overlay, isHead)
      }
      let type = ContentType.of(path)
      let body = type.hasPrefix("text/html") ? PreviewPages.inject(overlay, into: contents) : contents
      return Self.response(.ok, type: type, body: body, isHead: isHead)
    case .redirect(let location):
      var response = Self.response(.found, type: "text/plain; charset=utf-8", body: Data(), isHead: isHead)
      response.headers[.location] = location
      return response
    case .notFound:
      return page(.notFound, PreviewPages.notFound(view: snapshot.view), overlay, isHead)
    }
  }

  func page(_ status: HTTPStatusCode, _ html: String, _ overlay: String, _ isHead: Bool) -> HTTPResponse {
    Self.response(
      status, type: "text/html; charset=utf-8", body: PreviewPages.inject(overlay, into: Data(html.utf8)),
      isHead: isHead)
  }

  /// A response with the headers every preview answer carries.
  static func response(_ status: HTTPStatusCode, type: String, body: Data, isHead: Bool) -> HTTPResponse {
    var headers = HTTPHeaders()
    headers[.contentType] = type
    headers[HTTPHeader("X-Robots-Tag")] = "noindex"
    headers[.cacheControl] = "no-store"
    headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
    headers[HTTPHeader("Referrer-Policy")] = "no-referrer"
    headers[HTTPHeader("X-Frame-Options")] = "SAMEORIGIN"
    if isHead {
      // HEAD: the headers a GET would send, no body.
      headers[.contentLength] = String(body.count)
      return HTTPResponse(statusCode: status, headers: headers, body: Data())
    }
    return HTTPResponse(statusCode: status, headers: headers, body: body)
  }
}
