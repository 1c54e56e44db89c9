import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
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
  /// Builds the request and writes the site to `output`, streaming each page to the staging
  /// folder as it is made (so that a large site is never held whole in memory). A build with
  /// errors writes nothing and leaves no staging folder; its errors are the build's, reported
  /// before any about the output folder.
  public static func build(_ request: BuildRequest, to output: String) -> (build: Build, written: [Diagnostic]) {
    var request = request
    // An output folder that cannot be replaced is reported after the build (by `write`), so
    // that the pack's own errors come first; the build then keeps its files in memory.
    if case .success(let staging) = prepare(output: output, for: request) { request.staging = staging }
    defer { request.staging?.discard() }
    var build = Pipeline.build(request)
    guard build.succeeded else { return (build, []) }
    let written = write(build, to: output)
    if written.isEmpty, let staging = request.staging {
      build.files = build.files.map { $0.moved(from: staging.path, to: staging.output) }
    }
    return (build, written)
  }

  /// Checks that `output` may be replaced by this request's site, and makes a new, empty
  /// staging folder beside it for the build to stream its pages into.
  public static func prepare(output: String, for request: BuildRequest) -> Result<SiteStaging, DiagnosticError> {
    let problems = outputProblems(output, content: request.contentDirectory, templates: request.templatesDirectory)
    guard problems.isEmpty else { return .failure(DiagnosticError(problems)) }
    return SiteStaging.make(output: resolved(output), shownOutput: output, mode: request.mode, instant: request.instant)
  }

  public static func write(_ build: Build, to output: String) -> [Diagnostic] {
    let fm = FileManager.default
    guard build.succeeded else { return [] }
    // One write at a time in a process, and none once a signal has stopped the command: a
    // signal waits for a write under way to finish (`SiteStaging.abandonAll`), and a build
    // whose staging folder it removed stops here until the process ends.
    SiteStaging.writeLock.lock()
    defer { SiteStaging.writeLock.unlock() }
    let early = unreleasedFiles(of: build)
    guard early.isEmpty else { return early }
    // The manifest is encoded (one long serial piece of work for a large site) while the output
    // and the streamed files are checked; it is written only if they pass.
    let manifest = Beside { [build] in
      BuildManifest(mode: build.request.mode, instant: build.request.instant, files: build.files).encoded()
    }
    let target = resolved(output)
    // Again now, however long the build took: the folder may have changed meanwhile.
    let problems = outputProblems(
      output, content: build.pack?.contentDirectory ?? build.request.contentDirectory,
      templates: build.pack?.templatesDirectory ?? build.request.templatesDirectory)
    guard problems.isEmpty else { return problems }
    // The build's own staging folder when it streamed its files into one for this output;
    // otherwise a new one, let go here.
    let staging: SiteStaging
    if let streamed = build.request.staging, streamed.output == target {
      guard fm.fileExists(atPath: streamed.path), streamedFilesAreIntact(build.files, in: streamed) else {
        return [
          .error(
            at: nil, "the files this build wrote into '\(streamed.path)' were changed or removed while it ran",
            notes: ["nothing was written to '\(output)', which is unchanged; build again"])
        ]
      }
      staging = streamed
    } else {
      switch prepare(output: output, for: build.request) {
      case .success(let made): staging = made
      case .failure(let problems): return problems.diagnostics
      }
    }
    defer { if staging !== build.request.staging { staging.discard() } }
    let stagingURL = URL(fileURLWithPath: staging.path)
    let retired = stagingURL.deletingLastPathComponent().appendingPathComponent(
      stagingURL.lastPathComponent.replacingOccurrences(of: SiteStaging.newMarker, with: SiteStaging.oldMarker))
    let outputURL = URL(fileURLWithPath: target)
    do {
      // The folders first, parents before children, then the files on every core: each file is
      // one open, one write and one close (Data.write(to:) also stats the path first). Files
      // the build streamed here already are left as they are.
      let stagingPath = staging.path
      let files = build.files.filter { $0.stagedPath != stagingPath + "/" + $0.path }
      var folders: Set<String> = []
      for file in files {
        var folder = file.path.parentPath
        while !folder.isEmpty, folders.insert(folder).inserted {
          folder = folder.parentPath
        }
      }
      for folder in folders.sorted() where mkdir(stagingPath + "/" + folder, 0o777) != 0 && errno != EEXIST {
        // Again through Foundation, which says what went wrong if it goes wrong again.
        try fm.createDirectory(
          atPath: stagingPath + "/" + folder, withIntermediateDirectories: true)
      }
      let failed = concurrentMap(files.count) { index in
        SiteStaging.writeFile(files[index].contents, to: stagingPath + "/" + files[index].path) ? nil : index
      }
      for index in failed.compactMap({ $0 }) {
        // Again through Foundation, which says what went wrong if it goes wrong again.
        try files[index].contents.write(to: URL(fileURLWithPath: stagingPath + "/" + files[index].path))
      }
      try manifest.wait().write(to: URL(fileURLWithPath: stagingPath + "/" + BuildManifest.fileName))
      // Private while it was made; the site gets the permissions a new folder would have.
      chmod(stagingPath, staging.sitePermissions)

      // The swap, in one step where the file system allows: the new site takes the name and
      // the old one is left where the new one was, to go. Otherwise in two: the old site steps
      // aside, the new one takes its name (for a moment there is no site), the old one goes.
      let exists = fm.fileExists(atPath: target)
      if exists, exchangePaths(stagingPath, target) {
        try? fm.removeItem(atPath: stagingPath)
      } else {
        if exists { try fm.moveItem(at: outputURL, to: retired) }
        do {
          try fm.moveItem(at: URL(fileURLWithPath: stagingPath), to: outputURL)
        } catch {
          if exists { try? fm.moveItem(at: retired, to: outputURL) }
          throw error
        }
        if exists { try? fm.removeItem(at: retired) }
      }
      staging.finish()
      return []
    } catch {
      staging.discard()
      return [
        .error(
          at: nil, "could not write the site to '\(output)': \(error.localizedDescription)",
          notes: ["the previous site, if any, is unchanged; check the folder's permissions and free space"])
      ]
    }
  }

  /// Whether every file the build streamed is still in the staging folder with the size it was
  /// written with (one `stat` each: something else on the machine may have touched the folder).
  static func streamedFilesAreIntact(_ files: [SiteFile], in staging: SiteStaging) -> Bool {
    // On every core: this runs after the last page is made, while nothing else can.
    !concurrentMap(files.count) { index in
      let file = files[index]
      guard let path = file.stagedPath else { return true }
      var status = stat()
      return path == staging.path + "/" + file.path && stat(path, &status) == 0 && Int(status.st_size) == file.size
    }.contains(false)
  }

  /// The output folder as the file system reads it, every symbolic link resolved (so
  /// `x/link/..` is the folder above where `link` leads, not `x`); the part that does not exist
  /// yet is taken as written.
  static func resolved(_ output: String) -> String {
    let absolute = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
    var existing = absolute
    var missing: [Substring] = []
    while true {
      if let real = realpath(existing, nil) {
        defer { free(real) }
        var path = String(cString: real)
        for component in missing.reversed() where component != "." && !component.isEmpty {
          if component == ".." { path = path.parentPath.isEmpty ? "/" : path.parentPath } else {
            path += (path.hasSuffix("/") ? "" : "/") + component
          }
        }
        return path
      }
      let parent = existing.parentPath
      guard !parent.isEmpty, parent != existing else { return URL(fileURLWithPath: absolute).standardizedFileURL.path }
      missing.append(Substring(existing.split(separator: "/", omittingEmptySubsequences: true).last ?? ""))
      existing = parent
    }
  }

  /// Why `output` may not be replaced by a site built from these folders: it overlaps one of
  /// them, it is not a folder, or it holds something pubpack did not make.
  static func outputProblems(_ output: String, content: String, templates: String) -> [Diagnostic] {
    let fm = FileManager.default
    let target = resolved(output)
    for (name, folder) in [("content", content), ("templates", templates)] {
      let folderPath = resolved(folder)
      if target == folderPath || folderPath.hasPrefix(target + "/") || target.hasPrefix(folderPath + "/") {
        return [
          .error(
            at: nil, "the output folder '\(output)' overlaps the \(name) folder", notes: ["choose another --output"])
        ]
      }
    }
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: target, isDirectory: &isDirectory) else { return [] }
    guard isDirectory.boolValue else {
      return [.error(at: nil, "'\(output)' exists and is not a folder", notes: ["remove it or choose another --output"])]
    }
    let entries = (try? fm.contentsOfDirectory(atPath: target)) ?? []
    if !entries.isEmpty && BuildManifest.read(siteDirectory: target) == nil {
      return [
        .error(
          at: nil, "'\(output)' is not empty and was not made by pubpack, so it will not be replaced",
          notes: [
            "pubpack replaces its output folder as a whole; point --output at a new folder, or empty this one yourself"
          ])
      ]
    }
    return []
  }

  /// One error for each file of a release build that is not released at the build's instant.
  /// A preview build shows withheld documents on purpose, and is never published.
  static func unreleasedFiles(of build: Build) -> [Diagnostic] {
    guard build.request.mode == .release else { return [] }
    let instant = build.request.instant
    return build.files.filter { !ReleasePolicy.isReleased(embargo: $0.notBefore, at: instant) }.map {
      SiteStaging.refusal(of: $0, at: instant)
    }
  }
}
