/// One Markdown source in `content/`: front matter and a GFM body.
@dynamicMemberLookup
public struct Document: Sendable {
  public enum Kind: String, CaseIterable, Sendable {
    case webpage
    case councilReport = "council-report"
    case pressRelease = "press-release"
    case page
    /// An embargoed briefing for staff, partners or members: sent by `pubpack send`, never part
    /// of the site.
    case briefing

    /// Whether documents of this kind are about the inspection (and so may never be
    /// `embargo: none`).
    public var isAboutInspection: Bool { self != .page }

    /// Whether documents of this kind are ever part of `site/` (a briefing never is).
    public var isPublished: Bool { self != .briefing }
  }

  /// How a document's embargo relates to the pack's.
  public enum EmbargoSetting: Sendable, Equatable {
    /// The pack's release instant.
    case inherited
    /// A later instant, set in front matter.
    case later(Instant)
    /// `embargo: none`: a page that says nothing about the inspection.
    case none
  }

  /// What a document is: its front matter, and where its body is.
  public struct Values: Sendable {
    /// The path as shown in messages, e.g. `content/press-release.md`.
    public var path: String
    /// The file name, which other documents link by, e.g. `press-release.md`.
    public var fileName: String
    public var title: String
    public var kind: Kind
    public var slug: String
    public var summary: String?
    public var embargo: EmbargoSetting
    public var isDraft: Bool
    /// Schedule 12A paragraphs (1 to 7) when the document is exempt; nil when it is not.
    public var exemptParagraphs: [Int]?
    /// Further front-matter fields (a council report's front sheet), for templates.
    public var fields: [String: TemplateValue]
    /// The Markdown after the front matter: held, or left in the file until the render stage
    /// reads it again (`PackLoader.body(of:fileSystem:)`), so a large pack's bodies are never
    /// all held at once.
    public var body: WrittenBody
    /// Lines in the file before the body (the front matter and its `---` lines).
    public var bodyLineOffset: Int
    /// Where each front-matter key was written.
    public var fieldLocations: [String: SourceLocation] = [:]
    /// `pdf:` in front matter, when given: whether the document is also printed as a PDF.
    public var pdfSetting: Bool? = nil
  }

  /// The values, in one box shared by every copy until one is changed (copy on write): a
  /// document is copied into many lists (every document, the shown ones, the listed ones, the
  /// rendered ones), and a large pack's would otherwise hold each value once per list.
  private final class Box: @unchecked Sendable {
    var values: Values
    init(_ values: Values) { self.values = values }
  }

  private var box: Box

  /// `document.title` and the rest: each of `Values`, read from the box, written to a box of
  /// this document's own.
  public subscript<Value>(dynamicMember name: WritableKeyPath<Values, Value>) -> Value {
    get { box.values[keyPath: name] }
    set {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.values) }
      box.values[keyPath: name] = newValue
    }
  }

  // The fields every link and every page reads, as plain properties: through the subscript
  // above each read projected a key path at run time.
  public var path: String {
    get { box.values.path }
    set { self[dynamicMember: \.path] = newValue }
  }
  public var fileName: String {
    get { box.values.fileName }
    set { self[dynamicMember: \.fileName] = newValue }
  }
  public var slug: String {
    get { box.values.slug }
    set { self[dynamicMember: \.slug] = newValue }
  }
  public var title: String {
    get { box.values.title }
    set { self[dynamicMember: \.title] = newValue }
  }
  public var kind: Kind {
    get { box.values.kind }
    set { self[dynamicMember: \.kind] = newValue }
  }

  public init(
    path: String, fileName: String, title: String, kind: Kind, slug: String, summary: String?, embargo: EmbargoSetting,
    isDraft: Bool, exemptParagraphs: [Int]?, fields: [String: TemplateValue], body: WrittenBody, bodyLineOffset: Int,
    fieldLocations: [String: SourceLocation] = [:], pdfSetting: Bool? = nil
  ) {
    box = Box(
      Values(
        path: path, fileName: fileName, title: title, kind: kind, slug: slug, summary: summary, embargo: embargo,
        isDraft: isDraft, exemptParagraphs: exemptParagraphs, fields: fields, body: body, bodyLineOffset: bodyLineOffset,
        fieldLocations: fieldLocations, pdfSetting: pdfSetting))
  }

  /// The file as the load stage read it, when the body was left there.
  public var fileMark: WrittenBody.FileMark? {
    if case .file(let mark) = self.body { return mark }
    return nil
  }

  /// Whether the build also prints this document as a PDF: a council report unless it says
  /// `pdf: false`, any other document when it says `pdf: true`.
  public var makesPDF: Bool { self.pdfSetting ?? (self.kind == .councilReport) }
}

/// Where a document's body is.
public enum WrittenBody: Sendable {
  /// The text itself (a document made in memory).
  case text(String)
  /// In the document's file, as the load stage read it: read again when it is needed, and
  /// refused if the file is no longer what was read.
  case file(FileMark)

  /// A file as the load stage read it, and where its body starts.
  public struct FileMark: Sendable, Equatable {
    public var path: String
    /// The file's size in bytes when it was read.
    public var byteCount: Int
    /// A hash of the file's bytes when it was read (this process's `Hasher`: compared only
    /// within the build that made it).
    public var fingerprint: Int
    /// Where the body starts, in UTF-8 bytes of the text as the load stage made it (a
    /// byte-order mark dropped, Windows line ends made "\n").
    public var bodyStart: Int
  }
}
