import Foundation
import Mustache

/// A page template's renderings by swift-mustache, kept once per *shape* of the data and filled
/// in for each page with that shape, byte for byte what swift-mustache would render.
///
/// swift-mustache sees the data only through `LookupNode`, and what it does is a function of
/// what the nodes answer: whether a name is found, and a list's length (`child(named:)`),
/// whether a value counts as null (`isNull`), and the text of a value it shows (`renderText`),
/// which it escapes (or not) and appends to the page unchanged. So a page is rendered once with
/// every question and answer logged, each text shown standing in as a sentinel of private-use
/// characters that pubpack's content types mark with the escaping they applied; the log goes
/// into a tree of questions by answer. For the next page the same questions are answered from
/// its data (a dictionary look-up each, no dynamic casts); where every answer is the same, so is
/// everything swift-mustache did, and the page is the kept rendering with each sentinel replaced
/// by that page's text, escaped the same way. A different answer renders through swift-mustache
/// (and logs a new shape).
///
/// Not kept, so always rendered by swift-mustache: a rendering with a miss or a group shown
/// (their messages are the contract); a page whose substitution meets a miss; and every page
/// of a renderer whose templates could make output depend on a text's content other than by
/// appending it: a partial or block indented on its line (swift-mustache then indents after
/// each line end in the output), a content type other than pubpack's own (its HTML escaping
/// and `JSON`), changed delimiters, or the sentinel characters in a template. Nor once a
/// template's pages seldom share a shape, or past `maxShapes` / `maxKeptBytes`.
final class PageShapes: @unchecked Sendable {
  /// A question swift-mustache asks of a node (numbered in the order nodes are made).
  enum Question: Equatable {
    case child(node: Int, name: String)
    case isNull(node: Int)
  }

  enum Answer: Equatable {
    case missing
    case found
    case list(count: Int)
    case null(Bool)
  }

  /// How a text shown was put in the page.
  enum Escaping: UInt8 {
    case raw = 0x81, html = 0x82, json = 0x83
  }

  /// A text shown: the node whose value it is, its path (for placeholder tracing), how it was
  /// escaped, and where its sentinel is in the kept rendering.
  struct Slot {
    var node: Int
    var path: String
    var escaping: Escaping
    var range: Range<Int>
  }

  /// A kept rendering: the text around the sentinels (one more piece than there are slots), so
  /// a page is put together from strings, with no bytes to check again.
  final class Shape {
    let pieces: [String]
    let slots: [Slot]
    /// The rendering's bytes, and those of its pieces (without the sentinels).
    let size: Int
    let piecesSize: Int
    init(bytes: [UInt8], slots: [Slot]) {
      var pieces: [String] = []
      pieces.reserveCapacity(slots.count + 1)
      var rest = 0
      for slot in slots {
        pieces.append(String(decoding: bytes[rest..<slot.range.lowerBound], as: UTF8.self))
        rest = slot.range.upperBound
      }
      pieces.append(String(decoding: bytes[rest...], as: UTF8.self))
      self.pieces = pieces
      self.slots = slots
      self.size = bytes.count
      self.piecesSize = pieces.reduce(0) { $0 + $1.utf8.count }
    }
  }

  /// A run of questions with one answer each, then either a kept rendering or a question whose
  /// answers lead to further steps. (Runs, not a step per question: a page asks thousands of
  /// questions, and a chain of steps that long overflowed the stack when it was freed.)
  final class Step {
    var questions: [Question] = []
    var answers: [Answer] = []
    var branch: Question?
    var next: [(Answer, Step)] = []
    var shape: Shape?
  }

  /// The tree of steps: read by every page on every core at once, changed only when a shape
  /// is kept (a page found waited on one lock while another page was looked up).
  private let tree = ReadWriteLock()
  /// The counts below.
  private let lock = NSLock()
  private let root = Step()
  private var shapeCount = 0
  private var keptBytes = 0
  /// Pages not found in the kept shapes so far, and pages found.
  private var recorded = 0
  private var hits = 0
  /// Bounds on what is kept: past them pages are rendered by swift-mustache as before.
  static let maxShapes = 256
  static let maxKeptBytes = 8 << 20

