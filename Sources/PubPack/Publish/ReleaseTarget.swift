import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The layout every target keeps, whether a folder on this machine or one reached over ssh:
///
///     ROOT/current -> releases/ID           the web server's root points here
///     ROOT/releases/ID/                     one complete release: exactly the site's files
///     ROOT/releases/ID.manifest.json        its build manifest, beside it, outside the web root
///     ROOT/releases/.ID.partial/            an upload in progress (never pointed at)
///     ROOT/releases/publish.log             one line per publish and rollback
///     ROOT/releases/publish.lock            held while a publish or rollback runs (`TargetLock`)
///
/// The web server is pointed at `ROOT/current`, so nothing under `releases/` other than the
/// live release folder is served: the manifests and the log are not public. `current` is
/// switched with `rename(2)` of a new symbolic link over the old one, so a request sees the old
/// release or the new one, never a mixture.
public enum ReleaseLayout {
  public static let currentLink = "current"
  public static let releasesFolder = "releases"
  public static let logFile = "publish.log"
  public static let lockFile = "publish.lock"

  public static func manifestFile(_ release: String) -> String { release + ".manifest.json" }
  public static func stagingFolder(_ release: String) -> String { "." + release + ".partial" }
  /// What `current` holds for a release: a path relative to the target's root.
  public static func linkText(_ release: String) -> String { releasesFolder + "/" + release }

  /// A release ID: the publish instant in UTC (so IDs sort by time) and the start of the
  /// site's content hash, e.g. `20260803T230100Z-3f9a1c2b`.
  public static func releaseID(at instant: Instant, contentHash: String) -> String {
    let compact = instant.rfc3339.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    return compact + "-" + String(contentHash.prefix(8))
  }

  /// The instant a release ID was stamped with.
  public static func instant(ofRelease id: String) -> Instant? {
    guard isReleaseID(id) else { return nil }
    let c = Array(id.prefix(15))
    let text =
      String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8]) + "T" + String(c[9..<11]) + ":"
      + String(c[11..<13]) + ":" + String(c[13..<15]) + "Z"
    return parseUTC(text)
  }

  /// Whether `name` is a release ID (and not the log, a manifest or an upload in progress).
  public static func isReleaseID(_ name: String) -> Bool {
    let parts = name.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 16, parts[1].count == 8 else { return false }
    let digits = Set("0123456789")
    let hex = Set("0123456789abcdef")
    let stamp = Array(parts[0])
    for (i, c) in stamp.enumerated() {
      switch i {
      case 8: if c != "T" { return false }
      case 15: if c != "Z" { return false }
      default: if !digits.contains(c) { return false }
      }
    }
    return parts[1].allSatisfy { hex.contains($0) }
  }

  /// The release `current` points at, if its text is a release of this layout.
  public static func release(fromLink text: String) -> String? {
    var t = text
    if t.hasPrefix("./") { t.removeFirst(2) }
    if t.hasSuffix("/") { t.removeLast() }
    guard t.hasPrefix(releasesFolder + "/") else { return nil }
    let name = String(t.dropFirst(releasesFolder.count + 1))
    return isReleaseID(name) ? name : nil
  }
}

/// What a target holds now.
public struct TargetState: Sendable, Equatable {
  /// Complete releases, oldest first.
  public var releases: [String]
  /// The release `current` points to; nil before the first publish.
  public var current: String?
  /// Set when `current` exists but is not a link to one of the releases.
  public var currentProblem: String?

  public init(releases: [String] = [], current: String? = nil, currentProblem: String? = nil) {
    self.releases = releases
    self.current = current
    self.currentProblem = currentProblem
  }
}

