import Foundation
import PubPack

/// The HTML the preview adds to the site: the control bar and live-reload script injected into
/// every page, and the pages of its own (a failed build, not found, an unreadable `at`).
///
/// None of it is ever part of a build: it exists only in the preview server's responses.
enum PreviewPages {
  /// The path of the Server-Sent Events stream that tells open pages to reload.
  static let eventsPath = "/_pubpack/events"

  /// Inserts `overlay` before the last `</body>` of `html` (or at the end when there is none).
  static func inject(_ overlay: String, into html: Data) -> Data {
    let marker = Data("</body>".utf8)
    let upper = Data("</BODY>".utf8)
    let position = [html.range(of: marker, options: .backwards), html.range(of: upper, options: .backwards)]
      .compactMap { $0?.lowerBound }.max()
    var out = Data()
    out.reserveCapacity(html.count + overlay.utf8.count)
    if let position {
      out.append(html[html.startIndex..<position])
      out.append(Data(overlay.utf8))
      out.append(html[position...])
    } else {
      out.append(html)
      out.append(Data(overlay.utf8))
    }
    return out
  }

  /// The control bar ("as the public will see it at T") and the live-reload script.
  ///
  /// `generation` is the author build the page was made from: the script reloads the page when
  /// the server announces any other (the stream starts with the current one, so an edit made
  /// while the page loaded is not missed). Hidden tabs close their stream and reopen it when
  /// shown: a browser allows only six connections to one server, and each stream holds one.
  static func overlay(
    view: PreviewView, generation: Int, embargoes: [Instant], releasedCount: Int?, documentCount: Int?,
    authorInstant: Instant, warnings: [Diagnostic] = []
  ) -> String {
    var status: String
    let inputValue: String
    switch view {
    case .author:
      status =
        "<strong>Author view</strong>: every document, withheld ones marked. Decided as at \(escape(LondonTime.longWithUTC(authorInstant)))."
      inputValue = londonWallClock(embargoes.first ?? authorInstant)
    case .publicAt(let instant):
      status = "<strong>Public view</strong>: as the public will see it at \(escape(LondonTime.longWithUTC(instant)))."
      if let releasedCount, let documentCount {
        status += " \(releasedCount) of \(documentCount) document\(documentCount == 1 ? "" : "s") released."
      }
      inputValue = londonWallClock(instant)
    }
    var presets: [String] = []
    for embargo in embargoes {
      let before = embargo.adding(seconds: -60)
      presets.append("<a href=\"?at=\(before.rfc3339)\">\(escape(LondonTime.long(before))) (a minute before)</a>")
      presets.append("<a href=\"?at=\(embargo.rfc3339)\">\(escape(LondonTime.long(embargo))) (embargo lifts)</a>")
    }
    if view != .author { presets.append("<a href=\"?at=\">back to the author view</a>") }
    // `check`'s warnings, so the author sees them while writing, as the failed-build page shows
    // the errors.
    var findings = ""
    if !warnings.isEmpty {
      let items = warnings.sortedForDisplay().map { "<li><pre style=\"white-space:pre-wrap;margin:0\">\(escape($0.rendered))</pre></li>" }
      findings = """
        <details style="margin:.3em 0 0"><summary>\(warnings.count) warning\(warnings.count == 1 ? "" : "s") from pubpack check</summary>
        <ul style="margin:.3em 0 0;padding-left:1.2em">\(items.joined())</ul></details>
        """
    }
    return """
      <div id="pubpack-preview" role="region" aria-label="Preview controls" style="position:sticky;bottom:0;z-index:2147483647;\
      margin:0;padding:.6em 1em;background:#0b0c0c;color:#fff;font:16px/1.4 Arial,sans-serif;border-top:4px solid #ffdd00">
      <p style="margin:0 0 .3em">\(status)</p>
      <form method="get" action="" style="margin:0;display:flex;flex-wrap:wrap;gap:.5em;align-items:center">
      <label for="pubpack-at">Show as the public will see it at (London time)</label>
      <input type="datetime-local" id="pubpack-at" name="at" value="\(inputValue)" step="60">
      <button type="submit">Show</button>
      </form>
      <p style="margin:.3em 0 0" class="pubpack-presets">\(presets.joined(separator: " | "))</p>
      \(findings)
      <style>#pubpack-preview a{color:#fff}#pubpack-preview a:focus{background:#fd0;color:#0b0c0c}\
      @media print{#pubpack-preview{display:none}}</style>
      </div>
      <script>(function(){if(!window.EventSource)return;var g="\(generation)",s=null,p={generation:g,events:null};\
      window.pubpackPreview=p;\
      function open(){if(s)return;s=new EventSource("\(eventsPath)");p.events=s;\
      s.onmessage=function(e){if(e.data!==g){s.close();location.reload();}};}\
      function close(){if(s){s.close();s=null;p.events=null;}}\
      document.addEventListener("visibilitychange",function(){if(document.hidden){close();}else{open();}});\
      if(!document.hidden)open();})();</script>

      """
  }

