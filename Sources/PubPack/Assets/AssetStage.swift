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
    for name in assetUsers.keys.sorted() {
      let users = assetUsers[name] ?? []
      guard let contents = readAsset(name, in: pack.contentPath("assets"), realFolder: pack.assetFolders.content, fileSystem)
      else {
        output.diagnostics.append(unread(pack.contentPath("assets/" + name)))
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
      guard
        let contents = readAsset(
          name, in: join(pack.templatesDirectory, "assets"), realFolder: pack.assetFolders.theme, fileSystem)
      else {
        output.diagnostics.append(unread(join(pack.templatesDirectory, "assets/" + name)))
        continue
      }
      output.files.append(SiteFile(path: "assets/" + name, contents: contents, sources: [], notBefore: nil))
    }
    return output
  }

  /// An asset that was not, when read, the file the load stage listed.
  static func unread(_ path: String) -> Diagnostic {
    .error(
      at: SourceLocation(path: path, line: 1, column: 1), "cannot read \(path) as the file the build began with",
      notes: [
        "it may have been moved, or it or a folder on its way replaced by a link, while pubpack was building",
        "check that it is a file (not a link) in its assets folder, then build again",
      ])
  }

  /// The asset `name` (a path under `folder`), read as the regular file at exactly its real path
  /// under the folder as the load stage found it (`realFolder`): the load stage listed the file
  /// there, and a file or folder on its way changed into a link since (to somewhere outside,
  /// or to an asset only withheld pages use) would publish what the link leads to.
  static func readAsset(_ name: String, in folder: String, realFolder: String?, _ fileSystem: FileSystem) -> Data? {
    guard let realFolder, let (contents, real) = fileSystem.regularFile(join(folder, name)),
      real.utf8.elementsEqual((realFolder == "/" ? "/" + name : realFolder + "/" + name).utf8)
    else { return nil }
    return contents
  }
}
