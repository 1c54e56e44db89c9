import PackMarkdown

/// The limits that keep parsing and rendering Mustache bounded, checked before swift-mustache
/// sees a template or a body.
///
/// swift-mustache recurses as it goes: its parser calls itself for every section, block and
/// parent it opens and for every transform in a tag (`{{a(b(c))}}`), and its renderer calls
/// itself for every section, partial, parent and block it renders. A template that includes
/// itself, or a block filled in with text that shows the same block, recurses without end;
/// sections nested thousands deep overflow the stack. Either way the process dies with no
/// message, so these are found here, from the text, first:
///
/// - `nesting`: sections, blocks and parents open inside each other in one template or body,
///   at most `deepestNesting` (real templates nest a few deep; the sample's deepest is 4);
/// - `transforms`: at most `mostTransforms` transforms in one tag;
/// - `includes`: no template reaches itself through partials (`{{>name}}`) and parents
///   (`{{<name}}`), and no block's filling (`{{$name}}…{{/name}}` inside `{{<parent}}`) shows
///   the block it fills, itself or through the templates it pulls in;
/// - `renderDepth`: the levels a page's render can go through (sections, partials, parents and
///   blocks, along every chain of templates) stay under `deepestRender`.
///
/// Recursive partials are a Mustache idiom for tree-shaped data; pubpack's data is not a tree
/// of unknown depth, so a template never needs one.
enum TemplateBounds {
  /// Sections open inside each other in one template or body. Each level costs swift-mustache
  /// a few kilobytes of stack to parse and to render.
  static let deepestNesting = 50
  /// Transforms in one tag, `{{empty(list)}}` being one.
  static let mostTransforms = 8
  /// Levels a render may go through across the templates a page pulls in; an estimate that
  /// errs high (see `renderDepths`).
  static let deepestRender = 200

  /// A tag as swift-mustache's parser reads it.
  struct Tag {
    /// The character after the opening delimiter when it is one of `#^/><$!&{=%`, else nil.
    var sigil: UInt8?
    var name: String
    /// Where the opening delimiter starts, in bytes of the text scanned.
    var offset: Int
    /// The line it starts on, from 1.
    var line: Int
    /// Sections, blocks and parents open around the tag.
    var depth: Int
    /// For a tag that opens one (`#`, `^`, `$`, `<`), the index of the tag that closes it.
    var closedBy: Int?
    /// Whether this is a block tag directly inside a parent tag: it fills in the parent's
    /// block rather than showing it.
    var fillsInABlock = false

    var opensASection: Bool { sigil.map { Self.openers.contains($0) } ?? false }
    /// A partial or parent whose name is written, not looked up (`{{>*name}}`).
    var includedTemplate: String? {
      guard sigil == UInt8(ascii: ">") || sigil == UInt8(ascii: "<"), !name.hasPrefix("*"), !name.isEmpty else {
        return nil
      }
      return name
    }
    static let openers: Set<UInt8> = Set("#^$<".utf8)
  }

  /// Every tag of `text` in order, read as swift-mustache reads them (any delimiters, tags over
  /// several lines), or a diagnostic for the first tag that goes beyond `deepestNesting` or
  /// `mostTransforms`.
  ///
  /// `WrittenTag` skips tags this cannot (over lines, after `{{=<% %>=}}`): a tag missed here
  /// would be a crash. The scan stops where swift-mustache's parser would stop with an error.
  static func tags(in text: String, path: String, lineOffset: Int = 0) -> Result<[Tag], Diagnostic> {
    let bytes = Array(text.utf8)
    var open = Array("{{".utf8)
    var close = Array("}}".utf8)
    var tags: [Tag] = []
    var stack: [Int] = []
    var line = 1
    var counted = 0
    var at = 0
    while let start = bytes.firstIndex(of: open, from: at) {
      for index in counted..<start where bytes[index] == UInt8(ascii: "\n") { line += 1 }
      counted = start
      let inner = start + open.count
      guard inner < bytes.count else { break }
      let first = bytes[inner]
      let sigil: UInt8? = Self.sigils.contains(first) ? first : nil
      let nameStart = sigil == nil ? inner : inner + 1
      var end: Int
      if sigil == UInt8(ascii: "=") {
        // `{{=<% %>=}}`: the new delimiters apply from the next tag on.
        guard let equals = bytes.firstIndex(of: [UInt8(ascii: "=")] + close, from: nameStart) else { break }
        let parts = bytes[nameStart..<equals].split { Self.isSpace($0) }
        guard parts.count == 2 else { break }
        end = equals + 1 + close.count
        open = Array(parts[0])
        close = Array(parts[1])
        at = end
        continue
      }
      guard let found = bytes.firstIndex(of: close, from: nameStart) else { break }
      end = found + close.count
      if sigil == UInt8(ascii: "{"), end < bytes.count, bytes[end] == UInt8(ascii: "}") { end += 1 }
      var name = bytes[nameStart..<found]
      while let byte = name.first, Self.isSpace(byte) { name = name.dropFirst() }
      while let byte = name.last, Self.isSpace(byte) { name = name.dropLast() }
      var tag = Tag(
        sigil: sigil, name: String(decoding: name, as: UTF8.self), offset: start, line: line, depth: stack.count)
      if tag.sigil == UInt8(ascii: "$"), let enclosing = stack.last, tags[enclosing].sigil == UInt8(ascii: "<") {
        tag.fillsInABlock = true
      }
      let index = tags.count
      let transforms = name.count(where: { $0 == UInt8(ascii: "(") })
      if transforms > mostTransforms, sigil != UInt8(ascii: "!") {
        return .failure(
          .error(
            at: location(of: tag, in: bytes, path: path, lineOffset: lineOffset),
            "this tag applies \(transforms) transforms, more than the \(mostTransforms) pubpack allows",
            notes: ["write the value into the facts instead of computing it in the tag"]))
      }
      tags.append(tag)
      if tag.opensASection {
        stack.append(index)
        if stack.count > deepestNesting {
          return .failure(
            .error(
              at: location(of: tag, in: bytes, path: path, lineOffset: lineOffset),
              "\(tag.written) opens a section \(stack.count) deep, deeper than the \(deepestNesting) pubpack allows",
              notes: [
                "close each section ({{/name}}) before opening the next where you can; real templates nest a few sections deep"
              ]))
        }
      } else if sigil == UInt8(ascii: "/"), let opener = stack.popLast() {
        tags[opener].closedBy = index
      }
      at = end
    }
    return .success(tags)
  }