  /// The page shown instead of every page while the last build failed.
  static func failedBuild(_ diagnostics: [Diagnostic], view: PreviewView) -> String {
    let errors = diagnostics.filter { $0.severity == .error }.count
    var items = ""
    for diagnostic in diagnostics.sortedForDisplay() {
      items += "<li><pre class=\"diagnostic\">\(escape(diagnostic.rendered))</pre>"
      if let location = diagnostic.location, let excerpt = sourceExcerpt(location) {
        items += "<pre class=\"source\">\(escape(excerpt))</pre>"
      }
      items += "</li>\n"
    }
    let what = view == .author ? "The preview build" : "The release build for this instant"
    return page(
      title: "Build failed",
      body: """
        <h1>Build failed</h1>
        <p>\(what) failed with \(errors) error\(errors == 1 ? "" : "s"). Fix the file\(errors == 1 ? "" : "s") \
        below and save: this page reloads by itself when the build succeeds. No page is shown until then.</p>
        <ol class="diagnostics">
        \(items)</ol>
        """)
  }

  /// A 404 page: in the public view, most often a document not yet released at that instant.
  static func notFound(view: PreviewView) -> String {
    var text = "<p>There is no page at this address in this build.</p>"
    if case .publicAt(let instant) = view {
      text =
        "<p>There is no page at this address as the public will see the site at \(escape(LondonTime.longWithUTC(instant))): "
        + "the document may not be released yet at that instant.</p>"
    }
    return page(
      title: "Page not found", body: "<h1>Page not found</h1>\n\(text)\n<p><a href=\"/\">Go to the landing page</a></p>"
    )
  }

  /// The page for an `?at=` that is not an instant.
  static func unreadableInstant(_ raw: String, failure: InstantParser.Failure) -> String {
    let notes = failure.notes.map { "<li>\(escape($0))</li>" }.joined()
    return page(
      title: "Cannot read the time",
      body: """
        <h1>Cannot read the time</h1>
        <p>\(escape(failure.message))</p>
        <ul>\(notes)</ul>
        <p><a href="?at=">Back to the author view</a></p>
        """)
  }

  static func page(title: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en-GB">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>\(escape(title)) - pubpack preview</title>
    <style>body{font:16px/1.5 Arial,sans-serif;margin:0;color:#0b0c0c}main{max-width:60em;margin:0 auto;padding:1em}\
    pre{white-space:pre-wrap;margin:.2em 0}pre.diagnostic{font-weight:bold;color:#d4351c}\
    pre.source{background:#f3f2f1;padding:.5em;border-left:4px solid #d4351c}</style>
    </head>
    <body>
    <main>
    \(body)
    </main>
    </body>
    </html>

    """
  }

  /// The source line a diagnostic points at, with a caret under its column:
  ///
  ///     12 | Judged {{judgments.overallEffectiveness.grade}}
  ///        |        ^
  static func sourceExcerpt(_ location: SourceLocation) -> String? {
    guard location.line >= 1, let data = FileManager.default.contents(atPath: location.path),
      let text = String(data: data, encoding: .utf8)
    else { return nil }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard location.line <= lines.count else { return nil }
    let line = lines[location.line - 1].replacingOccurrences(of: "\r", with: "")
    let number = String(location.line)
    let gutter = String(repeating: " ", count: number.count)
    let caret = String(repeating: " ", count: max(location.column - 1, 0)) + "^"
    return "\(number) | \(line)\n\(gutter) | \(caret)"
  }

  /// The London wall-clock time of an instant as an `<input type="datetime-local">` value.
  static func londonWallClock(_ instant: Instant) -> String {
    let shifted = Instant(secondsSince1970: instant.secondsSince1970 + Int64(LondonTime.offset(at: instant)))
    return String(shifted.rfc3339.prefix(16))
  }

  static func escape(_ text: String) -> String { escapingMarkup(text) }
}
