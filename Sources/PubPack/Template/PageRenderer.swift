import Foundation
import Mustache

/// Escapes data for JSON strings inside `<script type="application/ld+json">`: quotes,
/// backslashes and control characters, and `<`, `>` and `&` as `\u` escapes so no value can
/// close the script element. A template switches to it with `{{% CONTENT_TYPE: JSON}}`.
struct JSONContentType: MustacheContentType {
  func escapeText(_ text: String) -> String {
    if let sentinel = PageShapes.marked(text, .json) { return sentinel }
    // Most texts have nothing to escape: one pass over the bytes finds that (0xE2 leads
    // U+2028 and U+2029, and is taken the long way).
    let plain = text.utf8.allSatisfy { byte in
      byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "<")
        && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "&") && byte != 0xE2
    }
    if plain { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "<": out += "\\u003c"
      case ">": out += "\\u003e"
      case "&": out += "\\u0026"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}

/// swift-mustache's HTML escaping (its default content type) without its cost or its flaw. It
/// looks each `Character` up in a dictionary (hashing it) after counting them all, a twentieth of
/// a build's CPU; and a `"`, `&` or `<` joined to a combining mark is a `Character` that is none
/// of them, let through as it is (out of an attribute, with a mark after the quote). This is
/// `escapingMarkup`: text with none of the five characters, the usual case, returned as it is,
/// ASCII escaped byte by byte, other text a Unicode scalar at a time.
struct PageHTMLContentType: MustacheContentType {
  static let name = "PUBPACK_HTML"

  func escapeText(_ text: String) -> String {
    PageShapes.marked(text, .html) ?? escapingMarkup(text)
  }
}

private let jsonContentTypeRegistered: Void = {
  MustacheContentTypes.register(JSONContentType(), named: "JSON")
  MustacheContentTypes.register(PageHTMLContentType(), named: PageHTMLContentType.name)
}()

/// The template stage: puts rendered documents into the HTML templates.
///
/// `templates/<kind>.mustache` renders a document of that kind, `index.mustache` the landing
/// page; both usually extend `layout.mustache`. A tag that names nothing is an error located
/// in the template that holds it. Pages whose data has the same shape are rendered by
/// swift-mustache once and filled in (`PageShapes`).
public struct PageRenderer: Sendable {
  let library: MustacheLibrary
  let templates: [String: StrictTemplate]
  let pack: LoadedPack
  /// Each template's kept renderings by shape of data, when its templates allow them.
  let shapes: [String: PageShapes]
  /// Whether pages are filled in from kept renderings (`PageShapes`) where they can be; off,
  /// every page is rendered by swift-mustache (the tests compare the two).
  public var keepsShapes = true
  /// Set for a release build before the pack's release: the data has no fact of the inspection
  /// (`PackData.inspectionFacts`), and a tag naming one is an error that says why.
  public var factsWithheldUntil: Instant?

  public init(pack: LoadedPack) throws(DiagnosticError) {
    _ = jsonContentTypeRegistered
    // Before anything is parsed: a template too deep, or one that includes itself, would crash
    // the parser or the render.
    let includes = TemplateBounds.Includes(templates: pack.templates, path: pack.templatePath)
    if !includes.diagnostics.isEmpty { throw DiagnosticError(includes.diagnostics) }
    var parsed: [String: StrictTemplate] = [:]
    var diagnostics: [Diagnostic] = []
    for (name, text) in pack.templates.sorted(by: { $0.key < $1.key }) {
      do {
        parsed[name] = try StrictTemplate(text, path: pack.templatePath(name), contentType: PageHTMLContentType.name)
      } catch {
        diagnostics += error.diagnostics
      }
    }
    if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
    var library = MustacheLibrary()
    for (name, template) in parsed { library.register(template.template, named: name) }
    self.library = library
    self.templates = parsed
    self.pack = pack
    self.keepsShapes = !PageShapes.off
    self.shapes =
      PageShapes.canKeepShapes(Array(pack.templates.values))
      ? Dictionary(uniqueKeysWithValues: parsed.keys.map { ($0, PageShapes()) }) : [:]
  }

