import Foundation

/// Everything a build reads, loaded once from `content/` and `templates/`.
///
/// Later stages read no other source: what is not here does not reach the output. A document's
/// body is the one exception, read again from its file by the render stage and held to the
/// bytes read here (`body(of:fileSystem:)`).
public struct LoadedPack: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var settings: PackSettings
  public var inspection: Inspection
  /// `content/outcomes.yaml`, when there is one.
  public var outcomes: TemplateValue?
  public var documents: [Document]
  /// File names under `content/assets/`.
  public var assets: Set<String>
  /// Template name (file name without `.mustache`) to its text.
  public var templates: [String: String]
  /// Files under `templates/assets/`, relative to it: the theme (CSS, fonts), on every page.
  public var themeAssets: [String]
  /// File names of the documents that could not be read (their errors are reported): a link
  /// to one is not also "a link to no document".
  public var unreadableDocuments: Set<String> = []
  /// The values in inspection.yaml and pack.yaml that are still placeholders (`Placeholders`),
  /// by their data names (`quotes.0.text`, `site.title`).
  public var placeholderValues: [String: Placeholders.Written] = [:]
  /// Where each value of pack.yaml, inspection.yaml and outcomes.yaml (`outcomes.` names) was
  /// written, by its data name (`actionPlan.url`), for the checks of the URLs the data holds.
  public var dataLocations: [String: SourceLocation] = [:]
  /// The real paths (every link resolved) of `content/assets` and `templates/assets` as this
  /// stage found them: the assets stage reads each asset as the file at exactly its real path
  /// under them, whatever the folders have become since.
  public var assetFolders: (content: String?, theme: String?) = (nil, nil)

  public func contentPath(_ name: String) -> String { join(contentDirectory, name) }
  public func templatePath(_ name: String) -> String { join(templatesDirectory, name + ".mustache") }
}

func join(_ directory: String, _ name: String) -> String {
  directory.isEmpty || directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
}

