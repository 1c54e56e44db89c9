import CCMarkGFM
import Foundation

// libcmark-gfm 0.29.0.gfm.6, as Debian builds it, edits a process-wide table of special
// characters while it parses inlines (`process_inlines` in src/blocks.c, called only from
// `cmark_parser_finish`), so two inline parses must never overlap: a parallel one silently
// drops strikethrough and autolinks. Feeding the text builds the blocks (reference definitions
// among them) from the parser's own state and runs outside the lock, as rendering a finished
// tree does. See swift-tech.md 1.5; `concurrentRendersEqualSerialRenders` holds it.
private let parseLock = NSLock()

// Registration guards itself with a plain static int; a Swift global initialiser runs exactly
// once, thread-safely.
private let extensionsRegistered: Void = { cmark_gfm_core_extensions_ensure_registered() }()

/// Turns GitHub Flavored Markdown into HTML with the system's cmark-gfm.
///
/// The GFM extensions (table, strikethrough, autolink, tagfilter, tasklist) are attached and
/// footnotes are on. Raw HTML in the Markdown is dropped (cmark's safe mode, which also drops
/// `javascript:` links) unless `allowsRawHTML` is set. This is the only type in pubpack that
/// touches the C API; every allocation it makes is freed before `render` returns.
public struct MarkdownRenderer: Sendable {
  /// Pass raw HTML through (the tagfilter extension still escapes `<script>` and friends).
  public var allowsRawHTML: Bool
  /// Typographic quotes and dashes ("smart punctuation").
  public var usesSmartPunctuation: Bool
  /// The GFM extensions to attach, by cmark-gfm's names.
  public var extensions: [String]
  /// Whether to make cmark-gfm's HTML accessible and valid HTML5: table alignment as `style`
  /// rather than the obsolete `align`, and the repairs in `AccessibleHTML`. Off, the HTML is
  /// cmark-gfm's own (as the GFM spec tests compare); pubpack's pages turn it on.
  public var repairsAccessibility: Bool
  /// Give each heading an `id` (off only to compare with the spec's plain output).
  public var addsHeadingIDs = true
  /// Whether a body that uses `#` has every heading shown one level down (`#` as `h2` ... capped
  /// at `h6`), as Pandoc's `--shift-heading-level-by=1`: the page's title is its only `h1`. A
  /// body whose top level is `##` is left as written.
  public var shiftsHeadingsUnderTitle = false

  public static let gfmExtensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

  public init(
    allowsRawHTML: Bool = false, usesSmartPunctuation: Bool = true,
    extensions: [String] = MarkdownRenderer.gfmExtensions, repairsAccessibility: Bool = false
  ) {
    self.repairsAccessibility = repairsAccessibility
    self.allowsRawHTML = allowsRawHTML
    self.usesSmartPunctuation = usesSmartPunctuation
    self.extensions = extensions
  }

  var options: Int32 {
    var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8
    // Column alignment as `style`, because HTML5 made the `align` attribute obsolete.
    if repairsAccessibility { options |= CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES }
    if usesSmartPunctuation { options |= CMARK_OPT_SMART }
    if allowsRawHTML { options |= CMARK_OPT_UNSAFE }
    return options
  }

