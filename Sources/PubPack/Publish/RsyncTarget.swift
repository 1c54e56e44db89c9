import Foundation

/// A folder on another machine, reached with the system's `rsync` over `ssh`.
///
/// The user's ssh configuration applies (keys, agent, `~/.ssh/config`); a target's `ssh:`
/// replaces the `ssh` command, e.g. `ssh -p 2222 -i ~/.ssh/deploy`. Every remote step is one
/// short POSIX `sh` script; the switch of `current` uses GNU `mv -T` (coreutils), which renames
/// the new link over the old one in one step.
public struct RsyncTarget: ReleaseTarget {
  public var name: String
  /// `[user@]host`, as ssh takes it.
  public var host: String
  /// The absolute folder on the host.
  public var root: String
  /// The ssh command and its options, split into words.
  public var ssh: [String]
  /// Seconds any one ssh or rsync run may take.
  public var timeout: Double = 600
  /// Whether rsync shows its progress on standard error (the command line turns this on).
  public var showsProgress = false

  public var displayName: String { "\(name) (\(host):\(root))" }

  static func make(_ target: PublishTarget, remote: String) -> Result<RsyncTarget, Diagnostic> {
    let example = "e.g. rsync: \"deploy@web01.example:/var/www/ofsted-2026\""
    guard let colon = remote.firstIndex(of: ":") else {
      return .failure(
        .error(at: target.location, "target '\(target.name)': '\(remote)' is not [user@]host:/path", notes: [example]))
    }
    let host = String(remote[..<colon])
    let path = String(remote[remote.index(after: colon)...])
    guard !host.isEmpty, !host.hasPrefix("-"), !host.contains(" ") else {
      return .failure(
        .error(at: target.location, "target '\(target.name)': '\(host)' is not a host name", notes: [example]))
    }
    guard path.hasPrefix("/"), path.count > 1, !path.split(separator: "/").contains("..") else {
      return .failure(
        .error(
          at: target.location, "target '\(target.name)': the remote folder '\(path)' must be an absolute path",
          notes: [example]))
    }
    guard let ssh = splitCommandLine(target.ssh ?? "ssh"), !ssh.isEmpty else {
      return .failure(
        .error(
          at: target.location, "target '\(target.name)': the ssh command '\(target.ssh ?? "")' cannot be read",
          notes: ["e.g. ssh: \"ssh -p 2222 -i /home/deploy/.ssh/id_ed25519\""]))
    }
    let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    return .success(RsyncTarget(name: target.name, host: host, root: trimmed, ssh: ssh))
  }

  /// ssh with a connection time limit added (a value the user set comes first and wins).
  var sshCommand: [String] { ssh + ["-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=15"] }

  var quotedRoot: String { shellQuoted(root) }
  var quotedReleases: String { shellQuoted(root + "/" + ReleaseLayout.releasesFolder) }

  /// Runs a POSIX sh script on the host.
  func remote(_ script: String, input: Data? = nil, doing what: String) throws(DiagnosticError)
    -> ExternalCommand.Result
  {
    let command = ExternalCommand(sshCommand + [host, "sh -c " + shellQuoted(script)], input: input, timeout: timeout)
    let result: ExternalCommand.Result
    do { result = try command.run() } catch {
      throw DiagnosticError(
        .error(
          at: nil, "could not run '\(ssh[0])' to reach \(displayName): \(error.localizedDescription)",
          notes: ["install OpenSSH's client (apt-get install openssh-client), or fix the target's 'ssh:' in pack.yaml"])
      )
    }
    guard result.succeeded else { throw failure(result, doing: what, program: "ssh") }
    return result
  }

  func failure(_ result: ExternalCommand.Result, doing what: String, program: String) -> DiagnosticError {
    var notes = ["the live release is unchanged"]
    let detail =
      result.timedOut ? "timed out" : result.errorSummary.isEmpty ? "exit status \(result.status)" : result.errorSummary
    if result.timedOut {
      notes.append("the host did not answer in time; check the network and try again")
    } else if program == "ssh" && result.status == 255 || program == "rsync" && [12, 255].contains(result.status) {
      notes.append(
        "ssh could not connect or log in: try 'ssh \(host)' by hand, and check the target's 'ssh:' setting in pack.yaml"
      )
    } else if program == "rsync" && result.status == 127 || program == "ssh" && result.status == 127 {
      notes.append("is rsync installed on both machines? (apt-get install rsync)")
    } else {
      notes.append("check free space and permissions on the host, then publish again")
    }
    return DiagnosticError(.error(at: nil, "\(what) on \(displayName) failed: \(detail)", notes: notes))
  }