/// Reads the pack: the first stage (the render stage reads each document's body again).
public enum PackLoader {
  public static func load(
    content: String, templates: String, fileSystem fs: FileSystem = .disk
  ) -> (LoadedPack?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    guard fs.isFolder(content) else {
      return (nil, [.error(at: nil, "the content folder '\(content)' does not exist", notes: [
        "run pubpack from the folder that holds content/, or pass --content DIR"
      ])])
    }
    guard fs.isFolder(templates) else {
      return (nil, [.error(at: nil, "the templates folder '\(templates)' does not exist", notes: [
        "run pubpack from the folder that holds templates/, or pass --templates DIR"
      ])])
    }

    func read(_ path: String, required: Bool) -> String? {
      let (text, found) = readText(path, required: required, fileSystem: fs)
      diagnostics += found
      return text
    }

    let packPath = join(content, "pack.yaml")
    let inspectionPath = join(content, "inspection.yaml")
    var settings: PackSettings?
    // Placeholders left in the data are found where they were written (the YAML parses again:
    // a few values, once per build).
    var placeholderValues: [String: Placeholders.Written] = [:]
    var dataLocations: [String: SourceLocation] = [:]
    func findPlaceholders(_ text: String, path: String) {
      guard Placeholders.holds(text), let root = try? YAMLNode.parse(text, path: path) else { return }
      placeholderValues.merge(Placeholders.values(in: root)) { a, _ in a }
    }
    if let text = read(packPath, required: true) {
      let (value, found) = PackSettingsLoader.load(text, path: packPath, fileSystem: fs)
      settings = value
      diagnostics += found
      findPlaceholders(text, path: packPath)
      dataLocations.merge(DataLocations.locations(in: text, path: packPath)) { a, _ in a }
    }
    // content/report.yaml (from import-report): what Ofsted's report states. It fills the gaps
    // in inspection.yaml, and any fact the two state differently is an error: the report wins.
    let reportPath = join(content, "report.yaml")
    var report: ReportFactsDocument?
    // Errors that leave too little to go on; any other error is reported with everything the
    // later stages find (every problem at once), and the build still fails.
    var isIncomplete = false
    if fs.exists(reportPath), let text = read(reportPath, required: true) {
      do { report = try ReportFacts.load(yaml: text, path: reportPath) } catch {
        diagnostics += error.diagnostics
        isIncomplete = true
      }
    }
    var inspection: Inspection?
    if let text = read(inspectionPath, required: true) {
      let (value, found) = InspectionLoader.load(text, path: inspectionPath, report: report?.facts)
      inspection = value
      diagnostics += found
      findPlaceholders(text, path: inspectionPath)
      dataLocations.merge(DataLocations.locations(in: text, path: inspectionPath)) { a, _ in a }
      if let report, let value {
        for disagreement in report.facts.disagreements(with: ReportFacts(inspection: value)) {
          // A headline quoted short is wrong where it is quoted: in inspection.yaml.
          let quoted = disagreement.field == "findings.headline"
            ? (try? YAMLNode.parse(text, path: inspectionPath))?["findings"]?["headline"]?.location : nil
          diagnostics.append(
            .error(
              at: quoted ?? report.locations[disagreement.field] ?? SourceLocation(path: reportPath, line: 1, column: 1),
              "\(disagreement.field): \(reportPath) (Ofsted's report) says \(disagreement.reportValue), but \(inspectionPath) says \(disagreement.inspectionValue)",
              notes: [
                "the report is what Ofsted publishes: correct \(disagreement.field) in \(inspectionPath), or remove it there to take the report's"
              ] + (quoted == nil ? [] : ["a quoted headline is whole sentences of the report's, from a sentence's first word to its full stop"])))
        }
      }
    }
    var outcomes: TemplateValue?
    let outcomesPath = join(content, "outcomes.yaml")
    if fs.exists(outcomesPath), let text = read(outcomesPath, required: true) {
      do {
        let root = try YAMLNode.parse(text, path: outcomesPath)
        outcomes = root.map(TemplateValue.init(yaml:))
        dataLocations.merge(DataLocations.locations(in: root, prefix: "outcomes")) { a, _ in a }
      } catch {
        diagnostics += error.diagnostics
        isIncomplete = true
      }
    }

    var documents: [Document] = []
    let names = (fs.names(content) ?? []).sorted()
    // Each document is read on its own, so they are read side by side; their messages are
    // kept in file-name order.
    let documentNames = names.filter { $0.hasSuffix(".md") }
    let loadedDocuments = concurrentMap(documentNames.count) { index -> (Document?, [Diagnostic]) in
      let path = join(content, documentNames[index])
      // As for templates and assets: a document that is a link leading out of the content
      // folder (to a draft kept elsewhere, or any file on the machine) would be published.
      if case .linkOutside = kind(ofName: documentNames[index], in: content, fileSystem: fs) {
        return (nil, [
          .error(
            at: SourceLocation(path: path, line: 1, column: 1),
            "the document is a symbolic link that leads outside the content folder", notes: [
              "a document is published, so pubpack reads documents only from inside \(content)/",
              "copy the file into the content folder instead of linking to it",
            ])
        ])
      }
      guard let data = fs.contents(path) else { return (nil, readText(path, data: nil, required: true).1) }
      let (text, found) = readText(path, data: data, required: true)
      guard let text else { return (nil, found) }
      // The body is left in the file: the render stage reads it again, held to these bytes.
      return DocumentLoader.load(text, path: path, fileName: documentNames[index]) { bodyStart in
        WrittenBody.FileMark(path: path, byteCount: data.count, fingerprint: fingerprint(data), bodyStart: bodyStart)
      }
    }
    var unreadable: Set<String> = []
    for (index, (document, found)) in loadedDocuments.enumerated() {
      diagnostics += found
      if let document { documents.append(document) } else { unreadable.insert(documentNames[index]) }
    }
    if documents.isEmpty && !names.contains(where: { $0.hasSuffix(".md") }) {
      diagnostics.append(.error(at: nil, "there are no documents (*.md) in '\(content)'", notes: [
        "add the webpage, council report and press release as Markdown files"
      ]))
    }

    let assetsDirectory = join(content, "assets")
    // An assets folder that is itself a link is walked like a folder: one leading out of the
    // pack's folder would publish files from anywhere on the machine.
    func linkedOutside(_ folder: String, within root: String) -> Bool {
      guard case .linkOutside = kind(of: folder, within: root, fileSystem: fs) else { return false }
      diagnostics.append(
        .error(
          at: SourceLocation(path: folder, line: 1, column: 1),
          "the assets folder is a symbolic link that leads outside \(root)", notes: [
            "its files would be published, so pubpack reads assets only from inside \(root)/",
            "copy the folder into \(root) instead of linking to it",
          ]))
      isIncomplete = true
      return true
    }
    let assetNames = linkedOutside(assetsDirectory, within: content) ? [] : files(under: assetsDirectory, fileSystem: fs)
    let assets = Set(assetNames)
    var templateTexts: [String: String] = [:]
    let templateNames = (fs.names(templates) ?? []).sorted().filter { $0.hasSuffix(".mustache") }
    for name in templateNames {
      let path = join(templates, name)
      // A template's text reaches every page: one that is a link to content/inspection.yaml, a
      // draft or anything else outside templates/ would publish it before its time.
      if case .linkOutside = kind(ofName: name, in: templates, fileSystem: fs) {
        diagnostics.append(
          .error(
            at: SourceLocation(path: path, line: 1, column: 1),
            "the template is a symbolic link that leads outside the templates folder", notes: [
              "a template's text goes into every page, so pubpack reads templates only from inside \(templates)/",
              "copy the file into the templates folder instead of linking to it",
            ]))
        continue
      }
      if let text = read(path, required: true) {
        templateTexts[String(name.dropLast(".mustache".count))] = text
      } else {
        isIncomplete = true
      }
    }
    let themeAssets =
      linkedOutside(join(templates, "assets"), within: templates)
      ? [] : files(under: join(templates, "assets"), fileSystem: fs).sorted()
    // Names that are one to a case-insensitive or normalising file system or web server would
    // be one file in site/ (or one key here), whichever won: refused, naming both.
    for (folder, names) in [(templates, templateNames), (assetsDirectory, assetNames), (join(templates, "assets"), themeAssets)] {
      for (name, earlier) in LookAlikeName.collisions(names) {
        diagnostics.append(
          .error(
            at: SourceLocation(path: join(folder, name), line: 1, column: 1),
            "the file names \(LookAlikeName.shown(name)) and \(LookAlikeName.shown(earlier)) in \(folder) \(LookAlikeName.difference(name, earlier))",
            notes: ["they would be one file on the web server, whichever came last; rename one of them"]))
      }
    }

    guard let settings, let inspection, !isIncomplete, !documents.isEmpty else {
      return (nil, diagnostics)
    }
    return (
      LoadedPack(
        contentDirectory: content, templatesDirectory: templates, settings: settings, inspection: inspection,
        outcomes: outcomes, documents: documents, assets: assets, templates: templateTexts, themeAssets: themeAssets,
        unreadableDocuments: unreadable, placeholderValues: placeholderValues,
        dataLocations: dataLocations,
        assetFolders: (fs.realPath(assetsDirectory), fs.realPath(join(templates, "assets")))),
      diagnostics
    )
  }

