import Foundation
import PubPack
import Testing

@testable import PackPreview

#if canImport(Glibc)
  import Glibc
#endif

extension ServerTests {
  /// The preview server over HTTP on 127.0.0.1, each test with its own copy of the sample pack
  /// and its own ephemeral port. Serialized: the edit latency is measured on an idle machine.
  @Suite(.serialized)
  struct PreviewServerTests {
    static let banner =
      "EMBARGOED until 12:01am on Tuesday 4 August 2026 (23:01 UTC on Monday 3 August 2026) - not for publication"

    @Test func withheldPageCarriesTheBannerAndNoindex() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }

      let page = try await preview.get("/press-release/")
      #expect(page.status == 200)
      #expect(page.headers["content-type"] == "text/html; charset=utf-8")
      #expect(page.headers["x-robots-tag"] == "noindex")
      #expect(page.text.contains(Self.banner))
      #expect(page.text.contains("<meta name=\"robots\" content=\"noindex\">"))
      // The control bar and the live-reload script, injected before </body>.
      #expect(page.text.contains("id=\"pubpack-preview\""))
      #expect(page.text.contains("new EventSource(\"/_pubpack/events\")"))
      // A printed preview shows the page and its embargo marking, not the controls over them.
      #expect(page.text.contains("@media print{#pubpack-preview{display:none}}"))
      #expect(page.text.contains("@top-center { content: \""))
      #expect(
        page.text.range(of: "</body>")?.lowerBound ?? page.text.startIndex
          > page.text.range(of: "pubpack-preview")!.lowerBound)

      // Every response carries the header: the landing page, assets, feeds, errors.
      for target in ["/", "/assets/pubpack.css", "/feed.xml", "/sitemap.xml", "/no-such-page/", "/press-release"] {
        let response = try await preview.get(target)
        #expect(response.headers["x-robots-tag"] == "noindex", "\(target)")
        #expect(response.headers["cache-control"] == "no-store", "\(target)")
      }
      // The time control: a London time input set to the release instant, and presets for a
      // minute before and the moment the embargo lifts.
      #expect(
        page.text.contains("<input type=\"datetime-local\" id=\"pubpack-at\" name=\"at\" value=\"2026-08-04T00:01\""))
      #expect(
        page.text.contains(
          "<a href=\"?at=2026-08-03T23:00:00Z\">midnight on Tuesday 4 August 2026 (a minute before)</a>")
      )
      #expect(
        page.text.contains("<a href=\"?at=2026-08-03T23:01:00Z\">12:01am on Tuesday 4 August 2026 (embargo lifts)</a>"))

      let landing = try await preview.get("/")
      #expect(landing.text.contains("Embargoed documents are listed: not for publication"))
      #expect(landing.text.contains("<meta name=\"robots\" content=\"noindex\">"))
    }

    @Test func atSwitchesToTheReleaseBuildAtThatInstant() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }

      // One minute before the embargo lifts, the public sees no press release.
      let before = try await preview.get("/press-release/?at=2026-08-04T00:00")
      #expect(before.status == 404)
      #expect(before.headers["x-robots-tag"] == "noindex")
      #expect(before.headers["set-cookie"]?.hasPrefix("pubpack-at=2026-08-03T23:00:00Z;") == true)
      #expect(before.text.contains("Public view"))
      let landingBefore = try await preview.get("/?at=2026-08-04T00:00")
      #expect(landingBefore.status == 200)
      #expect(!landingBefore.text.contains("press-release/"))
      #expect(!landingBefore.text.contains("EMBARGOED"))

      // At the release instant (the boundary is released) and after: there, with no banner.
      for at in ["2026-08-04T00:01", "2026-08-03T23:01:00Z", "2026-08-05T09:00"] {
        let page = try await preview.get("/press-release/?at=\(at)")
        #expect(page.status == 200, "at \(at)")
        #expect(!page.text.contains("EMBARGOED"), "at \(at)")
        #expect(!page.text.contains("<meta name=\"robots\""), "at \(at): the release build is as published")
        #expect(page.headers["x-robots-tag"] == "noindex")
        #expect(page.text.contains("Public view"))
      }

      // The cookie keeps the view for plain links; `?at=` (empty) goes back to the author view.
      let viaCookie = try await preview.get("/press-release/", headers: ["Cookie": "pubpack-at=2026-08-03T23:00:00Z"])
      #expect(viaCookie.status == 404)
      let released = try await preview.get(
        "/press-release/", headers: ["Cookie": "other=1; pubpack-at=2026-08-03T23:01:00Z"])
      #expect(released.status == 200)
      #expect(!released.text.contains("EMBARGOED"))
      let back = try await preview.get("/press-release/?at=", headers: ["Cookie": "pubpack-at=2026-08-03T23:00:00Z"])
      #expect(back.status == 200)
      #expect(back.text.contains(Self.banner))
      #expect(back.headers["set-cookie"]?.contains("Max-Age=0") == true)

      // A folder URL without its slash keeps the chosen instant through the redirect.
      let redirect = try await preview.get("/press-release?at=2026-08-04T00:01")
      #expect(redirect.status == 302)
      #expect(redirect.headers["location"] == "/press-release/?at=2026-08-04T00:01")

      // An unreadable instant says why, never "midnight" or "now".
      let unreadable = try await preview.get("/?at=2026-08-04")
      #expect(unreadable.status == 400)
      #expect(unreadable.text.contains("is a date with no time"))
    }

    @Test(arguments: [
      "/../../etc/passwd",
      "/assets/../../Package.swift",
      "/assets/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E/%2E%2E/etc/passwd",
      "/assets/%2e%2e/%2e%2e/content/inspection.yaml",
      "/..%2f..%2fetc%2fpasswd",
      "/assets%2fpubpack.css",
      "/%252e%252e/%252e%252e/etc/passwd",
      "/assets/%252e%252e%252fpubpack.css",
      "/%25252e%25252e/etc/passwd",
      "/press-release/..%5c..%5cPackage.swift",
      "//etc/passwd",
      "/etc/passwd",
      "http://127.0.0.1/etc/passwd",
      "/.pubpack-build.json",
      "/assets/",
      "/assets",
      "/content/inspection.yaml",
      "/templates/layout.mustache",
      "/press-release/%00",
      "/assets/linked-secret.txt",
    ])
    func traversalAndListingAttemptsAre404(target: String) async throws {
      let fixture = try PackFixture()
      // A symlink out of the pack, in the pack's assets: never served (no document uses it,
      // and nothing is served from the disk anyway).
      try FileManager.default.createDirectory(atPath: fixture.content + "/assets", withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(
        atPath: fixture.content + "/assets/linked-secret.txt", withDestinationPath: "/etc/passwd")
      let preview = try await RunningPreview.start(fixture: fixture)
      defer { Task { await preview.stop() } }

      let response = try await preview.get(target)
      #expect(response.status == 404, "\(target) answered \(response.status)")
      #expect(!response.text.contains("root:"))
      #expect(response.headers["x-robots-tag"] == "noindex")
    }

    @Test func requestsToOtherHostNamesAreRefused() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      // A page elsewhere that rebinds its own name to 127.0.0.1 gets nothing.
      let rebound = try await preview.get("/press-release/", headers: ["Host": "attacker.example:\(preview.port)"])
      #expect(rebound.status == 421)
      #expect(!rebound.text.contains("EMBARGOED"))
      #expect(rebound.headers["x-robots-tag"] == "noindex")
      for host in ["localhost:\(preview.port)", "127.0.0.1", "[::1]:\(preview.port)"] {
        #expect(try await preview.get("/", headers: ["Host": host]).status == 200, "\(host)")
      }
      #expect(PreviewServer.isLoopbackHostHeader("127.0.0.1:8000"))
      #expect(!PreviewServer.isLoopbackHostHeader("127.0.0.1.attacker.example"))
      #expect(!PreviewServer.isLoopbackHostHeader(nil))
    }

    @Test func folderURLsServeIndexWithAndWithoutTheSlash() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }

      let bare = try await preview.get("/council-report")
      #expect(bare.status == 302)
      #expect(bare.headers["location"] == "/council-report/")
      let slashed = try await preview.get("/council-report/")
      #expect(slashed.status == 200)
      let explicit = try await preview.get("/council-report/index.html")
      #expect(explicit.status == 200)
      #expect(explicit.text == slashed.text)
      let root = try await preview.get("/")
      #expect(root.status == 200)

      #expect(try await preview.get("/assets/pubpack.css").headers["content-type"] == "text/css; charset=utf-8")
      #expect(try await preview.get("/sitemap.xml").headers["content-type"] == "application/xml; charset=utf-8")
      #expect(try await preview.get("/feed.xml").headers["content-type"] == "application/atom+xml; charset=utf-8")

      let head = try await preview.get("/council-report/", method: "HEAD")
      #expect(head.status == 200)
      #expect(head.headers["content-length"] == String(slashed.body.count))
      #expect(head.body.isEmpty)
      let post = try await preview.get("/council-report/", method: "POST")
      #expect(post.status == 405)
    }

    @Test func anEditIsServedAndOpenPagesAreToldToReload() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let events = try EventStreamClient(port: preview.port)
      defer { events.close() }

      let first = await events.next()
      #expect(first == "1")
      #expect(events.head.contains("text/event-stream"))
      #expect(events.head.lowercased().contains("x-robots-tag: noindex"))

      let original = try preview.fixture.read("content/press-release.md")
      let marker = "Edited in the preview test."
      let clock = ContinuousClock()
      let start = clock.now
      try preview.fixture.write("content/press-release.md", original + "\n\(marker)\n")
      let served = try await eventually {
        try await preview.get("/press-release/").text.contains(marker)
      }
      let latency = clock.now - start
      #expect(served)
      let reload = await events.nextGeneration(after: "1")
      #expect(reload == "2")
      print("edit-to-served latency: \(latency)")
      // The public view is rebuilt from the edited source too.
      #expect(try await preview.get("/press-release/?at=2026-08-05T09:00").text.contains(marker))
      #expect(latency < .milliseconds(1000), "edit served after \(latency)")
    }

    @Test func anEditorsSaveByRenameIsPickedUp() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      // Many editors write a hidden temporary file and rename it over the document.
      let original = try preview.fixture.read("content/council-report.md")
      try preview.fixture.write("content/.council-report.md.tmp", original + "\nSaved by rename.\n")
      #expect(
        rename(preview.fixture.content + "/.council-report.md.tmp", preview.fixture.content + "/council-report.md") == 0
      )
      #expect(try await eventually { try await preview.get("/council-report/").text.contains("Saved by rename.") })
    }

    @Test func aBrokenEditShowsTheDiagnosticsAndAFixRecovers() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let events = try EventStreamClient(port: preview.port)
      defer { events.close() }
      #expect(await events.next() == "1")

      let original = try preview.fixture.read("content/press-release.md")
      try preview.fixture.write("content/press-release.md", original + "\nOur <b>{{council.nmae}}</b> & more.\n")
      let broken = await events.nextGeneration(after: "1")
      #expect(broken == "2")
      #expect(!preview.server.isBuildSucceeding)

      let page = try await preview.get("/press-release/")
      #expect(page.status == 500)
      #expect(page.text.contains("Build failed"))
      #expect(page.text.contains("press-release.md:"))
      #expect(page.text.contains("council.nmae"))
      // The source line, escaped: the author's text is never served as markup.
      #expect(page.text.contains("Our &lt;b&gt;{{council.nmae}}&lt;/b&gt; &amp; more."))
      #expect(!page.text.contains(PreviewServerTests.banner), "no stale page")
      #expect(page.headers["x-robots-tag"] == "noindex")
      #expect(page.text.contains("new EventSource"), "the error page reloads itself when fixed")
      // Every page shows it, not only the broken one.
      #expect(try await preview.get("/").status == 500)
      #expect(try await preview.get("/council-report/").text.contains("council.nmae"))
      #expect(try await preview.get("/assets/pubpack.css").status == 503)
      #expect(try await preview.get("/../../etc/passwd").status == 404)

      try preview.fixture.write("content/press-release.md", original)
      #expect(await events.nextGeneration(after: "2") == "3")
      let fixed = try await preview.get("/press-release/")
      #expect(fixed.status == 200)
      #expect(fixed.text.contains(PreviewServerTests.banner))
    }

    @Test func aTemplateEditIsPickedUpToo() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let layout = try preview.fixture.read("templates/layout.mustache")
      try preview.fixture.write(
        "templates/layout.mustache", layout.replacingOccurrences(of: "<footer", with: "<p>Template edit</p>\n<footer"))
      #expect(try await eventually { try await preview.get("/").text.contains("<p>Template edit</p>") })
    }

    @Test func checkWarningsAreShownInTheControlBar() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      #expect(!(try await preview.get("/").text.contains("from pubpack check")))
      let webpage = try preview.fixture.read("content/webpage.md")
      try preview.fixture.write("content/webpage.md", webpage + "\nRead more [here](https://example.com/more).\n")
      #expect(
        try await eventually {
          let text = try await preview.get("/ofsted-inspection/").text
          return text.contains("1 warning from pubpack check") && text.contains("the link text &#39;here&#39; does not say where it goes")
        })
    }

    @Test func aFileInANewSubfolderIsWatched() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      try FileManager.default.createDirectory(
        atPath: preview.fixture.content + "/assets/new-folder", withIntermediateDirectories: true)
      #expect(await eventually { preview.server.generation >= 2 })
      let generation = preview.server.generation
      try await Task.sleep(for: .milliseconds(100))
      try preview.fixture.write("content/assets/new-folder/note.txt", "hello")
      #expect(await eventually { preview.server.generation > generation })
    }

    @Test func pollingPicksUpAnEdit() async throws {
      let preview = try await RunningPreview.start(watch: .polling)
      defer { Task { await preview.stop() } }
      // Let the first look at the files happen before the edit.
      try await Task.sleep(for: .milliseconds(100))
      let original = try preview.fixture.read("content/webpage.md")
      try preview.fixture.write("content/webpage.md", original + "\nPolled edit.\n")
      #expect(
        try await eventually(timeout: .seconds(5)) {
          try await preview.get("/ofsted-inspection/").text.contains("Polled edit.")
        })
    }

    @Test func aPreviewSessionNeverWritesTheSite() async throws {
      let fixture = try PackFixture()
      let realSite = PackFixture.packageRoot + "/site"
      let realSiteBefore = Self.fingerprint(realSite)
      let packBefore = Self.fingerprint(fixture.root)

      let preview = try await RunningPreview.start(fixture: fixture)
      for target in ["/", "/press-release/", "/press-release/?at=2026-08-04T00:01", "/feed.xml", "/assets/pubpack.css"]
      {
        _ = try await preview.get(target)
      }
      let original = try fixture.read("content/webpage.md")
      try fixture.write("content/webpage.md", original + "\nA session edit.\n")
      #expect(try await eventually { try await preview.get("/ofsted-inspection/").text.contains("A session edit.") })
      try fixture.write("content/webpage.md", original)
      #expect(try await eventually { try await !preview.get("/ofsted-inspection/").text.contains("A session edit.") })
      await preview.server.stop()

      #expect(!FileManager.default.fileExists(atPath: fixture.root + "/site"))
      #expect(!FileManager.default.fileExists(atPath: fixture.content + "/site"))
      // Not a file added, removed or changed anywhere in the pack (the edit was undone).
      #expect(Self.fingerprint(fixture.root).keys == packBefore.keys)
      #expect(Self.fingerprint(realSite) == realSiteBefore, "the repository's site/ is untouched")
      fixture.remove()
    }

    @Test func twoThousandRequestsEightAtATimeAreAllAnswered() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let targets = ["/", "/press-release/", "/council-report/", "/assets/pubpack.css", "/feed.xml", "/press-release"]
      let expected = [200, 200, 200, 200, 200, 302]
      let clock = ContinuousClock()
      let start = clock.now
      let answered = try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<8 {
          group.addTask {
            var ok = 0
            for i in 0..<250 {
              let index = (worker + i) % targets.count
              let response = try await preview.get(targets[index])
              if response.status == expected[index], response.headers["x-robots-tag"] == "noindex" { ok += 1 }
            }
            return ok
          }
        }
        return try await group.reduce(0, +)
      }
      print("2,000 requests, 8 at a time: \(clock.now - start)")
      #expect(answered == 2000)
    }

    @Test func aTakenPortIsReportedClearly() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let second = PreviewServer(
        PreviewConfiguration(
          content: preview.fixture.content, templates: preview.fixture.templates, at: beforeRelease, port: preview.port,
          watch: .none))
      await #expect(throws: PreviewError.portInUse(host: "127.0.0.1", port: preview.port)) {
        _ = try await second.start()
      }
      #expect(PreviewError.portInUse(host: "127.0.0.1", port: 8000).diagnostic.rendered.contains("already in use"))
    }

    @Test func stoppingEndsTheEventStreamsAndClosesThePort() async throws {
      let preview = try await RunningPreview.start()
      let events = try EventStreamClient(port: preview.port)
      #expect(await events.next() == "1")
      let clock = ContinuousClock()
      let start = clock.now
      await preview.server.stop()
      #expect(clock.now - start < .seconds(3))
      #expect(await eventually { events.isEnded })
      await #expect(throws: (any Error).self) { _ = try await preview.get("/") }
      preview.fixture.remove()
    }

    /// Every file under `root` with its size and contents hash; empty when `root` does not exist.
    static func fingerprint(_ root: String) -> [String: Int] {
      var result: [String: Int] = [:]
      guard let enumerator = FileManager.default.enumerator(atPath: root) else { return result }
      while let path = enumerator.nextObject() as? String {
        if let data = FileManager.default.contents(atPath: root + "/" + path) { result[path] = data.hashValue }
      }
      return result
    }
  }
}
