import Foundation

/// After publishing: fetch each file of the release from the address the web server serves it
/// at, and compare it with what was uploaded (`publish --check-url BASE`).
///
/// `x/index.html` is fetched as `BASE/x/` and `index.html` as `BASE`, as a visitor would; every
/// other file at `BASE/path`. The fetching is passed in (the command layer uses URLSession), so
/// the library does no networking of its own and the tests need no server.
public enum SmokeCheck {
  /// What fetching one address gave: the body of a 200 response, or why there was none.
  public enum Fetched: Sendable {
    case body(Data)
    case failed(String)
  }

  /// The address of each file of `manifest` under `base`, in manifest order.
  public static func addresses(_ manifest: BuildManifest, base: String) -> [(path: String, url: String)] {
    let root = base.hasSuffix("/") ? base : base + "/"
    return manifest.files.map { entry in
      let path = entry.path
      if path == "index.html" { return (path, root) }
      if path.hasSuffix("/index.html") { return (path, root + String(path.dropLast("index.html".count))) }
      return (path, root + path)
    }
  }

  /// One problem per file the server does not serve exactly as uploaded; empty when all match.
  public static func problems(
    manifest: BuildManifest, base: String, fetch: (String) -> Fetched
  ) -> [Diagnostic] {
    let note =
      "the release is live; a cache in front of the server may still hold the old copy: check again in a few minutes, or 'pubpack rollback'"
    var problems: [Diagnostic] = []
    let hashes = Dictionary(manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    for (path, url) in addresses(manifest, base: base) {
      switch fetch(url) {
      case .failed(let reason):
        problems.append(.error(at: nil, "check: \(url) could not be fetched: \(reason)", notes: [note]))
      case .body(let data):
        if BuildManifest.sha256(data) != hashes[path] {
          problems.append(.error(at: nil, "check: \(url) is not the \(path) that was published", notes: [note]))
        }
      }
    }
    return problems
  }
}