  /// What a name in a pack's folder is, as far as reading it goes.
  enum FileKind: Equatable {
    case regular
    /// A symbolic link (or a chain of them) to a file inside the folder.
    case linkInside
    /// A symbolic link that leads outside the folder.
    case linkOutside
    /// A folder, a device, a link that leads nowhere, or nothing.
    case other
  }

  /// What the name `name` in `folder` (one name, no `/`) is, as `kind(of:within:)` says.
  ///
  /// A regular file named directly in the folder is inside it whatever the folder's real path:
  /// its real path is the folder's and its name. So it costs one `lstat`, not two `realpath`s
  /// (each a `readlink` a folder on the way), which was a tenth of the load stage.
  static func kind(ofName name: String, in folder: String, fileSystem fs: FileSystem) -> FileKind {
    let path = join(folder, name)
    guard !name.utf8.contains(UInt8(ascii: "/")), name != ".", name != "..", fs.entry(path) == .file else {
      return kind(of: path, within: folder, fileSystem: fs)
    }
    return .regular
  }

  /// What `path` (inside `folder`) is. A link is followed to its end, and its end compared
  /// with the folder's real path, so neither `..` nor a link to a link gets out.
  static func kind(of path: String, within folder: String, fileSystem fs: FileSystem) -> FileKind {
    switch fs.entry(path) {
    case .file:
      // A file reached through a linked folder (`keys/approvers`, `keys` a link) is outside too.
      guard let real = fs.realPath(path), let root = fs.realPath(folder) else { return .regular }
      return real.hasPrefix(root == "/" ? "/" : root + "/") ? .regular : .linkOutside
    case .link(let end):
      // A link that leads nowhere is left to fail as a file that cannot be read.
      guard let end else { return .other }
      guard let root = fs.realPath(folder) else { return .linkOutside }
      return end.hasPrefix(root == "/" ? "/" : root + "/") ? .linkInside : .linkOutside
    default: return .other
    }
  }