  // MARK: Sentinels

  /// A sentinel is U+E000, the digits of its number as U+E010...U+E019, then U+E001 as
  /// `renderText` gives it; pubpack's content types change the last scalar to U+E002 (HTML) or
  /// U+E003 (JSON) while a shape is being recorded.
  static let start: Unicode.Scalar = "\u{E000}"
  /// UTF-8 of U+E000...U+E0FF: EE 80 80...EE 83 BF.
  static func isSentinelRange(_ scalar: Unicode.Scalar) -> Bool { (0xE000...0xE0FF).contains(scalar.value) }

  @TaskLocal static var recording = false
  /// Set around a build to render every page through swift-mustache (the tests compare them).
  @TaskLocal static var off = false

  static func sentinel(_ number: Int) -> String {
    var text = String(start)
    for digit in String(number).unicodeScalars {
      text.unicodeScalars.append(Unicode.Scalar(0xE010 + digit.value - 0x30)!)
    }
    text.unicodeScalars.append(Unicode.Scalar(0xE001)!)
    return text
  }

  /// The text a content type gives a sentinel while recording, or nil for any other text.
  static func marked(_ text: String, _ escaping: Escaping) -> String? {
    guard text.utf8.first == 0xEE, recording else { return nil }
    var bytes = Array(text.utf8)
    // ... EE 80 81 at the end: the raw form.
    guard bytes.count >= 6, bytes[0] == 0xEE, bytes[1] == 0x80, bytes[2] == 0x80,
      bytes[bytes.count - 3] == 0xEE, bytes[bytes.count - 2] == 0x80, bytes[bytes.count - 1] == 0x81
    else { return nil }
    bytes[bytes.count - 1] = escaping.rawValue
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: Which renderers may keep shapes

  /// Whether output from these templates depends on the texts shown only by appending them.
  static func canKeepShapes(_ sources: [String]) -> Bool {
    sources.allSatisfy { source in
      if source.unicodeScalars.contains(where: isSentinelRange) { return false }
      if source.contains("{{=") { return false }
      var rest = source[...]
      while let range = rest.range(of: "{{%") {
        guard let end = rest[range.upperBound...].range(of: "}}") else { return false }
        let pragma = rest[range.lowerBound..<end.upperBound]
        if pragma != "{{% CONTENT_TYPE: JSON}}" && pragma != "{{% CONTENT_TYPE: \(PageHTMLContentType.name)}}" {
          return false
        }
        rest = rest[end.upperBound...]
      }
      // A partial, parent or block standing on its line after spaces or tabs is indented.
      for line in source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        guard !indent.isEmpty else { continue }
        let after = line[indent.endIndex...]
        if after.hasPrefix("{{>") || after.hasPrefix("{{<") || after.hasPrefix("{{$") { return false }
      }
      return true
    }
  }

  // MARK: Rendering

  /// The page for `data` from a kept shape, or nil when there is none for its answers (or its
  /// substitution meets a miss): the caller renders it through swift-mustache.
  func render(_ data: TemplateValue) -> (String, [Placeholders.Shown])? {
    guard let (shape, values) = find(data) else { return nil }
    return Self.fill(shape, values: values)
  }

