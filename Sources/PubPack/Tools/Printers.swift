import Foundation

/// The programs a build draws with besides itself: WeasyPrint for the PDFs, `rsvg-convert` for
/// the share images.
///
/// One value, passed whole, so that every command that builds a site to write, approve, check
/// for approval, publish or preview builds it with the same programs: a site approved without
/// its share images would never match the one published with them.
public struct Printers: Sendable {
  /// Prints the documents that ask for a PDF; nil makes no PDFs (and no links to them).
  public var pdf: PDFRenderer?
  /// Draws each released page's share image (`og:image`); nil makes none (and no `og:image`).
  public var shareImage: ShareImageRenderer?

  public init(pdf: PDFRenderer? = nil, shareImage: ShareImageRenderer? = nil) {
    self.pdf = pdf
    self.shareImage = shareImage
  }

  /// Neither: pages without PDFs or share images (`check`, and most tests).
  public static let none = Printers()

  /// Both, found on the given search path (the command layer passes `PATH`).
  public static func found(on searchPath: [String]) -> Printers {
    Printers(pdf: PDFRenderer(searchPath: searchPath), shareImage: ShareImageRenderer(searchPath: searchPath))
  }
}