  /// Renders `markdown` to HTML.
  ///
  /// - Parameters:
  ///   - markdown: the GFM source.
  ///   - rewriteLink: called with each link and image, in document order; a non-nil result
  ///     replaces its destination (pubpack turns `council-report.md` into the page's URL so).
  /// - Returns: the HTML, with an `id` on every heading, and what the document links to.
  public func render(
    _ markdown: String, rewriteLink: ((Reference) -> String?)? = nil
  ) -> RenderedMarkdown {
    _ = extensionsRegistered
    let parseOptions = options | CMARK_OPT_SOURCEPOS
    guard let parser = cmark_parser_new(parseOptions) else { return RenderedMarkdown() }
    defer { cmark_parser_free(parser) }
    for name in extensions {
      // A name the library does not know is skipped: the list is ours, not the user's.
      if let ext = cmark_find_syntax_extension(name) {
        cmark_parser_attach_syntax_extension(parser, ext)
      }
    }
    markdown.withCString { bytes in
      cmark_parser_feed(parser, bytes, strlen(bytes))
    }
    let document: OpaquePointer? = parseLock.withLock { cmark_parser_finish(parser) }
    guard let document else { return RenderedMarkdown() }
    defer { cmark_node_free(document) }

    var result = RenderedMarkdown()
    var headingIDs = HeadingIDs()
    var headingsBySourcePosition: [String: String] = [:]
    var headingNodes: [OpaquePointer] = []
    var passesRawHTML = false
    walk(document) { node in
      let type = cmark_node_get_type(node)
      switch type {
      case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
        passesRawHTML = true
      case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
        let isImage = type == CMARK_NODE_IMAGE
        let destination = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        // The autolink extension gives its links no position: the enclosing block's line stands
        // in, with column 0 meaning "somewhere on that line".
        var line = Int(cmark_node_get_start_line(node))
        var column = Int(cmark_node_get_start_column(node))
        var ancestor = cmark_node_parent(node)
        while line == 0, let current = ancestor {
          line = Int(cmark_node_get_start_line(current))
          column = 0
          ancestor = cmark_node_parent(current)
        }
        let reference = Reference(
          destination: destination, text: plainText(of: node), line: line, column: column, isImage: isImage)
        if isImage { result.images.append(reference) } else { result.links.append(reference) }
        if let rewriteLink, let replacement = rewriteLink(reference) {
          cmark_node_set_url(node, replacement)
        }
      case CMARK_NODE_HEADING:
        headingNodes.append(node)
        let text = plainText(of: node)
        let id = headingIDs.make(for: text)
        let line = Int(cmark_node_get_start_line(node))
        let column = Int(cmark_node_get_start_column(node))
        result.headings.append(
          Heading(level: Int(cmark_node_get_heading_level(node)), text: text, id: id, line: line, column: column))
        headingsBySourcePosition["\(line):\(column)"] = id
      case CMARK_NODE_PARAGRAPH:
        // A paragraph that is nothing but bold or italic text is often a heading in disguise.
        if let child = cmark_node_first_child(node), cmark_node_next(child) == nil,
          [CMARK_NODE_STRONG, CMARK_NODE_EMPH].contains(cmark_node_get_type(child)),
          cmark_node_get_type(cmark_node_parent(node)) == CMARK_NODE_DOCUMENT
        {
          result.emphasisParagraphs.append(
            Position(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))))
        }
      default:
        // The table extension's node type is registered at run time, after the core's blocks:
        // known by its name, asked only of a block no core type names.
        if Self.isExtensionBlock(type), let name = cmark_node_get_type_string(node), strcmp(name, "table") == 0 {
          var header: [String] = []
          if let row = cmark_node_first_child(node) {
            var cell = cmark_node_first_child(row)
            while let current = cell {
              header.append(plainText(of: current))
              cell = cmark_node_next(current)
            }
          }
          result.tables.append(
            Table(
              headerCells: header, line: Int(cmark_node_get_start_line(node)),
              column: Int(cmark_node_get_start_column(node))))
        }
      }
    }

    if shiftsHeadingsUnderTitle {
      // Found in the same walk: every heading one level down when one is at level 1.
      result.headingShift = Self.shiftHeadings(headingNodes)
      if result.headingShift == 1 {
        for index in result.headings.indices { result.headings[index].level = min(result.headings[index].level + 1, 6) }
      }
    }

    // The page stays UTF-8 bytes from cmark-gfm's buffer to the one `String` made at the end.
    // Each heading gets its id. With no raw HTML passed through, every `<h1>` to `<h6>` in the
    // HTML is a heading's (text, code, addresses and titles are escaped), in the tree's order, so
    // they are given their ids in turn. Raw HTML could hold such a tag: then the headings are
    // found by the source positions cmark-gfm writes on every block, which are taken off again.
    let extensions = cmark_parser_get_syntax_extensions(parser)
    let headingIDsInOrder = result.headings.map(\.id)
    var rendered: [UInt8]?
    if !(allowsRawHTML && passesRawHTML) {
      rendered = Self.renderHTML(document, options: options, extensions: extensions) { html in
        addsHeadingIDs ? Self.insertingHeadingIDs(headingIDsInOrder, in: html) : Array(html)
      }
    }
    if rendered == nil {
      rendered = Self.renderHTML(document, options: parseOptions, extensions: extensions) { html in
        Self.replacingSourcePositions(in: html, headingIDs: addsHeadingIDs ? headingsBySourcePosition : [:])
      }
    }
    guard var bytes = rendered else { return result }
    if repairsAccessibility { bytes = AccessibleHTML.repair(bytes: bytes) }
    result.html = String(decoding: bytes, as: UTF8.self)
    return result
  }

  /// cmark-gfm's HTML for the tree, handed to `transform` as bytes and freed after; nil when it
  /// made none or `transform` gives none.
  private static func renderHTML(
    _ document: OpaquePointer, options: Int32, extensions: UnsafeMutablePointer<cmark_llist>?,
    _ transform: (UnsafeBufferPointer<UInt8>) -> [UInt8]?
  ) -> [UInt8]? {
    guard let html = cmark_render_html(document, options, extensions) else { return nil }
    defer { free(html) }
    return transform(
      UnsafeBufferPointer(start: UnsafeRawPointer(html).assumingMemoryBound(to: UInt8.self), count: strlen(html)))
  }

  /// The HTML with `ids` given in turn to its heading tags (`<h2>` becomes `<h2 id="x">`); nil
  /// when it holds more or fewer heading tags than there are ids.
  static func insertingHeadingIDs(_ ids: [String], in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard let base = bytes.baseAddress else { return ids.isEmpty ? [] : nil }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + ids.count * 24)
    var next = 0
    var rest = 0
    var at = 0
    while at + 3 < bytes.count, let open = memchr(base + at, Int32(UInt8(ascii: "<")), bytes.count - 3 - at) {
      let index = base.distance(to: open.assumingMemoryBound(to: UInt8.self))
      at = index + 1
      guard bytes[index + 1] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]),
        bytes[index + 3] == UInt8(ascii: ">")
      else { continue }
      guard next < ids.count else { return nil }
      output += bytes[rest..<(index + 3)]
      output += " id=\"\(ids[next])\"".utf8
      next += 1
      rest = index + 3
    }
    guard next == ids.count else { return nil }
    output += bytes[rest...]
    return output
  }

  /// Whether a node's type is a block type an extension registered (a table, its rows and cells).
  private static func isExtensionBlock(_ type: cmark_node_type) -> Bool {
    type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK)
      && type.rawValue > CMARK_NODE_FOOTNOTE_DEFINITION.rawValue
  }

  /// Moves every heading one level down when some heading is at level 1, and says by how many
  /// levels it moved them (0 or 1).
  private static func shiftHeadings(_ headings: [OpaquePointer]) -> Int {
    guard headings.contains(where: { cmark_node_get_heading_level($0) == 1 }) else { return 0 }
    for heading in headings {
      cmark_node_set_heading_level(heading, min(cmark_node_get_heading_level(heading) + 1, 6))
    }
    return 1
  }

  /// Walks the tree depth-first, calling `visit` on each node as it is entered.
  private func walk(_ root: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
    guard let iterator = cmark_iter_new(root) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
        visit(node)
      }
    }
  }

  /// The text inside a node, without markup (for heading ids and link text).
  private func plainText(of node: OpaquePointer) -> String {
    var text = ""
    walk(node) { child in
      switch cmark_node_get_type(child) {
      case CMARK_NODE_TEXT, CMARK_NODE_CODE:
        if let literal = cmark_node_get_literal(child) { text += String(cString: literal) }
      case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
        text += " "
      default:
        break
      }
    }
    return text
  }

  /// Removes cmark's `data-sourcepos` attributes, giving headings their `id` instead.
  ///
  /// Source positions are asked for so headings can be matched to their ids; they never reach
  /// the published page.
  static func replacingSourcePositions(in bytes: UnsafeBufferPointer<UInt8>, headingIDs: [String: String]) -> [UInt8] {
    // Byte by byte: every attribute and tag name here is ASCII, and cmark-gfm writes a block's
    // tag at the start of a line, so this is the same as searching characters, in one pass
    // (a `range(of:)` per attribute went over the rest of the page each time).
    let marker = " data-sourcepos=\"".bytes
    guard var at = bytes.firstIndex(of: marker, from: 0) else { return Array(bytes) }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var rest = 0
    while true {
      output += bytes[rest..<at]
      let afterMarker = at + marker.count
      guard let close = bytes[afterMarker...].firstIndex(of: UInt8(ascii: "\"")) else {
        rest = afterMarker
        break
      }
      // "3:1-3:10": the start is what we keyed the heading by.
      let end = bytes[afterMarker..<close].firstIndex(of: UInt8(ascii: "-")) ?? close
      if isHeadingTagName(bytes, endingAt: at, from: rest),
        let id = headingIDs[String(decoding: bytes[afterMarker..<end], as: UTF8.self)]
      {
        output += " id=\"\(id)\"".bytes
      }
      rest = close + 1
      guard let next = bytes.firstIndex(of: marker, from: rest) else { break }
      at = next
    }
    output += bytes[rest...]
    return output
  }

  /// Whether the bytes just before `end` are a heading tag name, `<h1` to `<h6`.
  ///
  /// None of them may come before `start`, the end of the previous attribute.
  private static func isHeadingTagName(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int, from start: Int) -> Bool {
    end - 3 >= start && bytes[end - 3] == UInt8(ascii: "<") && bytes[end - 2] == UInt8(ascii: "h")
      && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[end - 1])
  }
}