  /// Renders `data` through swift-mustache recording its shape; keeps the shape and returns the
  /// page filled in from it, or nil when it is not one to keep (the caller renders it as before).
  func record(_ data: TemplateValue, template: StrictTemplate, library: MustacheLibrary?) -> (String, [Placeholders.Shown])? {
    // A template's first page is rendered as before: most templates with a single page (the
    // landing page) are rendered once per build, and keeping their shape would only cost.
    // Nor once shapes are seldom met again (each page its own shape, e.g. a list marking
    // the current page): recording them would only cost.
    let keeps = lock.withLock {
      defer { recorded += 1 }
      return recorded > 0 && shapeCount < Self.maxShapes && keptBytes < Self.maxKeptBytes
        && (recorded < 32 || hits >= recorded)
    }
    if !keeps { return nil }
    let recorder = ShapeRecorder()
    let log = LookupLog()
    log.recorder = recorder
    recorder.values = [data]
    let rootNode = LookupNode(data, path: "", log: log, isRoot: true)
    let text = Self.$recording.withValue(true) { template.template.render(rootNode, library: library) }
    log.finish()
    guard log.misses.isEmpty, let shape = Self.shape(text, recorder: recorder) else { return nil }
    tree.writing { insert(recorder.steps, shape) }
    return Self.fill(shape, values: recorder.values)
  }

  /// The kept rendering with its sentinels located, or nil when they are not each there once,
  /// in order, well formed.
  static func shape(_ text: String, recorder: ShapeRecorder) -> Shape? {
    let bytes = Array(text.utf8)
    var slots: [Slot] = []
    slots.reserveCapacity(recorder.slots.count)
    var at = 0
    while at < bytes.count {
      // The UTF-8 of U+E000...U+E0FF starts EE 80...83.
      guard bytes[at] == 0xEE else {
        at += 1
        continue
      }
      guard at + 2 < bytes.count, (0x80...0x83).contains(bytes[at + 1]) else {
        at += 1
        continue
      }
      // A sentinel starts here: EE 80 80, digits EE 80 90...99, then EE 80 81...83.
      guard bytes[at + 1] == 0x80, bytes[at + 2] == 0x80 else { return nil }
      var end = at + 3
      var number = 0
      var digits = 0
      while end + 2 < bytes.count, bytes[end] == 0xEE, bytes[end + 1] == 0x80, (0x90...0x99).contains(bytes[end + 2]) {
        number = number * 10 + Int(bytes[end + 2] - 0x90)
        digits += 1
        end += 3
      }
      guard digits > 0, digits < 10, end + 2 < bytes.count, bytes[end] == 0xEE, bytes[end + 1] == 0x80,
        let escaping = Escaping(rawValue: bytes[end + 2]), number == slots.count, number < recorder.slots.count
      else { return nil }
      end += 3
      let slot = recorder.slots[number]
      slots.append(Slot(node: slot.node, path: slot.path, escaping: escaping, range: at..<end))
      at = end
    }
    guard slots.count == recorder.slots.count else { return nil }
    return Shape(bytes: bytes, slots: slots)
  }

  private func insert(_ steps: [(Question, Answer)], _ shape: Shape) {
    var step = root
    var at = 0
    // The empty tree: one run.
    if root.questions.isEmpty, root.branch == nil, root.shape == nil {
      root.questions = steps.map(\.0)
      root.answers = steps.map(\.1)
      root.shape = shape
      lock.withLock {
        shapeCount += 1
        keptBytes += shape.size
      }
      return
    }
    while true {
      // Along the run, while the answers agree.
      var index = 0
      while index < step.questions.count {
        guard at < steps.count, steps[at].0 == step.questions[index] else { return }
        if steps[at].1 != step.answers[index] { break }
        index += 1
        at += 1
      }
      if index < step.questions.count {
        // A different answer within the run: split it there.
        let tail = Step()
        tail.questions = Array(step.questions[(index + 1)...])
        tail.answers = Array(step.answers[(index + 1)...])
        tail.branch = step.branch
        tail.next = step.next
        tail.shape = step.shape
        let leaf = Self.leaf(steps[(at + 1)...], shape)
        step.branch = step.questions[index]
        step.next = [(step.answers[index], tail), (steps[at].1, leaf)]
        step.questions.removeSubrange(index...)
        step.answers.removeSubrange(index...)
        step.shape = nil
        break
      }
      // The run is done: the kept rendering (the same again), or the question after it.
      guard let branch = step.branch, at < steps.count, steps[at].0 == branch else { return }
      if let next = step.next.first(where: { $0.0 == steps[at].1 })?.1 {
        step = next
        at += 1
        continue
      }
      step.next.append((steps[at].1, Self.leaf(steps[(at + 1)...], shape)))
      break
    }
    lock.withLock {
      shapeCount += 1
      keptBytes += shape.size
    }
  }

