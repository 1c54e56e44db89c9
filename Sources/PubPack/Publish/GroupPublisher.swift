import Foundation

/// A member of a group of targets, ready to use.
struct GroupMember {
  var settings: PublishTarget
  var target: any ReleaseTarget
}

extension Publisher {
  /// The members of group `group`, made ready, or the single target `group` itself.
  func members(of group: PublishTarget, in settings: PackSettings) throws(DiagnosticError) -> [GroupMember] {
    let named: [PublishTarget]
    if case .group(let names) = group.destination {
      named = names.compactMap { settings.targets[$0] }
    } else {
      named = [group]
    }
    var members: [GroupMember] = []
    var problems: [Diagnostic] = []
    for target in named {
      switch makeReleaseTarget(target, showsProgress: showsTransferProgress) {
      case .success(let made): members.append(GroupMember(settings: target, target: made))
      case .failure(let diagnostic): problems.append(diagnostic)
      }
    }
    guard problems.isEmpty else { throw DiagnosticError(problems) }
    return members
  }

  /// Publishes the site to every member of a group as one release with the same ID: every
  /// member is locked and uploaded to first, and `current` is switched on each only when every
  /// upload succeeded; if a switch fails, the members already switched are switched back.
  func publishGroup(_ request: PublishRequest, group: PublishTarget, members: [GroupMember])
    throws(DiagnosticError) -> PublishOutcome
  {
    let (verified, verifyProblems) = SiteVerifier.verify(siteDirectory: request.siteDirectory)
    guard let site = verified else { throw DiagnosticError(verifyProblems) }
    let now = clock.now()
    let embargoProblems = EmbargoRecheck.problems(
      manifest: site.manifest, content: request.contentDirectory, templates: request.templatesDirectory, now: now)
    if !embargoProblems.isEmpty {
      throw DiagnosticError(
        Self.adding(
          note: "nothing was uploaded to group '\(group.name)': every file must be released before any is published",
          to: embargoProblems))
    }
    if let problem = approvalProblem(site.manifest, content: request.contentDirectory, target: "group '\(group.name)'") {
      throw DiagnosticError(problem)
    }

    // Lock every member, always in the same order, so two group publishes cannot deadlock.
    var locks: [TargetLock] = []
    defer { for lock in locks.reversed() { lock.release() } }
    if !request.isDryRun {
      for member in members.sorted(by: { $0.settings.name < $1.settings.name }) {
        locks.append(
          try member.target.lock(
            owner: TargetLock.ownerText(who: request.who, since: now), waitingUpTo: lockWaitSeconds,
            progress: progress))
        let left = try member.target.removeLeftovers()
        if !left.isEmpty {
          progress(
            "\(member.target.displayName): removed what an unfinished publish left: \(left.joined(separator: ", "))")
        }
      }
    }

    // Read every member.
    let expected = Dictionary(site.manifest.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    var states: [TargetState] = []
    var changes: [ReleaseChanges] = []
    var upToDate: [Bool] = []
    for member in members {
      let state = try member.target.readState()
      if let problem = state.currentProblem {
        throw DiagnosticError(
          .error(
            at: nil, problem,
            notes: ["move the existing 'current' aside on that member, then publish again; nothing was uploaded"]))
      }
      let live = state.current.flatMap(member.target.readManifest(release:))
      var same = false
      if let release = state.current, let live, live.contentHash == site.manifest.contentHash {
        same = try member.target.fileHashes(release: release, staged: false) == expected
      }
      states.append(state)
      changes.append(ReleaseChanges(from: live, to: site.manifest))
      upToDate.append(same)
      progress("\(member.target.displayName): \(same ? "already has exactly these files live" : changes.last!.summary)")
    }
    // One release for all: members already serving it are left alone only if all of them are.
    if upToDate.allSatisfy({ $0 }), let release = states.first?.current, states.allSatisfy({ $0.current == release }) {
      return .alreadyLive(release: release)
    }
    for (index, member) in members.enumerated() {
      let live = states[index].current.flatMap(member.target.readManifest(release:))
      _ = try checkRoom(for: site, live: live, on: member.target, isDryRun: request.isDryRun)
    }
    if request.isDryRun {
      progress("dry run: nothing was changed on group '\(group.name)'")
      return .dryRun(changes: changes[0])
    }

    // One release ID on every member, later than the newest release on any of them.
    let newest = states.compactMap { $0.releases.last.flatMap(ReleaseLayout.instant(ofRelease:)) }.max()
    let stamp = newest.map { max(now, $0.adding(seconds: 1)) } ?? now
    let release = ReleaseLayout.releaseID(at: stamp, contentHash: site.manifest.contentHash)
    if let taken = members.indices.first(where: { states[$0].releases.contains(release) }) {
      throw DiagnosticError(
        .error(
          at: nil, "release \(release) already exists on \(members[taken].target.displayName)",
          notes: ["publish again in a second"]))
    }
    let count = site.manifest.files.count

    // Upload to every member; any failure discards every upload, and no member is switched.
    var staged: [Int] = []
    do throws(DiagnosticError) {
      for (index, member) in members.enumerated() {
        progress("\(member.target.displayName): \(Self.uploadCounts(changes[index])) as release \(release)")
        staged.append(index)
        try member.target.stage(site, release: release, previous: states[index].current)
        let uploaded = try member.target.fileHashes(release: release, staged: true)
        guard uploaded == expected else {
          throw DiagnosticError(
            .error(
              at: nil, "the upload to \(member.target.displayName) does not match the build manifest",
              notes: ["was the site folder changed during the upload? rebuild and publish again"]))
        }
      }
    } catch {
      for index in staged { members[index].target.discard(release: release) }
      throw DiagnosticError(
        error.diagnostics + [
          .error(
            at: nil, "no member of group '\(group.name)' was switched: every upload must succeed first",
            notes: ["each member still serves what it served before"])
        ])
    }

    // Switch every member; a failure switches back the members already switched.
    var switched: [Int] = []
    for (index, member) in members.enumerated() {
      let logLine = PublicationLog.line(
        at: now, action: "publish", target: member.settings.name, release: release, fileCount: count,
        manifestHash: site.manifestHash, who: request.who, detail: "group \(group.name)")
      do throws(DiagnosticError) {
        try member.target.activate(release: release, manifest: site.manifestData, logLine: logLine)
        switched.append(index)
      } catch {
        if (try? member.target.readState())?.current == release {
          switched.append(index)
          continue
        }
        var notes: [String] = []
        for done in switched.reversed() {
          notes.append(
            switchBack(members[done], from: release, to: states[done].current, group: group, who: request.who))
        }
        for index in members.indices where !switched.contains(index) { members[index].target.discard(release: release) }
        throw DiagnosticError(
          error.diagnostics + [
            .error(
              at: nil,
              "group '\(group.name)' was not switched to release \(release): \(member.target.displayName) failed",
              notes: notes.isEmpty ? ["no member was switched"] : notes)
          ])
      }
    }
    for member in members { progress("\(member.target.displayName): now serves release \(release)") }

    // Prune and log, per member. Neither can harm the live release.
    for (index, member) in members.enumerated() {
      var history = (try? member.target.readLog()).map(PublicationLog.liveHistory) ?? []
      if history.last != release { history.append(release) }
      let all = states[index].releases + [release]
      let keep = Self.releasesToKeep(all, history: history, count: member.settings.keepReleases)
      let old = all.filter { !keep.contains($0) }
      if !old.isEmpty {
        do {
          try member.target.remove(releases: old)
          progress(Self.pruned(old, from: member.target, keeping: member.settings.keepReleases))
        } catch { for d in error.diagnostics { progress(d.rendered) } }
      }
    }
    if let path = request.localLogPath {
      let line = PublicationLog.line(
        at: now, action: "publish", target: group.name, release: release, fileCount: count,
        manifestHash: site.manifestHash, who: request.who,
        detail: "to " + members.map(\.settings.name).joined(separator: ", "))
      if !PublicationLog.append(line, to: path) {
        progress(Diagnostic.warning(at: nil, "could not write the local publication log '\(path)'").rendered)
      }
    }
    return .published(release: release, changes: changes[0])
  }

  /// Puts `current` on a member of a failed group switch back where it was; says what it did.
  func switchBack(_ member: GroupMember, from release: String, to previous: String?, group: PublishTarget, who: String)
    -> String
  {
    let name = member.target.displayName
    guard let previous else {
      return
        "\(name) had nothing live before and now serves release \(release); take it out of the web server's rotation, or publish again"
    }
    let logLine = PublicationLog.line(
      at: clock.now(), action: "rollback", target: member.settings.name, release: previous, fileCount: 0,
      manifestHash: "-", who: who, detail: "group \(group.name) switch failed; was \(release)")
    do throws(DiagnosticError) {
      try member.target.switchCurrent(to: previous, expected: release, logLine: logLine)
      try? member.target.remove(releases: [release])
      progress("\(name): switched back to release \(previous)")
      return "\(name) was switched back to release \(previous)"
    } catch {
      return
        "\(name) could NOT be switched back and serves release \(release): \(error.diagnostics.first?.message ?? "")"
    }
  }

  /// Rolls every member of a group back to the same release: the one live before the current
  /// one, which must be the same on every member. If a switch fails, the members already
  /// switched are switched forward again.
  func rollbackGroup(
    group: PublishTarget, members: [GroupMember], content: String, templates: String, who: String,
    localLogPath: String?
  ) throws(DiagnosticError) -> (from: String, to: String) {
    let now = clock.now()
    var locks: [TargetLock] = []
    defer { for lock in locks.reversed() { lock.release() } }
    for member in members.sorted(by: { $0.settings.name < $1.settings.name }) {
      locks.append(
        try member.target.lock(
          owner: TargetLock.ownerText(who: who, since: now), waitingUpTo: lockWaitSeconds, progress: progress))
    }
    var currents: [String?] = []
    var previous: [String] = []
    for member in members {
      let state = try member.target.readState()
      if let problem = state.currentProblem {
        throw DiagnosticError(.error(at: nil, problem, notes: ["'current' must be a link made by 'pubpack publish'"]))
      }
      currents.append(state.current)
      guard let current = state.current else { continue }
      previous.append(
        try releaseLiveBefore(current, state: state, log: try member.target.readLog(), target: member.target))
    }
    let live = Set(currents.map { $0 ?? "nothing" })
    guard live.count == 1, let current = currents[0] else {
      throw DiagnosticError(
        .error(
          at: nil,
          "the members of group '\(group.name)' do not serve the same release, so they cannot be rolled back together",
          notes: zip(members, currents).map {
            "\($0.target.displayName) serves \($1.map { "release \($0)" } ?? "nothing")"
          }
            + ["roll back each member with 'pubpack rollback --to MEMBER', or publish to the group again"]))
    }
    guard let target = previous.first, previous.allSatisfy({ $0 == target }) else {
      throw DiagnosticError(
        .error(
          at: nil, "the members of group '\(group.name)' were not serving the same release before \(current)",
          notes: zip(members, previous).map { "\($0.target.displayName) served release \($1)" }
            + ["roll back each member with 'pubpack rollback --to MEMBER'"]))
    }
    var early: [Diagnostic] = []
    // The pack decided once for every member: each member's release is held to it.
    let pack = Publisher.decided(content, templates, at: now)
    for member in members {
      guard let manifest = member.target.readManifest(release: target) else {
        early.append(
          .error(at: nil, "the manifest of release \(target) on \(member.target.displayName) is missing or unreadable"))
        continue
      }
      for file in EmbargoRecheck.filesNotReleased(in: manifest, at: now) {
        early.append(
          .error(
            at: nil,
            "release \(target) on \(member.target.displayName) has '\(file.path)', which is not released yet",
            notes: ["'current' is unchanged on every member"]))
      }
      if early.isEmpty {
        early += Publisher.releasedByThePackNow(manifest, current: pack, at: now)
      }
    }
    guard early.isEmpty else { throw DiagnosticError(early) }
    var switched: [GroupMember] = []
    for member in members {
      let logLine = PublicationLog.line(
        at: now, action: "rollback", target: member.settings.name, release: target, fileCount: 0, manifestHash: "-",
        who: who, detail: "was \(current), group \(group.name)")
      do throws(DiagnosticError) {
        try member.target.switchCurrent(to: target, expected: current, logLine: logLine)
        switched.append(member)
        progress("\(member.target.displayName): rolled back from release \(current) to \(target)")
      } catch {
        var notes: [String] = []
        for done in switched.reversed() {
          let line = PublicationLog.line(
            at: now, action: "publish", target: done.settings.name, release: current, fileCount: 0,
            manifestHash: "-", who: who, detail: "group \(group.name) rollback failed; was \(target)")
          do throws(DiagnosticError) {
            try done.target.switchCurrent(to: current, expected: target, logLine: line)
            notes.append("\(done.target.displayName) was switched forward again to release \(current)")
          } catch {
            notes.append("\(done.target.displayName) could NOT be switched forward again and serves release \(target)")
          }
        }
        throw DiagnosticError(
          error.diagnostics + [
            .error(
              at: nil, "group '\(group.name)' was not rolled back: \(member.target.displayName) failed",
              notes: notes.isEmpty ? ["no member was switched"] : notes)
          ])
      }
    }
    for member in members {
      do { try member.target.remove(releases: [current]) } catch { for d in error.diagnostics { progress(d.rendered) } }
    }
    if let localLogPath {
      PublicationLog.append(
        PublicationLog.line(
          at: now, action: "rollback", target: group.name, release: target, fileCount: 0, manifestHash: "-", who: who,
          detail: "was \(current)"), to: localLogPath)
    }
    return (current, target)
  }
}
