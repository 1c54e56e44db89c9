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

  public init(
    content: String = "content", templates: String = "templates", mode: BuildMode = .release, at instant: Instant,
    printers: Printers = .none, fileSystem: FileSystem = .disk
  ) {
    self.contentDirectory = content
    self.templatesDirectory = templates
    self.mode = mode
    self.instant = instant
    self.printers = printers
    self.fileSystem = fileSystem
  }
}

/// One file of the built site, with the documents it was made from.
public struct SiteFile: Sendable, Equatable {
  /// Relative to the site root, e.g. `press-release/index.html`.
  public var path: String
  public var contents: Data
  /// The documents this file derives from (content paths); empty for theme files.
  public var sources: [String]
  /// The latest embargo among `sources`: the file must not be public before it.
  public var notBefore: Instant?
}

/// A document and the release decision made for it.
public struct DecidedDocument: Sendable {
  public var document: Document
  public var decision: ReleasePolicy.Decision
}
