import Foundation
import Synchronization

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
/// It is a new hidden folder beside the output folder, readable by its owner only until the
/// swap, never the output folder itself: a build that fails, or is refused, removes it
/// (`cancel`, `discard`), and the output folder is replaced only by the swap. Like the site
/// writer, it refuses any file that a release build may not show at its instant, so that no such
/// file is ever written, even there. A build that is killed cannot remove it: each staging
/// folder has a lock file beside it, held while its build runs, and the next build into the same
/// output removes every folder whose lock nobody holds (`removeAbandoned`).
public final class SiteStaging: Sendable {
  /// The staging folder.
  public let path: String
  /// The output folder it will be swapped in as (every link resolved).
  public let output: String
  /// The output folder as the user named it, for messages.
  let shownOutput: String
  let mode: BuildMode
  let instant: Instant
  /// The lock file beside the folder, and its descriptor (the lock is held until `discard` or
  /// `finish`).
  private let lockPath: String
  private let lockDescriptor: Int32
  /// Folders made for the output's parent, deepest first: removed again, if still empty, when
  /// the build fails.
  private let madeParents: [String]
  /// The permissions the output folder gets at the swap (the user's umask, as `mkdir` gives).
  let sitePermissions: mode_t
  private let state = Mutex(State())

  private struct State {
    /// A failed build: nothing more is written, and what was is gone.
    var isClosed = false
    /// A write failed (disk full, say): reported once; nothing more is streamed.
    var hasFailed = false
    /// The lock has been let go (after the swap, or with the folder).
    var isUnlocked = false
    /// Every file written (or begun) here, by its path in the site, in order.
    var written: [String] = []
    /// Files being written now: `cancel` waits for them, or a file written while the folder
    /// was being removed would keep it from going.
    var writing = 0
    /// The folder has been removed by `cancel` (it waits for another thread's removal).
    var isRemoved = false
  }

  /// Every file written (or begun) into the folder, by its path in the site, in order: what
  /// reached the disk, whatever happened to it after.
  var writtenPaths: [String] { state.withLock { $0.written } }

  /// The staging folders of this process not yet finished, for `abandonAll`.
  private static let live = Mutex<[ObjectIdentifier: SiteStaging]>([:])
  /// Held by the site writer while it writes and swaps a site in: a folder being swapped in is
  /// not abandoned half-way (the old site aside, the new one not yet in its place).
  static let writeLock = NSLock()

  static let newMarker = ".pubpack-new-"
  static let oldMarker = ".pubpack-old-"
  static let lockSuffix = ".lock"

  private init(
    path: String, output: String, shownOutput: String, mode: BuildMode, instant: Instant, lockPath: String,
    lockDescriptor: Int32, madeParents: [String], sitePermissions: mode_t
  ) {
    self.path = path
    self.output = output
    self.shownOutput = shownOutput
    self.mode = mode
    self.instant = instant
    self.lockPath = lockPath
    self.lockDescriptor = lockDescriptor
    self.madeParents = madeParents
    self.sitePermissions = sitePermissions
  }

