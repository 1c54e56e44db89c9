import Foundation
import Mustache

/// Mustache rendering in which a tag that names nothing is an error, not an empty string.
///
/// swift-mustache has no strict mode, so the data is handed to it wrapped in `LookupNode`s
/// that log every lookup. swift-mustache asks each frame of its context stack from the top
/// down and the root last, then walks the rest of a dotted name (`council.nmae`) from the
/// object it found. So a miss is real when the root misses a first name, or when the object
/// just found misses the next part of a dotted name; a miss by a section's frame is followed
/// by the same question to the frame below and is not one.
public struct StrictTemplate: Sendable {
  /// A name a tag used that resolves to nothing.
  public struct Miss: Sendable, Equatable {
    /// The full dotted name as far as it was followed, e.g. `council.nmae`.
    public var name: String
    /// True when the name exists but holds a group of values (a mapping), which a variable tag
    /// cannot show: `{{previous.publicationDate}}` instead of `{{previous.publicationDate.long}}`.
    public var isGroup = false
    /// The last part that was not found, and the names offered where it was looked for.
    public var missing: String
    public var available: [String]
  }

  let template: MustacheTemplate
  /// The template's text, for locating a miss.
  public let source: String
  /// The lines without tags, when the template was parsed without them (see `PlainLines`).
  let plainLines: PlainLines?

  /// Parses a template; a syntax error comes back as a diagnostic at its line and column.
  ///
  /// - Parameters:
  ///   - lineOffset: lines before `source` in its file (a document's front matter).
  ///   - compactingPlainLines: parse only the lines that hold tags (for document bodies, which
  ///     are mostly prose); the rendered text is the same.
  ///   - contentType: a content type registered with swift-mustache to start the template in,
  ///     in place of its HTML default, through a `{{% CONTENT_TYPE: name}}` line put before the
  ///     text (standalone, so it renders nothing and leaves the first line as it was).
  public init(
    _ source: String, path: String, lineOffset: Int = 0, compactingPlainLines: Bool = false,
    contentType: String? = nil
  ) throws(DiagnosticError) {
    self.source = source
    // swift-mustache's parser recurses for each section it opens: too deep a text is refused
    // before it sees it.
    if case .failure(let tooDeep) = TemplateBounds.tags(in: source, path: path, lineOffset: lineOffset) {
      throw DiagnosticError(tooDeep)
    }
    if compactingPlainLines, let plainLines = PlainLines(source),
      let template = try? MustacheTemplate(string: plainLines.template)
    {
      self.template = template
      self.plainLines = plainLines
      return
    }
    // A syntax error is reported from the whole text, so its line and column are the author's.
    plainLines = nil
    let pragmaLines = contentType == nil ? 0 : 1
    do {
      template = try MustacheTemplate(string: contentType.map { "{{% CONTENT_TYPE: \($0)}}\n" + source } ?? source)
    } catch let error as MustacheTemplate.ParserError {
      throw DiagnosticError(
        .error(
          at: SourceLocation(
            path: path, line: error.context.lineNumber - pragmaLines + lineOffset, column: error.context.columnNumber),
          "Mustache: \(Self.describe(error.error))",
          notes: ["every {{#name}} section needs a matching {{/name}}, and tags need two closing braces"]))
    } catch {
      throw DiagnosticError(
        .error(at: SourceLocation(path: path, line: lineOffset + 1, column: 1), "Mustache: cannot parse", notes: ["check that every '{{' has its '}}'"]))
    }
  }

  static func describe(_ error: any Error) -> String {
    guard let error = error as? MustacheTemplate.Error else { return "cannot parse the template" }
    switch error {
    case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
    case .unfinishedName: return "a tag is not finished (expected '}}')"
    case .expectedSectionEnd: return "a section is opened but never closed"
    case .invalidSetDelimiter: return "invalid set-delimiter tag"
    default: return "\(error)"
    }
  }

  /// Renders with `data` as the root, returning the text and every name that resolved to
  /// nothing.
  public func render(_ data: TemplateValue, library: MustacheLibrary? = nil) -> (String, [Miss]) {
    let (text, misses, _) = renderTracingPlaceholders(data, library: library)
    return (text, misses)
  }

  /// `render`, and every value shown that holds a placeholder (`Placeholders`).
  public func renderTracingPlaceholders(_ data: TemplateValue, library: MustacheLibrary? = nil)
    -> (String, [Miss], [Placeholders.Shown])
  {
    let log = LookupLog()
    let root = LookupNode(data, path: "", log: log, isRoot: true)
    var text = template.render(root, library: library)
    log.finish()
    if let plainLines { return (plainLines.expand(text), log.misses, log.placeholdersShown) }
    // The text grew by appending, so its buffer can be up to twice its size; a document's
    // filled-in body is kept until the build ends, so it is kept at its size.
    text = String(decoding: Array(text.utf8), as: UTF8.self)
    return (text, log.misses, log.placeholdersShown)
  }

  /// Where in `source` a missed name's tag is: the first tag naming it (or its last parts,
  /// for a name looked up inside a section).
  public func location(of miss: Miss) -> (line: Int, column: Int)? {
    Self.findTag(in: source, for: miss).map { ($0.line, $0.column) }
  }