  /// Renders the template `name` with `data`.
  public func render(_ name: String, data: TemplateValue) -> (String, [Diagnostic]) {
    let (text, diagnostics, _) = renderTracingPlaceholders(name, data: data)
    return (text, diagnostics)
  }

  /// `render`, and every value the page shows that holds a placeholder (`Placeholders`).
  public func renderTracingPlaceholders(_ name: String, data: TemplateValue)
    -> (String, [Diagnostic], [Placeholders.Shown])
  {
    guard let template = templates[name] else {
      return (
        "",
        [
          .error(
            at: nil, "the template '\(pack.templatePath(name))' is missing",
            notes: ["copy it from pubpack's templates/ folder"])
        ],
        []
      )
    }
    if keepsShapes, let shapes = shapes[name],
      let (text, placeholders) = shapes.render(data) ?? shapes.record(data, template: template, library: library)
    {
      return (text, [], placeholders)
    }
    let (text, misses, placeholders) = template.renderTracingPlaceholders(data, library: library)
    let diagnostics = misses.map { miss -> Diagnostic in
      // The fullest form of the name first, in this template and then in the partials it may
      // have pulled in; then shorter tails (a name looked up inside a section).
      let order = [name] + templates.keys.sorted().filter { $0 != name }
      let parts = miss.name.split(separator: ".").map(String.init)
      for start in parts.indices {
        let candidate = parts[start...].joined(separator: ".")
        for template in order {
          if let source = templates[template]?.source,
            let position = StrictTemplate.findTagAndName(naming: candidate, in: source)
          {
            let at = SourceLocation(path: pack.templatePath(template), line: position.line, column: position.column)
            if let withheld = withheldFact(miss, tag: position.name) { return .error(at: at, withheld.0, notes: withheld.1) }
            return .error(at: at, TemplateMiss.message(for: miss, tag: miss.name), notes: TemplateMiss.notes(for: miss))
          }
        }
      }
      let at = SourceLocation(path: pack.templatePath(name), line: 1, column: 1)
      if let withheld = withheldFact(miss, tag: miss.name) { return .error(at: at, withheld.0, notes: withheld.1) }
      return .error(at: at, TemplateMiss.message(for: miss, tag: miss.name), notes: TemplateMiss.notes(for: miss))
    }
    return (text, diagnostics, placeholders)
  }

  /// The message and notes for a tag that names a fact of the inspection in a build that
  /// publishes pages before the pack's release; nil for any other miss.
  func withheldFact(_ miss: StrictTemplate.Miss, tag: String) -> (String, [String])? {
    guard let until = factsWithheldUntil, !miss.isGroup,
      let root = miss.name.split(separator: ".").first, PackData.inspectionFacts.contains(String(root))
    else { return nil }
    return (
      "{{\(tag)}} shows a fact of the inspection, which is embargoed until \(LondonTime.longWithUTC(until)), "
        + "on a page this build publishes before then",
      [
        "before the pack's release only the landing page and pages with 'embargo: none' are published, and their templates may not show the inspection's facts",
        "show it in the templates of the inspection's documents (webpage, press-release, council-report) instead",
      ]
    )
  }

  /// Whether rendering the template `name` can look up `key` at all: whether `key` is written
  /// in it or in a template it reaches as a partial or parent (`{{>name}}`, `{{<name}}`).
  ///
  /// The pipeline uses it to leave out per-page data no template reads. It errs towards yes: a
  /// dynamic partial (`{{>*name}}`) or changed delimiters (`{{=<% %>=}}`) count as reaching
  /// every name.
  public func mayLookUp(_ key: String, from name: String) -> Bool {
    var seen: Set<String> = []
    var pending = [name]
    while let next = pending.popLast() {
      guard seen.insert(next).inserted, let source = templates[next]?.source else { continue }
      if source.contains(key) || source.contains("{{=") { return true }
      for tag in WrittenTag.all(in: source) where tag.namesAPartial {
        if tag.name.hasPrefix("*") { return true }
        pending.append(tag.name)
      }
    }
    return false
  }
}
