import Foundation

/// The record of what went live: one line per publish or rollback, kept on the target
/// (`releases/publish.log`) and locally.
///
///     2026-08-03T23:01:00Z  publish  live  20260803T230100Z-3f9a1c2b  12 files  manifest sha256:…  by alice@laptop
///
/// Fields are separated by tabs, so the log reads in a terminal and splits in a spreadsheet.
public enum PublicationLog {
  /// One entry; `who` is `user@host` as the command layer found them.
  public static func line(
    at instant: Instant, action: String, target: String, release: String, fileCount: Int, manifestHash: String,
    who: String, detail: String? = nil
  ) -> String {
    var fields = [
      instant.rfc3339, action, target, release, "\(fileCount) file\(fileCount == 1 ? "" : "s")",
      "manifest sha256:\(manifestHash)", "by \(who)",
    ]
    if let detail { fields.append(detail) }
    // A tab or line break inside a field would split the entry.
    return fields.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
      .joined(separator: "\t")
  }

  /// The releases that were live, oldest first, as the log records them: a `publish` line puts
  /// its release on top; a `rollback` line (which names the release it made live) goes back to
  /// that release's place, dropping what was live after it. The top is what should be live now;
  /// the entry below it is what a rollback returns to. Lines of any other form are skipped.
  public static func liveHistory(_ log: String) -> [String] {
    var history: [String] = []
    for line in log.split(separator: "\n") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count >= 4, ReleaseLayout.isReleaseID(fields[3]) else { continue }
      let release = fields[3]
      switch fields[1] {
      case "publish":
        if history.last != release { history.append(release) }
      case "rollback":
        if let index = history.lastIndex(of: release) {
          history.removeSubrange((index + 1)...)
        } else {
          history.append(release)
        }
      default: continue
      }
    }
    return history
  }

  /// Appends `line` to the file at `path`, creating it; returns false if it cannot.
  @discardableResult
  public static func append(_ line: String, to path: String) -> Bool {
    let fm = FileManager.default
    let data = Data((line + "\n").utf8)
    if !fm.fileExists(atPath: path) {
      let folder = path.parentPath
      if !folder.isEmpty { try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
      return fm.createFile(atPath: path, contents: data)
    }
    guard let handle = FileHandle(forWritingAtPath: path) else { return false }
    defer { try? handle.close() }
    do {
      try handle.seekToEnd()
      try handle.write(contentsOf: data)
      return true
    } catch {
      return false
    }
  }
}