  /// The first tag whose name is `name` or starts with `name.`, with the tag's whole name.
  static func findTagAndName(naming name: String, in text: String) -> (line: Int, column: Int, name: String)? {
    findTagsAndNames(naming: name, in: text).first
  }

  /// Every tag that asks for `name` or a name in it (`name.…`), as written: not a closing tag,
  /// a comment or a partial.
  static func findTagsAndNames(naming name: String, in text: String) -> [(line: Int, column: Int, name: String)] {
    WrittenTag.all(in: text).filter { $0.looksUpAName && ($0.name == name || $0.name.hasPrefix(name + ".")) }
      .map { ($0.line, $0.column, $0.name) }
  }
}

/// Records lookups during one render (one render runs on one thread).
final class LookupLog {
  /// Set while a render records its shape (`PageShapes`).
  var recorder: ShapeRecorder?
  private(set) var misses: [StrictTemplate.Miss] = []
  /// Values shown that hold a placeholder, each once.
  private(set) var placeholdersShown: [Placeholders.Shown] = []
  private var lastFound: ObjectIdentifier?
  /// A miss that is real unless the same name is asked of the next frame down.
  private var pending: (asked: LookupNode, name: String)?

  func record(asked node: LookupNode, name: String, found: LookupNode?) {
    if let pending {
      // The same name asked of another object: the stack search went on, so the earlier miss
      // was a section frame's, not a dotted name's.
      let continued = pending.name == name && pending.asked !== node
      if !continued { commit(Self.miss(of: pending.name, in: pending.asked)) }
      self.pending = nil
    }
    if let found {
      lastFound = ObjectIdentifier(found)
      return
    }
    if node.isRoot {
      commit(StrictTemplate.Miss(name: name, missing: name, available: node.value.keys))
    } else if lastFound == ObjectIdentifier(node) {
      // The names on offer are listed only if the miss turns out real: a section's frame
      // misses every name that the frames below it answer.
      pending = (node, name)
    }
    lastFound = nil
  }

  private static func miss(of name: String, in node: LookupNode) -> StrictTemplate.Miss {
    StrictTemplate.Miss(
      name: node.path.isEmpty ? name : "\(node.path).\(name)", missing: name, available: node.value.keys)
  }

  func finish() {
    if let pending { commit(Self.miss(of: pending.name, in: pending.asked)) }
    pending = nil
  }

  /// A group of values was rendered as text.
  func recordGroupShown(_ node: LookupNode) {
    commit(StrictTemplate.Miss(name: node.path, isGroup: true, missing: node.path, available: node.value.keys))
  }

  /// A value was shown as text: kept if it holds a placeholder.
  func recordShown(_ text: String, path: String) {
    guard Placeholders.holds(text) else { return }
    let shown = Placeholders.Shown(path: path, text: text)
    if !placeholdersShown.contains(shown) { placeholdersShown.append(shown) }
  }

  private func commit(_ miss: StrictTemplate.Miss) {
    if !misses.contains(miss) { misses.append(miss) }
  }
}

/// A `TemplateValue` as swift-mustache sees it.
final class LookupNode: MustacheParent, MustacheCustomRenderable, CustomStringConvertible {
  let value: TemplateValue
  let path: String
  let log: LookupLog
  let isRoot: Bool
  /// The node's number in the log's `recorder`, when there is one.
  let id: Int

  init(_ value: TemplateValue, path: String, log: LookupLog, isRoot: Bool = false, id: Int = 0) {
    self.value = value
    self.path = path
    self.log = log
    self.isRoot = isRoot
    self.id = id
  }

  func child(named name: String) -> Any? {
    guard case .map(let map) = value, let child = map[name] else {
      log.record(asked: self, name: name, found: nil)
      log.recorder?.steps.append((.child(node: id, name: name), .missing))
      return nil
    }
    let recorder = log.recorder
    let found = LookupNode(
      child, path: path.isEmpty ? name : "\(path).\(name)", log: log, id: recorder?.newNode(child) ?? 0)
    log.record(asked: self, name: name, found: found)
    if case .list(let items) = child {
      recorder?.steps.append((.child(node: id, name: name), .list(count: items.count)))
      return items.enumerated().map {
        LookupNode($1, path: "\(found.path).\($0)", log: log, id: recorder?.newNode($1) ?? 0)
      }
    }
    recorder?.steps.append((.child(node: id, name: name), .found))
    return found
  }

  var renderText: String {
    // While a shape is recorded, a sentinel stands for the text (`PageShapes`).
    if let recorder = log.recorder { return recorder.shown(node: id, path: path) }
    switch value {
    case .string(let text):
      log.recordShown(text, path: path)
      return text
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return ""
    case .list(let items): return items.map { LookupNode($0, path: path, log: log).renderText }.joined(separator: ", ")
    case .map:
      log.recordGroupShown(self)
      return ""
    }
  }

  /// Null, false and empty text render a section zero times and an inverted section once.
  var isNull: Bool {
    let null = value.isNullInSections
    log.recorder?.steps.append((.isNull(node: id), .null(null)))
    return null
  }

  var description: String { path }
}