  public func readState() throws(DiagnosticError) -> TargetState {
    let script = """
      cd \(quotedRoot) 2>/dev/null || exit 0
      if [ -L current ]; then printf 'link %s\\n' "$(readlink current)"; elif [ -e current ]; then echo other; fi
      if [ -d releases ]; then
        for d in releases/*; do
          if [ -d "$d" ] && [ ! -L "$d" ]; then printf 'release %s\\n' "${d#releases/}"; fi
        done
      fi
      exit 0
      """
    let result = try remote(script, doing: "reading the releases")
    var state = TargetState()
    var link: String?
    var isOther = false
    for line in result.output.split(separator: "\n").map(String.init) {
      if line.hasPrefix("release ") {
        let name = String(line.dropFirst("release ".count))
        if ReleaseLayout.isReleaseID(name) { state.releases.append(name) }
      } else if line.hasPrefix("link ") {
        link = String(line.dropFirst("link ".count))
      } else if line == "other" {
        isOther = true
      }
    }
    state.releases.sort()
    let current = "\(host):\(root)/\(ReleaseLayout.currentLink)"
    if let link {
      if let release = ReleaseLayout.release(fromLink: link), state.releases.contains(release) {
        state.current = release
      } else {
        state.currentProblem = "'\(current)' is a link to '\(link)', which is not one of pubpack's releases"
      }
    } else if isOther {
      state.currentProblem = "'\(current)' is not a symbolic link"
    }
    return state
  }

  public func readManifest(release: String) -> BuildManifest? {
    guard ReleaseLayout.isReleaseID(release),
      let result = try? remote(
        "cat \(quotedReleases)/\(ReleaseLayout.manifestFile(release))", doing: "reading the manifest of \(release)")
    else { return nil }
    return try? JSONDecoder().decode(BuildManifest.self, from: Data(result.output.utf8))
  }

  public func stage(_ site: VerifiedSite, release: String, previous: String?) throws(DiagnosticError) {
    let staging = ReleaseLayout.stagingFolder(release)
    // What an earlier publish left is removed under the lock (`removeLeftovers`) before this.
    _ = try remote(
      "mkdir -p \(quotedReleases) && cd \(quotedReleases) && { rm -rf \(staging); mkdir \(staging); }",
      doing: "preparing the upload folder")
    var arguments = [
      "rsync", "--recursive", "--perms", "--chmod=D755,F644",
      // Content, not modification times, decides what is unchanged: every build writes new files.
      "--checksum", "--timeout=120",
      "--exclude=/" + BuildManifest.fileName,
      "--rsh=" + sshCommand.map(quotedForRsh).joined(separator: " "),
    ]
    if let previous { arguments.append("--link-dest=../" + previous) }
    if showsProgress { arguments.append("--info=progress2") }
    let source = site.directory.hasSuffix("/") ? site.directory : site.directory + "/"
    arguments += [source, "\(host):\(root)/\(ReleaseLayout.releasesFolder)/\(staging)/"]
    let result: ExternalCommand.Result
    do { result = try ExternalCommand(arguments, timeout: timeout, showsOutput: showsProgress).run() } catch {
      throw DiagnosticError(
        .error(
          at: nil, "could not run rsync: \(error.localizedDescription)",
          notes: ["install rsync (apt-get install rsync)"]))
    }
    // rsync's progress line ends with a carriage return, not a new line.
    if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
    guard result.succeeded else { throw failure(result, doing: "uploading with rsync", program: "rsync") }
  }

  public func fileHashes(release: String, staged: Bool) throws(DiagnosticError) -> [String: String] {
    let staging = staged ? ReleaseLayout.stagingFolder(release) : release
    let result = try remote(
      """
      cd \(quotedReleases)/\(staging) && find . ! -type d -exec sha256sum {} +
      """, doing: "checking the uploaded files")
    var hashes: [String: String] = [:]
    for line in result.output.split(separator: "\n") {
      // "<64 hex>  ./path"
      guard line.count > 68 else { continue }
      let hash = String(line.prefix(64))
      var path = String(line.dropFirst(66))
      if path.hasPrefix("./") { path.removeFirst(2) }
      hashes[path] = hash
    }
    return hashes
  }