  /// Where a tag is, as the author counts: lines from 1, characters from 1.
  static func location(of tag: Tag, in bytes: [UInt8], path: String, lineOffset: Int) -> SourceLocation {
    var lineStart = tag.offset
    while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    let column = String(decoding: bytes[lineStart..<tag.offset], as: UTF8.self).count + 1
    return SourceLocation(path: path, line: tag.line + lineOffset, column: column)
  }

  private static let sigils: Set<UInt8> = Set("#^/><$!&{=%".utf8)

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
  }
}

extension TemplateBounds.Tag {
  /// The tag as the author wrote it, give or take spaces and delimiters: `{{#name}}`.
  var written: String {
    let sigil = self.sigil.map { String(UnicodeScalar($0)) } ?? ""
    return sigil == "{" ? "{{{\(name)}}}" : "{{\(sigil)\(name)}}"
  }
}

extension TemplateBounds {
  /// The templates of a pack, scanned, and what is wrong with how they pull each other in.
  struct Includes {
    /// Each template's tags, by name; a template that failed the scan is left out.
    var tags: [String: [Tag]] = [:]
    var texts: [String: [UInt8]] = [:]
    var diagnostics: [Diagnostic] = []
    let path: (String) -> String

    /// Scans every template, then checks how they include each other.
    init(templates: [String: String], path: @escaping (String) -> String) {
      self.path = path
      for (name, text) in templates.sorted(by: { $0.key < $1.key }) {
        switch TemplateBounds.tags(in: text, path: path(name)) {
        case .success(let found):
          tags[name] = found
          texts[name] = Array(text.utf8)
        case .failure(let diagnostic):
          diagnostics.append(diagnostic)
        }
      }
      guard diagnostics.isEmpty else { return }
      diagnostics += cycles()
      guard diagnostics.isEmpty else { return }
      diagnostics += recursiveBlocks()
      guard diagnostics.isEmpty else { return }
      diagnostics += tooDeep()
    }

    func location(_ tag: Tag, in template: String) -> SourceLocation {
      TemplateBounds.location(of: tag, in: texts[template] ?? [], path: path(template), lineOffset: 0)
    }

    /// Each template that reaches itself through partials and parents, once per cycle, at the
    /// tag that closes it.
    func cycles() -> [Diagnostic] {
      enum Mark { case open, done }
      var marks: [String: Mark] = [:]
      var diagnostics: [Diagnostic] = []
      // Depth-first without recursion (a chain of templates may be long): each frame is a
      // template and the index of its next tag to follow.
      for root in tags.keys.sorted() where marks[root] == nil {
        var stack: [(template: String, next: Int, via: Tag?)] = [(root, 0, nil)]
        marks[root] = .open
        while let top = stack.last {
          let list = tags[top.template] ?? []
          guard top.next < list.count else {
            marks[top.template] = .done
            stack.removeLast()
            continue
          }
          stack[stack.count - 1].next += 1
          let tag = list[top.next]
          guard let target = tag.includedTemplate, tags[target] != nil else { continue }
          switch marks[target] {
          case .open:
            let from = stack.firstIndex { $0.template == target } ?? 0
            let chain = stack[from...].map { path($0.template) } + [path(target)]
            let message =
              target == top.template
              ? "\(tag.written) includes the template it is in, so it would repeat without end"
              : "\(tag.written) includes \(path(target)), which leads back here: it would repeat without end"
            diagnostics.append(
              .error(
                at: location(tag, in: top.template), message,
                notes: [
                  "the chain: " + chain.joined(separator: " → "),
                  "a template may use a partial or a layout that does not, in turn, lead back to it",
                ]))
          case .done:
            continue
          case nil:
            marks[target] = .open
            stack.append((target, 0, tag))
          }
        }
      }
      return diagnostics
    }

