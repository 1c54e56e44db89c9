import Foundation

/// What to publish, where, and on whose behalf.
public struct PublishRequest: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var siteDirectory: String
  /// The target's name in `pack.yaml`.
  public var targetName: String
  public var isDryRun: Bool
  /// Publish on a schedule: at each release instant in turn, rebuild with the real clock and publish.
  public var waitsForEmbargo: Bool
  /// `user@host`, for the publication log.
  public var who: String
  /// Where the local copy of the publication log is appended; nil for none.
  public var localLogPath: String?
  /// What `--wait` (and the approval check) builds the site with, as `build` does.
  public var printers: Printers

  public init(
    content: String = "content", templates: String = "templates", site: String = "site", target: String,
    isDryRun: Bool = false, waitsForEmbargo: Bool = false, who: String, localLogPath: String? = nil,
    printers: Printers = .none
  ) {
    contentDirectory = content
    templatesDirectory = templates
    siteDirectory = site
    targetName = target
    self.isDryRun = isDryRun
    self.waitsForEmbargo = waitsForEmbargo
    self.who = who
    self.localLogPath = localLogPath
    self.printers = printers
  }
}

/// How the site differs from the live release.
public struct ReleaseChanges: Sendable, Equatable {
  public var added: [String] = []
  public var changed: [String] = []
  public var removed: [String] = []
  public var unchanged: Int = 0

