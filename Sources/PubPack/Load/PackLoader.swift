import Foundation

/// Everything a build reads, loaded once from `content/` and `templates/`.
///
/// Later stages never read the disk again: what is not here does not reach the output.
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

  public func contentPath(_ name: String) -> String { join(contentDirectory, name) }
  public func templatePath(_ name: String) -> String { join(templatesDirectory, name + ".mustache") }
}

func join(_ directory: String, _ name: String) -> String {
  directory.isEmpty || directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
}

/// Reads the pack from disk: the first stage, and the only one that reads sources.
public enum PackLoader {
  public static func load(content: String, templates: String) -> (LoadedPack?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: content, isDirectory: &isDirectory), isDirectory.boolValue else {
      return (nil, [.error(at: nil, "the content folder '\(content)' does not exist", notes: [
        "run pubpack from the folder that holds content/, or pass --content DIR"
      ])])
    }
    guard fm.fileExists(atPath: templates, isDirectory: &isDirectory), isDirectory.boolValue else {
      return (nil, [.error(at: nil, "the templates folder '\(templates)' does not exist", notes: [
        "run pubpack from the folder that holds templates/, or pass --templates DIR"
      ])])
    }

    func read(_ path: String, required: Bool) -> String? {
      let (text, found) = readText(path, required: required)
      diagnostics += found
      return text
    }

    let packPath = join(content, "pack.yaml")
    let inspectionPath = join(content, "inspection.yaml")
    var settings: PackSettings?
    if let text = read(packPath, required: true) {
      let (value, found) = PackSettingsLoader.load(text, path: packPath)
      settings = value
      diagnostics += found
    }
    // content/report.yaml (from import-report): what Ofsted's report states. It fills the gaps
    // in inspection.yaml, and any fact the two state differently is an error: the report wins.
    let reportPath = join(content, "report.yaml")
    var report: ReportFactsDocument?
    if fm.fileExists(atPath: reportPath), let text = read(reportPath, required: true) {
      do { report = try ReportFacts.load(yaml: text, path: reportPath) } catch { diagnostics += error.diagnostics }
    }
    var inspection: Inspection?
    if let text = read(inspectionPath, required: true) {
      let (value, found) = InspectionLoader.load(text, path: inspectionPath, report: report?.facts)
      inspection = value
      diagnostics += found
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
    if fm.fileExists(atPath: outcomesPath), let text = read(outcomesPath, required: true) {
      do {
        outcomes = try YAMLNode.parse(text, path: outcomesPath).map(TemplateValue.init(yaml:))
      } catch {
        diagnostics += error.diagnostics
      }
    }

    var documents: [Document] = []
    let names = ((try? fm.contentsOfDirectory(atPath: content)) ?? []).sorted()
    // Each document is read on its own, so they are read side by side; their messages are
    // kept in file-name order.
    let documentNames = names.filter { $0.hasSuffix(".md") }
    let loadedDocuments = Pipeline.concurrentMap(documentNames.count) { index -> (Document?, [Diagnostic]) in
      let path = join(content, documentNames[index])
      let (text, found) = readText(path, required: true)
      guard let text else { return (nil, found) }
      return DocumentLoader.load(text, path: path, fileName: documentNames[index])
    }
    for (document, found) in loadedDocuments {
      diagnostics += found
      if let document { documents.append(document) }
    }
    if documents.isEmpty && !names.contains(where: { $0.hasSuffix(".md") }) {
      diagnostics.append(.error(at: nil, "there are no documents (*.md) in '\(content)'", notes: [
        "add the webpage, council report and press release as Markdown files"
      ]))
    }

    let assetsDirectory = join(content, "assets")
    let assets = Set(files(under: assetsDirectory))
    var templateTexts: [String: String] = [:]
    for name in ((try? fm.contentsOfDirectory(atPath: templates)) ?? []).sorted() where name.hasSuffix(".mustache") {
      if let text = read(join(templates, name), required: true) {
        templateTexts[String(name.dropLast(".mustache".count))] = text
      }
    }
    let themeAssets = files(under: join(templates, "assets")).sorted()

    guard let settings, let inspection, !diagnostics.hasErrors else { return (nil, diagnostics) }
    return (
      LoadedPack(
        contentDirectory: content, templatesDirectory: templates, settings: settings, inspection: inspection,
        outcomes: outcomes, documents: documents, assets: assets, templates: templateTexts, themeAssets: themeAssets),
      diagnostics
    )
  }

  /// Regular files under a folder, as paths relative to it; symbolic links are not followed.
  /// A file's text, or the errors that say why it cannot be read.
  static func readText(_ path: String, required: Bool) -> (String?, [Diagnostic]) {
    guard let data = FileManager.default.contents(atPath: path) else {
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

  static func files(under directory: String) -> [String] {
    let fm = FileManager.default
    guard let enumerator = fm.enumerator(atPath: directory) else { return [] }
    var result: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let full = join(directory, relative)
      if let type = try? fm.attributesOfItem(atPath: full)[.type] as? FileAttributeType, type == .typeRegular,
        !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      {
        result.append(relative)
      }
    }
    return result.sorted()
  }

  /// The text with Windows line ends ("\r\n") made "\n": a file saved on Windows reads as
  /// the same lines, and every later stage counts lines and columns between "\n"s.
  static func withUnixLineEnds(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\r")) else { return text }
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
