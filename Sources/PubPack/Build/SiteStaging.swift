import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// The folder a site is built into before `SiteWriter` swaps it in whole: a build that is to be
/// written puts each page there as soon as it is made, so that a large site is never held in
/// memory all at once (only each file's path, digest and size stay).
///
/// It is a new hidden folder beside the output folder (`SiteWriter.prepare` makes it), never the
/// output folder itself: a build that fails, or is refused, removes it (`discard`), and the
/// output folder is replaced only by the swap. Like the site writer, it refuses any file that a
/// release build may not show at its instant, so that no such file is ever written, even there.
public final class SiteStaging: Sendable {
  /// The staging folder.
  public let path: String
  /// The output folder it will be swapped in as (standardised).
  public let output: String
  let mode: BuildMode
  let instant: Instant

  init(path: String, output: String, mode: BuildMode, instant: Instant) {
    self.path = path
    self.output = output
    self.mode = mode
    self.instant = instant
  }

  /// Writes the file into the folder and hands it back with its bytes let go; on failure, the
  /// file as it was (its bytes still in memory) and an error that fails the build.
  func stage(_ file: SiteFile) -> (file: SiteFile, diagnostics: [Diagnostic]) {
    if mode == .release, !ReleasePolicy.isReleased(embargo: file.notBefore, at: instant) {
      return (file, [Self.refusal(of: file, at: instant)])
    }
    let target = path + "/" + file.path
    let contents = file.contents
    guard Self.makeParents(of: file.path, under: path), Self.writeFile(contents, to: target) else {
      let reason = String(cString: strerror(errno))
      return (
        file,
        [
          .error(
            at: nil, "could not write '\(file.path)' into the staging folder '\(path)': \(reason)",
            notes: ["nothing was published; check the output folder's parent is writable and has space, then build again"])
        ]
      )
    }
    return (file.staged(at: target, sha256: sha256Hex(contents), size: contents.count), [])
  }

  /// The error for a file a release build at `instant` may not show: the embargo's last gate.
  static func refusal(of file: SiteFile, at instant: Instant) -> Diagnostic {
    .error(
      at: nil,
      "refusing to write '\(file.path)': it is not released until \(LondonTime.longWithUTC(file.notBefore ?? instant)), and this build is for \(LondonTime.longWithUTC(instant))",
      notes: ["nothing was written; this is a fault in pubpack, not in the pack: please report it"])
  }

  /// Removes the folder and everything in it (after a successful swap it is gone already).
  public func discard() {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Makes each missing folder of `relative`'s parent under `root`, parents first; a folder that
  /// another thread has just made is fine.
  private static func makeParents(of relative: String, under root: String) -> Bool {
    var folder = relative.parentPath
    var missing: [String] = []
    while !folder.isEmpty {
      var status = stat()
      if stat(root + "/" + folder, &status) == 0 { break }
      missing.append(folder)
      folder = folder.parentPath
    }
    for folder in missing.reversed() where mkdir(root + "/" + folder, 0o777) != 0 && errno != EEXIST {
      return false
    }
    return true
  }

  /// Writes `contents` to a new file at `path` (its folder exists): open, write, close.
  static func writeFile(_ contents: Data, to path: String) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { return false }
    var written = 0
    let complete = contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
      while written < buffer.count {
        let result = systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
        if result < 0 {
          if errno == EINTR { continue }
          return false
        }
        written += result
      }
      return true
    }
    return close(descriptor) == 0 && complete
  }
}

extension BuildRequest {
  /// The file, streamed to the staging folder when this build has one, else as it is.
  func keep(_ file: SiteFile) -> (file: SiteFile, diagnostics: [Diagnostic]) {
    staging?.stage(file) ?? (file, [])
  }
}