/// A place releases are uploaded to and switched on: a folder here, or one over ssh.
///
/// Each step either completes or throws a diagnostic that says what failed and what to try;
/// none of them changes `current` except `activate` and `switchCurrent`, which change nothing
/// else once they have switched it.
public protocol ReleaseTarget: Sendable {
  /// How messages name the target, e.g. `live (deploy@web01.example:/var/www/ofsted)`.
  var displayName: String { get }
  /// Reads the releases and where `current` points. Changes nothing.
  func readState() throws(DiagnosticError) -> TargetState
  /// The build manifest kept beside a release; nil if it is missing or unreadable.
  func readManifest(release: String) -> BuildManifest?
  /// Uploads the site into `releases/.ID.partial/`, hard-linking files unchanged since `previous`.
  func stage(_ site: VerifiedSite, release: String, previous: String?) throws(DiagnosticError)
  /// SHA-256 of every file of a release (or of its upload in progress, if `staged`), by path,
  /// as the target itself computes them.
  func fileHashes(release: String, staged: Bool) throws(DiagnosticError) -> [String: String]
  /// Renames the staged release into place, stores its manifest, switches `current` to it and
  /// appends `logLine` to the target's log. If the switch fails, the release is removed again.
  func activate(release: String, manifest: Data, logLine: String) throws(DiagnosticError)
  /// Removes what `stage` left (best effort: the target may be unreachable).
  func discard(release: String)
  /// Points `current` at `release`, if it still points at `expected`; appends `logLine`.
  func switchCurrent(to release: String, expected: String, logLine: String) throws(DiagnosticError)
  /// Deletes old releases and their manifests.
  func remove(releases: [String]) throws(DiagnosticError)
  /// Takes the target's publishing lock (see `TargetLock`), waiting up to `seconds` for another
  /// holder; `owner` is recorded in the lock file for the message of a publish that waits.
  func lock(owner: String, waitingUpTo seconds: Int, progress: (String) -> Void) throws(DiagnosticError)
    -> TargetLock
  /// Removes what a publish that did not finish left behind (uploads in progress, a half-made
  /// manifest, a half-made `current` link) and returns their names. Only called with the lock
  /// held: then no other publish can still be writing them.
  func removeLeftovers() throws(DiagnosticError) -> [String]
  /// Bytes free for releases on the target's file system; nil if the target cannot tell.
  func availableBytes() -> Int64?
  /// The target's publication log (`releases/publish.log`); empty if there is none yet.
  func readLog() throws(DiagnosticError) -> String
}

/// Makes the target a `pack.yaml` entry names, or says why its settings cannot work.
public func makeReleaseTarget(_ target: PublishTarget, showsProgress: Bool = false) -> Result<
  any ReleaseTarget, Diagnostic
> {
  switch target.destination {
  case .directory(let path):
    guard !path.isEmpty else {
      return .failure(
        .error(
          at: target.location, "target '\(target.name)' has an empty directory",
          notes: ["set 'directory:' to the folder the web server serves"]))
    }
    return .success(DirectoryTarget(name: target.name, root: path))
  case .group:
    return .failure(
      .error(
        at: target.location, "target '\(target.name)' is a group", notes: ["publish and rollback handle a group's members"]))
  case .rsync(let remote):
    return RsyncTarget.make(target, remote: remote).map {
      var made = $0
      made.showsProgress = showsProgress
      return made
    }
  }
}

/// A folder on this machine, such as a mounted web root.
public struct DirectoryTarget: ReleaseTarget {
  public var name: String
  public var root: String

  public var displayName: String { "\(name) (\(root))" }

  var releasesPath: String { join(root, ReleaseLayout.releasesFolder) }

