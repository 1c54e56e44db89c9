/// A link from a document to a file of the pack, as written: `council-report.md#findings`,
/// `./press-release.md?utm_source=feed`, `assets/chart.png`.
struct PackLink: Equatable {
  /// The file, without a leading `./`: `council-report.md`, `assets/chart.png`.
  var path: String
  /// What follows the file, kept on the rewritten link: `?utm_source=feed`, `#findings`, or "".
  var suffix: String
  /// The heading the link points at, without its `#`; nil when there is none.
  var anchor: String?

  init(_ destination: String) {
    var path = Substring(destination)
    var suffix: Substring = ""
    if let mark = destination.firstIndex(where: { $0 == "?" || $0 == "#" }) {
      path = destination[..<mark]
      suffix = destination[mark...]
    }
    if path.hasPrefix("./") { path = path.dropFirst(2) }
    self.path = String(path)
    self.suffix = String(suffix)
    anchor = suffix.firstIndex(of: "#").map { String(suffix[suffix.index(after: $0)...]) }
  }
}
