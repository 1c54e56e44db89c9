import Foundation
import PubPack
import Testing

@testable import PackPreview

extension ServerTests {
  /// Edits that used to crash the preview (a template that includes itself) or stall it (YAML
  /// aliases, nesting thousands deep) show a located error in the browser, and the preview
  /// keeps serving and recovers when the file is put back.
  @Suite(.serialized)
  struct PreviewUnboundedEditTests {
    struct Edit: Sendable {
      var file: String
      var change: @Sendable (String) -> String
      /// Text the error page shows, with its location.
      var shown: String
    }

    static let edits: [Edit] = [
      Edit(
        file: "templates/judgements.mustache", change: { $0 + "{{>judgements}}\n" },
        shown: "templates/judgements.mustache:12:1: error: {{&gt;judgements}} includes the template it is in"),
      Edit(
        file: "templates/webpage.mustache",
        change: { $0.replacingOccurrences(of: "{{/main}}", with: "{{$main}}again{{/main}}\n{{/main}}") },
        shown: "is inside the text that fills in the block {{$main}}"),
      Edit(
        file: "content/webpage.md",
        change: {
          $0 + String(repeating: "{{#council}}", count: 3000) + String(repeating: "{{/council}}", count: 3000)
        },
        shown: "opens a section 51 deep"),
      Edit(
        file: "content/pack.yaml",
        change: { text in
          var lines = [text, "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
          for level in 1...9 {
            lines.append(
              "lol\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
          }
          return lines.joined(separator: "\n")
        },
        shown: "content/pack.yaml:"),
      Edit(
        file: "content/webpage.md", change: { $0 + "\n" + String(repeating: "- ", count: 20_000) + "a\n" },
        shown: "lists and block quotes are nested more than 32 deep here"),
    ]

    @Test func anEditThatWouldRecurseOrRunAwayShowsALocatedErrorAndThePreviewCarriesOn() async throws {
      let preview = try await RunningPreview.start()
      defer { Task { await preview.stop() } }
      let events = try EventStreamClient(port: preview.port)
      defer { events.close() }
      var generation = await events.next()
      #expect(generation == "1")
      for edit in Self.edits {
        let original = try preview.fixture.read(edit.file)
        try preview.fixture.write(edit.file, edit.change(original))
        generation = await events.nextGeneration(after: generation ?? "")
        #expect(!preview.server.isBuildSucceeding, "\(edit.file)")
        let page = try await preview.get("/ofsted-inspection/")
        #expect(page.status == 500)
        #expect(page.text.contains(edit.shown), "\(edit.shown) not in:\n\(page.text.prefix(3000))")

        try preview.fixture.write(edit.file, original)
        generation = await events.nextGeneration(after: generation ?? "")
        #expect(preview.server.isBuildSucceeding, "put back \(edit.file)")
        #expect(try await preview.get("/ofsted-inspection/").status == 200)
      }
    }
  }
}