  public func readState() throws(DiagnosticError) -> TargetState {
    let fm = FileManager.default
    var state = TargetState()
    let names = ((try? fm.contentsOfDirectory(atPath: releasesPath)) ?? []).sorted()
    state.releases = names.filter { name in
      guard ReleaseLayout.isReleaseID(name) else { return false }
      return fileType(join(releasesPath, name)) == .typeDirectory
    }
    let current = join(root, ReleaseLayout.currentLink)
    switch fileType(current) {
    case nil: break
    case .typeSymbolicLink?:
      let text = (try? fm.destinationOfSymbolicLink(atPath: current)) ?? ""
      if let release = ReleaseLayout.release(fromLink: text), state.releases.contains(release) {
        state.current = release
      } else {
        state.currentProblem = "'\(current)' is a link to '\(text)', which is not one of pubpack's releases"
      }
    default:
      state.currentProblem = "'\(current)' is not a symbolic link"
    }
    return state
  }

  public func readManifest(release: String) -> BuildManifest? {
    guard let data = FileManager.default.contents(atPath: join(releasesPath, ReleaseLayout.manifestFile(release)))
    else { return nil }
    return try? JSONDecoder().decode(BuildManifest.self, from: data)
  }

  public func stage(_ site: VerifiedSite, release: String, previous: String?) throws(DiagnosticError) {
    let fm = FileManager.default
    let staging = join(releasesPath, ReleaseLayout.stagingFolder(release))
    let previousFiles = previous.flatMap(readManifest(release:)).map {
      Dictionary($0.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    }
    do {
      try fm.createDirectory(atPath: releasesPath, withIntermediateDirectories: true)
      if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
      try fm.createDirectory(
        atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
      for entry in site.manifest.files {
        let destination = join(staging, entry.path)
        let folder = destination.parentPath
        try fm.createDirectory(
          atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        // An unchanged file is linked to the previous release's copy, after checking that copy
        // really is what its manifest says (someone may have edited the live folder by hand).
        if let previous, previousFiles?[entry.path] == entry.sha256 {
          let old = join(join(releasesPath, previous), entry.path)
          if let data = fm.contents(atPath: old), BuildManifest.sha256(data) == entry.sha256 {
            try fm.linkItem(atPath: old, toPath: destination)
            continue
          }
        }
        guard let data = fm.contents(atPath: join(site.directory, entry.path)) else {
          throw DiagnosticError(
            .error(
              at: nil, "cannot read '\(join(site.directory, entry.path))'",
              notes: ["the built site has changed or lost a file: build it again with 'pubpack build'"]))
        }
        try data.write(to: URL(fileURLWithPath: destination))
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: destination)
      }
    } catch let error as DiagnosticError {
      throw error
    } catch {
      throw DiagnosticError(
        .error(
          at: nil, "could not copy the site into \(displayName): \(error.localizedDescription)",
          notes: ["the live release is unchanged; check the folder's permissions and free space, then publish again"]))
    }
  }

  public func fileHashes(release: String, staged: Bool) throws(DiagnosticError) -> [String: String] {
    let staging = join(releasesPath, staged ? ReleaseLayout.stagingFolder(release) : release)
    var hashes: [String: String] = [:]
    for (path, kind) in SiteVerifier.walk(staging) {
      guard kind == .file, let data = FileManager.default.contents(atPath: join(staging, path)) else {
        hashes[path] = "unreadable"
        continue
      }
      hashes[path] = BuildManifest.sha256(data)
    }
    return hashes
  }

  public func activate(release: String, manifest: Data, logLine: String) throws(DiagnosticError) {
    let fm = FileManager.default
    let staging = join(releasesPath, ReleaseLayout.stagingFolder(release))
    let final = join(releasesPath, release)
    let manifestPath = join(releasesPath, ReleaseLayout.manifestFile(release))
    do {
      guard !fm.fileExists(atPath: final) else {
        throw DiagnosticError(
          .error(at: nil, "release \(release) already exists on \(displayName)", notes: ["publish again in a second"]))
      }
      try manifest.write(to: URL(fileURLWithPath: manifestPath))
      try fm.moveItem(atPath: staging, toPath: final)
    } catch let error as DiagnosticError {
      throw error
    } catch {
      try? fm.removeItem(atPath: manifestPath)
      throw DiagnosticError(
        .error(
          at: nil, "could not put release \(release) in place on \(displayName): \(error.localizedDescription)",
          notes: ["the live release is unchanged; check the folder's permissions and free space, then publish again"]))
    }
    do {
      try switchLink(to: release)
    } catch {
      try? fm.removeItem(atPath: final)
      try? fm.removeItem(atPath: manifestPath)
      throw error
    }
    appendLog(logLine)
  }

  public func discard(release: String) {
    try? FileManager.default.removeItem(atPath: join(releasesPath, ReleaseLayout.stagingFolder(release)))
  }

  public func switchCurrent(to release: String, expected: String, logLine: String) throws(DiagnosticError) {
    let state = try readState()
    guard state.current == expected else {
      throw DiagnosticError(
        .error(
          at: nil, "\(displayName) changed while rolling back: 'current' no longer points at \(expected)",
          notes: ["someone else may be publishing; run 'pubpack rollback' again once they have finished"]))
    }
    try switchLink(to: release)
    appendLog(logLine)
  }

  public func remove(releases: [String]) throws(DiagnosticError) {
    for release in releases {
      do {
        try FileManager.default.removeItem(atPath: join(releasesPath, release))
        try? FileManager.default.removeItem(atPath: join(releasesPath, ReleaseLayout.manifestFile(release)))
      } catch {
        throw DiagnosticError(
          .warning(
            at: nil, "could not remove the old release \(release) from \(displayName): \(error.localizedDescription)",
            notes: ["remove it by hand when convenient; the live release is not affected"]))
      }
    }
  }

  public func removeLeftovers() throws(DiagnosticError) -> [String] {
    let fm = FileManager.default
    var removed: [String] = []
    for name in ((try? fm.contentsOfDirectory(atPath: releasesPath)) ?? []).sorted()
    where name.hasPrefix(".") && name.hasSuffix(".partial") {
      if (try? fm.removeItem(atPath: join(releasesPath, name))) != nil { removed.append(name) }
    }
    let linkPrefix = ".\(ReleaseLayout.currentLink).pubpack-new-"
    for name in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() where name.hasPrefix(linkPrefix) {
      if unlink(join(root, name)) == 0 { removed.append("../" + name) }
    }
    return removed
  }

  public func availableBytes() -> Int64? {
    var info = statvfs()
    let folder = fileType(releasesPath) == .typeDirectory ? releasesPath : root
    guard statvfs(folder, &info) == 0 else { return nil }
    return Int64(info.f_bavail) * Int64(info.f_frsize)
  }

  public func readLog() throws(DiagnosticError) -> String {
    String(
      decoding: FileManager.default.contents(atPath: join(releasesPath, ReleaseLayout.logFile)) ?? Data(), as: UTF8.self
    )
  }

  /// A new link beside `current`, renamed over it: rename(2) replaces it in one step.
  func switchLink(to release: String) throws(DiagnosticError) {
    let current = join(root, ReleaseLayout.currentLink)
    let temporary = join(root, ".\(ReleaseLayout.currentLink).pubpack-new-\(UUID().uuidString.prefix(8))")
    guard symlink(ReleaseLayout.linkText(release), temporary) == 0 else {
      throw DiagnosticError(
        .error(
          at: nil, "could not make a link in '\(root)': \(String(cString: strerror(errno)))",
          notes: ["the live release is unchanged; check the folder's permissions"]))
    }
    guard rename(temporary, current) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw DiagnosticError(
        .error(
          at: nil, "could not switch '\(current)' to release \(release): \(reason)",
          notes: ["the live release is unchanged; 'current' must be a symbolic link (move a folder there aside)"]))
    }
  }

  func appendLog(_ line: String) {
    PublicationLog.append(line, to: join(releasesPath, ReleaseLayout.logFile))
  }
}

func fileType(_ path: String) -> FileAttributeType? {
  (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
}
