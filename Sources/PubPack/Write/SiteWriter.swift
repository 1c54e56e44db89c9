import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// The write stage: the only code that writes a built site to disk.
///
/// It writes the whole site into a new hidden folder beside the output folder, then swaps it in
/// with renames, so the output folder is replaced as a whole or not at all: a failed build
/// leaves the previous site exactly as it was, and no file of an earlier build survives a new
/// one. It refuses to replace a folder that is not empty and has no pubpack build manifest (it
/// might be anything: a home folder, the content).
///
/// It is also the embargo's second gate: a release build whose files include one not yet
/// released at the build's instant (by the file's own `notBefore`, asked of `ReleasePolicy`) is
/// refused whole, before anything is written. The pipeline should never make such a file; if a
/// bug ever did, it stops here rather than reaching `site/`.
public enum SiteWriter {
  public static func write(_ build: Build, to output: String) -> [Diagnostic] {
    let fm = FileManager.default
    guard build.succeeded else { return [] }
    let early = unreleasedFiles(of: build)
    guard early.isEmpty else { return early }
    let outputURL = URL(fileURLWithPath: output).standardizedFileURL
    if let pack = build.pack {
      for (name, folder) in [("content", pack.contentDirectory), ("templates", pack.templatesDirectory)] {
        let folderURL = URL(fileURLWithPath: folder).standardizedFileURL
        if outputURL.path == folderURL.path || folderURL.path.hasPrefix(outputURL.path + "/")
          || outputURL.path.hasPrefix(folderURL.path + "/")
        {
          return [
            .error(
              at: nil, "the output folder '\(output)' overlaps the \(name) folder", notes: ["choose another --output"])
          ]
        }
      }
    }
    var isDirectory: ObjCBool = false
    let exists = fm.fileExists(atPath: output, isDirectory: &isDirectory)
    if exists {
      guard isDirectory.boolValue else {
        return [
          .error(at: nil, "'\(output)' exists and is not a folder", notes: ["remove it or choose another --output"])
        ]
      }
      let entries = (try? fm.contentsOfDirectory(atPath: output)) ?? []
      if !entries.isEmpty && BuildManifest.read(siteDirectory: output) == nil {
        return [
          .error(
            at: nil, "'\(output)' is not empty and was not made by pubpack, so it will not be replaced",
            notes: [
              "pubpack replaces its output folder as a whole; point --output at a new folder, or empty this one yourself"
            ])
        ]
      }
    }

    let parent = outputURL.deletingLastPathComponent()
    let name = outputURL.lastPathComponent
    let token = UUID().uuidString.prefix(8)
    let staging = parent.appendingPathComponent(".\(name).pubpack-new-\(token)")
    let retired = parent.appendingPathComponent(".\(name).pubpack-old-\(token)")
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try fm.createDirectory(at: staging, withIntermediateDirectories: false)
      // The folders first, parents before children, then the files on every core: each file is
      // one open, one write and one close (Data.write(to:) also stats the path first).
      var folders: Set<String> = []
      for file in build.files {
        var folder = file.path.parentPath
        while !folder.isEmpty, folders.insert(folder).inserted {
          folder = folder.parentPath
        }
      }
      let stagingPath = staging.path
      for folder in folders.sorted() where mkdir(stagingPath + "/" + folder, 0o777) != 0 {
        // Again through Foundation, which says what went wrong if it goes wrong again.
        try fm.createDirectory(
          at: staging.appendingPathComponent(folder, isDirectory: true), withIntermediateDirectories: true)
      }
      let files = build.files
      let failed = concurrentMap(files.count) { index in
        writeFile(files[index].contents, to: stagingPath + "/" + files[index].path) ? nil : index
      }
      for index in failed.compactMap({ $0 }) {
        // Again through Foundation, which says what went wrong if it goes wrong again.
        try files[index].contents.write(to: staging.appendingPathComponent(files[index].path))
      }
      let manifest = BuildManifest(mode: build.request.mode, instant: build.request.instant, files: build.files)
      try manifest.encoded().write(to: staging.appendingPathComponent(BuildManifest.fileName))

      // The swap: the old site steps aside, the new one takes its name, the old one goes.
      if exists { try fm.moveItem(at: outputURL, to: retired) }
      do {
        try fm.moveItem(at: staging, to: outputURL)
      } catch {
        if exists { try? fm.moveItem(at: retired, to: outputURL) }
        throw error
      }
      if exists { try? fm.removeItem(at: retired) }
      return []
    } catch {
      try? fm.removeItem(at: staging)
      return [
        .error(
          at: nil, "could not write the site to '\(output)': \(error.localizedDescription)",
          notes: ["the previous site, if any, is unchanged; check the folder's permissions and free space"])
      ]
    }
  }

  /// One error for each file of a release build that is not released at the build's instant.
  /// A preview build shows withheld documents on purpose, and is never published.
  static func unreleasedFiles(of build: Build) -> [Diagnostic] {
    guard build.request.mode == .release else { return [] }
    let instant = build.request.instant
    return build.files.filter { !ReleasePolicy.isReleased(embargo: $0.notBefore, at: instant) }.map { file in
      .error(
        at: nil,
        "refusing to write '\(file.path)': it is not released until \(LondonTime.longWithUTC(file.notBefore ?? instant)), and this build is for \(LondonTime.longWithUTC(instant))",
        notes: ["nothing was written; this is a fault in pubpack, not in the pack: please report it"])
    }
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
