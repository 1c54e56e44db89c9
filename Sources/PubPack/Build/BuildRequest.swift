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
  /// Where the pages go as they are made, when the build is to be written (`SiteWriter.build`);
  /// nil keeps every file in memory (`check`, `preview`, tests).
  public var staging: SiteStaging?

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
///
/// Its bytes are in memory, or (in a build that streams its pages, see `SiteStaging`) already
/// written to the staging folder the site is swapped in from, with their digest and size kept.
public struct SiteFile: Sendable, Equatable {
  /// Relative to the site root, e.g. `press-release/index.html`.
  public var path: String
  /// The documents this file derives from (content paths); empty for theme files.
  public var sources: [String]
  /// The latest embargo among `sources`: the file must not be public before it.
  public var notBefore: Instant?
  private var storage: Storage

  /// Where a file's bytes are.
  enum Storage: Sendable, Equatable {
    case memory(Data)
    /// Written to `path` (in a staging folder) by the build; `sha256` and `size` are of the bytes
    /// written, taken before they were let go.
    case staged(path: String, sha256: String, size: Int)
  }

  public init(path: String, contents: Data, sources: [String], notBefore: Instant?) {
    self.path = path
    self.sources = sources
    self.notBefore = notBefore
    self.storage = .memory(contents)
  }

  /// The file's bytes: read back from the disk when the build streamed them to its staging
  /// folder (from the output folder once the site was swapped in; empty if that file is gone).
  /// Setting them keeps them in memory (the site writer writes them over the staged copy).
  public var contents: Data {
    get {
      switch storage {
      case .memory(let data): data
      case .staged(let path, _, _): FileManager.default.contents(atPath: path) ?? Data()
      }
    }
    set { storage = .memory(newValue) }
  }

  /// The SHA-256 of the bytes, in lower-case hexadecimal.
  public var sha256: String {
    switch storage {
    case .memory(let data): sha256Hex(data)
    case .staged(_, let sha256, _): sha256
    }
  }

  /// The number of bytes.
  public var size: Int {
    switch storage {
    case .memory(let data): data.count
    case .staged(_, _, let size): size
    }
  }

  /// Where the build wrote the bytes, when it streamed them to a staging folder.
  public var stagedPath: String? {
    if case .staged(let path, _, _) = storage { path } else { nil }
  }

  /// The same file, read from under `newRoot` if its bytes were under `oldRoot` (the site was
  /// swapped in from its staging folder).
  func moved(from oldRoot: String, to newRoot: String) -> SiteFile {
    guard case .staged(let path, let sha256, let size) = storage, path.hasPrefix(oldRoot + "/") else { return self }
    return staged(at: newRoot + path.dropFirst(oldRoot.count), sha256: sha256, size: size)
  }

  /// The same file, its bytes now at `path` on disk.
  func staged(at path: String, sha256: String, size: Int) -> SiteFile {
    var file = self
    file.storage = .staged(path: path, sha256: sha256, size: size)
    return file
  }
}

/// A document and the release decision made for it.
public struct DecidedDocument: Sendable {
  public var document: Document
  public var decision: ReleasePolicy.Decision
}