  private static func leaf(_ steps: ArraySlice<(Question, Answer)>, _ shape: Shape) -> Step {
    let leaf = Step()
    leaf.questions = steps.map(\.0)
    leaf.answers = steps.map(\.1)
    leaf.shape = shape
    return leaf
  }

  /// The kept shape whose questions `data` answers the same way, and the values of its nodes.
  private func find(_ data: TemplateValue) -> (Shape, [TemplateValue])? {
    var values: [TemplateValue] = [data]
    values.reserveCapacity(256)
    func answer(_ question: Question) -> Answer {
      switch question {
      case .child(let node, let name):
        guard case .map(let map) = values[node], let child = map[name] else { return .missing }
        values.append(child)
        guard case .list(let items) = child else { return .found }
        values.append(contentsOf: items)
        return .list(count: items.count)
      case .isNull(let node):
        return .null(values[node].isNullInSections)
      }
    }
    return tree.reading { () -> (Shape, [TemplateValue])? in
      var step = root
      while true {
        for (question, expected) in zip(step.questions, step.answers) where answer(question) != expected {
          return nil
        }
        if let shape = step.shape {
          lock.withLock { hits += 1 }
          return (shape, values)
        }
        guard let branch = step.branch else { return nil }
        let given = answer(branch)
        guard let next = step.next.first(where: { $0.0 == given })?.1 else { return nil }
        step = next
      }
    }
  }

  /// The page: the shape with each sentinel replaced by its node's text, escaped as it was;
  /// nil if a text shown is a group (a miss, whose rendering is swift-mustache's).
  static func fill(_ shape: Shape, values: [TemplateValue]) -> (String, [Placeholders.Shown])? {
    let log = LookupLog()
    var texts: [String] = []
    texts.reserveCapacity(shape.slots.count)
    var size = shape.piecesSize
    for slot in shape.slots {
      let text = LookupNode(values[slot.node], path: slot.path, log: log).renderText
      let escaped: String
      switch slot.escaping {
      case .raw: escaped = text
      case .html: escaped = PageHTMLContentType().escapeText(text)
      case .json: escaped = JSONContentType().escapeText(text)
      }
      size += escaped.utf8.count
      texts.append(escaped)
    }
    log.finish()
    guard log.misses.isEmpty else { return nil }
    var output = ""
    output.reserveCapacity(size)
    for (piece, text) in zip(shape.pieces, texts) {
      output += piece
      output += text
    }
    output += shape.pieces[shape.pieces.count - 1]
    return (output, log.placeholdersShown)
  }
}

/// What one recording render asked and was answered, in order.
final class ShapeRecorder {
  var steps: [(PageShapes.Question, PageShapes.Answer)] = []
  /// The value of each node, numbered in the order made (the root is 0).
  var values: [TemplateValue] = []
  /// Each text shown, in the order shown: its node and path.
  var slots: [(node: Int, path: String)] = []

  func newNode(_ value: TemplateValue) -> Int {
    values.append(value)
    return values.count - 1
  }

  func shown(node: Int, path: String) -> String {
    slots.append((node, path))
    return PageShapes.sentinel(slots.count - 1)
  }
}

extension TemplateValue {
  /// Null, false and empty text render a section zero times and an inverted section once.
  var isNullInSections: Bool {
    switch self {
    case .null: true
    case .bool(let flag): !flag
    case .string(let text): text.isEmpty
    case .list(let items): items.isEmpty
    case .map: false
    }
  }
}
