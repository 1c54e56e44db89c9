import PackMarkdown

/// Checks the rules that span documents: unique slugs, embargo settings, templates present.
public enum PackValidator {
  /// Templates every build needs besides one per document kind.
  static let requiredTemplates = ["layout", "index"]

  public static func validate(_ pack: LoadedPack) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let packRelease = pack.inspection.embargo.liftsAt

    diagnostics += lookAlikeFileNames(pack.documents)
    // By the slug in lower case: a case-insensitive web server or file system (macOS's, Windows')
    // serves `Report/` and `report/` from one folder.
    var bySlug: [String: Document] = [:]
    for document in pack.documents {
      // At the 'slug:' line, or the top of the file when the slug comes from the file name.
      let at = frontMatterLocation(of: "slug", in: document)
      if let other = bySlug[LookAlikeName.key(document.slug)] {
        let sameText = Array(other.slug.utf8) == Array(document.slug.utf8)
        diagnostics.append(
          .error(
            at: at,
            "the slug '\(document.slug)' is already used by \(other.path)"
              + (sameText ? "" : " (as '\(other.slug)': slugs that differ only in case are one address)"),
            notes: [
              "two documents would be written to the same page; set a different 'slug:' in one of them"
            ]))
      } else {
        bySlug[LookAlikeName.key(document.slug)] = document
      }
      if LookAlikeName.key(document.slug) == "assets" {
        diagnostics.append(
          .error(at: at, "the slug '\(document.slug)' is reserved for images and files (site/assets/)", notes: ["choose another slug"]))
      }

      switch document.embargo {
      case .later(let instant) where instant < packRelease:
        diagnostics.append(
          .error(
            at: frontMatterLocation(of: "embargo", in: document),
            "the document's embargo (\(LondonTime.longWithUTC(instant))) is earlier than the pack's release instant (\(LondonTime.longWithUTC(packRelease)))",
            notes: [
              "a document may only be released later than the pack; remove 'embargo:' to use the pack's instant"
            ]))
      case .none where document.kind.isAboutInspection:
        diagnostics.append(
          .error(
            at: frontMatterLocation(of: "embargo", in: document),
            "'embargo: none' is not allowed on a \(document.kind.rawValue): it is about the inspection",
            notes: [
              "only 'kind: page' documents that say nothing about the inspection may be released before it",
              "remove 'embargo: none' to release it with the pack",
            ]))
      default:
        break
      }
    }

    let kinds = Set(pack.documents.map(\.kind.rawValue))
    for name in (requiredTemplates + kinds.sorted()) where pack.templates[name] == nil {
      diagnostics.append(
        .error(
          at: nil, "the template '\(pack.templatePath(name))' is missing",
          notes: [
            name == "layout" || name == "index"
              ? "every pack needs \(name).mustache; copy it from pubpack's templates/ folder"
              : "documents of kind '\(name)' are rendered with \(name).mustache; add it to \(pack.templatesDirectory)/"
          ]))
    }
    // Partials named in templates must exist: swift-mustache would render a missing one as "".
    for (name, text) in pack.templates.sorted(by: { $0.key < $1.key }) {
      for tag in WrittenTag.all(in: text) where tag.namesAPartial && !tag.name.hasPrefix("*") {
        guard !tag.name.isEmpty, pack.templates[tag.name] == nil else { continue }
        diagnostics.append(
          .error(
            at: SourceLocation(path: pack.templatePath(name), line: tag.line, column: tag.column),
            "the partial '\(tag.name)' does not exist",
            notes: ["add \(pack.templatePath(tag.name)) or correct the name"]))
      }
    }
    return diagnostics
  }

  /// Two documents whose file names are one name to some file system or web server (`é` and
  /// `e` + U+0301, `Report.md` and `report.md`, a zero-width space): every later stage keys
  /// documents by name, and Swift's `==` takes canonically equivalent names for one, so a
  /// withheld document could be taken for a released one. Refused, naming both.
  static func lookAlikeFileNames(_ documents: [Document]) -> [Diagnostic] {
    let byName = Dictionary(documents.map { (Array($0.fileName.utf8), $0) }, uniquingKeysWith: { a, _ in a })
    return LookAlikeName.collisions(documents.map(\.fileName)).compactMap { name, earlier in
      guard let document = byName[Array(name.utf8)], let other = byName[Array(earlier.utf8)] else { return nil }
      return .error(
        at: SourceLocation(path: document.path, line: 1, column: 1),
        "the file names \(LookAlikeName.shown(document.fileName)) and \(LookAlikeName.shown(other.fileName)) (\(other.path)) \(LookAlikeName.difference(document.fileName, other.fileName))",
        notes: [
          "pubpack, links and web servers could take one document for the other; rename one of the two files"
        ])
    }
  }

  /// The line of a front-matter key in a document (the top of the file if not found).
  static func frontMatterLocation(of key: String, in document: Document) -> SourceLocation {
    document.fieldLocations[key] ?? SourceLocation(path: document.path, line: 1, column: 1)
  }
}