    /// The names of the blocks each template shows or fills in, itself or through the
    /// templates it includes (the graph has no cycles by now).
    func blocksReached() -> [String: Set<String>] {
      var reached: [String: Set<String>] = [:]
      for root in tags.keys.sorted() where reached[root] == nil {
        var stack: [String] = [root]
        while let top = stack.last {
          let pending = Set((tags[top] ?? []).compactMap(\.includedTemplate)).filter {
            tags[$0] != nil && reached[$0] == nil && $0 != top
          }
          if let next = pending.sorted().first, !stack.contains(next) {
            stack.append(next)
            continue
          }
          var names = Set((tags[top] ?? []).filter { $0.sigil == UInt8(ascii: "$") }.map(\.name))
          for target in Set((tags[top] ?? []).compactMap(\.includedTemplate)) { names.formUnion(reached[target] ?? []) }
          reached[top] = names
          stack.removeLast()
        }
      }
      return reached
    }

    /// Each block filled in with text that shows the same block again: rendering the block
    /// renders its filling, which finds the same filling for the block, and so on.
    func recursiveBlocks() -> [Diagnostic] {
      let reached = blocksReached()
      var diagnostics: [Diagnostic] = []
      for template in tags.keys.sorted() {
        let list = tags[template] ?? []
        for (index, filling) in list.enumerated() where filling.fillsInABlock {
          guard let end = filling.closedBy else { continue }
          for inner in list[(index + 1)..<end] {
            if inner.sigil == UInt8(ascii: "$"), inner.name == filling.name {
              diagnostics.append(
                .error(
                  at: location(inner, in: template),
                  "\(inner.written) is inside the text that fills in the block \(filling.written), so it would repeat without end",
                  notes: ["a block's filling may not show the block it fills in; remove \(inner.written) from it"]))
              break
            }
            if let target = inner.includedTemplate, reached[target]?.contains(filling.name) == true {
              diagnostics.append(
                .error(
                  at: location(inner, in: template),
                  "\(inner.written) is inside the text that fills in the block \(filling.written), and \(path(target)) shows that block again, so it would repeat without end",
                  notes: [
                    "a block's filling may not pull in a template that shows the block it fills in; move \(inner.written) out of {{$\(filling.name)}}"
                  ]))
              break
            }
          }
        }
      }
      return diagnostics
    }

    /// Templates whose render could go deeper than `deepestRender` levels.
    ///
    /// The estimate for a template is twice its own nesting (a block's filling renders inside
    /// the parent and again inside the template that fills it), plus the estimates of every
    /// template it includes, added rather than the largest taken: it errs high, and stays small
    /// for real packs.
    func tooDeep() -> [Diagnostic] {
      var depth: [String: Int] = [:]
      var diagnostics: [Diagnostic] = []
      func estimate(_ root: String) -> Int {
        var stack: [String] = [root]
        while let top = stack.last {
          let targets = Set((tags[top] ?? []).compactMap(\.includedTemplate)).filter { tags[$0] != nil && $0 != top }
          if let next = targets.sorted().first(where: { depth[$0] == nil && !stack.contains($0) }) {
            stack.append(next)
            continue
          }
          let own = 2 * ((tags[top] ?? []).map { $0.depth + 1 }.max() ?? 0) + 2
          // Saturating: a diamond of partials doubles the sum at each level.
          depth[top] = targets.reduce(own) { min($0 + (depth[$1] ?? 0), deepestRender + 1) }
          stack.removeLast()
        }
        return depth[root] ?? 0
      }
      for template in tags.keys.sorted() where estimate(template) > deepestRender {
        // Reported at the template's first include: it is the chain that is too deep.
        let list = tags[template] ?? []
        guard let first = list.first(where: { $0.includedTemplate != nil }) else { continue }
        diagnostics.append(
          .error(
            at: location(first, in: template),
            "rendering \(path(template)) could go more than \(deepestRender) levels deep through the sections, partials and layouts it pulls in, deeper than pubpack allows",
            notes: ["pull in fewer templates inside each other, or nest fewer sections in them"]))
      }
      return diagnostics
    }
  }
}
