/// Maps a request path onto the files of a build, refusing anything that is not plainly one
/// of them.
///
/// The preview serves only files the build produced, from memory, so no path can reach the
/// disk; these checks are the second wall, and they make every trick answer 404 rather than a
/// redirect or an error that hints at what exists:
/// - the path must start with a single `/` (no absolute-form targets, no `//host`);
/// - percent-encoded `.` `/` `\` `%` and NUL are refused outright (`%2e%2e`, `%2f`, and
///   double encoding such as `%252e`);
/// - after one decoding: no `.` or `..` segment, no hidden (`.name`) segment, no empty
///   segment inside the path, no backslash and no control character.
///
/// A folder URL serves its `index.html`, with or without the trailing slash: without it, the
/// answer is a redirect to the slashed URL so that the page's relative links work. A folder
/// without an `index.html` is not listed: 404.
enum SitePath {
  enum Resolution: Equatable, Sendable {
    /// Serve this file (a key of the build's files).
    case file(String)
    /// Redirect to this path (the same path with a trailing slash).
    case redirect(String)
    case notFound
  }

  /// The segments of a safe request path, or nil for anything refused.
  ///
  /// `"/"` gives `[""]`; `"/a/b/"` gives `["a", "b", ""]` (the last empty segment is the
  /// trailing slash).
  static func segments(of rawPath: String) -> [String]? {
    guard rawPath.hasPrefix("/"), !rawPath.hasPrefix("//") else { return nil }
    let lowered = rawPath.lowercased()
    for refused in ["%2e", "%2f", "%5c", "%25", "%00"] where lowered.contains(refused) { return nil }
    guard let decoded = rawPath.removingPercentEncoding else { return nil }
    for scalar in decoded.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\\" || scalar == "%" { return nil }
    }
    let segments = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    for (index, segment) in segments.enumerated() {
      if segment.isEmpty {
        // Only the last segment may be empty: the trailing slash (or "/" itself).
        guard index == segments.count - 1 else { return nil }
        continue
      }
      if segment.hasPrefix(".") { return nil }
    }
    return segments
  }

  /// Whether the request asks for a page (a folder URL or an `.html` file) rather than an asset.
  static func isPageRequest(_ rawPath: String) -> Bool {
    guard let segments = segments(of: rawPath), let last = segments.last else { return false }
    return last.isEmpty || last.hasSuffix(".html") || !last.contains(".")
  }

  /// Resolves `rawPath` (as sent, still percent-encoded) against the files for which `exists`
  /// is true. `query` (without `?`) is carried into a redirect.
  static func resolve(_ rawPath: String, query: String = "", exists: (String) -> Bool) -> Resolution {
    guard let segments = segments(of: rawPath), let last = segments.last else { return .notFound }
    let joined = segments.joined(separator: "/")
    if last.isEmpty {
      let key = joined + "index.html"
      return exists(key) ? .file(key) : .notFound
    }
    if exists(joined) { return .file(joined) }
    if exists(joined + "/index.html") {
      return .redirect(rawPath + "/" + (query.isEmpty ? "" : "?" + query))
    }
    return .notFound
  }
}
