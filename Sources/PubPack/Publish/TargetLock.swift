import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A target's publishing lock, held by `publish` and `rollback` from before they read the target
/// until after they have switched `current`, pruned and logged, so that two of them take turns
/// and each reports what it really left live.
///
/// It is a `flock` on `releases/publish.lock`: taken with `flock(2)` on a directory target, and on
/// an rsync target by `flock(1)` in an ssh session that stays open while the lock is held. The
/// kernel drops such a lock when its holder ends, however it ends (a killed publish, a dropped
/// connection), so there is no stale lock to clear by hand and no guess about a holder's age.
/// The file records who holds it and since when, for the message of the publish that waits.
public final class TargetLock: @unchecked Sendable {
  private let guardLock = NSLock()
  private var unlock: (() -> Void)?
  /// The local process that keeps the lock open (the ssh session), if any: tests kill it.
  let holderProcess: pid_t?

  init(holderProcess: pid_t? = nil, unlock: @escaping () -> Void) {
    self.holderProcess = holderProcess
    self.unlock = unlock
  }

  /// Lets the next publish in. Calling it again does nothing.
  public func release() {
    guardLock.lock()
    let action = unlock
    unlock = nil
    guardLock.unlock()
    action?()
  }

  deinit { release() }

  /// What the lock file says of its holder: `alice@laptop (process 4242) since 2026-08-04T08:00:00Z`.
  static func ownerText(who: String, since instant: Instant) -> String {
    let who = who.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    return "\(who) (process \(getpid())) since \(instant.rfc3339)"
  }

  /// The message of a publish that waited for the lock and gave up.
  static func heldError(target: String, holder: String, waited seconds: Int) -> DiagnosticError {
    let holder = holder.trimmingCharacters(in: .whitespacesAndNewlines)
    return DiagnosticError(
      .error(
        at: nil,
        "\(target) is locked by another publish or rollback"
          + (holder.isEmpty ? "" : ", by \(holder)") + "; waited \(seconds) s",
        notes: [
          "nothing was changed on it; publish again when that one has finished",
          "the lock ends with the process that holds it, so a publish that was stopped does not hold it",
        ]))
  }
}

