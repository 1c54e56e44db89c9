import Foundation
import Testing

@testable import PubPack

/// A pack written into a fresh temporary folder from files given inline in the test.
///
/// `TestPack.standard` is a small, complete pack; a test overrides or adds the files it is
/// about, so its data stays visible in the test.
struct TestPack {
  let root: URL

  var content: String { root.appendingPathComponent("content").path }
  var templates: String { root.appendingPathComponent("templates").path }
  var site: String { root.appendingPathComponent("site").path }

  init(_ files: [String: String], replacing: Bool = false) throws {
    root = Scratch.root.appendingPathComponent("pubpack-test-\(UUID().uuidString)")
    let all = replacing ? files : Self.standard.merging(files) { _, new in new }
    for (path, text) in all { try write(path, text) }
  }

  func write(_ path: String, _ text: String) throws {
    try write(path, Data(text.utf8))
  }

  func write(_ path: String, _ data: Data) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
  }

  func remove(_ path: String) throws {
    try FileManager.default.removeItem(at: root.appendingPathComponent(path))
  }

  func build(at instant: String, mode: BuildMode = .release) -> Build {
    Pipeline.build(BuildRequest(content: content, templates: templates, mode: mode, at: Self.instant(instant)))
  }

  /// Builds and writes into `site/`; returns the build and the writer's diagnostics.
  @discardableResult
  func buildSite(at instant: String) -> (Build, [Diagnostic]) {
    let build = build(at: instant)
    guard build.succeeded else { return (build, build.diagnostics) }
    return (build, SiteWriter.write(build, to: site))
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
