import Foundation

/// Stage 4: each document's data tags, then GFM, side by side.
///
/// Withheld documents are rendered too, so their errors are found before release day; only
/// the shown ones become pages (stage 6, which takes each body as soon as it is rendered). The
/// cmark-gfm parse inside each is serialised by PackMarkdown; results and messages are taken in
/// document order, as if one by one.
enum RenderStage {
  /// One document as this stage hands it on, as soon as it is rendered.
  struct Rendering {
    var decided: DecidedDocument
    /// The body as written (read again from its file: see `PackLoader.body(of:fileSystem:)`).
    var body: String
    /// What rendering found, links and all; nil when the body could not be rendered.
    var rendered: RenderedDocument?
    /// The body's HTML, for the page.
    var html: String
    /// Whether rendering it found an error.
    var hasErrors: Bool
  }

  /// Every document rendered, and what `then` made of each as soon as it was rendered.
  struct Output<Made: Sendable>: Sendable {
    /// What rendering found, once `then` has read it: without the bodies and links.
    var rendered: [RenderedDocument]
    /// What `then` made of each document whose body could be read, in document order.
    var made: [Made]
    /// The messages, and the placeholders released bodies showed.
    var output: StageOutput
  }

  /// Renders every document, and hands each, with its body as written and its HTML, to `then`
  /// as soon as it is made: a body is needed only by its own checks and page, so the bodies
  /// are never all held at once (the checks and the page stage run there and then).
  static func run<Made: Sendable>(_ context: BuildContext, then make: @Sendable (Rendering) -> Made) -> Output<Made> {
    let renderer = DocumentRenderer(
      pack: context.pack, data: context.data, decisions: context.decisions, isRelease: context.mode == .release)
    let documents = context.documents
    let fileSystem = context.request.fileSystem
    let renderings = concurrentMap(documents.count) { index -> (RenderedDocument?, Made?, [Diagnostic]) in
      let decided = documents[index]
      let (read, unread) = PackLoader.body(of: decided.document, fileSystem: fileSystem)
      guard let body = read else { return (nil, nil, unread) }
      // A page with `embargo: none` comes out before the report, in every build: its body gets
      // no fact of the inspection to show, and naming one is an error (embargo rule 2).
      var root = context.pageRoot(
        decided.document.embargo == .none ? context.earlyData : context.data, current: decided.document.slug,
        documents: context.pageListing)
      root["page"] = context.pageData(decided)
      let (output, diagnostics) = renderer.render(decided.document, body: body, data: .map(root), rootPrefix: "../")
      let made = make(
        Rendering(
          decided: decided, body: body, rendered: output?.rendered, html: output?.html ?? "",
          hasErrors: diagnostics.hasErrors))
      return (output?.rendered.checked, made, diagnostics)
    }
    var rendered: [RenderedDocument] = []
    var made: [Made] = []
    rendered.reserveCapacity(renderings.count)
    made.reserveCapacity(renderings.count)
    var stageOutput = StageOutput()
    for (output, madeOfIt, diagnostics) in renderings {
      stageOutput.diagnostics += diagnostics
      if let output { rendered.append(output) }
      if let madeOfIt { made.append(madeOfIt) }
    }
    stageOutput.placeholdersShown = rendered.compactMap { output in
      guard context.decisions[output.document.path]?.isReleased == true, !output.placeholdersShown.isEmpty else { return nil }
      return (output.document.fileName, output.placeholdersShown)
    }
    return Output(rendered: rendered, made: made, output: stageOutput)
  }
}
