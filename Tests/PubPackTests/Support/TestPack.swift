import Foundation
import Testing

@testable import PubPack

/// A pack made from files given inline in the test.
///
/// `TestPack.standard` is a small, complete pack; a test overrides or adds the files it is
/// about, so its data stays visible in the test.
///
/// The pack lives in memory, and `build(at:)` reads it from there (through the pipeline's
/// `FileSystem` seam), until a test asks for a path on the disk (`root`, `content`,
/// `templates`, to run the executable or to make a link): then it is written into a fresh
/// folder under `Scratch.root`, and everything from there on reads and writes the disk.
struct TestPack: Sendable {
  private let store: Store
  private let rootPath: String

  /// The pack's folder on the disk, written there on first use.
  var root: URL {
    store.materialise(at: rootPath)
    return URL(fileURLWithPath: rootPath)
  }
  var content: String { root.appendingPathComponent("content").path }
  var templates: String { root.appendingPathComponent("templates").path }
  var site: String { rootPath + "/site" }

  init(_ files: [String: String], replacing: Bool = false) throws {
    rootPath = Scratch.root.appendingPathComponent("pubpack-test-\(UUID().uuidString)").path
    let all = replacing ? files : Self.standard.merging(files) { _, new in new }
    store = Store()
    for (path, text) in all { try store.write(path, Data(text.utf8), root: rootPath) }
  }

  func write(_ path: String, _ text: String) throws {
    try write(path, Data(text.utf8))
  }

  func write(_ path: String, _ data: Data) throws {
    try store.write(path, data, root: rootPath)
  }

  func remove(_ path: String) throws {
    try store.remove(path, root: rootPath)
  }

  func build(at instant: String, mode: BuildMode = .release) -> Build {
    Pipeline.build(request(at: instant, mode: mode))
  }

  func request(at instant: String, mode: BuildMode = .release) -> BuildRequest {
    BuildRequest(
      content: rootPath + "/content", templates: rootPath + "/templates", mode: mode, at: Self.instant(instant),
      fileSystem: store.fileSystem(root: rootPath))
  }

  /// Builds and writes into `site/` as `pubpack build` does (each page streamed to the staging
  /// folder as it is made); returns the build and the writer's diagnostics.
  @discardableResult
  func buildSite(at instant: String) -> (Build, [Diagnostic]) {
    let (build, written) = SiteWriter.build(request(at: instant), to: site)
    guard build.succeeded else { return (build, build.diagnostics) }
    return (build, written)
  }

  /// Every file under `site/` (the manifest included), relative to it, sorted.
  func siteFiles() -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: site) else { return [] }
    var files: [String] = []
    while let path = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: site + "/" + path, isDirectory: &isDirectory)
      if !isDirectory.boolValue { files.append(path) }
    }
    return files.sorted()
  }

  func siteText(_ path: String) -> String? {
    FileManager.default.contents(atPath: site + "/" + path).map { String(decoding: $0, as: UTF8.self) }
  }

  static func instant(_ text: String) -> Instant {
    guard case .success(let instant) = InstantParser.parse(text) else {
      Issue.record("bad instant in test: \(text)")
      return Instant(secondsSince1970: 0)
    }
    return instant
  }

  /// The messages of a build's errors, rendered as the user sees them.
  static func errors(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.filter { $0.severity == .error }.map(\.rendered)
  }

  static let inspection = """
    council:
      name: Testborough Council
      ofstedName: Testborough
    inspection:
      type: ilacsStandard
      frameworkVersion: ilacs2023
      onSiteStart: 2026-06-08
      onSiteEnd: 2026-06-19
    embargo:
      liftsAt: 2026-08-04T00:01
    judgements:
      overallEffectiveness: good
      impactOfLeaders: good
      helpAndProtection: requiresImprovement
      childrenInCare: good
      careLeavers: outstanding
    """

  static let standard: [String: String] = [
    "content/pack.yaml": """
      site:
        title: Test pack
        baseURL: https://www.test.example/ofsted/
      """,
    "content/inspection.yaml": inspection,
    "content/webpage.md": """
      ---
      title: Our inspection
      kind: webpage
      summary: What Ofsted found.
      ---
      {{council.name}} was judged {{judgements.overallEffectiveness.gradeLower}}.
      """,
    "templates/layout.mustache": """
      <html><head><title>{{page.title}}</title></head><body>{{#page.banner}}<p class="banner">{{page.banner}}</p>{{/page.banner}}<nav>{{#documents}}<a href="{{url}}">{{title}}</a>{{/documents}}</nav>{{$main}}{{/main}}</body></html>
      """,
    "templates/index.mustache": """
      {{<layout}}{{$main}}<h1>{{site.title}}</h1>{{#documents}}<p>{{title}}: {{summary}}</p>{{/documents}}{{/main}}{{/layout}}
      """,
    "templates/webpage.mustache": "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
    "templates/council-report.mustache": "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
    "templates/press-release.mustache": "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
    "templates/page.mustache": "{{<layout}}{{$main}}<h1>{{page.title}}</h1>{{{page.content}}}{{/main}}{{/layout}}",
  ]
}

/// The package's root folder (for the sample pack and the shared data beside it).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// `../shared` beside the package: test data that a newcomer's clone does not have.
let sharedFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
let hasSharedFolder = FileManager.default.fileExists(atPath: sharedFolder.path)

/// A test pack's files: in memory until the disk is asked for, then on the disk alone. Files
/// outside `content/` and `templates/` (a site folder made beforehand) go to the disk at once:
/// a build never reads them, and what writes the site does.
private final class Store: @unchecked Sendable {
  private let lock = NSLock()
  private var files: [String: Data] = [:]
  private var isOnDisk = false

  func materialise(at root: String) {
    lock.withLock {
      guard !isOnDisk else { return }
      for (path, data) in files { try? Self.writeToDisk(path, data, root: root) }
      isOnDisk = true
    }
  }

  func write(_ path: String, _ data: Data, root: String) throws {
    try lock.withLock {
      if isOnDisk || !(path.hasPrefix("content/") || path.hasPrefix("templates/")) {
        try Self.writeToDisk(path, data, root: root)
      } else {
        files[path] = data
      }
    }
  }

  func remove(_ path: String, root: String) throws {
    try lock.withLock {
      if isOnDisk || !(path.hasPrefix("content/") || path.hasPrefix("templates/")) {
        try FileManager.default.removeItem(atPath: root + "/" + path)
      } else {
        let folder = path.hasSuffix("/") ? path : path + "/"
        let removed = files.keys.filter { $0 == path || $0.hasPrefix(folder) }
        guard !removed.isEmpty else { throw CocoaError(.fileNoSuchFile) }
        for key in removed { files[key] = nil }
      }
    }
  }

  func fileSystem(root: String) -> FileSystem {
    lock.withLock {
      isOnDisk ? .disk : .memory(Dictionary(uniqueKeysWithValues: files.map { (root + "/" + $0.key, $0.value) }))
    }
  }

  private static func writeToDisk(_ path: String, _ data: Data, root: String) throws {
    let url = URL(fileURLWithPath: root + "/" + path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
  }
}