  /// Makes a new, empty staging folder beside `output` (a resolved path), its parents if need
  /// be, and its lock; first removes what killed builds into the same output left.
  static func make(
    output: String, shownOutput: String, mode: BuildMode, instant: Instant
  ) -> Result<SiteStaging, DiagnosticError> {
    let parent = output.parentPath.isEmpty ? "." : output.parentPath
    let name = output.split(separator: "/").last.map(String.init) ?? output
    var madeParents: [String] = []
    var folder = parent
    while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
      madeParents.append(folder)
      folder = folder.parentPath
    }
    func failure(_ what: String) -> Result<SiteStaging, DiagnosticError> {
      for made in madeParents { rmdir(made) }
      return .failure(
        DiagnosticError(
          .error(
            at: nil, "could not write the site to '\(shownOutput)': \(what)",
            notes: ["the previous site, if any, is unchanged; check that '\(parent)' is writable and has free space"])))
    }
    for made in madeParents.reversed() where mkdir(made, 0o777) != 0 && errno != EEXIST {
      return failure("could not make the folder '\(made)' (\(String(cString: strerror(errno))))")
    }
    removeAbandoned(beside: parent + "/" + name)
    let mask = currentUmask()
    let token = UUID().uuidString.prefix(8)
    let path = parent + "/." + name + newMarker + token
    let lockPath = path + lockSuffix
    let descriptor = open(lockPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return failure(String(cString: strerror(errno))) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, mkdir(path, 0o700) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      unlink(lockPath)
      return failure(reason)
    }
    let staging = SiteStaging(
      path: path, output: output, shownOutput: shownOutput, mode: mode, instant: instant, lockPath: lockPath,
      lockDescriptor: descriptor, madeParents: madeParents, sitePermissions: 0o777 & ~mask)
    live.withLock { $0[ObjectIdentifier(staging)] = staging }
    return .success(staging)
  }

  /// Removes every staging folder this process has not finished with, after any swap in
  /// progress has finished, and lets no swap start after: for a command stopped by a signal
  /// (Ctrl-C, or systemd's SIGTERM), which then ends. The previous site is left as it was, or
  /// the new one wholly in its place.
  public static func abandonAll() {
    writeLock.lock()
    for staging in live.withLock({ Array($0.values) }) { staging.discard() }
  }

  /// The process's umask, read without setting it (`umask(2)` can only set it, and another
  /// thread making a file meanwhile would get the value set): from /proc/self/status on Linux,
  /// else the usual 022.
  private static func currentUmask() -> mode_t {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("Umask:") {
      if let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) {
        return mask
      }
    }
    return 0o022
  }

  /// Removes the staging and retired folders that builds into `output` left when they were
  /// killed: each one whose lock file nobody holds. A folder whose lock is held is a build
  /// running now, and one with no lock file is not pubpack's to judge: both are left alone.
  static func removeAbandoned(beside output: String) {
    let parent = output.parentPath.isEmpty ? "." : output.parentPath
    let name = output.split(separator: "/").last.map(String.init) ?? output
    let prefix = "." + name
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
    for entry in entries where entry.hasPrefix(prefix + newMarker) && entry.hasSuffix(lockSuffix) {
      let token = entry.dropFirst(prefix.count + newMarker.count).dropLast(lockSuffix.count)
      guard !token.isEmpty, !token.contains("/") else { continue }
      let lockPath = parent + "/" + entry
      let descriptor = open(lockPath, O_RDWR | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      defer { close(descriptor) }
      guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
      for marker in [newMarker, oldMarker] {
        try? FileManager.default.removeItem(atPath: parent + "/" + prefix + marker + token)
      }
      unlink(lockPath)
    }
  }

  /// Writes the file into the folder and hands it back with its bytes let go; on failure, the
  /// file as it was (its bytes still in memory) and an error that fails the build. Once the
  /// build has failed (`cancel`) or a write has, files stay in memory and nothing is written.
  func stage(_ file: SiteFile) -> (file: SiteFile, diagnostics: [Diagnostic]) {
    if mode == .release, !ReleasePolicy.isReleased(embargo: file.notBefore, at: instant) {
      return (file, [Self.refusal(of: file, at: instant)])
    }
    let mayWrite = state.withLock { state in
      guard !state.isClosed, !state.hasFailed else { return false }
      state.writing += 1
      return true
    }
    guard mayWrite else { return (file, []) }
    defer { state.withLock { $0.writing -= 1 } }
    let target = path + "/" + file.path
    let contents = file.contents
    state.withLock { $0.written.append(file.path) }
    guard Self.makeParents(of: file.path, under: path), Self.writeFile(contents, to: target) else {
      let reason = String(cString: strerror(errno))
      let isFirst = state.withLock { state in
        defer { state.hasFailed = true }
        return !state.hasFailed
      }
      guard isFirst else { return (file, []) }
      return (
        file,
        [
          .error(
            at: nil, "could not write '\(file.path)' of the site '\(shownOutput)': \(reason)",
            notes: ["nothing was published; check that the disk has free space and the folder is writable, then build again"])
        ]
      )
    }
    return (file.staged(at: target, sha256: sha256Hex(contents), size: contents.count), [])
  }

  /// The build has failed: what it streamed goes now, and nothing more is written (its files
  /// stay in memory, to be dropped with the build).
  func cancel() {
    let wasOpen = state.withLock { state in
      defer { state.isClosed = true }
      return !state.isClosed
    }
    guard wasOpen else {
      // Another thread is removing the folder (Ctrl-C while a failed build cleaned up): wait
      // for it. Returning at once let the lock go first, and the process end mid-removal left a
      // folder with no lock, which no later build removes.
      while !state.withLock({ $0.isRemoved }) { usleep(1_000) }
      return
    }
    // No file is begun once the folder is closed; those under way finish first (a write takes
    // a moment), so that nothing is written into the folder as it is removed.
    while state.withLock({ $0.writing }) > 0 { usleep(1_000) }
    try? FileManager.default.removeItem(atPath: path)
    state.withLock { $0.isRemoved = true }
  }

  /// Removes the folder and everything in it, and the folders made for it if they are empty;
  /// then lets the lock go. After a successful swap the folder is the output, and only the lock
  /// goes (`finish`).
  public func discard() {
    cancel()
    finish()
    for made in madeParents { rmdir(made) }
  }

  /// Lets the lock go and removes its file: the folder is gone, or is the site now.
  func finish() {
    let wasLocked = state.withLock { state in
      defer { state.isUnlocked = true }
      return !state.isUnlocked
    }
    guard wasLocked else { return }
    unlink(lockPath)
    close(lockDescriptor)
    Self.live.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(self)) }
  }

  /// The error for a file a release build at `instant` may not show: the embargo's last gate.
  static func refusal(of file: SiteFile, at instant: Instant) -> Diagnostic {
    .error(
      at: nil,
      "refusing to write '\(file.path)': it is not released until \(LondonTime.longWithUTC(file.notBefore ?? instant)), and this build is for \(LondonTime.longWithUTC(instant))",
      notes: ["nothing was written; this is a fault in pubpack, not in the pack: please report it"])
  }

  /// Makes each missing folder of `relative`'s parent under `root`, parents first; a folder that
  /// another thread has just made is fine.
  private static func makeParents(of relative: String, under root: String) -> Bool {
    // Most pages are a folder of their own under the root: mkdir first, and climb only when
    // the folder's own parent is missing (a stat before each mkdir was a call for nothing).
    var folder = relative.parentPath
    var missing: [String] = []
    while !folder.isEmpty {
      if mkdir(root + "/" + folder, 0o777) == 0 || errno == EEXIST { break }
      guard errno == ENOENT else { return false }
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
