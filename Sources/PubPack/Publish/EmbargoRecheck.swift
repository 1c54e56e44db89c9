import Foundation

/// The last gate before an upload: is every file of the site released by the real clock, now?
///
/// Two checks, both at the same instant (the clock read once, just before uploading):
/// every file's `notBefore` from the manifest is at or before now; and the pack, loaded again
/// and decided at now, releases every document the manifest names as a source. The second
/// catches an embargo moved later (or a document made a draft) after the site was built.
/// Messages name files and documents, never their text.
public enum EmbargoRecheck {
  /// The problems that forbid `manifest` going live at `now`, with the pack in `content` loaded
  /// and decided at `now` (a release build): what `publish` and `rollback` ask before acting.
  public static func problems(manifest: BuildManifest, content: String, templates: String, now: Instant)
    -> [Diagnostic]
  {
    problems(manifest: manifest, current: Publisher.decided(content, templates, at: now), now: now)
  }

  /// The problems that forbid publishing `manifest` at `now`; empty means it may go.
  ///
  /// `current` is the pack as loaded and decided at `now` (a release build).
  public static func problems(manifest: BuildManifest, current: Build, now: Instant) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    let nowText = LondonTime.longWithUTC(now)

    // 1. The manifest's own record of each file's embargo. One cause (a site built for a later
    // instant, with --at) is one error, however many files it holds back.
    let early = filesNotReleased(in: manifest, at: now)
    let unreadable = early.filter { $0.notBefore == nil }.map(\.path)
    if !unreadable.isEmpty {
      problems.append(
        .error(
          at: nil,
          unreadable.count == 1
            ? "the manifest's notBefore for '\(unreadable[0])' is unreadable"
            : "the manifest's notBefore for \(unreadable.count) files, e.g. '\(unreadable[0])', is unreadable",
          notes: ["rebuild with 'pubpack build'"]))
    }
    let held = early.compactMap { file in file.notBefore.map { (path: file.path, notBefore: $0) } }
    if let first = held.first, let last = held.last {
      // The documents that hold them back: those of their sources still withheld now (a
      // listing's sources include documents released long ago).
      let withheldNow = Set(current.documents.filter { !$0.decision.isReleased }.map { fileName($0.document.path) })
      let all = Set(
        manifest.files.filter { entry in held.contains { $0.path == entry.path } }.flatMap(\.sources).map(fileName))
      let narrowed = current.succeeded && !all.isDisjoint(with: withheldNow)
      let sources = (narrowed ? all.intersection(withheldNow) : all).sorted()
      let others = held.count - 1
      let files = others == 0 ? "'\(first.path)' is" : "'\(first.path)' and \(others) other file\(others == 1 ? "" : "s") are"
      let until =
        first.notBefore == last.notBefore
        ? LondonTime.longWithUTC(first.notBefore)
        : "\(LondonTime.longWithUTC(first.notBefore)) (the last \(LondonTime.longWithUTC(last.notBefore)))"
      problems.append(
        .error(
          at: nil, "\(files) not released until \(until); it is now \(nowText)",
          notes: [
            "the site was built for a later instant (with --at) from \(sources.joined(separator: ", "))",
            "publish at or after the embargo, or use 'pubpack publish --wait' to publish at each instant",
          ]))
    }
    let heldBack = Set(early.map(\.path))

    // 2. The pack as it stands now: every source document must be released now.
    guard current.succeeded else {
      problems.append(
        .error(
          at: nil, "the pack does not build now, so its embargoes cannot be checked again",
          notes: ["run 'pubpack check' and fix the problems it reports, then build and publish again"]))
      return problems
    }
    // Sources are matched by file name: documents live directly in the content folder, and the
    // site may have been built with the folder spelled differently (`content`, `./content`).
    var byName: [String: DecidedDocument] = [:]
    for decided in current.documents { byName[fileName(decided.document.path)] = decided }
    var sourceFiles: [String: [String]] = [:]
    for entry in manifest.files {
      for source in entry.sources { sourceFiles[fileName(source), default: []].append(entry.path) }
    }
    for name in sourceFiles.keys.sorted() {
      // Files the manifest itself holds back are the error above, not a change to the content.
      let files = (sourceFiles[name] ?? []).filter { !heldBack.contains($0) }
      guard !files.isEmpty else { continue }
      let example = files.count == 1 ? "'\(files[0])'" : "\(files.count) files, e.g. '\(files[0])',"
      guard let decided = byName[name] else {
        problems.append(
          .error(
            at: nil, "\(example) came from '\(name)', which is no longer in the pack",
            notes: ["rebuild with 'pubpack build' so the site matches the content"]))
        continue
      }
      guard !decided.decision.isReleased else { continue }
      let reasons = decided.decision.reasons.map(\.text).joined(separator: ", ")
      problems.append(
        .error(
          at: nil, "\(example) came from '\(decided.document.path)', which is \(reasons); it is now \(nowText)",
          notes: [
            "the content changed after the site was built; rebuild with 'pubpack build' or wait for the embargo ('pubpack publish --wait')"
          ]))
    }
    return problems
  }

  /// The files of `manifest` that may not be public at `now` by their recorded `notBefore`,
  /// unreadable ones first (nil: a `notBefore` that cannot be read is never taken as released),
  /// then by instant and path.
  public static func filesNotReleased(in manifest: BuildManifest, at now: Instant) -> [(
    path: String, notBefore: Instant?
  )] {
    var unreadable: [String] = []
    var early: [(path: String, notBefore: Instant)] = []
    for entry in manifest.files {
      guard let text = entry.notBefore else { continue }
      guard let notBefore = parseUTC(text) else {
        unreadable.append(entry.path)
        continue
      }
      if !ReleasePolicy.isReleased(embargo: notBefore, at: now) { early.append((entry.path, notBefore)) }
    }
    early.sort { ($0.notBefore, $0.path) < ($1.notBefore, $1.path) }
    return unreadable.sorted().map { (path: $0, notBefore: nil) }
      + early.map { (path: $0.path, notBefore: $0.notBefore) }
  }

  /// The instant the last embargo in the pack lifts: what `publish --wait` waits for.
  ///
  /// Drafts and exempt documents are never released, so they are not waited for; nor is a
  /// document with `embargo: none`. Nil when nothing in the pack has an embargo.
  public static func lastEmbargo(of build: Build, manifest: BuildManifest?) -> Instant? {
    var instants = build.documents.compactMap { decided -> Instant? in
      guard !decided.document.isDraft, decided.document.exemptParagraphs == nil else { return nil }
      return decided.decision.embargo
    }
    instants += (manifest?.files ?? []).compactMap { $0.notBefore.flatMap(parseUTC) }
    return instants.max()
  }

  static func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
