import Foundation

/// What a build is for.
public enum BuildMode: String, Sendable, Codable {
  /// The public site: only documents released at the build's instant.
  case release
  /// The author's private view: every document, the withheld ones marked as embargoed.
  case preview
}

/// What to build, from where, as of when.
public struct BuildRequest: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var mode: BuildMode
  /// The instant the build decides by (`--at`, or the clock read once by the command).
  public var instant: Instant
  /// WeasyPrint and rsvg-convert, or neither (no PDFs, no share images).
  public var printers: Printers
  public var pdfRenderer: PDFRenderer? { printers.pdf }
  public var shareImageRenderer: ShareImageRenderer? { printers.shareImage }
  /// Where the pack is read from: the disk, or (in tests) memory.
  public var fileSystem: FileSystem
  /// Where pages go as they are made (`build` passes one); nil holds them in memory.
  public var spool: Spool?

  public init(
    content: String = "content", templates: String = "templates", mode: BuildMode = .release, at instant: Instant,
    printers: Printers = .none, fileSystem: FileSystem = .disk, spool: Spool? = nil
  ) {
    self.contentDirectory = content
    self.templatesDirectory = templates
    self.mode = mode
    self.instant = instant
    self.printers = printers
    self.fileSystem = fileSystem
    self.spool = spool
  }
}

/// One file of the built site, with the documents it was made from.
public struct SiteFile: Sendable, Equatable {
  /// Relative to the site root, e.g. `press-release/index.html`.
  public var path: String
  /// The file's bytes: held, or read back from the build's spool (empty if the spool's file
  /// has gone, which the writer's manifest and publish's verification would both show).
  public var contents: Data {
    get {
      switch storage {
      case .held(let data): data
      case .spooled(let spool, let name): spool.contents(of: name) ?? Data()
      }
    }
    set { storage = .held(newValue) }
  }
  /// The documents this file derives from (content paths); empty for theme files.
  public var sources: [String]
  /// The latest embargo among `sources`: the file must not be public before it.
  public var notBefore: Instant?
  var storage: Storage

  enum Storage: Sendable {
    case held(Data)
    case spooled(Spool, name: String)
  }

  public init(path: String, contents: Data, sources: [String], notBefore: Instant?) {
    self.path = path
    self.storage = .held(contents)
    self.sources = sources
    self.notBefore = notBefore
  }

  /// A file already written to `spool` as `name`.
  init(path: String, spooledIn spool: Spool, as name: String, sources: [String], notBefore: Instant?) {
    self.path = path
    self.storage = .spooled(spool, name: name)
    self.sources = sources
    self.notBefore = notBefore
  }

  public static func == (a: SiteFile, b: SiteFile) -> Bool {
    a.path == b.path && a.sources == b.sources && a.notBefore == b.notBefore && a.contents == b.contents
  }
}

/// A document and the release decision made for it.
public struct DecidedDocument: Sendable {
  public var document: Document
  public var decision: ReleasePolicy.Decision
}