  /// Compares the files of two manifests by path and SHA-256; with no live release, all are added.
  public init(from live: BuildManifest?, to new: BuildManifest) {
    let old = Dictionary((live?.files ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    var seen: Set<String> = []
    for entry in new.files {
      seen.insert(entry.path)
      switch old[entry.path] {
      case nil: added.append(entry.path)
      case entry.sha256?: unchanged += 1
      default: changed.append(entry.path)
      }
    }
    removed = old.keys.filter { !seen.contains($0) }.sorted()
  }

  public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

  /// `+ path`, `~ path`, `- path` lines, then a count.
  public var lines: [String] {
    added.map { "  + \($0)" } + changed.map { "  ~ \($0)" } + removed.map { "  - \($0)" }
      + ["\(added.count) added, \(changed.count) changed, \(removed.count) removed, \(unchanged) unchanged"]
  }
}

/// What a publish did.
public enum PublishOutcome: Sendable, Equatable {
  /// A new release is live.
  case published(release: String, changes: ReleaseChanges)
  /// The live release already has exactly these files: nothing was uploaded.
  case alreadyLive(release: String)
  /// `--dry-run`: what would change; nothing was.
  case dryRun(changes: ReleaseChanges)
}

/// `publish` and `rollback`: the last stage, from a verified release build to a live release.
///
///     Resolve target → (Wait → Rebuild) → Verify site → Re-check embargo → Lock target
///       → Clear leftovers → Read target → Compare → Check room → Stage → Check upload
///       → Activate → Prune → Log → Unlock
///
/// It never reads the wall clock or the environment: the command layer passes a `Clock`, a
/// sleeper for `--wait`, and who is publishing. Progress goes to `progress` (standard error).
public struct Publisher: Sendable {
  public var clock: Clock
  /// Sleeps for a number of seconds (a real sleep, or a test's fake one).
  public var sleep: @Sendable (Int64) -> Void
  public var progress: @Sendable (String) -> Void
  /// Whether uploads show rsync's own progress on standard error.
  public var showsTransferProgress: Bool
  /// Seconds a publish or rollback waits for another one holding the target's lock.
  public var lockWaitSeconds = 120
  /// `--wait`: how long a release that fails at its instant is retried, with backoff.
  public var retrySeconds: Int64 = 900
  /// `--wait`: the longest single sleep; the clock is read again after each, so a machine that
  /// slept or a clock that jumped is noticed within this many seconds.
  public var longestSleep: Int64 = 30

  public init(
    clock: Clock, sleep: @escaping @Sendable (Int64) -> Void, progress: @escaping @Sendable (String) -> Void,
    showsTransferProgress: Bool = false
  ) {
    self.clock = clock
    self.sleep = sleep
    self.progress = progress
    self.showsTransferProgress = showsTransferProgress
  }

  // MARK: publish

  public func publish(_ request: PublishRequest) throws(DiagnosticError) -> PublishOutcome {
    // 1. Resolve: the target named in pack.yaml, before anything else, so a typo costs nothing.
    // A group publishes to all its members at once (`GroupPublisher.swift`).
    let (pack, named) = try lookUp(request.targetName, content: request.contentDirectory)
    if case .group = named.destination {
      let members = try members(of: named, in: pack)
      let name = "group '\(named.name)' (\(members.map(\.settings.name).joined(separator: ", ")))"
      if request.waitsForEmbargo {
        return try publishOnSchedule(request, name: name, targets: members.map(\.target)) {
          (publisher) throws(DiagnosticError) -> PublishOutcome in
          try publisher.publishGroup(request, group: named, members: members)
        }
      }
      return try publishGroup(request, group: named, members: members)
    }
    let (settings, target) = try resolve(request.targetName, content: request.contentDirectory)

    // 2. Wait (only with --wait): a schedule of releases, each rebuilt with the real clock at
    // its instant and published by the steps below (`PublishSchedule.swift`).
    if request.waitsForEmbargo {
      return try publishOnSchedule(request, name: target.displayName, targets: [target]) {
        (publisher) throws(DiagnosticError) -> PublishOutcome in
        try publisher.publishSite(request, settings: settings, target: target)
      }
    }
    return try publishSite(request, settings: settings, target: target)
  }

  /// Steps 3 to 8: the site folder as it stands, verified, re-checked and made live.
  func publishSite(_ request: PublishRequest, settings: PublishTarget, target: any ReleaseTarget)
    throws(DiagnosticError) -> PublishOutcome
  {
    // 3. Verify: the site folder is exactly what a release build wrote.
    let (verified, verifyProblems) = SiteVerifier.verify(siteDirectory: request.siteDirectory)
    guard let site = verified else { throw DiagnosticError(verifyProblems) }

    // 4. Re-check: the clock, read once, just before anything is uploaded. A dry run reports
    // the refusal after showing the changes; a real publish stops here, before connecting.
    let now = clock.now()
    let embargoProblems = EmbargoRecheck.problems(
      manifest: site.manifest, content: request.contentDirectory, templates: request.templatesDirectory, now: now)
    if !embargoProblems.isEmpty && !request.isDryRun {
      throw DiagnosticError(
        Self.adding(
          note: "nothing was uploaded to \(target.displayName): every file must be released before any is published",
          to: embargoProblems))
    }
    // A site no approval covers (pack.yaml `publish.approval`) is refused for one cause only:
    // an embargo problem is reported alone.
    let unapproved =
      embargoProblems.isEmpty
      ? approvalProblem(site.manifest, content: request.contentDirectory, target: target.displayName) : nil
    if let unapproved, !request.isDryRun { throw DiagnosticError(unapproved) }

    // 5. Lock the target, so that a second publish waits for this one and then sees what it
    // left live. Under the lock, no other publish is running there: anything half-made was left
    // by one that died, and goes. A dry run only reads, so it neither waits nor clears.
    let lock =
      request.isDryRun
      ? nil
      : try target.lock(
        owner: TargetLock.ownerText(who: request.who, since: now), waitingUpTo: lockWaitSeconds, progress: progress)
    defer { lock?.release() }
    if lock != nil {
      let left = try target.removeLeftovers()
      if !left.isEmpty {
        progress(
          "pubpack: removed \(left.count) thing\(left.count == 1 ? "" : "s") an unfinished publish left on \(target.displayName): \(left.joined(separator: ", "))"
        )
      }
    }

    // 6. Read the target and compare with the live release.
    progress("pubpack: reading \(target.displayName)")
    let state = try target.readState()
    if let problem = state.currentProblem {
      throw DiagnosticError(
        .error(
          at: nil, problem,
          notes: [
            "pubpack keeps releases in releases/ and makes 'current' a link to the live one",
            "move the existing 'current' aside (or point the target at a new folder), then publish again",
          ]))
    }
    let live = state.current.flatMap(target.readManifest(release:))
    let changes = ReleaseChanges(from: live, to: site.manifest)
    let expected = Dictionary(site.manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    if let release = state.current, let live, live.contentHash == site.manifest.contentHash {
      // The same build is live; but if its files were changed on the server by hand, a fresh
      // release puts them right.
      if try target.fileHashes(release: release, staged: false) == expected {
        progress(
          "\(target.displayName) already has exactly these \(site.manifest.files.count) files live (release \(release))"
        )
        if !embargoProblems.isEmpty { throw DiagnosticError(embargoProblems) }
        return .alreadyLive(release: release)
      }
      progress(
        "\(target.displayName): the files of release \(release) were changed on the server; publishing them again")
    }
    for line in changes.lines { progress(line) }
    let room = try checkRoom(for: site, live: live, on: target, isDryRun: request.isDryRun)
    if request.isDryRun {
      if let unapproved {
        throw DiagnosticError(
          Self.adding(note: "dry run: publishing now would be refused; nothing was changed", to: [unapproved]))
      }
      if !embargoProblems.isEmpty {
        throw DiagnosticError(
          Self.adding(
            note: "dry run: publishing now would be refused; nothing was changed on \(target.displayName)",
            to: embargoProblems))
      }
      progress("dry run: nothing was changed on \(target.displayName)")
      return .dryRun(changes: changes)
    }

    // 7. Stage, check, activate: the upload goes to a folder nobody serves; only when every
    // byte there is what the manifest says does `current` switch to it.
    // Release IDs must sort in publishing order (rollback and pruning rely on it), even if
    // this machine's clock is behind the one that published the newest release.
    let newest = state.releases.last.flatMap(ReleaseLayout.instant(ofRelease:))
    let stamp = newest.map { max(now, $0.adding(seconds: 1)) } ?? now
    let release = ReleaseLayout.releaseID(at: stamp, contentHash: site.manifest.contentHash)
    guard !state.releases.contains(release) else {
      throw DiagnosticError(
        .error(
          at: nil, "release \(release) already exists on \(target.displayName)", notes: ["publish again in a second"]))
    }
    let count = site.manifest.files.count
    progress("pubpack: \(Self.uploadCounts(changes)) to \(target.displayName) as release \(release) (\(room))")
    let logLine = PublicationLog.line(
      at: now, action: "publish", target: settings.name, release: release, fileCount: count,
      manifestHash: site.manifestHash, who: request.who)
    do throws(DiagnosticError) {
      try target.stage(site, release: release, previous: state.current)
      let uploaded = try target.fileHashes(release: release, staged: true)
      guard uploaded == expected else {
        let wrong = Set(uploaded.keys).union(expected.keys).filter { uploaded[$0] != expected[$0] }.sorted()
        throw DiagnosticError(
          .error(
            at: nil,
            "the upload to \(target.displayName) does not match the build manifest: \(wrong.prefix(3).joined(separator: ", "))",
            notes: [
              "the live release is unchanged; was the site folder changed during the upload? rebuild and publish again"
            ]))
      }
    } catch {
      target.discard(release: release)
      throw error
    }
    do throws(DiagnosticError) {
      try target.activate(release: release, manifest: site.manifestData, logLine: logLine)
    } catch {
      // A connection can drop after the switch and before the answer: ask the target what is
      // live now rather than guess, and never claim "unchanged" without knowing.
      switch Result(catching: { () throws(DiagnosticError) -> TargetState in try target.readState() }) {
      case .success(let after) where after.current == release:
        progress(
          Diagnostic.warning(
            at: nil, "the switch to release \(release) was reported as failed, but it is live",
            notes: ["the target's publication log may lack this release's line"]
          ).rendered)
      case .success:
        target.discard(release: release)
        throw error
      case .failure:
        throw DiagnosticError(
          error.diagnostics.map {
            Diagnostic(
              $0.severity, at: $0.location, $0.message,
              notes: [
                "the connection failed while 'current' was being switched, so pubpack cannot tell which release is live",
                "run 'pubpack publish --to \(settings.name) --dry-run' when the host answers: it shows what is live",
              ])
          })
      }
    }
    progress("pubpack: \(target.displayName) now serves release \(release)")

    // 8. Prune and log. Neither can harm the live release, so a failure is a warning.
    var history = (try? target.readLog()).map(PublicationLog.liveHistory) ?? []
    if history.last != release { history.append(release) }
    let keep = Self.releasesToKeep(state.releases + [release], history: history, count: settings.keepReleases)
    let old = (state.releases + [release]).filter { !keep.contains($0) }
    if !old.isEmpty {
      do {
        try target.remove(releases: old)
        progress(Self.pruned(old, from: target, keeping: settings.keepReleases))
      } catch { for d in error.diagnostics { progress(d.rendered) } }
    }
    if let path = request.localLogPath, !PublicationLog.append(logLine, to: path) {
      progress(Diagnostic.warning(at: nil, "could not write the local publication log '\(path)'").rendered)
    }
    return .published(release: release, changes: changes)
  }

  /// `uploading 1 file, 8 unchanged`: the files sent, and those hard-linked from the live
  /// release, which add up to the release's files.
  static func uploadCounts(_ changes: ReleaseChanges) -> String {
    let sent = changes.added.count + changes.changed.count
    return "uploading \(sent) file\(sent == 1 ? "" : "s"), \(changes.unchanged) unchanged"
  }

  /// The line that says which old releases were removed.
  static func pruned(_ old: [String], from target: any ReleaseTarget, keeping count: Int) -> String {
    "pubpack: removed \(old.count) old release\(old.count == 1 ? "" : "s") from \(target.displayName) (keepReleases: \(count)): \(old.sorted().joined(separator: ", "))"
  }

  /// The problems with `note` added to the last one: the consequence of a cause is not a
  /// second error.
  static func adding(note: String, to problems: [Diagnostic]) -> [Diagnostic] {
    guard var last = problems.last else { return [.error(at: nil, note)] }
    last.notes.append(note)
    return problems.dropLast() + [last]
  }

  // MARK: rollback

  /// Points `current` back at the release that was live before it, by the target's publication
  /// log (so after A, B, a rollback to A and then C, it returns to A, not B), after checking that
  /// release's files are still released by the clock (they were when it was live), then removes
  /// the release it rolled back from. The rollback is logged, so a second one goes back further.
  ///
  /// The release rolled back to is also held to the pack as it stands now, as a publish is: a
  /// document whose embargo has been moved later since, or that is now a draft or exempt, keeps
  /// that release from going live again. `templates` defaults to the folder beside `content`.
  public func rollback(
    target targetName: String, content: String, templates: String? = nil, who: String, localLogPath: String?
  ) throws(DiagnosticError) -> (from: String, to: String) {
    let (pack, named) = try lookUp(targetName, content: content)
    let templates = templates ?? Self.templatesBeside(content)
    if case .group = named.destination {
      return try rollbackGroup(
        group: named, members: try members(of: named, in: pack), content: content, templates: templates, who: who,
        localLogPath: localLogPath)
    }
    let (settings, target) = try resolve(targetName, content: content)
    let now = clock.now()
    let lock = try target.lock(
      owner: TargetLock.ownerText(who: who, since: now), waitingUpTo: lockWaitSeconds, progress: progress)
    defer { lock.release() }
    let state = try target.readState()
    if let problem = state.currentProblem {
      throw DiagnosticError(.error(at: nil, problem, notes: ["'current' must be a link made by 'pubpack publish'"]))
    }
    guard let current = state.current else {
      throw DiagnosticError(
        .error(
          at: nil, "nothing has been published to \(target.displayName) yet", notes: ["there is nothing to roll back"]))
    }
    let previous = try releaseLiveBefore(current, state: state, log: try target.readLog(), target: target)
    guard let manifest = target.readManifest(release: previous) else {
      throw DiagnosticError(
        .error(
          at: nil, "the manifest of release \(previous) on \(target.displayName) is missing or unreadable",
          notes: ["without it pubpack cannot check the release's embargoes; publish a corrected build instead"]))
    }
    let early = EmbargoRecheck.filesNotReleased(in: manifest, at: now)
    guard early.isEmpty else {
      throw DiagnosticError(
        early.map { file in
          .error(
            at: nil,
            file.notBefore.map {
              "release \(previous) has '\(file.path)', which is not released until \(LondonTime.longWithUTC($0))"
            } ?? "release \(previous) has '\(file.path)', whose embargo in its manifest is unreadable",
            notes: ["'current' is unchanged"])
        })
    }
    let stale = Self.releasedByThePackNow(manifest, current: Self.decided(content, templates, at: now), at: now)
    guard stale.isEmpty else { throw DiagnosticError(stale) }
    let logLine = PublicationLog.line(
      at: now, action: "rollback", target: settings.name, release: previous, fileCount: manifest.files.count,
      manifestHash: BuildManifest.sha256(manifest.encoded()), who: who, detail: "was \(current)")
    try target.switchCurrent(to: previous, expected: current, logLine: logLine)
    if let localLogPath { PublicationLog.append(logLine, to: localLogPath) }
    // The release rolled back from is withdrawn, as Capistrano does, so that releases stay a
    // stack: a second rollback goes back one more, and publishing again restores it if wanted.
    do { try target.remove(releases: [current]) } catch { for d in error.diagnostics { progress(d.rendered) } }
    return (current, previous)
  }

  /// The problems that forbid `manifest`'s release going live at `now` by the pack as it
  /// stands: every document it came from must be released now (`EmbargoRecheck`, part 2).
  static func releasedByThePackNow(_ manifest: BuildManifest, current: Build, at now: Instant) -> [Diagnostic] {
    EmbargoRecheck.problems(manifest: manifest, current: current, now: now).map { problem in
      var problem = problem
      problem.notes = ["'current' is unchanged: that release holds what the pack no longer releases now"]
      return problem
    }
  }

  /// The pack as it stands, built and decided at `now`.
  static func decided(_ content: String, _ templates: String, at now: Instant) -> Build {
    Pipeline.build(BuildRequest(content: content, templates: templates, mode: .release, at: now))
  }

  /// `templates` beside a content folder: `pack/content` → `pack/templates`.
  static func templatesBeside(_ content: String) -> String {
    let parent = content.parentPath
    return parent.isEmpty ? "templates" : (parent == "/" ? "/templates" : parent + "/templates")
  }

  // MARK: steps

  /// The release to roll back to from `current`: the one live before it by the target's log,
  /// skipping any no longer kept. A target whose log does not record `current` as live (a log
  /// lost or edited by hand) falls back to the order of the release IDs, and says so.
  func releaseLiveBefore(_ current: String, state: TargetState, log: String, target: any ReleaseTarget)
    throws(DiagnosticError) -> String
  {
    let history = PublicationLog.liveHistory(log)
    let candidates: [String]
    if let index = history.lastIndex(of: current) {
      candidates = history[..<index].reversed()
    } else {
      progress(
        Diagnostic.warning(
          at: nil, "the publication log of \(target.displayName) does not record release \(current) as live",
          notes: ["rolling back to the release before it in publishing order"]
        ).rendered)
      candidates = state.releases.filter { $0 < current }.reversed()
    }
    for candidate in candidates where candidate != current {
      if state.releases.contains(candidate) { return candidate }
      progress("pubpack: release \(candidate), live before, is no longer kept on \(target.displayName)")
    }
    throw DiagnosticError(
      .error(
        at: nil, "no release that was live before \(current) is kept on \(target.displayName)",
        notes: ["to take the pack down or change it, publish a corrected build instead"]))
  }

  /// The `count` releases to keep: those most recently live by the log (what rollback returns
  /// to), the live one first; then, while there is room, the newest of the others (a release the
  /// log does not know, on a target published to before it kept one).
  static func releasesToKeep(_ releases: [String], history: [String], count: Int) -> Set<String> {
    var keep: [String] = []
    for release in history.reversed() + releases.sorted().reversed()
    where keep.count < max(count, 1) && releases.contains(release) && !keep.contains(release) {
      keep.append(release)
    }
    return Set(keep)
  }

  /// Says how much room the release needs on the target and how much it has, and refuses to
  /// start an upload that cannot fit (a dry run only says so). Returns the text for the upload
  /// line.
  func checkRoom(for site: VerifiedSite, live: BuildManifest?, on target: any ReleaseTarget, isDryRun: Bool)
    throws(DiagnosticError) -> String
  {
    let needed = Self.roomNeeded(for: site.manifest, manifestSize: site.manifestData.count, live: live)
    guard let available = target.availableBytes() else {
      progress(
        "pubpack: the release needs about \(Self.size(needed)) on \(target.displayName); its free space could not be read"
      )
      return "about \(Self.size(needed)) needed"
    }
    let text = "about \(Self.size(needed)) needed, \(Self.size(available)) free"
    guard available < needed else { return text }
    let problem = Diagnostic.error(
      at: nil,
      "\(target.displayName) has \(Self.size(available)) free, and the release needs about \(Self.size(needed))",
      notes: [
        "nothing was uploaded and the live release is unchanged",
        "make room on it (a lower keepReleases in pack.yaml keeps fewer old releases), then publish again",
      ])
    if isDryRun {
      progress(problem.rendered)
      return text
    }
    throw DiagnosticError(problem)
  }

  /// The room a release takes beside the live one: every file that is not unchanged from it
  /// (unchanged ones are hard-linked), each rounded up to a 4 KiB block, a block for each
  /// folder, and the manifest.
  static func roomNeeded(for manifest: BuildManifest, manifestSize: Int, live: BuildManifest?) -> Int64 {
    let block: Int64 = 4096
    func blocks(_ size: Int) -> Int64 { (Int64(size) + block - 1) / block * block }
    let old = Set((live?.files ?? []).map { $0.path + "\u{0}" + $0.sha256 })
    var folders: Set<String> = [""]
    var total = blocks(manifestSize)
    for entry in manifest.files {
      var folder = entry.path.parentPath
      while !folder.isEmpty, folders.insert(folder).inserted { folder = folder.parentPath }
      if !old.contains(entry.path + "\u{0}" + entry.sha256) { total += blocks(entry.size) }
    }
    return total + Int64(folders.count) * block
  }

  /// A size in decimal units, as `df -H` shows it: `812 bytes`, `4.1 kB`, `12 MB`, `1.2 GB`.
  static func size(_ bytes: Int64) -> String {
    guard bytes >= 1000 else { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
    var value = Double(bytes)
    var unit = ""
    for next in ["kB", "MB", "GB", "TB", "PB"] {
      value /= 1000
      unit = next
      if value < 1000 { break }
    }
    return value < 10 ? String(format: "%.1f", value) + " " + unit : "\(Int(value.rounded())) \(unit)"
  }

  /// The target `name` in `content/pack.yaml`, made ready to use.
  func resolve(_ name: String, content: String) throws(DiagnosticError) -> (PublishTarget, any ReleaseTarget) {
    let (_, target) = try lookUp(name, content: content)
    switch makeReleaseTarget(target, showsProgress: showsTransferProgress) {
    case .success(let made): return (target, made)
    case .failure(let diagnostic): throw DiagnosticError(diagnostic)
    }
  }

  /// The pack's settings and the target (or group) `name` in them.
  func lookUp(_ name: String, content: String) throws(DiagnosticError) -> (PackSettings, PublishTarget) {
    let path = join(content, "pack.yaml")
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DiagnosticError(
        .error(at: nil, "cannot read '\(path)'", notes: ["publish targets are named in pack.yaml; check --content"]))
    }
    let (loaded, diagnostics) = PackSettingsLoader.load(String(decoding: data, as: UTF8.self), path: path)
    guard let settings = loaded else { throw DiagnosticError(diagnostics) }
    guard let target = settings.targets[name] else {
      let names = settings.targets.keys.sorted()
      var notes =
        names.isEmpty
        ? [
          "add one under 'publish: targets:' in \(path), e.g. live: { rsync: \"deploy@web01.example:/var/www/ofsted-2026\" }"
        ]
        : ["the targets are: \(names.joined(separator: ", "))"]
      if let close = closestMatches(to: name, in: names).first { notes.insert("did you mean '\(close)'?", at: 0) }
      throw DiagnosticError(
        .error(at: SourceLocation(path: path, line: 1, column: 1), "there is no publish target '\(name)'", notes: notes)
      )
    }
    return (settings, target)
  }

  /// The same rule `SiteWriter` applies, checked before waiting rather than after.
  func checkSiteFolderIsReplaceable(_ site: String) throws(DiagnosticError) {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []
    if !entries.isEmpty && BuildManifest.read(siteDirectory: site) == nil {
      throw DiagnosticError(
        .error(
          at: nil, "'\(site)' is not empty and was not made by pubpack, so --wait could not rebuild it",
          notes: ["point --site at a new folder, or empty this one yourself"]))
    }
  }
}
