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
    let fileSystem = context.request.fileSystem
    let assetsFolder = fileSystem.realPath(pack.contentPath("assets"))
    for name in assetUsers.keys.sorted() {
      let users = assetUsers[name] ?? []
      // The load stage found a file inside the folder; it is read as one, and must be one when
      // read: a file changed into a link meanwhile would publish whatever it leads to.
      guard let (contents, real) = fileSystem.regularFile(pack.contentPath("assets/" + name)),
        let assetsFolder, real.hasPrefix(assetsFolder == "/" ? "/" : assetsFolder + "/")
      else {
        output.diagnostics.append(
          .error(
            at: nil, "cannot read \(pack.contentPath("assets/" + name)) as a file inside \(pack.contentPath("assets"))/",
            notes: [
              "it was there when the build began: it may have been moved, or replaced by a link, while pubpack was building",
              "check that it is a file (not a link) in the assets folder, then build again",
            ]))
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
