import Foundation

/// A private folder that a build writes its pages into as it makes them, instead of holding
/// every page in memory until the site is written: a pack of thousands of pages then needs
/// memory for the pages being made, not for all of them.
///
/// The folder is the user's alone (mode 0700, in the temporary folder) and holds only files
/// the build shows, as `site/` would. It is removed when the last file that names it is let go
/// (each spooled `SiteFile` keeps it), so a build that fails, or is never written, leaves
/// nothing behind.
public final class Spool: Sendable {
  public let path: String

  /// A new, empty spool; nil when the temporary folder is not writable (the build then holds
  /// its pages in memory).
  public init?() {
    var template = Array((FileManager.default.temporaryDirectory.path + "/pubpack-spool-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { return nil }
    path = String(cString: made)
  }

  /// Writes `data` as the spool's file `name` (one name, no folders); false when it could not.
  func write(_ data: Data, as name: String) -> Bool {
    FileManager.default.createFile(atPath: path + "/" + name, contents: data)
  }

  func contents(of name: String) -> Data? {
    FileManager.default.contents(atPath: path + "/" + name)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }
}
