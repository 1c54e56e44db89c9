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
  /// Sections open inside each other in one template or body.
  ///
  /// Each level costs swift-mustache a few kilobytes of stack to parse and to render.
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
    ///
    /// A looked-up name never names a template in pubpack: swift-mustache wants a `String` there, and
    /// `StrictTemplate` hands it `LookupNode`s, so a dynamic partial renders nothing.
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
    let units = Units(text)
    let all = units.units
    var open = Units.encode("{{")
    var close = Units.encode("}}")
    var tags: [Tag] = []
    var stack: [Int] = []
    var line = 1
    var counted = 0
    var at = 0
    while let start = Units.firstIndex(of: open, in: all, from: at) {
      for index in counted..<start where all[index] == Units.newline { line += 1 }
      counted = start
      let inner = start + open.count
      guard inner < all.count else { break }
      let first = all[inner]
      let sigil: UInt8? = first < 128 && Self.sigils.contains(UInt8(first)) ? UInt8(first) : nil
      let nameStart = sigil == nil ? inner : inner + 1
      if sigil == UInt8(ascii: "=") {
        // `{{=<% %>=}}`, read as swift-mustache reads it; the new delimiters apply from the
        // next tag on. A tag it cannot read ends its parse with an error, and so this scan.
        guard let (newOpen, newClose, end) = units.delimiters(from: nameStart, closedBy: close) else { break }
        open = newOpen
        close = newClose
        at = end
        continue
      }
      guard let found = Units.firstIndex(of: close, in: all, from: nameStart) else { break }
      var end = found + close.count
      if sigil == UInt8(ascii: "{"), end < all.count, all[end] == UInt32(UInt8(ascii: "}")) { end += 1 }
      var name = nameStart..<found
      while !name.isEmpty, units.isSpace(all[name.lowerBound]) { name = (name.lowerBound + 1)..<name.upperBound }
      while !name.isEmpty, units.isSpace(all[name.upperBound - 1]) { name = name.lowerBound..<(name.upperBound - 1) }
      var tag = Tag(sigil: sigil, name: units.text(name), offset: start, line: line, depth: stack.count)
      if tag.sigil == UInt8(ascii: "$"), let enclosing = stack.last, tags[enclosing].sigil == UInt8(ascii: "<") {
        tag.fillsInABlock = true
      }
      let index = tags.count
      let transforms = all[name].count(where: { $0 == UInt32(UInt8(ascii: "(")) })
      if transforms > mostTransforms, sigil != UInt8(ascii: "!") {
        return .failure(
          .error(
            at: units.location(of: tag, path: path, lineOffset: lineOffset),
            "this tag applies \(transforms) transforms, more than the \(mostTransforms) pubpack allows",
            notes: ["write the value into the facts instead of computing it in the tag"]))
      }
      tags.append(tag)
      if tag.opensASection {
        stack.append(index)
        if stack.count > deepestNesting {
          return .failure(
            .error(
              at: units.location(of: tag, path: path, lineOffset: lineOffset),
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

  /// A text as swift-mustache's parser compares it: one unit per `Character`, an ASCII one as
  /// its code and any other as a number of its own from 256 up ("\r\n" counts as "\n").
  ///
  /// Where bytes and Characters agree about every brace (no character joins one into a larger
  /// Character, see `PlainLines.readsAsBytesDo`) and no tag sets other delimiters, a unit is a
  /// byte instead, which gives the same tags and is faster. A brace joined to an accent is not
  /// a brace to swift-mustache: read as bytes, `{{/́x}}` would close a section it never closes.
  struct Units {
    let units: [UInt32]
    /// The bytes, when a unit is a byte.
    let bytes: [UInt8]?
    /// The non-ASCII Characters, by their unit minus 256.
    let characters: [Character]
    static let newline = UInt32(UInt8(ascii: "\n"))

    init(_ text: String) {
      let bytes = Array(text.utf8)
      if bytes.firstIndex(of: Array("{{=".utf8), from: 0) == nil, PlainLines.readsAsBytesDo(bytes) {
        self.units = bytes.map(UInt32.init)
        self.bytes = bytes
        self.characters = []
        return
      }
      var numbers: [Character: UInt32] = [:]
      var characters: [Character] = []
      var units: [UInt32] = []
      units.reserveCapacity(bytes.count)
      for character in text {
        if let ascii = character.asciiValue {
          units.append(UInt32(ascii))
        } else if let number = numbers[character] {
          units.append(number)
        } else {
          let number = UInt32(256 + characters.count)
          numbers[character] = number
          characters.append(character)
          units.append(number)
        }
      }
      self.units = units
      self.bytes = nil
      self.characters = characters
    }

    static func encode(_ ascii: String) -> [UInt32] { ascii.utf8.map(UInt32.init) }

    static func firstIndex(of needle: [UInt32], in units: [UInt32], from start: Int) -> Int? {
      guard let first = needle.first, needle.count <= units.count else { return nil }
      var at = start
      while at + needle.count <= units.count {
        if units[at] == first, units[at..<(at + needle.count)].elementsEqual(needle) { return at }
        at += 1
      }
      return nil
    }

    /// Whether a unit is white space as `Character.isWhitespace` says.
    func isSpace(_ unit: UInt32) -> Bool {
      if unit < 256 { return [9, 10, 11, 12, 13, 32].contains(unit) }
      return characters[Int(unit) - 256].isWhitespace
    }

    func text(_ range: Range<Int>) -> String {
      if let bytes { return String(decoding: bytes[range], as: UTF8.self) }
      return String(units[range].map { $0 < 256 ? Character(UnicodeScalar(UInt8($0))) : characters[Int($0) - 256] })
    }

    /// The delimiters a set-delimiter tag sets, read as swift-mustache's `parserSetDelimiter`
    /// reads them from just after the `=`, and where the tag ends; nil where it throws.
    func delimiters(from start: Int, closedBy close: [UInt32]) -> ([UInt32], [UInt32], Int)? {
      var at = start
      func skipSpace() { while at < units.count, isSpace(units[at]) { at += 1 } }
      skipSpace()
      let openStart = at
      while at < units.count, !isSpace(units[at]) { at += 1 }
      let open = Array(units[openStart..<at])
      skipSpace()
      let closeStart = at
      let equals = UInt32(UInt8(ascii: "="))
      while at < units.count, units[at] != equals, !isSpace(units[at]) { at += 1 }
      let newClose = Array(units[closeStart..<at])
      skipSpace()
      guard at < units.count, units[at] == equals, !open.isEmpty, !newClose.isEmpty,
        at + 1 + close.count <= units.count, units[(at + 1)..<(at + 1 + close.count)].elementsEqual(close)
      else { return nil }
      return (open, newClose, at + 1 + close.count)
    }

    /// Where a tag is, as the author counts: lines from 1, characters from 1.
    func location(of tag: Tag, path: String, lineOffset: Int) -> SourceLocation {
      var lineStart = tag.offset
      while lineStart > 0, units[lineStart - 1] != Units.newline { lineStart -= 1 }
      let column =
        bytes.map { String(decoding: $0[lineStart..<tag.offset], as: UTF8.self).count } ?? (tag.offset - lineStart)
      return SourceLocation(path: path, line: tag.line + lineOffset, column: column + 1)
    }
  }

  private static let sigils: Set<UInt8> = Set("#^/><$!&{=%".utf8)

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
    var texts: [String: Units] = [:]
    var diagnostics: [Diagnostic] = []
    let path: (String) -> String

    /// Scans every template, then checks how they include each other.
    init(templates: [String: String], path: @escaping (String) -> String) {
      self.path = path
      for (name, text) in templates.sorted(by: { $0.key < $1.key }) {
        switch TemplateBounds.tags(in: text, path: path(name)) {
        case .success(let found):
          tags[name] = found
          texts[name] = Units(text)
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
      texts[template]?.location(of: tag, path: path(template), lineOffset: 0)
        ?? SourceLocation(path: path(template), line: tag.line, column: 1)
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