/// What rendering a Markdown document produced.
public struct RenderedMarkdown: Sendable, Equatable {
  public var html = ""
  /// Every link, in document order, before any rewriting.
  public var links: [Reference] = []
  /// Every image, in document order, before any rewriting.
  public var images: [Reference] = []
  public var headings: [Heading] = []
  /// Every table, with the text of its header cells.
  public var tables: [Table] = []
  /// Top-level paragraphs that are only bold or italic text.
  public var emphasisParagraphs: [Position] = []
  /// How many levels the headings were moved down (`MarkdownRenderer.shiftsHeadingsUnderTitle`):
  /// 1 when the Markdown used `#`, else 0. `headings` give the levels shown.
  public var headingShift = 0

  public init() {}
}

/// A place in the Markdown given to `render`.
public struct Position: Sendable, Equatable {
  public var line: Int
  public var column: Int
}

/// A GFM table.
public struct Table: Sendable, Equatable {
  public var headerCells: [String]
  public var line: Int
  public var column: Int
}

/// A link or image in the Markdown, where it starts in the text given to `render`.
public struct Reference: Sendable, Equatable {
  public var destination: String
  /// The link text, or the image's alternative text.
  public var text: String
  public var line: Int
  public var column: Int
  public var isImage: Bool
}

/// A heading, with the `id` given to it in the HTML.
public struct Heading: Sendable, Equatable {
  public var level: Int
  public var text: String
  public var id: String
  public var line: Int
  public var column: Int
}

