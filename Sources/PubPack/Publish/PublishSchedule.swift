import Foundation

/// One instant at which `publish --wait` publishes, and the documents it releases.
public struct ScheduledRelease: Sendable, Equatable {
  public var instant: Instant
  /// The file names (not titles) of the documents first released at `instant`.
  public var documents: [String]
}

extension Publisher {
  /// The release instants of a pack, earliest first: the pack's own, then each later document
  /// embargo. Drafts, and exempt documents are never released, so are not waited for.
  public static func releaseSchedule(of build: Build) -> [ScheduledRelease] {
    var byInstant: [Instant: [String]] = [:]
    for decided in build.documents {
      let document = decided.document
      guard !document.isDraft, document.exemptParagraphs == nil,
        let instant = decided.decision.embargo
      else { continue }
      byInstant[instant, default: []].append(EmbargoRecheck.fileName(document.path))
    }
    return byInstant.keys.sorted().map { ScheduledRelease(instant: $0, documents: byInstant[$0]!.sorted()) }
  }

  /// `publish --wait`: publishes what is already released (if anything is), then, at each later
  /// release instant in turn, wakes, rebuilds with the real clock and publishes, until the
  /// schedule is done. A release that fails is retried with backoff for `retrySeconds`; one that
  /// still fails does not stop the later ones (each later release contains it), but the whole
  /// schedule then fails. Returns the outcome of the last release.
  ///
  /// `name` is how messages name the target (or group), `targets` are checked before waiting,
  /// and `publishNow` publishes the site folder as it stands.
  func publishOnSchedule(
    _ request: PublishRequest, name: String, targets: [any ReleaseTarget],
    publishNow: @escaping (Publisher) throws(DiagnosticError) -> PublishOutcome
  ) throws(DiagnosticError) -> PublishOutcome {
    // Everything that can be found wrong now is, before a sleep of hours: the pack builds, the
    // site folder can be replaced, and the target answers.
    try checkSiteFolderIsReplaceable(request.siteDirectory)
    for target in targets {
      if let problem = try target.readState().currentProblem {
        throw DiagnosticError(.error(at: nil, problem, notes: ["move the existing 'current' aside, then run again"]))
      }
    }
    let start = clock.now()
    let plan = Pipeline.build(
      BuildRequest(
        content: request.contentDirectory, templates: request.templatesDirectory, mode: .release, at: start))
    guard plan.succeeded else {
      throw DiagnosticError(
        plan.diagnostics + [
          .error(at: nil, "the pack does not build, so there is nothing to wait for", notes: ["fix it, then run again"])
        ])
    }
    let schedule = Self.releaseSchedule(of: plan)
    let due = schedule.filter { ReleasePolicy.isReleased(embargo: $0.instant, at: start) }
    let pending = schedule.filter { !ReleasePolicy.isReleased(embargo: $0.instant, at: start) }
    // What is released already goes out now; so does a pack with nothing embargoed at all.
    let publishesNow = !due.isEmpty || pending.isEmpty
    // Every site the schedule will publish must be approved (pack.yaml `publish.approval`):
    // found now, not at 12:01am with nobody awake. Each is checked again before its upload.
    let approved = requiresApproval(content: request.contentDirectory) ? due.suffix(1) + pending : []
    let unapproved = approved.compactMap { release -> Diagnostic? in
      let build = Pipeline.build(
        BuildRequest(
          content: request.contentDirectory, templates: request.templatesDirectory, mode: .release, at: release.instant,
          printers: request.printers))
      let manifest = BuildManifest(mode: .release, instant: release.instant, files: build.files)
      guard build.succeeded, var problem = approvalProblem(manifest, content: request.contentDirectory, target: name)
      else { return nil }
      problem.message = "the site of \(LondonTime.longWithUTC(release.instant)): " + problem.message
      return problem
    }
    guard unapproved.isEmpty else { throw DiagnosticError(unapproved) }
    let count = pending.count + (publishesNow ? 1 : 0)
    progress(
      "pubpack: publishing to \(name) \(count == 1 ? "once" : "\(count) times"); it is now \(LondonTime.longWithUTC(start))"
    )
    if publishesNow { progress("  now: \(due.isEmpty ? "the pack" : Self.names(due.flatMap(\.documents).sorted()))") }
    for release in pending {
      progress("  at \(LondonTime.longWithUTC(release.instant)): \(Self.names(release.documents))")
    }

    var failed: [Diagnostic] = []
    var last: PublishOutcome?
    if publishesNow {
      switch releaseWithRetry(request, name: name, publishNow: publishNow, label: "now") {
      case .success(let outcome): last = outcome
      case .failure(let error): failed += error.diagnostics
      }
    }
    var next = pending.first
    var announced = Set(pending.map(\.instant))
    while let release = next {
      waitUntil(release.instant)
      let label = LondonTime.long(release.instant)
      switch releaseWithRetry(request, name: name, publishNow: publishNow, label: label) {
      case .success(let outcome): last = outcome
      case .failure(let error): failed += error.diagnostics
      }
      // The pack may have changed while it waited (an embargo moved later): its instants are
      // read again, so none is missed. If it no longer builds, the instants read before stand.
      let now = clock.now()
      let again = Pipeline.build(
        BuildRequest(
          content: request.contentDirectory, templates: request.templatesDirectory, mode: .release, at: now))
      let later = (again.succeeded ? Self.releaseSchedule(of: again) : pending)
        .filter { !ReleasePolicy.isReleased(embargo: $0.instant, at: now) }
      next = later.first
      if let added = next, !announced.contains(added.instant) {
        announced.insert(added.instant)
        progress("  now also at \(LondonTime.longWithUTC(added.instant)): \(Self.names(added.documents))")
      }
    }
    guard failed.isEmpty, let last else {
      throw DiagnosticError(
        failed + [
          .error(
            at: nil, "not every release of the schedule was made on \(name)",
            notes: ["what is live there is the last release that succeeded; run 'pubpack publish' again to finish"])
        ])
    }
    progress("pubpack: the schedule is done; everything is out on \(name)")
    return last
  }