extension DirectoryTarget {
  /// Takes the lock, waiting up to `seconds` for another holder to finish.
  public func lock(owner: String, waitingUpTo seconds: Int, progress: (String) -> Void) throws(DiagnosticError)
    -> TargetLock
  {
    let path = join(releasesPath, ReleaseLayout.lockFile)
    try? FileManager.default.createDirectory(atPath: releasesPath, withIntermediateDirectories: true)
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw DiagnosticError(
        .error(
          at: nil, "could not open the lock file '\(path)': \(String(cString: strerror(errno)))",
          notes: ["nothing was changed on \(displayName); check the folder's permissions"]))
    }
    // Elapsed time on the monotonic clock: how long to wait is not a reading of the wall clock.
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(seconds))
    var hasSaidWhy = false
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        throw DiagnosticError(
          .error(
            at: nil, "could not lock '\(path)': \(reason)",
            notes: ["nothing was changed on \(displayName); the folder's file system must support flock"]))
      }
      let holder = Self.holder(path)
      if clock.now >= deadline {
        close(descriptor)
        throw TargetLock.heldError(target: displayName, holder: holder, waited: seconds)
      }
      if !hasSaidWhy {
        progress(
          "pubpack: \(displayName) is locked by \(holder.isEmpty ? "another publish" : holder); waiting up to \(seconds) s"
        )
        hasSaidWhy = true
      }
      usleep(100_000)
    }
    let text = Data((owner + "\n").utf8)
    _ = ftruncate(descriptor, 0)
    _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    return TargetLock {
      // Emptied while still held, so nobody reads a former holder's name as the current one.
      _ = ftruncate(descriptor, 0)
      close(descriptor)
    }
  }

  static func holder(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

extension RsyncTarget {
  /// Takes the lock on the host, waiting up to `seconds` for another holder to finish.
  ///
  /// One ssh session runs `flock` on the host and then reads its standard input until it ends;
  /// the lock is held as long as that session lives. Releasing closes our end of its input. If
  /// this process dies, the input ends with it, and so do the session and the lock. The host
  /// needs `flock` (util-linux, in every Linux distribution).
  public func lock(owner: String, waitingUpTo seconds: Int, progress: (String) -> Void) throws(DiagnosticError)
    -> TargetLock
  {
    let script = """
      mkdir -p \(quotedReleases) && cd \(quotedReleases) || exit 3
      command -v flock >/dev/null 2>&1 || { echo "flock is not installed" >&2; exit 69; }
      exec 9>>\(ReleaseLayout.lockFile)
      if ! flock -n 9; then
        printf 'waiting %s\\n' "$(cat \(ReleaseLayout.lockFile))"
        flock -w \(seconds) 9 || { printf 'held %s\\n' "$(cat \(ReleaseLayout.lockFile))"; exit 75; }
      fi
      printf '%s\\n' \(shellQuoted(owner)) > \(ReleaseLayout.lockFile)
      echo locked
      cat > /dev/null
      : > \(ReleaseLayout.lockFile)
      """
    let fm = FileManager.default
    let scratch = fm.temporaryDirectory.appendingPathComponent("pubpack-lock-\(UUID().uuidString)").path
    let outPath = scratch + "/out"
    let errPath = scratch + "/err"
    var ends: [Int32] = [0, 0]
    guard (try? fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)) != nil, pipe(&ends) == 0
    else {
      throw DiagnosticError(
        .error(at: nil, "could not prepare to lock \(displayName)", notes: ["check the temporary folder's free space"]))
    }
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    func cleanUp() { try? fm.removeItem(atPath: scratch) }
    let pid: pid_t
    do {
      pid = try ExternalCommand.spawn(
        sshCommand + [host, "sh -c " + shellQuoted(script)], standardInput: "/dev/null",
        standardInputDescriptor: ends[0], standardOutput: outPath, standardError: errPath)
    } catch {
      close(ends[0])
      close(ends[1])
      cleanUp()
      throw DiagnosticError(
        .error(
          at: nil, "could not run '\(ssh[0])' to reach \(displayName): \(error.localizedDescription)",
          notes: ["install OpenSSH's client (apt-get install openssh-client), or fix the target's 'ssh:' in pack.yaml"])
      )
    }
    close(ends[0])
    let input = ends[1]

    // Wait for "locked", or for the session to end; beyond the host's own bound on the wait,
    // allow time to connect.
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(seconds + 60))
    var hasSaidWhy = false
    var status: Int32 = 0
    func lines() -> [String] {
      String(decoding: fm.contents(atPath: outPath) ?? Data(), as: UTF8.self).split(separator: "\n").map(String.init)
    }
    while true {
      let output = lines()
      if output.contains("locked") { break }
      if !hasSaidWhy, let waiting = output.first(where: { $0.hasPrefix("waiting ") }) {
        let holder = String(waiting.dropFirst("waiting ".count))
        progress(
          "pubpack: \(displayName) is locked by \(holder.isEmpty ? "another publish" : holder); waiting up to \(seconds) s"
        )
        hasSaidWhy = true
      }
      let reaped = waitpid(pid, &status, WNOHANG)
      if reaped == pid || (reaped == -1 && errno != EINTR) || clock.now >= deadline {
        if reaped == 0 {
          kill(pid, SIGKILL)
          waitpid(pid, &status, 0)
        }
        close(input)
        let output = lines()
        let errorOutput = String(decoding: fm.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        cleanUp()
        let exit = reaped == pid ? ExternalCommand.exitStatus(status) : -1
        if exit == 75 {
          let held = output.first(where: { $0.hasPrefix("held ") }).map { String($0.dropFirst(5)) } ?? ""
          throw TargetLock.heldError(target: displayName, holder: held, waited: seconds)
        }
        if exit == 69 {
          throw DiagnosticError(
            .error(
              at: nil, "\(displayName) has no 'flock', which publishing uses to take turns",
              notes: ["nothing was changed on it; install util-linux on the host (apt-get install util-linux)"]))
        }
        throw failure(
          ExternalCommand.Result(status: exit, output: "", errorOutput: errorOutput, timedOut: reaped != pid),
          doing: "taking the publishing lock", program: "ssh")
      }
      usleep(50_000)
    }
    return TargetLock(holderProcess: pid) {
      close(input)
      // The session ends when its input does; give it a moment, then make sure.
      var status: Int32 = 0
      for _ in 0..<200 {
        if waitpid(pid, &status, WNOHANG) != 0 { break }
        usleep(50_000)
      }
      if waitpid(pid, &status, WNOHANG) == 0 {
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
      }
      cleanUp()
    }
  }
}