/// Stable heading ids the way GitHub makes them: lower case, punctuation dropped, spaces to
/// hyphens, `-1`, `-2` ... for repeats.
struct HeadingIDs {
  private var used: [String: Int] = [:]

  mutating func make(for text: String) -> String {
    var slug = Self.asciiSlug(text) ?? Self.slug(text)
    if slug.isEmpty { slug = "section" }
    return unique(slug)
  }

  static func slug(_ text: String) -> String {
    var slug = ""
    for scalar in text.lowercased().unicodeScalars {
      if CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" {
        slug.unicodeScalars.append(scalar)
      } else if scalar == " " {
        slug += "-"
      }
    }
    return slug
  }

  /// The slug of an ASCII heading, byte by byte: for ASCII, `lowercased()` lowers A-Z only and
  /// `CharacterSet.alphanumerics` holds exactly the letters and digits, so it gives what `slug`
  /// gives, without a set lookup per scalar. Nil for other text.
  static func asciiSlug(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { bytes -> String? in
      var slug: [UInt8] = []
      slug.reserveCapacity(bytes.count)
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug.append(byte | 0x20)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
          UInt8(ascii: "_"):
          slug.append(byte)
        case UInt8(ascii: " "): slug.append(UInt8(ascii: "-"))
        case 0x80...: return nil
        default: break
        }
      }
      return String(decoding: slug, as: UTF8.self)
    }
  }

  private mutating func unique(_ slug: String) -> String {
    if let count = used[slug] {
      used[slug] = count + 1
      let candidate = "\(slug)-\(count)"
      used[candidate, default: 0] += 0
      return candidate
    }
    used[slug] = 1
    return slug
  }
}