  /// Sleeps until `instant` by the injected clock, in steps of at most `longestSleep` seconds,
  /// reading the clock again after each: never early (only the clock says it is time), and
  /// never long after a machine that slept or a clock that jumped. Shows the time left hourly,
  /// then every 10 minutes in the last hour, and at one minute.
  func waitUntil(_ instant: Instant) {
    var shown: Int64?
    while true {
      let now = clock.now()
      if ReleasePolicy.isReleased(embargo: instant, at: now) { return }
      let left = instant.secondsSince1970 - now.secondsSince1970
      if let last = shown {
        let mark = Self.countdownMark(atOrAbove: left)
        if mark < last {
          progress("pubpack: \(LondonTime.duration(seconds: left)) to go until \(LondonTime.long(instant))")
          shown = mark
        }
      } else {
        shown = left  // the schedule's line has just said when
      }
      let next = Self.countdownMark(below: left) ?? 0
      sleep(max(1, min(longestSleep, left - next)))
    }
  }

  /// Rebuilds with the real clock and publishes; on failure, tries again after 5, 10, 20, 40,
  /// 80, 120, 120… seconds until `retrySeconds` have passed since the first attempt. Only
  /// warnings and the one line saying what was released are shown: the schedule is quiet.
  func releaseWithRetry(
    _ request: PublishRequest, name: String,
    publishNow: (Publisher) throws(DiagnosticError) -> PublishOutcome, label: String
  ) -> Result<PublishOutcome, DiagnosticError> {
    var quiet = self
    let progress = self.progress
    quiet.progress = { line in if line.contains("warning:") { progress(line) } }
    let began = clock.now()
    var delay: Int64 = 5
    while true {
      do throws(DiagnosticError) {
        try rebuild(request)
        let outcome = try publishNow(quiet)
        switch outcome {
        case .published(let release, let changes):
          progress("pubpack: \(label): published release \(release) to \(name) (\(changes.summary))")
        case .alreadyLive(let release):
          progress("pubpack: \(label): release \(release) on \(name) already has exactly this site")
        case .dryRun: break
        }
        return .success(outcome)
      } catch {
        let spent = clock.now().secondsSince1970 - began.secondsSince1970
        let first = error.diagnostics.first { $0.severity == .error }?.message ?? "an unknown problem"
        guard spent + delay <= retrySeconds else {
          progress(
            "pubpack: \(label): the release failed; gave up after \(LondonTime.duration(seconds: max(spent, 1)))")
          return .failure(error)
        }
        progress("pubpack: \(label): the release failed (\(first)); trying again in \(delay) s")
        sleep(delay)
        delay = min(delay * 2, 120)
      }
    }
  }

  /// Builds the site again with the real clock, read now.
  func rebuild(_ request: PublishRequest) throws(DiagnosticError) {
    let (build, written) = SiteWriter.build(
      BuildRequest(
        content: request.contentDirectory, templates: request.templatesDirectory, mode: .release, at: clock.now(),
        printers: request.printers),
      to: request.siteDirectory)
    guard build.succeeded else { throw DiagnosticError(build.diagnostics) }
    guard written.isEmpty else { throw DiagnosticError(written) }
  }

  /// The countdown's marks, in seconds before the instant: every hour, every 10 minutes in the
  /// last hour, and one minute. The smallest mark at or above `left`.
  static func countdownMark(atOrAbove left: Int64) -> Int64 {
    if left <= 60 { return 60 }
    if left <= 3600 { return (left + 599) / 600 * 600 }
    return (left + 3599) / 3600 * 3600
  }

  /// The largest countdown mark below `left`; nil below one minute.
  static func countdownMark(below left: Int64) -> Int64? {
    if left <= 60 { return nil }
    if left <= 600 { return 60 }
    if left <= 3600 { return (left - 1) / 600 * 600 }
    return max(3600, (left - 1) / 3600 * 3600)
  }

  static func names(_ documents: [String]) -> String {
    documents.count <= 4
      ? documents.joined(separator: ", ")
      : documents.prefix(3).joined(separator: ", ") + " and \(documents.count - 3) more"
  }
}

extension ReleaseChanges {
  /// `1 added, 1 changed, 0 removed, 7 unchanged`, as one phrase.
  public var summary: String {
    "\(added.count) added, \(changed.count) changed, \(removed.count) removed, \(unchanged) unchanged"
  }
}
