import Foundation

/// Stage 8: the theme, and each content asset a shown document uses (and nothing else).
///
/// A content asset carries the embargo of the earliest document that uses it: it goes out with
/// the first page that shows it, never before.
enum AssetStage {
  static func run(_ context: BuildContext, rendered: [RenderedDocument]) -> StageOutput {
    var output = StageOutput()
    let pack = context.pack
    var assetUsers: [String: [DecidedDocument]] = [:]
    for document in rendered {
      guard let decided = context.shownByPath[document.document.path], decided.document.isSameFile(as: document.document)
      else { continue }
      for name in document.assetsUsed { assetUsers[name, default: []].append(decided) }
    }
    for name in assetUsers.keys.sorted() {
      let users = assetUsers[name] ?? []
      guard let contents = context.request.fileSystem.contents(pack.contentPath("assets/" + name)) else {
        output.diagnostics.append(
          .error(at: nil, "cannot read \(pack.contentPath("assets/" + name))", notes: ["check that the file is there and readable"]))
        continue
      }
      output.files.append(
        SiteFile(
          path: "assets/" + name, contents: contents, sources: users.map(\.document.path).sorted(),
          notBefore: users.compactMap(\.decision.embargo).min()))
    }
    // By `LookAlikeName.key`: `Style.css` and `style.css` are one file on a case-insensitive disk.
    let contentAssetKeys = Set(assetUsers.keys.map(LookAlikeName.key))
    for name in pack.themeAssets {
      if contentAssetKeys.contains(LookAlikeName.key(name)) {
        output.diagnostics.append(
          .error(
            at: SourceLocation(path: join(pack.templatesDirectory, "assets/" + name), line: 1, column: 1),
            "the theme file assets/\(name) has the same name as a content asset",
            notes: ["rename content/assets/\(name)"]))
        continue
      }
      guard let contents = context.request.fileSystem.contents(join(pack.templatesDirectory, "assets/" + name)) else {
        continue
      }
      output.files.append(SiteFile(path: "assets/" + name, contents: contents, sources: [], notBefore: nil))
    }
    return output
  }
}
