import Foundation

/// Stage 4: each document's data tags, then GFM, side by side.
///
/// Withheld documents are rendered too, so their errors are found before release day; only
/// the shown ones become pages (stage 6). The cmark-gfm parse inside each is serialised by
/// PackMarkdown; results and messages are taken in document order, as if one by one.
enum RenderStage {
  /// Every document rendered, and each body for its page to take once.
  struct Output: Sendable {
    var rendered: [RenderedDocument]
    /// Each rendered body, by its index in `rendered`.
    var bodies: Handoff<String>
    /// The messages, and the placeholders released bodies showed.
    var output: StageOutput
  }

  static func run(_ context: BuildContext) -> Output {
    let renderer = DocumentRenderer(
      pack: context.pack, data: context.data, decisions: context.decisions, isRelease: context.mode == .release)
    let documents = context.documents
    let renderings = concurrentMap(documents.count) { index in
      let decided = documents[index]
      // A page with `embargo: none` comes out before the report, in every build: its body gets
      // no fact of the inspection to show, and naming one is an error (embargo rule 2).
      var root = context.pageRoot(
        decided.document.embargo == .none ? context.earlyData : context.data, current: decided.document.slug,
        documents: context.pageListing)
      root["page"] = context.pageData(decided)
      return renderer.render(decided.document, data: .map(root), rootPrefix: "../")
    }
    var rendered: [RenderedDocument] = []
    var bodies: [String] = []
    var stageOutput = StageOutput()
    for (output, diagnostics) in renderings {
      stageOutput.diagnostics += diagnostics
      if let output {
        rendered.append(output.rendered)
        bodies.append(output.html)
      }
    }
    stageOutput.placeholdersShown = rendered.compactMap { output in
      guard context.decisions[output.document.path]?.isReleased == true, !output.placeholdersShown.isEmpty else { return nil }
      return (output.document.fileName, output.placeholdersShown)
    }
    // Each body is handed to its page once and let go (withheld ones are never taken), so the
    // pages and the bodies are not all held at once.
    return Output(rendered: rendered, bodies: Handoff(bodies), output: stageOutput)
  }
}
