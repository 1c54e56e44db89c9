import Foundation

/// Stage 4: each document's data tags, then GFM, side by side.
///
/// Withheld documents are rendered too, so their errors are found before release day; only
/// the shown ones become pages (stage 6, which takes each body as soon as it is rendered). The
/// cmark-gfm parse inside each is serialised by PackMarkdown; results and messages are taken in
/// document order, as if one by one.
enum RenderStage {
  /// Every document rendered, and what `then` made of each as soon as it was rendered.
  struct Output<Made: Sendable>: Sendable {
    var rendered: [RenderedDocument]
    /// What `then` made of each rendered document, by its index in `rendered`.
    var made: [Made]
    /// The messages, and the placeholders released bodies showed.
    var output: StageOutput
  }

  /// Renders every document, and hands each body, with the rest of its rendering and whether
  /// rendering it found an error, to `then` as soon as it is made: a body is needed only by its
  /// own page, so the bodies are never all held at once (the page stage makes and writes each
  /// page there and then).
  static func run<Made: Sendable>(
    _ context: BuildContext, then make: @Sendable (RenderedDocument, _ body: String, _ hasErrors: Bool) -> Made
  ) -> Output<Made> {
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
      let (output, diagnostics) = renderer.render(decided.document, data: .map(root), rootPrefix: "../")
      return (output.map { ($0.rendered, make($0.rendered, $0.html, diagnostics.hasErrors)) }, diagnostics)
    }
    var rendered: [RenderedDocument] = []
    var made: [Made] = []
    rendered.reserveCapacity(renderings.count)
    made.reserveCapacity(renderings.count)
    var stageOutput = StageOutput()
    for (output, diagnostics) in renderings {
      stageOutput.diagnostics += diagnostics
      if let output {
        rendered.append(output.0)
        made.append(output.1)
      }
    }
    stageOutput.placeholdersShown = rendered.compactMap { output in
      guard context.decisions[output.document.path]?.isReleased == true, !output.placeholdersShown.isEmpty else { return nil }
      return (output.document.fileName, output.placeholdersShown)
    }
    return Output(rendered: rendered, made: made, output: stageOutput)
  }
}