  public func activate(release: String, manifest: Data, logLine: String) throws(DiagnosticError) {
    let staging = ReleaseLayout.stagingFolder(release)
    let manifestFile = ReleaseLayout.manifestFile(release)
    let link = ReleaseLayout.linkText(release)
    let script = """
      cd \(quotedReleases) || exit 3
      if [ -e \(release) ]; then echo "release \(release) already exists" >&2; exit 3; fi
      cat > .\(manifestFile).partial || { rm -f .\(manifestFile).partial; exit 3; }
      mv \(staging) \(release) || exit 3
      mv .\(manifestFile).partial \(manifestFile) || { mv \(release) \(staging); exit 3; }
      tmp=../.current.pubpack-new-$$
      if ln -s \(link) "$tmp" && mv -T "$tmp" ../current; then :; else
        rm -f "$tmp"; rm -rf \(release) \(manifestFile)
        echo "could not switch current to \(release)" >&2; exit 4
      fi
      printf '%s\\n' \(shellQuoted(logLine)) >> \(ReleaseLayout.logFile) || echo "could not write the log" >&2
      exit 0
      """
    _ = try remote(script, input: manifest, doing: "switching 'current' to \(release)")
  }

  public func discard(release: String) {
    _ = try? remote(
      "rm -rf \(quotedReleases)/\(ReleaseLayout.stagingFolder(release)) \(quotedReleases)/.\(ReleaseLayout.manifestFile(release)).partial",
      doing: "removing the incomplete upload")
  }

  public func switchCurrent(to release: String, expected: String, logLine: String) throws(DiagnosticError) {
    let script = """
      cd \(quotedRoot) || exit 3
      if [ "$(readlink current)" != \(ReleaseLayout.linkText(expected)) ]; then
        echo "current no longer points at \(expected)" >&2; exit 5
      fi
      [ -d \(ReleaseLayout.linkText(release)) ] || { echo "release \(release) is missing" >&2; exit 3; }
      tmp=.current.pubpack-new-$$
      if ln -s \(ReleaseLayout.linkText(release)) "$tmp" && mv -T "$tmp" current; then :; else
        rm -f "$tmp"; echo "could not switch current" >&2; exit 4
      fi
      printf '%s\\n' \(shellQuoted(logLine)) >> releases/\(ReleaseLayout.logFile) || echo "could not write the log" >&2
      exit 0
      """
    _ = try remote(script, doing: "switching 'current' to \(release)")
  }

  public func remove(releases: [String]) throws(DiagnosticError) {
    let names = releases.filter(ReleaseLayout.isReleaseID)
    guard !names.isEmpty else { return }
    let list = names.flatMap { [$0, ReleaseLayout.manifestFile($0)] }.joined(separator: " ")
    do {
      _ = try remote("cd \(quotedReleases) && rm -rf \(list)", doing: "removing old releases")
    } catch {
      throw DiagnosticError(
        error.diagnostics.map {
          Diagnostic(
            .warning, at: nil, $0.message,
            notes: ["remove them by hand when convenient; the live release is not affected"])
        })
    }
  }

  public func removeLeftovers() throws(DiagnosticError) -> [String] {
    let result = try remote(
      """
      cd \(quotedReleases) 2>/dev/null || exit 0
      for name in .*.partial; do
        [ -e "$name" ] || [ -L "$name" ] || continue
        rm -rf -- "$name" && printf '%s\\n' "$name"
      done
      cd .. || exit 0
      for name in .\(ReleaseLayout.currentLink).pubpack-new-*; do
        [ -e "$name" ] || [ -L "$name" ] || continue
        rm -f -- "$name" && printf '../%s\\n' "$name"
      done
      exit 0
      """, doing: "removing what an earlier publish left")
    return result.output.split(separator: "\n").map(String.init)
  }

  /// `df -P` on the host (POSIX output: 1024-byte blocks, the fourth column free); nil if the
  /// host has no `df` or answers in another form.
  public func availableBytes() -> Int64? {
    guard
      let result = try? remote(
        "cd \(quotedReleases) 2>/dev/null || cd \(quotedRoot) 2>/dev/null || cd / ; df -Pk .",
        doing: "reading the free space")
    else { return nil }
    let lines = result.output.split(separator: "\n")
    guard lines.count >= 2 else { return nil }
    // The free column is the one before the capacity ("18%"); names on either side may have spaces.
    let columns = lines[lines.count - 1].split(separator: " ", omittingEmptySubsequences: true)
    guard let capacity = columns.firstIndex(where: { $0.hasSuffix("%") }), capacity >= 2,
      let kilobytes = Int64(columns[capacity - 1])
    else { return nil }
    return kilobytes * 1024
  }

  public func readLog() throws(DiagnosticError) -> String {
    try remote(
      "cat \(quotedReleases)/\(ReleaseLayout.logFile) 2>/dev/null; exit 0", doing: "reading the publication log"
    ).output
  }

  /// A word of the `--rsh` command, quoted as rsync splits it (it honours single and double quotes).
  func quotedForRsh(_ word: String) -> String {
    word.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" })
      ? "'" + word.replacingOccurrences(of: "'", with: "") + "'" : word
  }
}