  /// A document's body: the text it holds, or its file's read again. A file changed or gone
  /// since the load stage read it is an error: the body would not be the one whose front
  /// matter (its embargo among it) the build has acted on.
  public static func body(of document: Document, fileSystem fs: FileSystem) -> (String?, [Diagnostic]) {
    switch document.body {
    case .text(let body):
      return (body, [])
    case .file(let mark):
      let data = fs.contents(mark.path)
      guard let data, data.count == mark.byteCount, fingerprint(data) == mark.fingerprint,
        let text = readText(mark.path, data: data, required: true).0, text.utf8.count >= mark.bodyStart
      else {
        return (nil, [
          .error(
            at: SourceLocation(path: document.path, line: 1, column: 1),
            data == nil
              ? "\(document.path) could not be read again: it was moved or removed while pubpack was building"
              : "\(document.path) changed while pubpack was building",
            notes: [
              "pubpack reads each document twice (its front matter first, its body when it renders it) and refuses a build that would mix two versions",
              "save the file, then build again",
            ])
        ])
      }
      let utf8 = text.utf8
      return (String(decoding: utf8[utf8.index(utf8.startIndex, offsetBy: mark.bodyStart)...], as: UTF8.self), [])
    }
  }

  /// A hash of a file's bytes, to tell whether it is still what was read.
  static func fingerprint(_ data: Data) -> Int {
    var hasher = Hasher()
    data.withUnsafeBytes { hasher.combine(bytes: $0) }
    return hasher.finalize()
  }

  /// A file's text, or the errors that say why it cannot be read.
  static func readText(_ path: String, required: Bool, fileSystem fs: FileSystem) -> (String?, [Diagnostic]) {
    readText(path, data: fs.contents(path), required: required)
  }

  /// The text of a file's bytes (nil: there is no file), or the errors that say why it cannot be read.
  static func readText(_ path: String, data: Data?, required: Bool) -> (String?, [Diagnostic]) {
    guard let data else {
      guard required else { return (nil, []) }
      return (nil, [.error(at: SourceLocation(path: path, line: 1, column: 1), "cannot read \(path)", notes: [
        "the file is missing or unreadable"
      ])])
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      return (nil, [
        .error(at: SourceLocation(path: path, line: lineOfFirstInvalidUTF8(data), column: 1), "the file is not UTF-8 text", notes: [
          "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
        ])
      ])
    }
    // A UTF-8 byte-order mark is harmless but would hide the front matter's first '---'.
    let unmarked = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    return (withUnixLineEnds(unmarked), [])
  }

  /// Regular files under a folder, as paths relative to it; symbolic links are not followed.
  static func files(under directory: String, fileSystem fs: FileSystem) -> [String] {
    var result: [String] = []
    // Folders are walked, never links to folders: a link cannot bring in files from elsewhere.
    func walk(_ relative: String) {
      for name in fs.names(join(directory, relative)) ?? [] {
        let child = relative.isEmpty ? name : relative + "/" + name
        switch fs.entry(join(directory, child)) {
        case .folder: walk(child)
        case .file:
          if !child.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { result.append(child) }
        default: break
        }
      }
    }
    walk("")
    return result.sorted()
  }

  /// The text with Windows line ends ("\r\n") made "\n": a file saved on Windows reads as
  /// the same lines, and every later stage counts lines and columns between "\n"s.
  static func withUnixLineEnds(_ text: String) -> String {
    // memchr, not `utf8.contains`: every document is looked at twice (`body(of:)`), and a
    // byte-by-byte walk of the view was 3% of a large build.
    var text = text
    let hasReturn = text.withUTF8 { bytes in
      bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), bytes.count) != nil } ?? false
    }
    guard hasReturn else { return text }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      // "\r\r\n" too: a stray "\r" before a Windows line end would leave a "\r\n".
      if byte == UInt8(ascii: "\n") {
        while bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
      }
      bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func lineOfFirstInvalidUTF8(_ data: Data) -> Int {
    var line = 1
    var start = data.startIndex
    for index in data.indices where data[index] == 0x0A {
      if String(validating: data[start..<index], as: UTF8.self) == nil { return line }
      line += 1
      start = data.index(after: index)
    }
    return line
  }
}
