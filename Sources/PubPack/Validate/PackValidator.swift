import PackMarkdown

/// Checks the rules that span documents: unique slugs, embargo settings, templates present.
public enum PackValidator {
  /// Templates every build needs besides one per document kind.
  static let requiredTemplates = ["layout", "index"]

  public static func validate(_ pack: LoadedPack) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let packRelease = pack.inspection.embargo.liftsAt

    var bySlug: [String: Document] = [:]
    for document in pack.documents {
      // At the 'slug:' line, or the top of the file when the slug comes from the file name.
      let at = frontMatterLocation(of: "slug", in: document)
      if let other = bySlug[document.slug] {
        diagnostics.append(
          .error(at: at, "the slug '\(document.slug)' is already used by \(other.path)", notes: [
            "two documents would be written to the same page; set a different 'slug:' in one of them"
          ]))
      } else {
        bySlug[document.slug] = document
      }
      if document.slug == "assets" {
        diagnostics.append(.error(at: at, "the slug 'assets' is reserved for images and files", notes: ["choose another slug"]))
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
      case .none:
        diagnostics += inspectionFactsShown(by: document, templates: pack.templates)
      default:
        break
      }
      // swift-mustache renders a partial that does not exist as nothing. (Most bodies have no
      // partial tag, and are not scanned: a tag may have spaces before its sigil.)
      if document.body.containsBytes("{{>") || document.body.containsBytes("{{<") || document.body.containsBytes("{{ ") {
        for tag in WrittenTag.all(in: document.body) where tag.namesAPartial && pack.templates[tag.name] == nil {
          diagnostics.append(
            .error(
              at: SourceLocation(path: document.path, line: tag.line + document.bodyLineOffset, column: tag.column),
              "the partial '\(tag.name)' does not exist",
              notes: ["add \(pack.templatePath(tag.name)) or correct the name"]))
        }
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

  /// A page with `embargo: none` is published before the report (embargo rule 2): each tag in
  /// its body that shows a fact of the inspection, directly or through a partial, is an error.
  static func inspectionFactsShown(by document: Document, templates: [String: String]) -> [Diagnostic] {
    guard document.body.containsBytes("{{") else { return [] }
    var diagnostics: [Diagnostic] = []
    for tag in WrittenTag.all(in: document.body) {
      let shown: String
      if tag.looksUpAName, PackData.inspectionFacts.contains(String(tag.rootName)) {
        shown = "\(tag.written) shows a fact of the inspection"
      } else if tag.namesAPartial, let fact = inspectionFact(reachedFrom: tag.name, in: templates) {
        shown = "\(tag.written) shows facts of the inspection (it has \(fact))"
      } else {
        continue
      }
      diagnostics.append(
        .error(
          at: SourceLocation(path: document.path, line: tag.line + document.bodyLineOffset, column: tag.column),
          "\(shown), but this page has 'embargo: none' and comes out before the report",
          notes: [
            "a page with 'embargo: none' comes out before the report, so it must say nothing about the inspection",
            "remove the tag, or remove 'embargo: none' to release the page with the pack",
          ]))
    }
    return diagnostics
  }

  /// The first tag naming a fact of the inspection in the template `name` or a partial it pulls in.
  static func inspectionFact(reachedFrom name: String, in templates: [String: String]) -> String? {
    var seen: Set<String> = []
    var pending = [name]
    while let next = pending.popLast() {
      guard seen.insert(next).inserted, let text = templates[next] else { continue }
      for tag in WrittenTag.all(in: text) {
        if tag.looksUpAName, PackData.inspectionFacts.contains(String(tag.rootName)) { return tag.written }
        if tag.namesAPartial { pending.append(tag.name) }
      }
    }
    return nil
  }

  /// The line of a front-matter key in a document (the top of the file if not found).
  static func frontMatterLocation(of key: String, in document: Document) -> SourceLocation {
    document.fieldLocations[key] ?? SourceLocation(path: document.path, line: 1, column: 1)
  }
}
