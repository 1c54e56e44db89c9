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
    let outputURL = URL(fileURLWithPath: output).standardizedFileURL
    let parent = outputURL.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(outputURL.lastPathComponent).pubpack-new-\(UUID().uuidString.prefix(8))")
    do {
      try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
    } catch {
      return .failure(
        DiagnosticError(
          .error(
            at: nil, "could not write the site to '\(output)': \(error.localizedDescription)",
            notes: ["the previous site, if any, is unchanged; check the folder's permissions and free space"])))
    }
    return .success(
      SiteStaging(path: staging.path, output: outputURL.path, mode: request.mode, instant: request.instant))
  }

  public static func write(_ build: Build, to output: String) -> [Diagnostic] {
    let fm = FileManager.default
    guard build.succeeded else { return [] }
    let early = unreleasedFiles(of: build)
    guard early.isEmpty else { return early }
    let outputURL = URL(fileURLWithPath: output).standardizedFileURL
    // Again now, however long the build took: the folder may have changed meanwhile.
    let problems = outputProblems(
      output, content: build.pack?.contentDirectory ?? build.request.contentDirectory,
      templates: build.pack?.templatesDirectory ?? build.request.templatesDirectory)
    guard problems.isEmpty else { return problems }
    // The build's own staging folder when it streamed its pages into one for this output;
    // otherwise a new one.
    let staging: SiteStaging
    if let streamed = build.request.staging, streamed.output == outputURL.path,
      fm.fileExists(atPath: streamed.path)
    {
      staging = streamed
    } else {
      switch prepare(output: output, for: build.request) {
      case .success(let made): staging = made
      case .failure(let problems): return problems.diagnostics
      }
    }
    let stagingURL = URL(fileURLWithPath: staging.path)
    let retired = stagingURL.deletingLastPathComponent().appendingPathComponent(
      stagingURL.lastPathComponent.replacingOccurrences(of: ".pubpack-new-", with: ".pubpack-old-"))
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
      let manifest = BuildManifest(mode: build.request.mode, instant: build.request.instant, files: build.files)
      try manifest.encoded().write(to: URL(fileURLWithPath: stagingPath + "/" + BuildManifest.fileName))

      // The swap: the old site steps aside, the new one takes its name, the old one goes.
      let exists = fm.fileExists(atPath: outputURL.path)
      if exists { try fm.moveItem(at: outputURL, to: retired) }
      do {
        try fm.moveItem(at: URL(fileURLWithPath: stagingPath), to: outputURL)
      } catch {
        if exists { try? fm.moveItem(at: retired, to: outputURL) }
        throw error
      }
      if exists { try? fm.removeItem(at: retired) }
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

  /// Why `output` may not be replaced by a site built from these folders: it overlaps one of
  /// them, it is not a folder, or it holds something pubpack did not make.
  static func outputProblems(_ output: String, content: String, templates: String) -> [Diagnostic] {
    let fm = FileManager.default
    let outputURL = URL(fileURLWithPath: output).standardizedFileURL
    for (name, folder) in [("content", content), ("templates", templates)] {
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
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: output, isDirectory: &isDirectory) else { return [] }
    guard isDirectory.boolValue else {
      return [.error(at: nil, "'\(output)' exists and is not a folder", notes: ["remove it or choose another --output"])]
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
