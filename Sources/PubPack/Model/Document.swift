/// One Markdown source in `content/`: front matter and a GFM body.
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

  /// The fields, in one box shared by every copy until one is changed (copy on write): a
  /// document is copied into many lists (every document, the shown ones, the listed ones, the
  /// rendered ones), and a large pack's would otherwise hold each field once per list.
  private final class Storage: @unchecked Sendable {
    var path: String
    var fileName: String
    var title: String
    var kind: Kind
    var slug: String
    var summary: String?
    var embargo: EmbargoSetting
    var isDraft: Bool
    var exemptParagraphs: [Int]?
    var fields: [String: TemplateValue]
    var body: WrittenBody
    var bodyLineOffset: Int
    var fieldLocations: [String: SourceLocation]
    var pdfSetting: Bool?

    init(path: String, fileName: String, title: String, kind: Kind, slug: String, summary: String?, embargo: EmbargoSetting, isDraft: Bool, exemptParagraphs: [Int]?, fields: [String: TemplateValue], body: WrittenBody, bodyLineOffset: Int, fieldLocations: [String: SourceLocation], pdfSetting: Bool?) {
      self.path = path
      self.fileName = fileName
      self.title = title
      self.kind = kind
      self.slug = slug
      self.summary = summary
      self.embargo = embargo
      self.isDraft = isDraft
      self.exemptParagraphs = exemptParagraphs
      self.fields = fields
      self.body = body
      self.bodyLineOffset = bodyLineOffset
      self.fieldLocations = fieldLocations
      self.pdfSetting = pdfSetting
    }

    func copy() -> Storage {
      Storage(
        path: path,
        fileName: fileName,
        title: title,
        kind: kind,
        slug: slug,
        summary: summary,
        embargo: embargo,
        isDraft: isDraft,
        exemptParagraphs: exemptParagraphs,
        fields: fields,
        body: body,
        bodyLineOffset: bodyLineOffset,
        fieldLocations: fieldLocations,
        pdfSetting: pdfSetting)
    }
  }

  private var storage: Storage

  /// The box, copied first if another document shares it.
  private var unique: Storage {
    mutating get {
      if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
      return storage
    }
  }

  /// The path as shown in messages, e.g. `content/press-release.md`.
  public var path: String {
    get { storage.path }
    set { unique.path = newValue }
  }
  /// The file name, which other documents link by, e.g. `press-release.md`.
  public var fileName: String {
    get { storage.fileName }
    set { unique.fileName = newValue }
  }
  public var title: String {
    get { storage.title }
    set { unique.title = newValue }
  }
  public var kind: Kind {
    get { storage.kind }
    set { unique.kind = newValue }
  }
  public var slug: String {
    get { storage.slug }
    set { unique.slug = newValue }
  }
  public var summary: String? {
    get { storage.summary }
    set { unique.summary = newValue }
  }
  public var embargo: EmbargoSetting {
    get { storage.embargo }
    set { unique.embargo = newValue }
  }
  public var isDraft: Bool {
    get { storage.isDraft }
    set { unique.isDraft = newValue }
  }
  /// Schedule 12A paragraphs (1 to 7) when the document is exempt; nil when it is not.
  public var exemptParagraphs: [Int]? {
    get { storage.exemptParagraphs }
    set { unique.exemptParagraphs = newValue }
  }
  /// Further front-matter fields (a council report's front sheet), for templates.
  public var fields: [String: TemplateValue] {
    get { storage.fields }
    set { unique.fields = newValue }
  }
  /// The Markdown after the front matter: held, or left in the file until the render stage
  /// reads it again (`PackLoader.body(of:fileSystem:)`), so a large pack's bodies are never all
  /// held at once.
  public var body: WrittenBody {
    get { storage.body }
    set { unique.body = newValue }
  }
  /// Lines in the file before the body (the front matter and its `---` lines).
  public var bodyLineOffset: Int {
    get { storage.bodyLineOffset }
    set { unique.bodyLineOffset = newValue }
  }
  /// Where each front-matter key was written.
  public var fieldLocations: [String: SourceLocation] {
    get { storage.fieldLocations }
    set { unique.fieldLocations = newValue }
  }
  /// `pdf:` in front matter, when given: whether the document is also printed as a PDF.
  public var pdfSetting: Bool? {
    get { storage.pdfSetting }
    set { unique.pdfSetting = newValue }
  }

  public init(
    path: String,
    fileName: String,
    title: String,
    kind: Kind,
    slug: String,
    summary: String?,
    embargo: EmbargoSetting,
    isDraft: Bool,
    exemptParagraphs: [Int]?,
    fields: [String: TemplateValue],
    body: WrittenBody,
    bodyLineOffset: Int,
    fieldLocations: [String: SourceLocation] = [:],
    pdfSetting: Bool? = nil
  ) {
    storage = Storage(
      path: path,
      fileName: fileName,
      title: title,
      kind: kind,
      slug: slug,
      summary: summary,
      embargo: embargo,
      isDraft: isDraft,
      exemptParagraphs: exemptParagraphs,
      fields: fields,
      body: body,
      bodyLineOffset: bodyLineOffset,
      fieldLocations: fieldLocations,
      pdfSetting: pdfSetting)
  }

  /// Whether the build also prints this document as a PDF: a council report unless it says
  /// `pdf: false`, any other document when it says `pdf: true`.
  public var makesPDF: Bool { pdfSetting ?? (kind == .councilReport) }
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
